"""The whole book as one PDF, printed by headless Chromium from the built site.

Each page of the site is opened from disk (``file://``, network refused), waited on until
every chart has drawn and MathJax has typeset (the page's ready signal, ``data-colossus-ready``),
printed with the book's print stylesheet (``scripts/colossus.css``: banner kept, code
toggles, sliders, chart menus and navigation dropped, always light), and the pages are
joined in table-of-contents order (``_toc.yml``: the root page, the chapters, the
appendices) with an outline entry (PDF bookmark) per page.

The PDF does not depend on the folder it was printed from. Chromium writes a link to
another page of the site as a ``file://`` URI of the build folder, which breaks (and leaks a
local path) once the file is sent; :func:`relink` turns every such link into a link inside
the PDF, to the page and the heading, figure, table or reference it names. To know where
each anchor landed, every page gets, just before printing, a hidden list of links to each of
its own ids: Chromium then writes a named destination for each (it does so only for targets
of same-page links). A link to one of the site's files that is not printed (the key numbers
as JSON, a chart's CSV) becomes relative to the site, or absolute under ``--base-url``.
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
from .a11y import READY as RENDERED   # the page's own signal: loaded, typeset, every chart drawn


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


#: Before printing: a hidden link to every id of the page, so that Chromium writes a named
#: destination (its position in the PDF) for each one; display:none links get no annotation.
MARK_DESTINATIONS = """() => {
  const box = document.createElement("div");
  box.style.display = "none";
  box.setAttribute("aria-hidden", "true");
  document.querySelectorAll("[id]").forEach(el => {
    const a = document.createElement("a");
    a.href = "#" + encodeURIComponent(el.id);
    box.appendChild(a);
  });
  document.body.appendChild(box);
}"""


async def _print_page(context, url: str, timeout_ms: int) -> tuple[bytes, str]:
    page = await context.new_page()
    try:
        await page.goto(url)
        await page.wait_for_load_state("load")
        await page.wait_for_function(RENDERED, timeout=timeout_ms)
        await page.evaluate(MARK_DESTINATIONS)
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


def print_book(site: Path = config.DEFAULT_OUT, out: Path = DEFAULT_PDF, timeout_ms: int = 120_000,
               tabs: int | None = None, base_url: str | None = None) -> dict:
    """Print every page of ``site`` (in ``_toc.yml`` order) into one PDF at ``out``.

    Pages print in parallel (``tabs`` browser tabs, default: the cores, at most 6) and are
    joined in order. Returns ``{"pages": [(page, title, first_pdf_page, n_pdf_pages), ...],
    "seconds": s, "links": {...}}`` (what :func:`relink` did). The PDF is written next to
    ``out`` and renamed into place, so a failure leaves any earlier PDF as it was.
    ``timeout_ms`` is only a limit for a page that never says it is ready."""
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
    index, origin, anchors = [], [], {}
    for rel in rels:
        data, title = printed[rel]
        first = len(writer.pages)
        reader = PdfReader(io.BytesIO(data))
        for pdf_page in reader.pages:
            writer.add_page(pdf_page)
            origin.append(rel)
        for name, dest in reader.named_destinations.items():
            anchors[(rel, _unquote(str(name).lstrip("/")))] = (first + reader.get_destination_page_number(dest),
                                                             float(dest.get("/Top") or 0))
        writer.add_outline_item(title=title, page_number=first)
        index.append((rel, title, first + 1, len(reader.pages)))
    links = relink(writer, site, origin, anchors, base_url)
    from importlib.metadata import version as _v
    writer.add_metadata({"/Title": _book_title(), "/Creator": f"colossus {config.version()}",
                         "/Producer": f"Chromium via Playwright; pypdf {_v('pypdf')}",
                         "/Subject": f"dated {config.source_date()}"})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    os.replace(tmp, out)
    return {"pages": index, "seconds": time.perf_counter() - t0, "links": links}


def _unquote(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)


def site_target(uri: str, site_uri: str) -> tuple[str, str] | None:
    """``(page, fragment)`` of a link into the site at ``site_uri``, else None.

    >>> site_target("file:///b/html/chapters/lease.html#fig-x", "file:///b/html/")
    ('chapters/lease.html', 'fig-x')
    >>> site_target("file:///b/html/data/key_numbers.json", "file:///b/html/")
    ('data/key_numbers.json', '')
    >>> site_target("https://www.sec.gov/x.htm", "file:///b/html/") is None
    True
    """
    if not uri.startswith(site_uri):
        return None
    rest = uri[len(site_uri):]
    rel, _, fragment = rest.partition("#")
    return _unquote(rel.split("?")[0]), _unquote(fragment)


def relink(writer, site: Path, origin: list[str], anchors: dict, base_url: str | None = None) -> dict:
    """Make the joined PDF independent of the folder it was printed from.

    Each link annotation that points into ``site`` (``file://`` URIs, Chromium's form) or to
    a named destination of its own page becomes either a link inside the PDF, to the page
    and height of the anchor (``/XYZ``; the page's top when the anchor is unknown), when the
    target page is printed; or, for a site file that is not printed, a URI relative to the
    site or under ``base_url``. Returns counts ``{"internal": n, "relative": n, "base_url": n}``.
    ``origin[i]`` is the site page that PDF page ``i`` came from; ``anchors`` maps
    ``(page, id)`` to ``(PDF page index, top)``."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject, TextStringObject

    site_uri = Path(site).resolve().as_uri().rstrip("/") + "/"
    firsts: dict[str, int] = {}
    for i, rel in enumerate(origin):
        firsts.setdefault(rel, i)
    counts = {"internal": 0, "relative": 0, "base_url": 0}

    def dest(rel: str, fragment: str):
        j, top = anchors.get((rel, fragment), (firsts[rel], None))
        return ArrayObject([writer.pages[j].indirect_reference, NameObject("/XYZ"), NullObject(),
                            NullObject() if top is None else FloatObject(top), NullObject()])

    for i, page in enumerate(writer.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            named = annot.get("/Dest")
            if named is not None and not isinstance(named, ArrayObject):   # a same-page named destination
                annot[NameObject("/Dest")] = dest(origin[i], _unquote(str(named).lstrip("/")))
                counts["internal"] += 1
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            uri = str(action.get("/URI", "")) if action is not None else ""
            target = site_target(uri, site_uri)
            if target is None:
                continue
            rel, fragment = target
            if rel in firsts:
                del annot["/A"]
                annot[NameObject("/Dest")] = dest(rel, fragment)
                counts["internal"] += 1
            else:
                tail = rel + (f"#{fragment}" if fragment else "")
                if base_url:
                    action[NameObject("/URI")] = TextStringObject(base_url.rstrip("/") + "/" + tail)
                    counts["base_url"] += 1
                else:
                    action[NameObject("/URI")] = TextStringObject(tail)
                    counts["relative"] += 1
    return counts


def _book_title() -> str:
    import yaml

    return str(yaml.safe_load(config.BOOK_CONFIG.read_text()).get("title", "Colossus"))
