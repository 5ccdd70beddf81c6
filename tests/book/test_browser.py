"""The built book in a real browser: Debian's Chromium driven by Playwright, pages opened
from disk (file://) as a reader would, with every request that is not a local file
refused and recorded.

For every page: zero console errors, zero requests leaving the machine, every chart drawn
(an SVG or canvas inside each chart container). For every chart with a control (a slider
or a clickable legend), using the control changes what is drawn. At 1280 and 390 px
wide: axe-core (the npm package, installed into tests/node_modules by ``make test-deps``)
finds no critical or serious violation on any page; wide tables scroll inside their own
box rather than widening the page; one search field; the banner names the scenario, the
fingerprint, the date and the version. Failures leave a screenshot in test-artifacts/.
"""
import json
import os
import shutil
from pathlib import Path

import pytest

from colossus.book.a11y import READY

from ..conftest import ROOT

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHROMIUM = os.environ.get("COLOSSUS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
#: How long a page may take to say it is ready before the test fails: a limit for a page
#: that never gets there (a broken chart), not a wait; nothing sleeps.
READY_TIMEOUT_MS = 120_000
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:   # Playwright gives each launch a fresh, empty profile
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    def __init__(self, browser, url, name, width=1280):
        self.name = name
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.external = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.context.route("**/*", self._route)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def ready(self):
        """Wait for the page's own ready signal (loaded, typeset, every chart drawn and its
        menu named: colossus.book.a11y), never for a length of time."""
        self.page.wait_for_function(READY, timeout=READY_TIMEOUT_MS)

    def changed(self, chart_index, before):
        """Wait until chart ``chart_index``'s drawing differs from ``before`` (a signal, not
        a clock); False if it never does within the generous limit."""
        try:
            self.page.wait_for_function(
                "([i, before]) => document.querySelectorAll('.colossus-chart')[i]"
                ".querySelector('svg').innerHTML !== before", arg=[chart_index, before],
                timeout=READY_TIMEOUT_MS)
            return True
        except Exception:
            return False

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def shot(self, tag):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{self.name.replace('/', '_')}-{tag}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        self.context.close()


def pages(book):
    return [p for p in book.pages() if p.name not in ("genindex.html",)]


def page_ids(book):
    return [str(p.relative_to(book.out)) for p in pages(book)]


@pytest.fixture
def visit(browser, request):
    opened = []

    def _open(book, rel, width=1280):
        v = Visit(browser, (book.out / rel).resolve().as_uri(), f"{rel}@{width}", width)
        opened.append(v)
        return v

    yield _open
    failed = getattr(request.node, "rep_call", None)
    for v in opened:
        if failed is not None and failed.failed:
            print(f"screenshot: {v.shot('failure')}")
        v.close()


def test_every_page_clean(survey):
    """At both widths: no console error, no request leaving the machine, every chart drawn;
    at 1280 px no chart wider than the text column."""
    problems = []
    for (rel, width), seen in sorted(survey.items()):
        if width == 1280 and seen["overflow"]:
            problems.append(f"{rel}: charts wider than the text column (clipped): {seen['overflow']}")
        if seen["undrawn"]:
            problems.append(f"{rel} @{width}px: charts with nothing drawn: {seen['undrawn']}")
        if seen["errors"]:
            problems.append(f"{rel} @{width}px: console errors {seen['errors']}")
        if seen["external"]:
            problems.append(f"{rel} @{width}px: requests leaving the machine {seen['external']}")
    assert survey and len(survey) == len(WIDTHS) * len({rel for rel, _ in survey})
    assert not problems, "\n".join(problems)


def test_charts_draw_with_marks(book, visit):
    v = visit(book, "chapters/lease.html")
    v.ready()
    marks = v.page.eval_on_selector_all(
        ".colossus-chart", "els => els.map(e => e.querySelectorAll('svg path, svg rect, svg line').length)")
    assert len(marks) >= 5 and all(m > 10 for m in marks), marks


def _svg(v, chart_index):
    return v.page.eval_on_selector_all(".colossus-chart", f"els => els[{chart_index}].querySelector('svg').innerHTML")


@pytest.mark.parametrize("rel", ["chapters/lease.html"])
def test_every_slider_changes_its_chart(book, visit, rel):
    v = visit(book, rel)
    v.ready()
    charts = v.page.locator(".colossus-chart")
    with_slider = [i for i in range(charts.count()) if charts.nth(i).locator("input[type=range]").count()]
    assert len(with_slider) >= 2, "expected the schedule and reclaim charts to have sliders"
    for i in with_slider:
        slider = charts.nth(i).locator("input[type=range]").first
        before = _svg(v, i)
        lo, hi = slider.get_attribute("min"), slider.get_attribute("max")
        now = slider.evaluate("el => el.value")
        target = hi if float(now) < float(hi) else lo
        slider.evaluate("(el, x) => { el.value = x; el.dispatchEvent(new Event('input', {bubbles: true})); }", target)
        if not v.changed(i, before):
            print(f"screenshot: {v.shot(f'slider-{i}')}")
            pytest.fail(f"moving slider of chart {i} on {rel} changed nothing")
    assert not v.errors and not v.external


def test_timeline_legend_highlights(book, visit):
    v = visit(book, "chapters/deal.html")
    v.ready()
    before = _svg(v, 0)
    v.page.locator(".colossus-chart .role-legend-symbol path").first.click(force=True)
    assert v.changed(0, before), "clicking a legend entry changed nothing"
    assert not v.errors and not v.external


def test_benchmark_bar_click_highlights(book, visit):
    """The GPU-hour chart's control: clicking a market bar highlights it."""
    v = visit(book, "chapters/lease.html")
    v.ready()
    idx = v.page.eval_on_selector_all(".colossus-chart", "els => els.findIndex(e => "
                                      "(e.getAttribute('aria-label') || '').includes('per GPU-hour'))")
    assert idx >= 0, "no GPU-hour chart found"
    before = _svg(v, idx)
    v.page.locator(".colossus-chart").nth(idx).locator(".mark-rect path").nth(2).click(force=True)
    assert v.changed(idx, before), "clicking a bar changed nothing"
    assert not v.errors and not v.external


# --------------------------------------------------------------------------- accessibility

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [1280, 390]
AXE_RUN = ("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
           ".filter(x => x.impact === 'critical' || x.impact === 'serious')"
           ".map(x => `${x.impact} ${x.id}: ${x.help} -- ` + x.nodes.slice(0, 3).map("
           "n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))"
           ".join(' | '))")
TABLES_TOO_WIDE = """() => {
    const article = document.querySelector('.bd-article');
    if (!article) return [];
    const limit = article.getBoundingClientRect().right + 1;
    return [...article.querySelectorAll('table')].filter(t => {
        if (t.getBoundingClientRect().right <= limit) return false;
        for (let el = t.parentElement; el && el !== article; el = el.parentElement) {
            const ox = getComputedStyle(el).overflowX;
            if ((ox === 'auto' || ox === 'scroll') && el.getBoundingClientRect().right <= limit)
                return false;
        }
        return true;
    }).map(t => (t.querySelector('caption, th') || t).textContent.trim().slice(0, 60));
}"""


#: The smallest chart text a reader sees on screen, in CSS px (after any scaling).
MIN_CHART_PX = 11
#: Each chart's smallest text as drawn: font size times the drawing's scale on the page.
CHART_TEXT_PX = """() => [...document.querySelectorAll('.colossus-chart')].map(el => {
  const svg = el.querySelector('svg');
  if (!svg) return [el.id, 0];
  const scale = svg.getBoundingClientRect().width / (svg.width.baseVal.value || 1);
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return [el.id, sizes.length ? Math.round(Math.min(...sizes) * 10) / 10 : 99];
})"""


@pytest.fixture(scope="module")
def survey(book, browser):
    """Every page opened once at each width (the slow browser checks run once per page):
    after the page's ready signal, what the clean-page, accessibility and phone-table
    tests assert on. A page with a problem leaves a screenshot in test-artifacts/."""
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} missing: run `make test-deps` (npm ci in tests/)")
    seen = {}
    for rel in page_ids(book):
        for width in WIDTHS:
            v = Visit(browser, (book.out / rel).resolve().as_uri(), f"{rel}@{width}", width)
            try:
                v.ready()
                found = {
                    "undrawn": v.page.eval_on_selector_all(
                        ".colossus-chart", "els => els.filter(e => !e.querySelector('svg, canvas')).map(e => e.id)"),
                    "overflow": v.page.eval_on_selector_all(
                        ".colossus-chart", "els => els.filter(e => e.getBoundingClientRect().width >"
                        " e.closest('.cell_output').clientWidth + 1).map(e => e.id)"),
                    "tables": v.page.evaluate(TABLES_TOO_WIDE) if width == 390 else [],
                    "small_text": [c for c in v.page.evaluate(CHART_TEXT_PX) if c[1] < MIN_CHART_PX],
                }
                # the page's own console, before axe runs (axe's stylesheet requests are refused
                # from file:// and logged, which says nothing about the page)
                found["errors"], found["external"] = list(v.errors), list(v.external)
                v.page.add_script_tag(path=str(AXE))
                found["axe"] = v.page.evaluate(AXE_RUN)
                if any(found.values()):
                    print(f"screenshot: {v.shot('problem')}")
                seen[(rel, width)] = found
            finally:
                v.close()
    return seen


@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_accessibility_violations(survey, width):
    """axe-core on every page: no violation of impact critical or serious. The page is
    checked as soon as it says it is ready: the scroll boxes' tab stops are in the HTML."""
    problems = [f"{rel} @{width}px: {f}" for (rel, w), seen in sorted(survey.items()) if w == width
                for f in seen["axe"]]
    assert not problems, "\n".join(problems)


def test_chart_text_is_readable_on_a_phone(survey):
    """At 390 px no chart text is drawn under 11 px: on a phone the charts are re-laid out
    (panels stacked, legends below, lines re-wrapped), not shrunk to fit."""
    problems = [f"{rel} @{w}px: {seen['small_text']}" for (rel, w), seen in sorted(survey.items())
                if w == 390 and seen["small_text"]]
    assert not problems, "\n".join(problems)


def test_wide_tables_scroll_inside_their_box_on_a_phone(survey):
    """At 390 px no table widens the page: each fits, or sits in a box that scrolls."""
    problems = [f"{rel}: tables wider than the screen, not scrollable: {seen['tables']}"
                for (rel, w), seen in sorted(survey.items()) if w == 390 and seen["tables"]]
    assert not problems, "\n".join(problems)


def test_scroll_boxes_are_focusable_before_any_script_runs(book):
    """The tab stops axe asks for are in the published HTML itself (no race with a script):
    every <pre>, table scroller and display formula has tabindex="0"."""
    import re

    counted = 0
    for page in book.pages():
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r'<pre\b[^>]*>|<div class="pst-scrollable-table-container"[^>]*>|'
                              r'<div class="math notranslate nohighlight"[^>]*>', html):
            assert 'tabindex="0"' in tag, f"{page.name}: {tag}"
            counted += 1
    assert counted >= 30


@pytest.mark.parametrize("width", WIDTHS)
def test_one_search_field(book, visit, width):
    """The header no longer repeats the sidebar's search bar."""
    v = visit(book, "chapters/lease.html", width)
    visible = v.page.eval_on_selector_all(
        ".search-button-field", "els => els.filter(e => e.getBoundingClientRect().width > 0"
        " && getComputedStyle(e).visibility !== 'hidden').length")
    assert visible <= 1, f"{visible} search fields visible at {width}px"


def test_banner_names_date_and_version(book, visit):
    from colossus.inputs import config

    v = visit(book, "chapters/lease.html", 390)
    text = " ".join(v.page.locator(".bd-header-announcement").inner_text().split())
    assert "bear + mine.yml + 2 overrides" in text
    assert config.source_date() in text and config.version() in text, text
    assert v.page.locator(".bd-header-announcement").bounding_box()["width"] <= 390


def test_glued_sentences_read_as_prose(book, visit):
    """myst-nb bolds every glued value; in this book they are sentences and numbers inside
    prose, so outside bold markup they are drawn at the weight of the text around them."""
    v = visit(book, "intro.html")
    v.ready()
    heavy = v.page.eval_on_selector_all(
        "span.pasted-text", "els => els.filter(e => !e.closest('strong, b, th, h1, h2, h3, .admonition-title')"
        " && getComputedStyle(e).fontWeight !== getComputedStyle(e.parentElement).fontWeight)"
        ".map(e => e.textContent.slice(0, 60))")
    count = v.page.locator("span.pasted-text").count()
    assert count >= 5 and not heavy, heavy


def test_summary_fits_one_screen_down_to_the_headline_table(book, visit):
    """At 1280 x 800 the summary shows the three answer cards whole and the headline table
    starts on the first screen; no paragraph of the page is drawn in bold."""
    v = visit(book, "intro.html")
    v.page.set_viewport_size({"width": 1280, "height": 800})
    v.ready()
    table_top = v.page.eval_on_selector("#tbl-intro-headline-numbers", "t => t.getBoundingClientRect().top")
    cards = v.page.eval_on_selector_all(".colossus-answer", "els => els.map(e => e.getBoundingClientRect().bottom)")
    assert len(cards) == 3 and max(cards) <= 800, cards
    assert table_top < 800, f"the headline table starts at {table_top:.0f} px, below the first screen"
    bold = v.page.eval_on_selector_all(
        ".bd-article p", "els => els.filter(p => p.textContent.trim().length > 40 && "
        "parseInt(getComputedStyle(p).fontWeight) >= 600).map(p => p.textContent.slice(0, 60))")
    assert not bold, bold
    # the code that computes the page is at its end, out of the reader's way
    toggles = v.page.eval_on_selector_all(".bd-article details, .bd-article .cell", "els => els.map(e => "
                                          "e.getBoundingClientRect().top)")
    assert all(top > table_top for top in toggles), toggles


def test_price_slider_picks_whole_dollars(book, visit):
    """The IPO chapter's price slider counts in dollars: $150.00 can be picked, and the chart
    then shows the multiple $150.00 implies (a row of the chart's data, not an interpolation)."""
    from colossus.model import valuation_parts
    from colossus.inputs.loading import from_injected

    v = visit(book, "chapters/ipo.html")
    v.ready()
    charts = v.page.locator(".colossus-chart")
    found = [i for i in range(charts.count()) if charts.nth(i).locator("input[type=range]").count()]
    assert len(found) == 1, found
    i = found[0]
    slider = charts.nth(i).locator("input[type=range]").first
    assert float(slider.get_attribute("step")) == 1.0 and float(slider.get_attribute("min")).is_integer()
    before = _svg(v, i)
    slider.evaluate("(el) => { el.value = 150; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    assert v.changed(i, before), "moving the price slider to $150 changed nothing"
    flat = json.loads((book.out / "data" / "parameters.json").read_text())["parameters"]
    nested: dict = {}
    for key, value in flat.items():
        group, name = key.split(".")
        nested.setdefault(group, {})[name] = value
    p = from_injected(nested)
    multiple = valuation_parts.price_grid(p, [150.0])["implied_ai_multiple"].iloc[0]
    assert f"implied: {multiple:.1f}x" in _svg(v, i)
    assert not v.errors and not v.external
