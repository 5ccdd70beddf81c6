"""``make brief``: the book fixture's ``brief.html`` printed by headless Chromium, read back
with pypdf and pdftotext. One page (two at most); the provenance (scenario, fingerprint,
date, version, source) and the disclaimer on it; every number equal to ``key_numbers.json``;
the answers in the very words of the summary page (one wording, :mod:`colossus.words.answers`)."""
import json
import re
import shutil
import subprocess
import unicodedata

import pytest
from bs4 import BeautifulSoup

from colossus.words import answers
from colossus.book import brief
from colossus.inputs import config
from colossus.words.summary_text import HEADLINES, headline

pytestmark = [pytest.mark.book, pytest.mark.browser]


@pytest.fixture(scope="module")
def briefed(book, tmp_path_factory):
    """The brief printed once: ``(result, pypdf reader, the PDF's text, pdftotext's text)``."""
    from pypdf import PdfReader

    result = brief.print_brief(book.out, tmp_path_factory.mktemp("brief"))
    reader = PdfReader(str(result["path"]))
    text = " ".join(unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages)
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext missing: install Debian's poppler-utils (make test-deps)")
    plain = subprocess.run(["pdftotext", "-layout", str(result["path"]), "-"], capture_output=True, text=True,
                           check=True).stdout
    return result, reader, " ".join(text.split()), " ".join(unicodedata.normalize("NFKC", plain).split())


def test_named_for_the_fingerprint_and_at_most_two_pages(book, briefed):
    result, reader, _, _ = briefed
    fp = book.key_numbers["parameter_fingerprint"]
    assert result["path"].name == f"colossus-brief-{fp}.pdf"
    assert 1 <= len(reader.pages) <= brief.MAX_PAGES == 2 and result["pages"] == len(reader.pages)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3   # A4 in points


def test_provenance_and_disclaimer(book, briefed):
    _, reader, text, _ = briefed
    assert "bear + mine.yml + 2 overrides" in text
    assert book.key_numbers["parameter_fingerprint"] in text
    assert config.source_date() in text and config.version() in text
    assert "Source:" in text and "SpaceX filings" in text
    assert "Not investment advice." in text
    assert book.key_numbers["parameter_fingerprint"] in reader.metadata.title


def test_numbers_equal_key_numbers(book, briefed):
    """Every headline number of this build, and each answer's lead number, as the PDF
    prints it, is the key number written as the summary writes it."""
    _, _, text, plain = briefed
    numbers = book.key_numbers
    soup = BeautifulSoup(book.page("brief.html"), "html.parser")
    leads = soup.select(".colossus-answer-number")
    assert len(leads) == 3
    for el in leads:
        key = el["data-key"]
        value = json.loads(el["data-value"])
        assert value == numbers[key] or value == pytest.approx(numbers[key], rel=1e-12), key
        assert el.get_text() == headline(key, numbers[key]) and el.get_text() in plain, key
    cells = {td["data-key"]: (json.loads(td["data-value"]), td.get_text()) for td in
             soup.find("table", id="tbl-brief-headline-numbers").find_all("td", attrs={"data-scenario": "this build"})}
    for key in HEADLINES:
        value, shown = cells[key]
        assert value == numbers[key] or value == pytest.approx(numbers[key], rel=1e-12), key
        assert shown == headline(key, numbers[key]) and shown in plain, key


def test_answers_in_the_summarys_words(book, briefed):
    """The brief's sentences are the summary page's, word for word, and the wording
    functions' (colossus.words.answers) for this build's parameters."""
    from colossus.model import keynumbers
    from colossus.inputs.params import Parameters

    _, _, text, _ = briefed
    params = json.loads((book.out / "data" / "parameters.json").read_text())["parameters"]
    nested: dict = {}
    for dotted, v in params.items():
        head, _, leaf = dotted.rpartition(".")
        nested.setdefault(head, {})[leaf] = v
    p = Parameters.model_validate(nested)
    want = [a.sentence for a in answers.three_answers(p, keynumbers.compute(p).numbers)]

    def sentences(rel):
        soup = BeautifulSoup(book.page(rel), "html.parser")
        return [" ".join(s.get_text().split()) for s in soup.select(".colossus-answer-sentence")]
    assert sentences("brief.html") == sentences("intro.html") == want
    squeeze = lambda s: re.sub(r"\s+", "", s)   # line breaks (after a hyphen, too) are not words
    for s in want:
        assert squeeze(s) in squeeze(text), s


def test_no_local_path_in_the_pdf(book, briefed):
    result, reader, _, _ = briefed
    raw = result["path"].read_bytes()
    assert b"file://" not in raw and str(book.out).encode() not in raw


def test_the_brief_is_not_in_the_left_menu(book):
    soup = BeautifulSoup(book.page("intro.html"), "html.parser")
    nav = soup.select_one(".bd-sidebar-primary")
    assert nav is not None and not nav.select('a[href*="brief"]')
    assert (book.out / "brief.html").exists()


def test_charts_of_the_brief_drawn_from_this_build(book):
    page = book.page("brief.html")
    for fig in ("fig-brief-quarters", "fig-brief-values"):
        m = re.search(rf'id="{fig}-chart"[^>]*data-fingerprint="([0-9a-f]+)"', page)
        assert m and m.group(1) == book.key_numbers["parameter_fingerprint"], fig


def test_a_long_brief_is_an_error(book, tmp_path, monkeypatch):
    """A brief that does not fit is refused, and no file is written."""
    monkeypatch.setattr(brief, "MAX_PAGES", 0)
    with pytest.raises(brief.BriefError, match="pages"):
        brief.print_brief(book.out, tmp_path)
    assert not list(tmp_path.glob("*.pdf"))


def test_script_exit_codes(tmp_path):
    import sys

    proc = subprocess.run([sys.executable, str(config.ROOT / "scripts" / "brief.py"), "--site", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "brief.html" in proc.stderr


def test_links_to_the_site_under_a_base_url(book, tmp_path):
    """With --base-url the brief's links to the chapters are absolute under it; never file://."""
    from pypdf import PdfReader

    result = brief.print_brief(book.out, tmp_path, base_url="https://example.org/colossus")
    uris = [str(a.get_object()["/A"].get("/URI")) for page in PdfReader(str(result["path"])).pages
            for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert "https://example.org/colossus/chapters/lease.html" in uris
    assert not [u for u in uris if u.startswith("file:")]
