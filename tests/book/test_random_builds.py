"""The whole book under random valid parameters (issue 7, item 5): a few parameter sets
drawn anywhere within the schema's bounds build, and no page shows a missing value, a
negative zero or an unresolved glue key."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from colossus.inputs import loading
from tests.conftest import run_build
from tests.strategies import valid_parameters
from tests.book.test_far_build import _prose

pytestmark = pytest.mark.book

BAD = [r"\bnan\b", r"\bNaN\b", r"\bNone\b(?! of)", r"\binf\b", r"\$-", r"-\$0(?![.\d])", r"(?<![\d.])-0\.0+\b(?!\d)",
       r"\{glue", r"<<MISSING"]


@settings(max_examples=3, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(p=valid_parameters())
def test_random_parameter_sets_build_clean(p, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("random")
    f = tmp / "random.yml"
    f.write_text(json.dumps({"description": "random parameter set",
                             "parameters": p.model_dump(mode="json")}))   # JSON is YAML 1.2
    proc = run_build(["--params", str(f), "--out", str(tmp / "html")], tmp / "work")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert loading.resolve("base", f).fingerprint == p.fingerprint
    for page in sorted((tmp / "html").rglob("*.html")):
        if "_static" in page.parts or page.name in ("search.html", "genindex.html"):
            continue
        text = _prose(page.read_text())
        for bad in BAD:
            m = re.search(bad, text)
            assert m is None, f"{page.name}: {bad!r} in {text[max(0, m.start() - 100):m.end() + 100]!r}"
