"""Accessibility and print fixes to the theme's HTML, applied when Sphinx finishes.

The pages come from Jupyter Book's themes (sphinx-book-theme on pydata-sphinx-theme) and
docutils. axe-core (run on every page by ``tests/book/test_browser.py``) finds a few serious
problems in their markup that CSS cannot reach; :func:`fix_page` rewrites them, by exact
string replacement, so a theme upgrade that changes the markup shows up as an axe failure
rather than as a silent non-fix:

- the bibliography: docutils writes ``role="list"`` around entries with the deprecated
  ``role="doc-biblioentry"``, which is not a list item (axe: *aria-required-children*,
  critical). The entries are plain blocks with their own labels; the roles go.
- the search button names itself "Search" while it shows "Search Ctrl+K", and the colour
  mode button's icons carry titles ("Light", "Dark") that are not in its name "Color
  mode" (axe: *label-content-name-mismatch*). The button's content names the search
  button; the icons are hidden from assistive technology. The code toggles are named
  "Toggle hidden content" while they show "Show code cell source": their text names them.

Scrolling boxes are fixed in the HTML, not by a script, so that the page is accessible
before any script runs (a keyboard user on a slow machine, or axe run early, meets no
race): every ``<pre>`` (the theme scrolls code), every table scroller the theme writes
(``pst-scrollable-table-container``), every display formula (``div.math``; the book's CSS
makes it, not MathJax's container, the scroller) and every HTML output box that holds no
chart gets ``tabindex="0"`` (:data:`TAB_STOPS`).

:data:`RUNTIME_JS` (added to every page) keeps only what cannot exist before scripts
run, and then says the page is ready: each chart names Vega-Embed's action menu (a
``<summary>`` with no text) and hides its empty mark groups itself, before it marks itself
``data-rendered``; once the page has loaded, MathJax has typeset and every chart has
drawn, the script sets ``data-colossus-ready="true"`` on ``<html>``. Tests and the PDF
printer wait on that signal, never on a clock. Printing switches the page to light mode
first.
"""
from __future__ import annotations

from pathlib import Path

#: (markup the themes write, what replaces it)
REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    (' role="doc-biblioentry"', ""),
    ('<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
     'aria-label="Search" ',
     '<button class="btn search-button-field search-button__button pst-js-only" title="Search" '),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    ('data-mode="light" title="Light"', 'data-mode="light" aria-hidden="true"'),
    ('data-mode="dark"  title="Dark"', 'data-mode="dark" aria-hidden="true"'),
    ('data-mode="auto"  title="System Settings"', 'data-mode="auto" aria-hidden="true"'),
)

#: (regular expression, replacement) that give each scrolling box a tab stop at build time.
TAB_STOPS: tuple[tuple[str, str], ...] = (
    (r'<pre((?:\s(?![^>]*\btabindex=)[^>]*)?)>', r'<pre\1 tabindex="0">'),
    (r'<div class="pst-scrollable-table-container">', '<div class="pst-scrollable-table-container" tabindex="0">'),
    (r'<div class="math notranslate nohighlight">', '<div class="math notranslate nohighlight" tabindex="0">'),
    # an output box scrolls sideways (theme CSS); one that holds a chart has the chart's
    # menu to focus, any other (a table, a quoted description) gets its own tab stop
    (r'<div class="output text_(html|markdown)">(?!<div class="cell_output colossus-figure-body">)',
     r'<div class="output text_\1" tabindex="0">'),
)

RUNTIME_JS = """
(function () {
  // The page says when it is ready (see colossus/book/a11y.py): loaded, typeset, charts drawn.
  var root = document.documentElement, loaded = false, typeset = false;
  function ready() {
    if (!loaded || !typeset || root.getAttribute("data-colossus-ready") === "true") return;
    var charts = document.querySelectorAll(".colossus-chart");
    for (var i = 0; i < charts.length; i++) {
      if (charts[i].getAttribute("data-rendered") !== "true") return;
    }
    root.setAttribute("data-colossus-ready", "true");
  }
  document.addEventListener("colossus:chart-rendered", ready);
  window.addEventListener("load", function () {
    loaded = true;
    var mj = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (mj && document.querySelector("div.math, span.math")) {
      mj.then(function () { typeset = true; ready(); },
              function () { typeset = true; ready(); });
    } else {
      typeset = true;
      ready();
    }
  });
  // The scenario switcher (make site) keeps the reader's place: same page, same anchor.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.colossus-switch");
    if (a && window.location.hash) a.href = a.href.split("#")[0] + window.location.hash;
  });
  // Print is always light: pydata's dark mode lives in <html data-theme>.
  var mode = null;
  window.addEventListener("beforeprint", function () {
    mode = root.dataset.theme;
    root.dataset.theme = "light";
  });
  window.addEventListener("afterprint", function () {
    if (mode) root.dataset.theme = mode;
  });
})();
"""

#: What a test or the PDF printer waits on: the page's own ready signal.
READY = "() => document.documentElement.getAttribute('data-colossus-ready') === 'true'"

SCRIPT_TAG = '<script data-colossus="a11y">' + RUNTIME_JS + "</script>\n"


def fix_page(text: str) -> str:
    """One page's HTML with the fixes applied; idempotent.

    >>> fix_page('<div role="list" class="citation-list"><div class="citation" id="a" '
    ...          'role="doc-biblioentry">x</div></div></body>').startswith('<div class="citation-list">')
    True
    >>> fix_page(fix_page("<body></body>")).count('data-colossus="a11y"')
    1
    >>> fix_page('<pre>x</pre><pre class="a">y</pre><pre tabindex="0">z</pre><pre')
    '<pre tabindex="0">x</pre><pre class="a" tabindex="0">y</pre><pre tabindex="0">z</pre><pre'
    >>> fix_page(fix_page('<div class="math notranslate nohighlight">'))
    '<div class="math notranslate nohighlight" tabindex="0">'
    >>> fix_page('<div class="output text_html"><div class="cell_output colossus-figure-body">')
    '<div class="output text_html"><div class="cell_output colossus-figure-body">'
    >>> fix_page('<div class="output text_html"><table>')
    '<div class="output text_html" tabindex="0"><table>'
    """
    import re

    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    for pattern, new in TAB_STOPS:
        text = re.sub(pattern, new, text)
    if SCRIPT_TAG not in text and "</body>" in text:
        text = text.replace("</body>", SCRIPT_TAG + "</body>", 1)
    return text


def fix_site(outdir: Path) -> int:
    """Apply :func:`fix_page` to every page of a built site; returns the pages changed."""
    changed = 0
    for page in Path(outdir).rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = fix_page(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


def on_build_finished(app, exception) -> None:
    """Sphinx ``build-finished`` hook (connected in the generated ``conf.py``)."""
    if exception is None and app.builder.format == "html":
        fix_site(Path(app.outdir))
