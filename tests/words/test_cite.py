"""CITATION.cff validates against the Citation File Format 1.2.0 schema and agrees with
the package; a built book's "How to cite" names this build's version, date and
parameter fingerprint.

The schema is the format's own ``schema.json`` (github.com/citation-file-format/
citation-file-format, kept in ``tests/data``), checked with jsonschema: cffconvert, the
format's validator, pins a jsonschema older than the one this project pins.
"""
import json
import re
from importlib.metadata import version

import jsonschema
import pytest
import yaml

from ..conftest import ROOT

CFF = ROOT / "CITATION.cff"
SCHEMA = ROOT / "tests" / "data" / "cff-1.2.0-schema.json"


def load_cff() -> dict:
    # YAML dates are cast to strings, as the schema's note to tool implementers asks
    return json.loads(json.dumps(yaml.safe_load(CFF.read_text(encoding="utf-8")), default=str))


def test_citation_file_validates():
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(load_cff())


def test_citation_file_agrees_with_the_package():
    cff = load_cff()
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == version("colossus-lease")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cff["date-released"])
    assert cff["title"] == yaml.safe_load((ROOT / "_config.yml").read_text())["title"]


@pytest.mark.parametrize("broken", [
    {"cff-version": "1.2.0", "title": "t", "message": "m"},                      # no authors
    {"cff-version": "1.2.0", "title": "t", "message": "m", "authors": [{"name": "x"}],
     "date-released": "2026-13-01"},                                                # no 13th month
])
def test_the_schema_catches_mistakes(broken):
    """The check has teeth: a file missing a required key or with a bad date fails."""
    schema = json.loads(SCHEMA.read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(broken)


@pytest.mark.book
def test_how_to_cite_names_version_date_and_fingerprint(book):
    from colossus.inputs import config

    page = book.page("chapters/methodology.html")
    fingerprint = json.loads((book.out / "data" / "parameters.json").read_text())["parameter_fingerprint"]
    plain = re.search(r'<p class="colossus-cite">(.*?)</p>', page, re.S)
    bibtex = re.search(r'<pre class="colossus-bibtex"[^>]*>(@misc\{.*?\n\})</pre>', page, re.S)
    assert plain and bibtex, "no plain-text or BibTeX form in the How to cite section"
    for form in (plain.group(1), bibtex.group(1)):
        assert config.version() in form and config.source_date() in form and fingerprint in form
        assert "bear + mine.yml + 2 overrides" in form
