"""Accessibility and print fixes to the theme's HTML, applied when Sphinx finishes.

The pages come from Jupyter Book's themes (sphinx-book-theme on pydata-sphinx-theme) and
docutils. axe-core (run on every page by ``tests/test_browser.py``) finds a few serious
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

:data:`RUNTIME_JS` (added to every page) handles what is drawn after load: Vega-Embed's
action menus (a ``<summary>`` with no text) get a name, empty mark groups (a chart
layer with no data in this build) are hidden from assistive technology, scrolling boxes (wide display
maths, code, tables) get a tab stop so a keyboard can scroll them, and printing switches
the page to light mode first.
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

RUNTIME_JS = """
(function () {
  // Scrolling boxes get a tab stop; Vega-Embed's menus get a name (see colossus/a11y.py).
  function fix() {
    document.querySelectorAll("details > summary").forEach(function (s) {
      if (!s.textContent.trim() && !s.getAttribute("aria-label")) {
        s.setAttribute("aria-label", "Chart menu: save the chart as an image or view its source");
      }
    });
    // an empty mark group (a layer with no data in this build) describes nothing
    document.querySelectorAll(".colossus-chart svg g[role=graphics-symbol]:empty").forEach(function (g) {
      g.setAttribute("aria-hidden", "true");
    });
    document.querySelectorAll("mjx-container[display=true], pre, .cell_output .output, " +
                              ".pst-scrollable-table-container, .colossus-chart").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
      }
    });
  }
  var queued = false;
  function later() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; fix(); });
  }
  new MutationObserver(later).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("resize", later);
  document.addEventListener("DOMContentLoaded", fix);
  // Print is always light: pydata's dark mode lives in <html data-theme>.
  var mode = null;
  window.addEventListener("beforeprint", function () {
    mode = document.documentElement.dataset.theme;
    document.documentElement.dataset.theme = "light";
  });
  window.addEventListener("afterprint", function () {
    if (mode) document.documentElement.dataset.theme = mode;
  });
})();
"""

SCRIPT_TAG = '<script data-colossus="a11y">' + RUNTIME_JS + "</script>\n"


def fix_page(text: str) -> str:
    """One page's HTML with the fixes applied; idempotent.

    >>> fix_page('<div role="list" class="citation-list"><div class="citation" id="a" '
    ...          'role="doc-biblioentry">x</div></div></body>').startswith('<div class="citation-list">')
    True
    >>> fix_page(fix_page("<body></body>")).count('data-colossus="a11y"')
    1
    """
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
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
