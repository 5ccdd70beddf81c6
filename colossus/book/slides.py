"""``make slides``: the book as a 16:9 deck whose every number comes from a built book.

The deck is made with python-pptx from a built site, not from the chapters, so nothing is
computed twice and nothing is retyped: the figures are the site's own (drawn at twice the
size by :mod:`colossus.figures.export`), each slide's takeaway is the figure's finding, the
sentence the chapter's wording functions wrote for this build (the chart's
``aria-label``), the headline table is the site's ``key_numbers_by_scenario.csv`` written
by :func:`colossus.words.summary_text.headline`, and the provenance (scenario, parameter
fingerprint, date, version, source) is the site's.

Slides, in order:

1. a title slide: the question, the scenario, the fingerprint, the date and the version;
2. one slide per chapter's headline figure (the first figure of each chapter, in the
   book's order): the takeaway as its title, the figure in its 16:9 slide form
   (:mod:`colossus.figures.slideform`: no slider, no cut label, panels side by side, drawn for the
   slide's box), and a footer with the source line naming the filings, the data's as-of
   date and the fingerprint; the full citation is in the speaker notes;
3. the headline numbers under base, bull and bear and this build, this build's column
   marked;
4. the filings and sources the figures' data come from.

Text is at least :data:`MIN_PT` points; the colours are the book's chart theme.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..inputs import config

#: 16:9 at PowerPoint's default widescreen size, in inches.
WIDTH_IN, HEIGHT_IN = 13.333, 7.5
#: The smallest text on any slide, in points.
MIN_PT = 14
DEFAULT_SLIDES_DIR = config.BUILD_DIR / "slides"
QUESTION = ("xAI leases its Colossus compute to Anthropic for about $1.25B a month: "
            "what is the lease worth, how much of xAI's loss does it offset, and what does it mean for SpaceX's shares?")


@dataclass(frozen=True)
class Provenance:
    """What every slide says about where it comes from."""
    scenario: str
    fingerprint: str
    date: str
    version: str

    def line(self) -> str:
        """``'Scenario base · parameters 4a46df065bb8 · 2026-12-02 · colossus 0.1.0+g…'``"""
        return f"Scenario {self.scenario} · parameters {self.fingerprint} · {self.date} · colossus {self.version}"


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def site_provenance(site: Path) -> Provenance:
    """The scenario, fingerprint, date and version of a built site (its data files)."""
    params = json.loads((site / "data" / "parameters.json").read_text())
    page = (site / "chapters" / "lease.html").read_text(encoding="utf-8")
    date = re.search(r'<time class="colossus-date">([^<]*)</time>', page)
    version = re.search(r'<span class="colossus-version">([^<]*)</span>', page)
    return Provenance(" ".join(str(params["scenario"]).split()), params["parameter_fingerprint"],
                      date.group(1) if date else "undated", version.group(1) if version else "")


def headline_rows(site: Path) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The headline numbers across scenarios: ``(columns, [(label, [cell, ...]), ...])``,
    read from the site's ``key_numbers_by_scenario.csv`` and written as the summary
    writes them (:func:`colossus.words.summary_text.headline`)."""
    from ..words.summary_text import HEADLINES, headline

    text = (site / "data" / "key_numbers_by_scenario.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO("".join(l for l in text.splitlines(True) if not l.startswith("#")))))
    columns = [c for c in rows[0] if c != "key"] if rows else []
    by_key = {r["key"]: r for r in rows}
    out = []
    for key, (label, _) in HEADLINES.items():
        if key not in by_key:
            continue
        cells = []
        for c in columns:
            raw = by_key[key][c]
            cells.append(headline(key, _parse(raw)))
        out.append((label, cells))
    return columns, out


def _parse(raw: str):
    if raw in ("", "None", "nan"):
        return None
    try:
        return float(raw)
    except ValueError:
        return raw


def headline_figures(figs: list) -> list:
    """The first figure of each chapter page, in the book's order."""
    seen, out = set(), []
    for f in figs:
        if f.page not in seen:
            seen.add(f.page)
            out.append(f)
    return out


def _textbox(slide, left, top, width, height, text, size=MIN_PT, bold=False, colour="#1d2733", wrap=True):
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = wrap
    lines = text if isinstance(text, list) else [text]
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        for run in para.runs:
            run.font.size = Pt(max(size, MIN_PT))
            run.font.name = FONT
            run.font.bold = bold
            run.font.color.rgb = _rgb(colour)
    return box


def footer_height(source: str, prov: Provenance) -> float:
    """The height (in) a footer of ``source`` and the provenance line takes at :data:`MIN_PT`."""
    lines = _lines_needed(source, MIN_PT, 12.3) + _lines_needed(prov.line(), MIN_PT, 12.3)
    return round(lines * MIN_PT * 1.2 / 72 + 0.2, 2)


def _footer(slide, prov: Provenance, source: str) -> float:
    """The footer (source line, then the provenance line) at the bottom of the slide, as
    tall as its lines need; returns its top (in)."""
    from ..figures.charts import PALETTE

    height = max(0.85, footer_height(source, prov))
    top = HEIGHT_IN - 0.1 - height
    _textbox(slide, 0.5, top, 12.3, height, [source, prov.line()], size=MIN_PT, colour=PALETTE["market"])
    return top


#: The deck's typeface: DejaVu Sans, which LibreOffice ships and which is wider than the
#: faces a client without it substitutes, so a text that fits here fits there.
FONT = "DejaVu Sans"
_FONT_FILES = {False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
               True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}


@functools.lru_cache(maxsize=None)
def _font(size_pt: float, bold: bool):
    from PIL import ImageFont

    path = _FONT_FILES[bold]
    return ImageFont.truetype(path, size=int(round(size_pt * 10))) if os.path.exists(path) else None


def _width_pt(text: str, size_pt: float, bold: bool) -> float:
    """The width of ``text`` in points, measured with the deck's face (Pillow), or a
    conservative 0.66 em a glyph where the face is not installed."""
    font = _font(size_pt, bold)
    if font is None:
        return len(text) * 0.66 * size_pt
    return font.getlength(text) / 10


def _lines_needed(text: str, size_pt: float, width_in: float, bold: bool = False) -> int:
    """Lines ``text`` takes, wrapped at words, in a box ``width_in`` wide (less the box's
    0.1 in inner margins each side, and a 5 % allowance for the renderer's spacing)."""
    limit = (width_in - 0.2) * 72 * 0.95
    lines, current = 1, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and _width_pt(trial, size_pt, bold) > limit:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines


def fit(text: str, width_in: float, max_height_in: float, sizes=(24, 20, 18, 16, MIN_PT), bold=True):
    """The largest size in ``sizes`` at which ``text`` fits ``width_in`` within
    ``max_height_in``, and the box height it needs: ``(size_pt, height_in)``; the smallest
    size when none fits (the rendering test then says so).

    >>> fit("A short takeaway.", 12.3, 1.5)
    (24, 0.6)
    >>> fit("word " * 200, 12.3, 1.5)[0]
    14
    """
    for size in sizes:
        height = round(_lines_needed(text, size, width_in, bold) * size * 1.2 / 72 + 0.2, 2)
        if height <= max_height_in:
            return size, height
    size = sizes[-1]
    return size, round(_lines_needed(text, size, width_in, bold) * size * 1.2 / 72 + 0.2, 2)


def build_deck(site: Path, out_dir: Path = DEFAULT_SLIDES_DIR) -> Path:
    """Write ``colossus-<scenario>-<fingerprint>.pptx`` for the built ``site`` into
    ``out_dir`` (renamed into place when complete); returns its path."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    from ..figures.charts import PALETTE
    from ..figures import slideform
    from ..figures.export import site_figures

    site, out_dir = Path(site), Path(out_dir)
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site} is not a built book (no index.html); run `make book` first")
    prov = site_provenance(site)
    figs = headline_figures(site_figures(site))
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    blank = deck.slide_layouts[6]

    # 1. title
    s = deck.slides.add_slide(blank)
    title = "Colossus for rent: xAI's compute lease to Anthropic"
    size, height = fit(title, 11.9, 1.8, sizes=(36, 32, 28))
    _textbox(s, 0.7, 0.6, 11.9, height, title, size=size, bold=True, colour=PALETTE["ink"])
    q_size, q_height = fit(QUESTION, 11.9, 4.6 - (0.8 + height), sizes=(22, 20, 18), bold=False)
    _textbox(s, 0.7, 0.8 + height, 11.9, q_height, QUESTION, size=q_size, colour=PALETTE["ink"])
    _textbox(s, 0.7, 4.8, 11.9, 1.4, [f"Scenario: {prov.scenario}", f"Parameter fingerprint: {prov.fingerprint}",
                                      f"Dated {prov.date} · version {prov.version}"], size=18, colour=PALETTE["market"])
    s.notes_slide.notes_text_frame.text = f"Built from the book's {prov.line()}. Analysis, not investment advice."

    # 2. one slide per chapter's headline figure
    tmp = Path(tempfile.mkdtemp(prefix="colossus-slides-"))
    sources = []
    try:
        placed = []
        for f in figs:
            s = deck.slides.add_slide(blank)
            takeaway = slideform.takeaway_of(str(f.meta.get("finding") or f.caption))
            size, height = fit(takeaway, 12.3, 1.45)
            _textbox(s, 0.5, 0.25, 12.3, height, takeaway, size=size, bold=True, colour=PALETTE["ink"])
            # the source names the filings (slideform), with the data's as-of date
            source = (f"{f.number}. {slideform.source_line(f.id, prov.version)} · data as of "
                      f"{slideform.data_as_of(f.id, f.csv)}")
            bottom = _footer(s, prov, source) - 0.05
            top = 0.25 + height + 0.1
            placed.append((f, s, top, 12.3, bottom - top))
            s.notes_slide.notes_text_frame.text = f"{takeaway}\n\n{source}\n\nCite: {f.citation()}"
            sources.extend(slideform.sources_of(f.id)[0])

        def draw(item):
            # the chart in its 16:9 slide form, drawn for its box (1 pt = 1 px), placed at that size
            f, _, _, box_w, box_h = item
            png = tmp / f"{f.stem}-deck.png"
            png.write_bytes(slideform.slide_png(f, width=round(box_w * 72), height=round(box_h * 72), titled=False))
            return png
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            pngs = list(pool.map(draw, placed))
        for (f, s, top, box_w, box_h), png in zip(placed, pngs):
            s.shapes.add_picture(str(png), Inches(0.5), Inches(top), Inches(box_w), Inches(box_h))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # 3. headline numbers across scenarios
    columns, rows = headline_rows(site)
    s = deck.slides.add_slide(blank)
    _textbox(s, 0.5, 0.3, 12.3, 0.8, "Headline numbers under each scenario", size=26, bold=True, colour=PALETTE["ink"])
    label_w = 5.1
    value_w = 7.2 / max(1, len(columns))

    bold_cols = [False] + [c == "this_build" for c in columns]

    def row_height(texts: list[str], widths: list[float], bold: list[bool]) -> float:
        lines = max(_lines_needed(t, MIN_PT, w, b) for t, w, b in zip(texts, widths, bold))
        return lines * MIN_PT * 1.2 / 72 + 0.1

    widths = [label_w] + [value_w] * len(columns)
    heights = [row_height(["Key number"] + columns, widths, [True] * len(widths))]
    heights += [row_height([label] + cells, widths, bold_cols) for label, cells in rows]
    table = s.shapes.add_table(len(rows) + 1, len(columns) + 1, Inches(0.5), Inches(1.15), Inches(12.3),
                               Inches(sum(heights))).table
    for i, h in enumerate(heights):
        table.rows[i].height = Inches(h)
    table.columns[0].width = Inches(label_w)
    for j in range(len(columns)):
        table.columns[j + 1].width = Inches(value_w)
    header = ["Key number"] + [("◀ this build" if c == "this_build" else c) for c in columns]
    for j, text in enumerate(header):
        table.cell(0, j).text = text
    for i, (label, cells) in enumerate(rows, start=1):
        table.cell(i, 0).text = label
        for j, text in enumerate(cells, start=1):
            table.cell(i, j).text = text
    for i in range(len(rows) + 1):
        for j in range(len(columns) + 1):
            cell = table.cell(i, j)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(MIN_PT)
                    run.font.name = FONT
                    run.font.bold = i == 0 or (j > 0 and columns[j - 1] == "this_build")
            if i > 0 and j > 0 and columns[j - 1] == "this_build":
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb("#dbe7fb")
    _footer(s, prov, "Source: the book's key_numbers_by_scenario.csv (base, bull, bear from data/scenarios/)")
    s.notes_slide.notes_text_frame.text = ("Each number as the book's summary writes it; the marked column is "
                                           f"this build ({prov.line()}).")

    # 4. sources
    s = deck.slides.add_slide(blank)
    _textbox(s, 0.5, 0.3, 12.3, 0.8, "Sources", size=26, bold=True, colour=PALETTE["ink"])
    unique = [slideform.source_name(k) for k in dict.fromkeys(sources)]
    _textbox(s, 0.5, 1.2, 12.3, 5.2, [f"• {x}" for x in unique] or ["(no figure names a source)"], size=MIN_PT)
    _footer(s, prov, "The book's References list every source with its link.")

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"colossus-{_slug(prov.scenario)}-{prov.fingerprint}.pptx"
    fd, tmp_name = tempfile.mkstemp(prefix=".deck-", suffix=".pptx", dir=out_dir)
    os.close(fd)
    try:
        deck.save(tmp_name)
        os.replace(tmp_name, path)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    write_preview(figs, out_dir)
    return path


#: The picture of one slide the README shows: written by ``make slides`` next to the deck.
PREVIEW = "preview.png"


def write_preview(figs: list, out_dir: Path) -> Path | None:
    """``out_dir/preview.png``: the losses-offset chapter's headline figure (else the first)
    in its titled 16:9 slide form, as a slide shows it (takeaway, chart, filings, data date,
    provenance), 1920 x 1080."""
    from ..figures import slideform

    if not figs:
        return None
    fig = next((f for f in figs if f.page.endswith("offset.html")), figs[0])
    path = Path(out_dir) / PREVIEW
    tmp = path.with_name(".preview.png.tmp")
    tmp.write_bytes(slideform.slide_png(fig))
    os.replace(tmp, path)
    return path


def _slug(text: str) -> str:
    """``'bear + mine.yml + 2 overrides'`` -> ``'bear-mine-yml-2-overrides'``

    >>> _slug("bear + mine.yml + 2 overrides")
    'bear-mine-yml-2-overrides'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "scenario"


def render_pdf(deck: Path, out_dir: Path) -> Path:
    """The deck as a reader's client draws it: LibreOffice Impress, headless, to PDF (a
    profile of its own, so runs never share one). Returns the PDF's path."""
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FileNotFoundError("LibreOffice not found: install Debian's libreoffice-impress (make test-deps)")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="colossus-lo-"))
    try:
        proc = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                               "--convert-to", "pdf", "--outdir", str(out_dir), str(deck)],
                              capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / (Path(deck).stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice could not render {deck}: {proc.stderr[-2000:]}")
    return pdf


def shape_boxes(deck: Path) -> list[list[tuple[float, float, float, float]]]:
    """Every slide's text-bearing shapes as ``(left, top, right, bottom)`` in points."""
    from pptx import Presentation

    emu = 12700.0
    out = []
    for slide in Presentation(str(deck)).slides:
        boxes = []
        for shape in slide.shapes:
            if shape.has_text_frame or (getattr(shape, "has_table", False) and shape.has_table):
                boxes.append((shape.left / emu, shape.top / emu, (shape.left + shape.width) / emu,
                              (shape.top + shape.height) / emu))
        out.append(boxes)
    return out


def deck_text(path: Path) -> list[list[str]]:
    """Every slide's text (shapes and tables), read back with python-pptx."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    texts.extend(cell.text for cell in row.cells)
        out.append(texts)
    return out
