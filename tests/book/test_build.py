"""colossus.book.build, end to end: a real build with non-default parameters.

The chapter pages must show the glued numbers of *that* parameter set, reference no CDN,
publish the key numbers and parameters, escape free text, and never lose the last good
book when something fails.
"""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from colossus.inputs import loading
from colossus.words import report
from colossus.model.keynumbers import key_numbers

from ..conftest import HOSTILE, INJECTED_FILE, ROOT, run_build, tree_digest

pytestmark = pytest.mark.book


def text_of(html: str) -> str:
    """Visible text, roughly: tags stripped, entities for $ and spaces normalised."""
    t = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    t = re.sub(r"<[^>]+>", " ", t)
    t = t.replace("&#36;", "$").replace("&nbsp;", " ").replace("&amp;", "&")
    return re.sub(r"\s+", " ", t)


def expected_numbers(book):
    r = loading.resolve("bear", book.params_file, ["lease.monthly_rent_usd=1.0e9", "lease.gpus=200000"])
    return r, key_numbers(r.parameters, r.label)


def test_lease_page_shows_numbers_of_this_parameter_set(book):
    r, n = expected_numbers(book)
    text = text_of(book.page("chapters/lease.html"))
    for shown in [report.usd(n["contracted_revenue_usd"]), report.usd(n["expected_revenue_usd"]),
                  report.usd(n["npv_expected_revenue_usd"]), report.usd(n["implied_usd_per_gpu_hour"]),
                  report.times(n["premium_vs_market"]), report.pct(n["lease_operating_margin"]),
                  report.usd(n["lease_monthly_cash_cost_usd"]),
                  report.months(n["payback_months"]) if n["payback_months"] is not None else "does not pay back",
                  report.usd(n["revenue_p5_usd"]), report.usd(n["revenue_median_usd"]),
                  report.usd(n["revenue_p95_usd"]), "200,000", "a 5.0% chance",
                  "This build has Anthropic paying $1 billion a month"]:
        assert shown in text, f"{shown!r} not on the lease page"
    assert "Anthropic pays $1.25 billion" not in text      # issue 7: the stale opening sentence
    base = key_numbers(loading.resolve("base").parameters)
    assert report.usd(base["contracted_revenue_usd"]) not in text      # the base figure is gone


def test_key_numbers_and_parameters_published(book):
    r, n = expected_numbers(book)
    assert book.key_numbers == json.loads(json.dumps(n))
    payload = json.loads((book.out / "data" / "parameters.json").read_text())
    assert payload["parameter_fingerprint"] == r.fingerprint == n["parameter_fingerprint"]
    assert payload["parameters"]["lease.monthly_rent_usd"] == 1.0e9
    assert payload["scenario"] == "bear + mine.yml + 2 overrides"


def test_numbers_script_agrees_with_build(book):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "numbers.py"), *book.args[:-2]],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == book.key_numbers


def test_every_page_shows_scenario_and_fingerprint(book):
    fp = book.key_numbers["parameter_fingerprint"]
    for page in book.pages():
        if page.name in ("search.html", "genindex.html"):
            continue
        html = page.read_text()
        if 'http-equiv="Refresh"' in html:      # index.html: Jupyter Book's redirect to the root page
            continue
        assert fp in html and "bear + mine.yml + 2 overrides" in html, page.name


@pytest.mark.parametrize("needle", ["cdn.", "unpkg", "jsdelivr", "googleapis", "cdnjs", "require.js",
                                    "thebe", "THEBE_JS_URL", "vega.github.io"])
def test_no_cdn_or_thebe_anywhere(book, needle):
    """Pages and the theme's scripts. The vendored libraries (Vega bundle, MathJax) hold URLs as
    strings (schema ids, a disabled editor link, optional speech support that the book turns
    off); the browser test proves at run time that no request leaves the machine."""
    files = list(book.out.rglob("*.html"))
    if "thebe" not in needle.lower():   # the theme's script mentions thebe; no page loads it
        files += [f for f in book.out.rglob("*.js")
                  if "mathjax" not in f.parts and f.name != "vega-offline-bundle.js"]
    for f in files:
        assert needle not in f.read_text(errors="replace"), f"{needle} in {f.relative_to(book.out)}"


def test_vega_and_mathjax_served_once_from_static(book):
    assert (book.out / "_static" / "vega-offline-bundle.js").stat().st_size > 500_000
    assert (book.out / "_static" / "mathjax" / "tex-svg.js").exists()
    lease = book.page("chapters/lease.html")
    assert len(re.findall(r"<script[^>]*src=\"[^\"]*vega-offline-bundle\.js", lease)) == 1
    assert len(lease) < 2_000_000     # the bundle is not inlined per chart


def test_free_text_is_escaped(book):
    for page in book.pages():
        assert '<script>alert("pwned")' not in page.read_text(), page.name
        assert "<b>bold</b>" not in page.read_text(), page.name
    assert "&lt;script&gt;alert(" in book.page("chapters/parameters.html")


def test_free_text_is_never_executed(book):
    """The description is injected into every chapter as a string literal; a value built
    to break out of it must stay text."""
    assert not INJECTED_FILE.exists()
    payload = json.loads((book.out / "data" / "parameters.json").read_text())
    assert payload["description"] == HOSTILE


def test_banner_escapes_the_scenario_label():
    from colossus.book.stage import banner_html
    from colossus.inputs.params import Parameters
    from colossus.inputs.loading import Resolved
    r = Resolved(Parameters(), "base", 'base + <img src=x onerror=alert(1)>.yml', "")
    html = banner_html(r)
    assert "<img" not in html and "&lt;img" in html


def test_plumbing_hidden_from_readers(book):
    lease = book.page("chapters/lease.html")
    assert "injected-parameters" not in lease and "parameters = {" not in lease
    assert "Show code cell source" in lease or "toggle" in lease   # code hidden, revealable


def test_sources_untouched(book):
    """The build executes copies: the chapter sources are byte-identical afterwards and
    carry no outputs (they are MyST markdown, which has no place for them)."""
    assert tree_digest(ROOT / "chapters") == book.sources_before
    assert not list((ROOT / "chapters").glob("*.ipynb"))


def test_unchanged_rebuild_is_a_no_op(book):
    before = tree_digest(book.out)
    proc = run_build(book.args, book.work)
    assert proc.returncode == 0 and "nothing to do" in proc.stderr
    assert tree_digest(book.out) == before


def test_failing_chapter_keeps_previous_book(book, tmp_path):
    out = tmp_path / "html"
    shutil.copytree(book.out, out)
    before = tree_digest(out)
    args = book.args[:-1] + [str(out)]
    proc = run_build(args, book.work, {"COLOSSUS_TEST_FAIL_CHAPTER": "lease"})
    assert proc.returncode == 1
    assert "chapter 'lease'" in proc.stderr and "cell" in proc.stderr and "RuntimeError" in proc.stderr
    assert "unchanged" in proc.stderr
    assert tree_digest(out) == before


def test_bad_parameter_keeps_previous_book(book, tmp_path):
    out = tmp_path / "html"
    shutil.copytree(book.out, out)
    before = tree_digest(out)
    proc = run_build(["--set", "lease.monthly_notice_probability=1.5", "--out", str(out)], book.work)
    assert proc.returncode == 2 and "lease.monthly_notice_probability" in proc.stderr
    assert tree_digest(out) == before


def test_static_change_reaches_the_site_even_when_no_page_is_outdated(tmp_path):
    """Regression: Sphinx skips copying static files when no page is out of date, so a
    CSS-only change never reached the published book. The build syncs them itself."""
    from colossus.book.stage import sync_static
    src, html = tmp_path / "src", tmp_path / "html"
    (src / "mathjax").mkdir(parents=True)
    (src / "colossus.css").write_text("new")
    (src / "mathjax" / "tex-svg.js").write_text("js")
    html.mkdir()
    (html / "colossus.css").write_text("old")
    assert sync_static(src, html) == ["colossus.css", "mathjax/tex-svg.js"]
    assert (html / "colossus.css").read_text() == "new"
    assert sync_static(src, html) == []


def _chart_specs(html: str) -> list[dict]:
    return [json.loads(s.replace("<\\/", "</")) for s in re.findall(r"var spec = (\{.*?\});\n", html, re.S)]


def test_charts_carry_the_numbers_of_this_parameter_set(book):
    """Rent 1.0e9, bear ramp fraction 0.3, 200,000 GPUs: the schedule chart's contracted
    rent and the GPU-hour chart's implied rate must be those of this set."""
    specs = _chart_specs(book.page("chapters/lease.html"))
    rows = [r for spec in specs for data in spec.get("datasets", {}).values() for r in data]
    contracted = {round(r["usd_bn"], 6) for r in rows
                  if r.get("series") == "Contracted" and r.get("measure") == "rent_usd"}
    assert contracted == {0.3, 1.0}
    implied = book.key_numbers["implied_usd_per_gpu_hour"]
    assert implied == pytest.approx(1.0e9 / (200_000 * 730))
    assert any(r.get("label") == "Lease, implied at full rent" and r["usd_per_gpu_hour"] == pytest.approx(implied)
               for r in rows)
