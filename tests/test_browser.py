"""The built book in a real browser: Debian's Chromium driven by Playwright, pages opened
from disk (file://) as a reader would, with every request that is not a local file
refused and recorded.

For every page: zero console errors, zero requests leaving the machine, every chart drawn
(an SVG or canvas inside each chart container). For every chart with a control (a slider
or a clickable legend), using the control changes what is drawn. Failures leave a
screenshot in test-artifacts/.
"""
import os
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHROMIUM = os.environ.get("COLOSSUS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
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
    def __init__(self, browser, url, name):
        self.name = name
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.external = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.context.route("**/*", self._route)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

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

    def _open(book, rel):
        v = Visit(browser, (book.out / rel).resolve().as_uri(), rel)
        opened.append(v)
        return v

    yield _open
    failed = getattr(request.node, "rep_call", None)
    for v in opened:
        if failed is not None and failed.failed:
            print(f"screenshot: {v.shot('failure')}")
        v.close()


def test_every_page_clean(book, visit):
    problems = []
    for rel in page_ids(book):
        v = visit(book, rel)
        charts = v.page.locator(".colossus-chart")
        n = charts.count()
        if n:
            v.page.wait_for_function(
                "() => [...document.querySelectorAll('.colossus-chart')].every("
                "el => el.getAttribute('data-rendered') === 'true' && el.querySelector('svg, canvas'))",
                timeout=15_000)
        v.page.wait_for_timeout(300)
        overflow = v.page.eval_on_selector_all(
            ".colossus-chart", "els => els.filter(e => e.getBoundingClientRect().width >"
            " e.closest('.cell_output').clientWidth + 1).map(e => e.id)")
        if overflow:
            problems.append(f"{rel}: charts wider than the text column (clipped): {overflow}")
        if v.errors:
            problems.append(f"{rel}: console errors {v.errors}")
        if v.external:
            problems.append(f"{rel}: requests leaving the machine {v.external}")
        if problems and (v.errors or v.external or overflow):
            print(f"screenshot: {v.shot('problem')}")
    assert not problems, "\n".join(problems)


def test_charts_draw_with_marks(book, visit):
    v = visit(book, "chapters/lease.html")
    v.page.wait_for_function("() => document.querySelectorAll('.colossus-chart[data-rendered=true]').length >= 5",
                             timeout=15_000)
    marks = v.page.eval_on_selector_all(
        ".colossus-chart", "els => els.map(e => e.querySelectorAll('svg path, svg rect, svg line').length)")
    assert len(marks) >= 5 and all(m > 10 for m in marks), marks


def _svg(v, chart_index):
    return v.page.eval_on_selector_all(".colossus-chart", f"els => els[{chart_index}].querySelector('svg').innerHTML")


@pytest.mark.parametrize("rel", ["chapters/lease.html"])
def test_every_slider_changes_its_chart(book, visit, rel):
    v = visit(book, rel)
    v.page.wait_for_function("() => [...document.querySelectorAll('.colossus-chart')].every("
                             "el => el.getAttribute('data-rendered') === 'true')", timeout=15_000)
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
        v.page.wait_for_timeout(400)
        after = _svg(v, i)
        if after == before:
            print(f"screenshot: {v.shot(f'slider-{i}')}")
        assert after != before, f"moving slider of chart {i} on {rel} changed nothing"
    assert not v.errors and not v.external


def test_timeline_legend_highlights(book, visit):
    v = visit(book, "chapters/deal.html")
    v.page.wait_for_selector(".colossus-chart[data-rendered=true] svg", timeout=15_000)
    before = _svg(v, 0)
    v.page.locator(".colossus-chart .role-legend-symbol path").first.click(force=True)
    v.page.wait_for_timeout(400)
    assert _svg(v, 0) != before, "clicking a legend entry changed nothing"
    assert not v.errors and not v.external


def test_benchmark_bar_click_highlights(book, visit):
    """The GPU-hour chart's control: clicking a market bar highlights it."""
    v = visit(book, "chapters/lease.html")
    v.page.wait_for_function("() => [...document.querySelectorAll('.colossus-chart')].every("
                             "el => el.getAttribute('data-rendered') === 'true')", timeout=15_000)
    idx = v.page.eval_on_selector_all(".colossus-chart", "els => els.findIndex(e => "
                                      "(e.getAttribute('aria-label') || '').includes('per GPU-hour'))")
    assert idx >= 0, "no GPU-hour chart found"
    before = _svg(v, idx)
    v.page.locator(".colossus-chart").nth(idx).locator(".mark-rect path").nth(2).click(force=True)
    v.page.wait_for_timeout(400)
    assert _svg(v, idx) != before, "clicking a bar changed nothing"
    assert not v.errors and not v.external
