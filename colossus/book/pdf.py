"""The whole book as one PDF, printed by headless Chromium from the built site.

Each page of the site is opened from disk (``file://``, network refused), waited on until
every chart has drawn and MathJax has typeset (the page's ready signal, ``data-colossus-ready``),
printed with the book's print stylesheet (``scripts/colossus.css``: banner kept, code
toggles, sliders, chart menus and navigation dropped, always light), and the pages are
joined in table-of-contents order (``_toc.yml``: the root page, the chapters, the
appendices) with an outline entry (PDF bookmark) per page. The PDF reads as one document:
a printed contents page first (each page of the book with the PDF page it starts on,
linked), one page numbering throughout, and on every page a footer with the book's
provenance (scenario, parameter fingerprint, date, version) and "page i of n", stamped
onto each page from a footer sheet Chromium prints (:func:`footers_html`).

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

from ..inputs import config

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
                              margin=MARGINS)
        return data, title
    finally:
        await page.close()


#: Page margins of every printed page; the bottom one holds the footer stamped later.
MARGINS = {"top": "12mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}


async def _print_html(documents: list[str]) -> list[bytes]:
    """Print HTML documents made here (the contents, the footers) with the same margins."""
    from playwright.async_api import async_playwright

    out = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(color_scheme="light")
            await context.route("**/*", _route)
            for doc in documents:
                page = await context.new_page()
                await page.set_content(doc, wait_until="load")
                out.append(await page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                                          margin=MARGINS if "colossus-contents" in doc else None))
                await page.close()
        finally:
            await browser.close()
    return out


def contents_html(site: Path, entries: list[tuple[str, str, int]], provenance: str) -> str:
    """The printed contents: each page of the book with the PDF page it starts on, linked
    (to the site page's file URI, which :func:`relink` turns into a link inside the PDF).

    >>> "p. 3" in contents_html(Path("/s"), [("intro.html", "Summary", 3)], "Scenario base")
    True
    """
    import html

    rows = "".join(f'<li><a href="{html.escape((Path(site) / rel).as_uri())}">{html.escape(title)}</a>'
                   f'<span class="pg">p. {n}</span></li>' for rel, title, n in entries)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>'
            'body{font-family:"DejaVu Sans",sans-serif;color:#1d2733;font-size:12pt}'
            'h1{font-size:20pt;margin:0 0 4mm}p{color:#4a5563;font-size:10pt;margin:0 0 8mm}'
            'ol{list-style:none;padding:0}li{display:flex;gap:4mm;padding:2mm 0;border-bottom:1px dotted #8792a2}'
            'li a{flex:1;color:#1d2733;text-decoration:none}.pg{white-space:nowrap}'
            f'</style><title>Contents</title></head><body class="colossus-contents"><h1>{html.escape(_book_title())}'
            f'</h1><p>{html.escape(provenance)}</p><h2>Contents</h2><ol>{rows}</ol></body></html>')


def footers_html(n_pages: int, provenance: str) -> str:
    """``n_pages`` A4 pages, blank but for the footer each book page gets: the provenance
    line and "page i of n" (one numbering for the whole PDF).

    >>> footers_html(2, "Scenario base").count("page 2 of 2")
    1
    """
    import html

    prov = html.escape(provenance)
    pages = "".join(f'<div class="p"><div class="f">{prov} &middot; page {i} of {n_pages}</div></div>'
                    for i in range(1, n_pages + 1))
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>'
            '@page{size:A4;margin:0}html,body{margin:0;padding:0}'
            '.p{position:relative;width:210mm;height:297mm;page-break-after:always;overflow:hidden}'
            '.f{position:absolute;left:12mm;right:12mm;bottom:5mm;font:7.5pt "DejaVu Sans",sans-serif;'
            'color:#4a5563;text-align:center}'
            f'</style></head><body>{pages}</body></html>')


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
    from .slides import site_provenance

    prov = site_provenance(site)
    line = prov.line()
    readers = {rel: PdfReader(io.BytesIO(printed[rel][0])) for rel in rels}
    # the contents come first; their own length is known once printed (one page for a book this size)
    n_contents = 1
    for _ in range(3):
        starts, at = [], n_contents + 1
        for rel in rels:
            starts.append((rel, printed[rel][1], at))
            at += len(readers[rel].pages)
        contents_pdf, = asyncio.run(_print_html([contents_html(site, starts, line)]))
        contents = PdfReader(io.BytesIO(contents_pdf))
        if len(contents.pages) == n_contents:
            break
        n_contents = len(contents.pages)
    writer = PdfWriter()
    index, origin, anchors = [], [], {}
    for pdf_page in contents.pages:
        writer.add_page(pdf_page)
        origin.append("")
    writer.add_outline_item(title="Contents", page_number=0)
    for rel in rels:
        title = printed[rel][1]
        reader = readers[rel]
        first = len(writer.pages)
        for pdf_page in reader.pages:
            writer.add_page(pdf_page)
            origin.append(rel)
        for name, dest in reader.named_destinations.items():
            anchors[(rel, _unquote(str(name).lstrip("/")))] = (first + reader.get_destination_page_number(dest),
                                                             float(dest.get("/Top") or 0))
        writer.add_outline_item(title=title, page_number=first)
        index.append((rel, title, first + 1, len(reader.pages)))
    footers_pdf, = asyncio.run(_print_html([footers_html(len(writer.pages), line)]))
    footers = PdfReader(io.BytesIO(footers_pdf))
    if len(footers.pages) != len(writer.pages):
        raise PdfError(f"footers: {len(footers.pages)} pages printed for {len(writer.pages)}")
    for page, footer in zip(writer.pages, footers.pages):
        page.merge_page(footer)
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
    return {"pages": index, "contents_pages": n_contents, "seconds": time.perf_counter() - t0, "links": links}


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
    ``origin[i]`` is the site page that PDF page ``i`` came from ("" for pages made here,
    such as the contents); ``anchors`` maps
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
            if named is not None and not isinstance(named, ArrayObject) and origin[i]:   # a same-page named destination
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
