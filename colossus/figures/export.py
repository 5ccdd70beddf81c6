"""The book's figures as files that travel: SVG, PNG at twice the size, a 16:9 slide form
(:mod:`colossus.figures.slideform`), CSV and an index.

``make figures`` (``scripts/figures.py``) reads a built site, not the chapters: every
figure there is a ``<figure class="colossus-figure" id="fig-...">`` holding its chart
(the Vega-Lite spec the page draws, with the provenance inside it), the link to its data
as CSV, and its numbered caption. So the files are exactly what the pages show, for the
parameters that built them, and nothing is computed twice. Charts are drawn with
vl-convert (no browser).

Files are named ``<figure-id>-<fingerprint>.svg|png|csv`` (and ``-slide.png``), as the chart menu's exports
are, so figures of two parameter sets never overwrite each other.
"""
from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BOOK_TITLE = "Colossus for rent: xAI's compute lease to Anthropic"
PNG_SCALE = 2
_SPEC = re.compile(r"var spec = (\{.*?\});\n", re.S)


@dataclass(frozen=True)
class Figure:
    """One numbered figure of a built page."""
    id: str            # fig-lease-rent-schedule
    number: str        # "Figure 2.1"
    caption: str       # the caption's text
    page: str          # chapters/lease.html, relative to the site
    spec: dict         # the Vega-Lite spec the page draws
    csv: str | None    # the figure's data, with its '#' provenance lines

    @property
    def meta(self) -> dict:
        return self.spec.get("usermeta", {}).get("colossus", {})

    @property
    def stem(self) -> str:
        return f"{self.id}-{self.meta.get('fingerprint', 'unknown')}"

    def citation(self) -> str:
        """A plain-text citation naming the figure, the book, the version, the scenario,
        the parameter fingerprint, the date and where the figure is."""
        m = self.meta
        return (f"{m.get('title', self.caption)}. {self.number} in “{BOOK_TITLE}”, colossus {m.get('version', '')}, "
                f"scenario {m.get('scenario', '')}, parameters {m.get('fingerprint', '')}, {m.get('date', '')}. "
                f"{self.page}#{self.id}")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def page_figures(page_html: str, page: str) -> list[Figure]:
    """The figures of one built page, in page order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    out = []
    for fig in soup.select("figure.colossus-figure"):
        chart = fig.select_one(".colossus-chart[data-figure]")
        script = chart.find_next("script") if chart else None
        found = _SPEC.search(script.string or "") if script else None
        if chart is None or found is None:
            continue
        spec = json.loads(found.group(1).replace("<\\/", "</"))
        link = fig.select_one("a.colossus-csv")
        csv = None
        if link is not None:
            csv = base64.b64decode(link["href"].split("base64,", 1)[1]).decode("utf-8")
        cap = fig.select_one("figcaption")
        for screen in (cap.select(".colossus-screen-only") if cap else []):  # exports are not on a screen
            screen.decompose()
        number = _text(str(cap.select_one(".caption-number"))) if cap and cap.select_one(".caption-number") else ""
        text = _text(str(cap.select_one(".caption-text"))) if cap and cap.select_one(".caption-text") else ""
        out.append(Figure(fig.get("id") or chart["data-figure"], number.rstrip(". "), text, page, spec, csv))
    return out


def site_figures(site: Path) -> list[Figure]:
    """Every figure of a built site, in the table of contents' order (the pages' numbers)."""
    pages = sorted(p for p in Path(site).rglob("*.html") if "_static" not in p.parts)
    figs = [f for p in pages for f in page_figures(p.read_text(encoding="utf-8"), p.relative_to(site).as_posix())]

    def order(f: Figure):
        nums = re.findall(r"\d+", f.number)
        return (tuple(int(x) for x in nums) if nums else (10**6,), f.page, f.id)
    return sorted(figs, key=order)


def _static_spec(spec: dict) -> dict:
    """The spec as vl-convert draws it: ``width: "container"`` has no container there."""
    def walk(node):
        if isinstance(node, dict):
            return {k: (560 if k == "width" and v == "container" else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node
    return walk(spec)


def render(fig: Figure, folder: Path, slide: bool = True) -> list[Path]:
    """Write ``<id>-<fingerprint>.svg``, ``.png`` (at twice the size), ``-slide.png`` (the
    16:9 slide form, 1920 x 1080: :mod:`colossus.figures.slideform`) and ``.csv``."""
    import vl_convert as vlc

    spec = _static_spec(fig.spec)
    svg, png = folder / f"{fig.stem}.svg", folder / f"{fig.stem}.png"
    svg.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    png.write_bytes(vlc.vegalite_to_png(spec, scale=PNG_SCALE))
    written = [svg, png]
    if slide:   # the same chart in 16:9 slide form (colossus.figures.slideform)
        from .slideform import write_slide

        written.append(write_slide(fig, folder))
    if fig.csv is not None:
        csv = folder / f"{fig.stem}.csv"
        csv.write_text(fig.csv, encoding="utf-8")
        written.append(csv)
    return written


def index_html(figs: list[Figure]) -> str:
    """A page listing every figure: its number and caption, the image, its files and a
    citation line."""
    e = html.escape
    first = figs[0].meta if figs else {}
    items = []
    for f in figs:
        files = [f'<a href="{e(f.stem)}.svg">SVG</a>', f'<a href="{e(f.stem)}.png">PNG (2x)</a>',
                 f'<a href="{e(f.stem)}-slide.png">slide (16:9 PNG, 1920 x 1080)</a>']
        if f.csv is not None:
            files.append(f'<a href="{e(f.stem)}.csv">data (CSV)</a>')
        items.append(
            f'<section class="figure" id="{e(f.id)}">\n'
            f'  <h2>{e(f.number)}: {e(f.meta.get("title", ""))}</h2>\n'
            f'  <img src="{e(f.stem)}.png" alt="{e(f.meta.get("finding", f.caption))}" width="600">\n'
            f'  <p class="caption">{e(f.caption)}</p>\n'
            f'  <p class="files">{" · ".join(files)}</p>\n'
            f'  <p class="cite">Cite: {e(f.citation())}</p>\n'
            f'</section>')
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>Figures: {e(BOOK_TITLE)}</title>\n"
            "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
            "color:#1d2733}img{max-width:100%;height:auto;border:1px solid #e6e9ee}"
            ".cite{font-size:.9rem;color:#4a5563}section{margin-bottom:3rem}</style>\n</head>\n<body>\n"
            f"<h1>Figures of “{e(BOOK_TITLE)}”</h1>\n"
            f"<p>Scenario {e(str(first.get('scenario', '')))} · parameters "
            f"<code>{e(str(first.get('fingerprint', '')))}</code> · {e(str(first.get('date', '')))} · colossus "
            f"{e(str(first.get('version', '')))}. Each figure carries its title, scenario, parameter fingerprint, "
            "date and source in the image itself; its CSV starts with the same lines after <code>#</code>.</p>\n"
            + "\n".join(items) + "\n</body>\n</html>\n")


def write_figures(site: Path, out: Path, jobs: int | None = None) -> list[Figure]:
    """Write every figure of the built ``site`` into ``out`` (replaced as a whole, only
    when all went well): SVG, PNG, CSV and ``index.html``. Returns the figures."""
    site, out = Path(site), Path(out)
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site} is not a built book (no index.html); run `make book` first")
    figs = site_figures(site)
    if not figs:
        raise ValueError(f"{site}: no figures found")
    ids = [f.id for f in figs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"figure ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".figures-", dir=out.parent))
    try:
        with ThreadPoolExecutor(max_workers=jobs or min(8, os.cpu_count() or 1)) as pool:
            list(pool.map(lambda f: render(f, tmp), figs))
        (tmp / "index.html").write_text(index_html(figs), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return figs
