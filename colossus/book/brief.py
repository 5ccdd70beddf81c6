"""``make brief``: the book on one printed page.

The brief is a page of the book, ``brief.html`` (from ``brief.md``; not in the left menu,
so the website has it too): the three answers as the summary states them
(:mod:`colossus.words.answers`: a lead number and one sentence each), the headline numbers
under base, bull and bear and this build, two small charts (:mod:`colossus.figures.charts_brief`),
the provenance line (scenario, parameter fingerprint, date, version, source) and the
disclaimer. :func:`print_brief` prints it with headless Chromium, as ``make pdf`` prints the
book (:mod:`colossus.book.pdf`): the page opened from disk with the network refused, waited on
until it says it is ready (``html[data-colossus-ready=true]``: typeset, every chart drawn;
never a clock), printed with the book's print stylesheet on A4, into
``_build/brief/colossus-brief-<fingerprint>.pdf``. It must fit one page, two at most; a
longer brief is an error, not a file.

Links from the brief to the site's other pages would be ``file://`` addresses of the build
folder once printed; they become absolute under ``--base-url`` or are dropped (the text
stays), so the PDF never names the folder it was printed in.
"""
from __future__ import annotations

import io
import os
import time
from pathlib import Path

from ..inputs import config
# The brief's words (its provenance line and disclaimer) are colossus.words.brief_text; kept here
# for the callers of this module.
from ..words.brief_text import DISCLAIMER, disclaimer_html, provenance_html, provenance_line  # noqa: F401

DEFAULT_BRIEF_DIR = config.BUILD_DIR / "brief"
PAGE = "brief.html"
#: The most pages a brief may take.
MAX_PAGES = 2
#: Margins of the printed brief (A4).
MARGINS = {"top": "10mm", "bottom": "10mm", "left": "11mm", "right": "11mm"}


class BriefError(RuntimeError):
    """The brief could not be printed, or did not fit; the message says why."""


#: Before printing: links that leave the brief for another file of the site get an absolute
#: address under the base URL, or lose their address (the text stays).
RELINK_JS = """([site, base]) => {
  let n = 0;
  document.querySelectorAll("a[href]").forEach(a => {
    const href = a.href;
    if (!href.startsWith("file:")) return;
    if (href.split("#")[0] === location.href.split("#")[0]) return;  // a link inside the brief
    if (base && href.startsWith(site)) a.setAttribute("href", base + href.slice(site.length));
    else a.removeAttribute("href");
    n++;
  });
  return n;
}"""


async def _print(url: str, site_uri: str, base_url: str | None, timeout_ms: int) -> bytes:
    from playwright.async_api import async_playwright

    from .pdf import CHROMIUM, CHROMIUM_ARGS, RENDERED, _route

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport={"width": 1100, "height": 1400}, color_scheme="light")
            await context.route("**/*", _route)
            page = await context.new_page()
            await page.goto(url)
            await page.wait_for_load_state("load")
            await page.wait_for_function(RENDERED, timeout=timeout_ms)
            await page.evaluate(RELINK_JS, [site_uri, base_url or ""])
            await page.emulate_media(media="print")
            return await page.pdf(format="A4", print_background=True, margin=MARGINS)
        finally:
            await browser.close()


def print_brief(site: Path = config.DEFAULT_OUT, out_dir: Path = DEFAULT_BRIEF_DIR, base_url: str | None = None,
                timeout_ms: int = 120_000) -> dict:
    """Print ``site``'s ``brief.html`` to ``out_dir/colossus-brief-<fingerprint>.pdf``.

    Returns ``{"path": Path, "pages": n, "seconds": s}``. The PDF is written next to its
    name and renamed into place, so a failure leaves an earlier brief as it was; a brief
    longer than :data:`MAX_PAGES` raises :class:`BriefError`. ``timeout_ms`` only limits a
    page that never says it is ready."""
    import asyncio

    from pypdf import PdfReader, PdfWriter

    from .pdf import CHROMIUM
    from .slides import site_provenance

    t0 = time.perf_counter()
    site, out_dir = Path(site).resolve(), Path(out_dir).resolve()
    page = site / PAGE
    if not page.exists():
        raise BriefError(f"{site} has no {PAGE}: build the book first (make book)")
    if not Path(CHROMIUM).exists():
        raise BriefError(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    if base_url is not None and not base_url.endswith("/"):
        base_url += "/"
    data = asyncio.run(_print(page.as_uri(), site.as_uri().rstrip("/") + "/", base_url, timeout_ms))
    reader = PdfReader(io.BytesIO(data))
    n_pages = len(reader.pages)
    if n_pages > MAX_PAGES:
        raise BriefError(f"the brief takes {n_pages} pages; it must fit {MAX_PAGES} at most")
    prov = site_provenance(site)
    writer = PdfWriter(clone_from=reader)
    from importlib.metadata import version as _v
    writer.add_metadata({"/Title": f"Colossus for rent: the brief ({prov.scenario}, parameters {prov.fingerprint})",
                         "/Creator": f"colossus {prov.version}", "/Subject": f"dated {prov.date}",
                         "/Producer": f"Chromium via Playwright; pypdf {_v('pypdf')}"})
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"colossus-brief-{prov.fingerprint}.pdf"
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    os.replace(tmp, path)
    return {"path": path, "pages": n_pages, "seconds": time.perf_counter() - t0}
