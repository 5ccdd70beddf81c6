"""The whole book as one PDF, printed by headless Chromium from the built site.

Each page of the site is opened from disk (``file://``, network refused), waited on until
every chart has drawn (``.colossus-chart[data-rendered=true]``) and MathJax has typeset,
printed with the book's print stylesheet (``scripts/colossus.css``: banner kept, code
toggles, sliders, chart menus and navigation dropped, always light), and the pages are
joined in table-of-contents order (``_toc.yml``: the root page, the chapters, the
appendices) with an outline entry (PDF bookmark) per page.
"""
from __future__ import annotations

import io
import os
import time
from pathlib import Path

from . import config

CHROMIUM = os.environ.get("COLOSSUS_CHROMIUM", "/usr/bin/chromium")
DEFAULT_PDF = config.BUILD_DIR / "pdf" / "book.pdf"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
RENDERED = ("() => [...document.querySelectorAll('.colossus-chart')].every("
            "el => el.getAttribute('data-rendered') === 'true' && el.querySelector('svg, canvas'))")


class PdfError(RuntimeError):
    """The book could not be printed; the message says which page and why."""


def toc_pages() -> list[str]:
    """The site's pages in table-of-contents order, as paths relative to the site."""
    import yaml

    toc = yaml.safe_load(config.BOOK_TOC.read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    files += [c["file"] for c in toc.get("chapters", [])]
    return [f"{f}.html" for f in files]


async def _route(route) -> None:
    if route.request.url.startswith(("file://", "data:", "blob:")):
        await route.continue_()
    else:
        await route.abort()


async def _print_page(context, url: str, timeout_ms: int) -> tuple[bytes, str]:
    page = await context.new_page()
    try:
        await page.goto(url)
        await page.wait_for_load_state("load")
        await page.wait_for_function(RENDERED, timeout=timeout_ms)
        # MathJax typesets after load; its promise resolves when every formula is drawn
        await page.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null")
        title = (await page.title()).split(" \u2014 ")[0].strip()
        await page.emulate_media(media="print")
        data = await page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                              display_header_footer=True, header_template="<span></span>",
                              footer_template='<div style="font-size:8px;width:100%;text-align:center;'
                                              'color:#444"><span class="pageNumber"></span></div>',
                              margin={"top": "12mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
        return data, title
    finally:
        await page.close()


async def _print_all(site: Path, rels: list[str], timeout_ms: int, tabs: int) -> dict[str, tuple[bytes, str]]:
    import asyncio

    from playwright.async_api import async_playwright

    gate = asyncio.Semaphore(tabs)

    async def one(context, rel):
        async with gate:
            try:
                return rel, await _print_page(context, (site / rel).as_uri(), timeout_ms)
            except Exception as exc:
                raise PdfError(f"{rel}: could not print: {type(exc).__name__}: {exc}") from None

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport={"width": 1100, "height": 1400}, color_scheme="light")
            await context.route("**/*", _route)
            return dict(await asyncio.gather(*(one(context, rel) for rel in rels)))
        finally:
            await browser.close()


def print_book(site: Path = config.DEFAULT_OUT, out: Path = DEFAULT_PDF, timeout_ms: int = 30_000,
               tabs: int | None = None) -> dict:
    """Print every page of ``site`` (in ``_toc.yml`` order) into one PDF at ``out``.

    Pages print in parallel (``tabs`` browser tabs, default: the cores, at most 6) and are
    joined in order. Returns ``{"pages": [(page, title, first_pdf_page, n_pdf_pages), ...],
    "seconds": s}``. The PDF is written next to ``out`` and renamed into place, so a
    failure leaves any earlier PDF as it was."""
    import asyncio

    from pypdf import PdfReader, PdfWriter

    t0 = time.perf_counter()
    site, out = Path(site).resolve(), Path(out).resolve()
    rels = toc_pages()
    missing = [r for r in rels if not (site / r).exists()]
    if missing:
        raise PdfError(f"{site} lacks {', '.join(missing)}: build the book first (make book)")
    if not Path(CHROMIUM).exists():
        raise PdfError(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    tabs = tabs or max(1, min(6, os.cpu_count() or 1))
    printed = asyncio.run(_print_all(site, rels, timeout_ms, tabs))
    writer = PdfWriter()
    index = []
    for rel in rels:
        data, title = printed[rel]
        first = len(writer.pages)
        reader = PdfReader(io.BytesIO(data))
        for pdf_page in reader.pages:
            writer.add_page(pdf_page)
        writer.add_outline_item(title=title, page_number=first)
        index.append((rel, title, first + 1, len(reader.pages)))
    from importlib.metadata import version as _v
    writer.add_metadata({"/Title": _book_title(), "/Creator": f"colossus {config.version()}",
                         "/Producer": f"Chromium via Playwright; pypdf {_v('pypdf')}",
                         "/Subject": f"dated {config.source_date()}"})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    os.replace(tmp, out)
    return {"pages": index, "seconds": time.perf_counter() - t0}


def _book_title() -> str:
    import yaml

    return str(yaml.safe_load(config.BOOK_CONFIG.read_text()).get("title", "Colossus"))
