"""The book's charts in a 16:9 slide form: ``make figures`` writes one per figure
(``<figure-id>-<fingerprint>-slide.png``, 1920 x 1080) and ``make slides`` puts them on the
deck.

A slide-form chart is the figure's own Vega-Lite spec (from the built page, as
:mod:`colossus.figures.export` reads it), redrawn for a slide with vl-convert:

- the title is the takeaway, the first sentence of the figure's finding, the sentence the
  chapter's wording functions wrote (:func:`takeaway`); no second copy of any wording;
- the source line names the filings the data come from (:data:`FIGURE_SOURCES`, titles
  read from ``data/sources.bib``), not the repository's files, and the data's as-of date
  (:func:`data_as_of`: the latest as-of date of the facts from those filings, or of the
  figure's own dated data); then the scenario, the parameter fingerprint, the date and the
  version;
- no control: sliders are dropped and the chart is drawn at this build's values, and a
  legend entry that referred to a slider ("notice as on the slider") names that value;
- no label is cut: label limits are lifted;
- the layout fills a 16:9 box: panels stacked in the book are set side by side (two,
  or two columns of more), and plot sizes are scaled until the drawing fits the box.
"""
from __future__ import annotations

import copy
import functools
import json
import re
import textwrap
from pathlib import Path

from ..inputs import config

#: The slide-form PNG: 16:9, 1920 x 1080 pixels (a 960 x 540 drawing at twice the size).
SLIDE_W, SLIDE_H, SCALE = 960, 540, 2
#: Text sizes of the slide form, in px of the 960 x 540 drawing (1 px = 1 pt on a 13.33 in slide).
TITLE_PX, SUBTITLE_PX, TEXT_PX = 24, 14, 14

#: What each figure's data comes from: (keys of data/sources.bib, what else), by figure id
#: or by its chapter's prefix. The keys name the filings (and, where the data is not in a
#: filing, the sources the book cites for it); "what else" is the model part.
FIGURE_SOURCES: dict[str, tuple[tuple[str, ...], str]] = {
    "fig-deal-timeline": (("spacexs1a2026", "spacexfwp2026", "spacex10q2026q2"),
                          "press reports listed in the book's References"),
    "fig-lease-gpu-hour-price": (("spacexs1a2026", "mercatus2026"), "the lease model"),
    "fig-lease": (("spacexs1a2026", "spacexfwp2026"), "the lease model"),
    "fig-offset": (("spacex10q2026q2", "spacexq2release2026", "type0_2026"), "the losses-offset model"),
    "fig-ipo-share-price": (("spacexs1a2026", "spacex10q2026q2"), "reported share prices (the book's References)"),
    "fig-ipo": (("spacexs1a2026", "spacex10q2026q2"), "the valuation model"),
    "fig-scenarios": (("spacexs1a2026",), "the bull and bear values of the book's assumptions"),
    "fig-brief-quarters": (("spacex10q2026q2", "type0_2026"), "the losses-offset model"),
    "fig-brief": (("spacexs1a2026",), "the lease model"),
}


def sources_of(fig_id: str) -> tuple[tuple[str, ...], str]:
    """The filings (bib keys) and model part of a figure: its own entry, else its chapter's.

    >>> sources_of("fig-offset-ai-segment-quarters")[0][0], sources_of("fig-lease-gpu-hour-price")[0][1]
    ('spacex10q2026q2', 'mercatus2026')
    """
    if fig_id in FIGURE_SOURCES:
        return FIGURE_SOURCES[fig_id]
    for prefix in sorted(FIGURE_SOURCES, key=len, reverse=True):
        if fig_id.startswith(prefix + "-"):
            return FIGURE_SOURCES[prefix]
    return (), "the book's model"


@functools.lru_cache(maxsize=1)
def _bib() -> dict[str, dict[str, str]]:
    """``data/sources.bib`` as ``{key: {field: text}}`` (braces and TeX escapes dropped)."""
    text = config.SOURCES_BIB.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S):
        fields = {}
        for f in re.finditer(r"(\w+)\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}", m.group(2)):
            fields[f.group(1).lower()] = re.sub(r"\s+", " ", f.group(2).replace("{", "").replace("}", "")
                                                .replace("\\$", "$").replace("\\&", "&")).strip()
        out[m.group(1).strip()] = fields
    return out


def source_name(key: str) -> str:
    """A source as a slide names it: the filer and the filing's title (with the note's
    pointer to where in it, for SEC filings), or the publisher and title.

    >>> source_name("spacex10q2026q2")
    'SpaceX, Form 10-Q for the quarter ended June 30, 2026 (SEC EDGAR; segment figures in Note 18)'
    """
    e = _bib().get(key)
    if e is None:
        raise KeyError(f"{key!r} is not in data/sources.bib")
    author = e.get("author", "")
    author = "SpaceX" if author.startswith("Space Exploration Technologies") else author
    name = f"{author}, {e.get('title', key)}"
    if "SEC EDGAR" in e.get("howpublished", ""):
        note = re.search(r"([A-Z][^.]*\bNote \d+)", e.get("note", ""))
        where = f"; {note.group(1)[0].lower() + note.group(1)[1:].replace(' are in ', ' in ')}" if note else ""
        name += f" (SEC EDGAR{where})"
    return name


def source_line(fig_id: str, version: str) -> str:
    """The slide's source line: the filings by name, then the model part.

    >>> source_line("fig-offset-spacex-quarters", "0.1.0").startswith("Source: SpaceX, Form 10-Q")
    True
    """
    keys, rest = sources_of(fig_id)
    names = [source_name(k) for k in keys]
    return "Source: " + "; ".join(names + [f"{rest} (colossus {version})"])


def _date(text: str) -> str | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(text).strip())
    if not m:
        return None
    return "-".join(g for g in m.groups() if g)


def data_as_of(fig_id: str, csv_text: str | None = None) -> str:
    """The data's as-of date: the latest as-of date of the facts from the figure's filings
    and of any date column of its own data (``csv_text``, its CSV), ISO-formatted to the
    precision it has (``2026-06-30``, ``2026-08``).

    >>> data_as_of("fig-offset-ai-segment-quarters") >= "2026-06-30"
    True
    """
    import io

    import pandas as pd

    from ..inputs.facts import facts

    keys, _ = sources_of(fig_id)
    table = facts()
    dates = [d for d in (_date(x) for x in table.loc[table["source"].isin(keys), "as_of"].astype(str)) if d]
    if csv_text:
        data = pd.read_csv(io.StringIO(csv_text), comment="#", dtype=str)
        for col in data.columns:
            if col in ("date", "as_of") or col.endswith("_date"):
                dates += [d for d in (_date(x) for x in data[col].dropna()) if d]
    # the latest day stated; a date given only to the month or year ranks below a day in it
    return max(dates, key=lambda d: (d + "-00-00")[:10]) if dates else "undated"


def takeaway(finding: str) -> str:
    """The first sentence of a finding (:func:`takeaway_of`)."""
    return takeaway_of(finding)


# --------------------------------------------------------------------------- the spec

_VIEW_KEYS = ("mark", "layer", "vconcat", "hconcat", "concat", "facet", "repeat")


def _walk(node, fn):
    """Call ``fn`` on every dict of a spec, depth first."""
    if isinstance(node, dict):
        fn(node)
        for v in list(node.values()):
            _walk(v, fn)
    elif isinstance(node, list):
        for v in node:
            _walk(v, fn)


def slider_values(spec: dict) -> dict:
    """Each bound parameter (a slider, a switch) and this build's value of it."""
    found = {}

    def fn(d):
        for prm in d.get("params", []) or []:
            if isinstance(prm, dict) and "bind" in prm and "value" in prm:
                found[prm["name"]] = prm["value"]
    _walk(spec, fn)
    return found


def slider_phrase(name: str, value) -> str | None:
    """How a legend names a slider's value on a slide (the chart is drawn at it).

    >>> slider_phrase("notice_index", 0), slider_phrase("notice_index", 7)
    ('no notice served', 'notice served at the start of lease month 7')
    """
    if name == "notice_index":
        return "no notice served" if int(value) == 0 else f"notice served at the start of lease month {int(value)}"
    return None


def _replace_strings(node, old: str, new: str):
    if isinstance(node, dict):
        return {k: _replace_strings(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_strings(v, old, new) for v in node]
    if isinstance(node, str):
        return node.replace(old, new)
    return node


def slide_spec(spec: dict, *, title: list[str] | None, subtitle: list[str], fonts: int = TEXT_PX,
               columns: int = 2) -> dict:
    """The figure's spec in slide form (see the module's docstring), before sizing; more
    than two stacked panels are laid out in ``columns`` columns."""
    s = copy.deepcopy({k: v for k, v in spec.items() if k not in ("$schema", "usermeta", "description")})
    for name, value in slider_values(s).items():
        phrase = slider_phrase(name, value)
        if phrase:
            s = _replace_strings(s, "notice as on the slider", phrase)

    def fix(d):
        for prm in d.get("params", []) or []:
            if isinstance(prm, dict):
                prm.pop("bind", None)
        for key in ("labelLimit", "titleLimit", "limit"):
            if key in d and not isinstance(d[key], dict):
                d[key] = 0
        for key in ("axis", "legend"):
            if isinstance(d.get(key), dict) and isinstance(d[key].get("title"), list):
                d[key]["title"] = " ".join(d[key]["title"])
    _walk(s, fix)
    # panels stacked for a page's column are set side by side for a 16:9 box
    if "vconcat" in s and len(s["vconcat"]) == 2:
        s["hconcat"] = s.pop("vconcat")
    elif "vconcat" in s and len(s["vconcat"]) > 2:
        s["concat"] = s.pop("vconcat")
        s["columns"] = columns
    cfg = s.setdefault("config", {})
    for key in ("axis", "legend", "header"):
        c = cfg.setdefault(key, {})
        c.update({"labelFontSize": fonts, "titleFontSize": fonts, "labelLimit": 0, "titleLimit": 0})
    cfg["legend"].update({"orient": "top", "columns": 0, "direction": "horizontal", "symbolSize": 120})
    cfg.setdefault("title", {}).update({"fontSize": fonts + 2, "anchor": "start"})   # panel titles
    cfg["text"] = {**cfg.get("text", {}), "fontSize": fonts - 1}
    cfg["font"] = "DejaVu Sans, sans-serif"
    s["background"] = "white"
    s["padding"] = {"left": 16, "right": 16, "top": 12, "bottom": 12}
    s["title"] = {"text": title or "", "subtitle": subtitle, "fontSize": TITLE_PX, "subtitleFontSize": SUBTITLE_PX,
                  "subtitleColor": "#4a5563", "anchor": "start", "color": "#1d2733", "offset": 14,
                  "subtitlePadding": 6}
    if not title:
        s["title"] = {"text": subtitle, "fontSize": SUBTITLE_PX, "fontWeight": "normal", "color": "#4a5563",
                      "anchor": "start", "offset": 10} if subtitle else None
        if s["title"] is None:
            del s["title"]
    return s


def _scale_views(node, fx: float, fy: float, top: bool = True):
    """Scale every view's numeric width and height (and step sizes) by ``fx`` and ``fy``."""
    if isinstance(node, list):
        for v in node:
            _scale_views(v, fx, fy, False)
        return
    if not isinstance(node, dict):
        return
    is_view = any(k in node for k in _VIEW_KEYS)
    if is_view:
        for key, f in (("width", fx), ("height", fy)):
            v = node.get(key)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                node[key] = max(40, int(v * f))
            elif isinstance(v, dict) and isinstance(v.get("step"), (int, float)):
                node[key] = {"step": max(6, round(v["step"] * f, 1))}
    for key, v in node.items():
        if key in ("config", "title", "mark", "encoding", "data", "datasets", "params", "transform"):
            continue
        _scale_views(v, fx, fy, False)


def _svg(spec: dict) -> tuple[str, float, float]:
    """The drawing of ``spec`` (SVG) and its width and height in px."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return svg, float(m.group(1)), float(m.group(2))


def _svg_size(spec: dict) -> tuple[float, float]:
    return _svg(spec)[1:]


def _scaled(spec: dict, fx: float, fy: float) -> dict:
    s = copy.deepcopy(spec)
    _scale_views(s, fx, fy)
    return s


def fit(spec: dict, width: int, height: int, tries: int = 5) -> dict:
    """Scale the views of ``spec`` so that its drawing fills ``width`` x ``height`` px
    without passing it. Text keeps its size; only the plots grow or shrink, so the drawing's
    size is about linear in the plots' scale, and a secant step per dimension finds it in a
    few redraws (each one vl-convert SVG)."""
    from .export import _static_spec

    titled = _static_spec(spec)
    # the title block keeps its size: fit the chart without it into the box below it
    base = {k: v for k, v in titled.items() if k != "title"}
    titled_h = base_h = 0.0
    if "title" in titled:
        titled_h, base_h = _svg_size(titled)[1], _svg_size(base)[1]
        height -= titled_h - base_h
    seen: list[tuple[float, float, float, float]] = []   # (fx, fy, w, h)
    fx = fy = 1.0
    for _ in range(tries):
        _, w, h = _svg(_scaled(base, fx, fy))
        seen.append((fx, fy, w, h))
        if width * 0.95 <= w <= width and height * 0.92 <= h <= height:
            break
        if len(seen) == 1:
            nx, ny = fx * width / w, fy * height / h
        else:
            (px, py, pw, ph) = seen[-2]
            nx = fx + (width - w) * (fx - px) / (w - pw) if abs(w - pw) > 0.5 else fx * width / w
            ny = fy + (height - h) * (fy - py) / (h - ph) if abs(h - ph) > 0.5 else fy * height / h
        # aim a little inside the box; never below a tenth of the book's size
        fx, fy = max(0.1, nx * 0.995), max(0.1, ny * 0.99)
    fitting = [c for c in seen if c[2] <= width and c[3] <= height]
    fx, fy, w, h = max(fitting, key=lambda c: c[2] * c[3]) if fitting else seen[-1]
    out = _scaled(titled, fx, fy)
    out["usermeta"] = {"slideform": {"width": w, "height": h + (titled_h - base_h if "title" in titled else 0)}}
    return out


def render_png(spec: dict, width: int, height: int, scale: int = SCALE) -> bytes:
    """``spec`` drawn at ``scale`` and centred on a white ``width`` x ``height`` canvas
    (times ``scale``); a drawing still larger than the canvas is scaled down to fit."""
    import io

    import vl_convert as vlc
    from PIL import Image

    png = vlc.vegalite_to_png(spec, scale=scale)
    with Image.open(io.BytesIO(png)) as im:
        im = im.convert("RGB")
        W, H = round(width * scale), round(height * scale)
        if im.width > W or im.height > H:
            r = min(W / im.width, H / im.height)
            im = im.resize((int(im.width * r), int(im.height * r)), Image.LANCZOS)
        canvas = Image.new("RGB", (W, H), "white")
        canvas.paste(im, ((W - im.width) // 2, (H - im.height) // 2))
        out = io.BytesIO()
        canvas.save(out, format="PNG", optimize=True)
        return out.getvalue()


def slide_lines(fig) -> tuple[list[str], list[str]]:
    """``(title lines, subtitle lines)`` of a figure's slide form: the takeaway; the source
    line naming the filings; the data's as-of date with the scenario, fingerprint, date,
    version and figure number."""
    m = fig.meta
    title = textwrap.wrap(takeaway(str(m.get("finding") or fig.caption)), 64, break_on_hyphens=False)
    subtitle = textwrap.wrap(source_line(fig.id, m.get("version", "")), 118, break_on_hyphens=False)
    subtitle.append(f"Data as of {data_as_of(fig.id, fig.csv)} · scenario {m.get('scenario', '')} · parameters "
                    f"{m.get('fingerprint', '')} · {m.get('date', '')} · {fig.number} of “Colossus for rent”")
    return title, subtitle


def panels(spec: dict) -> int:
    """How many panels a figure has (1 for a single or layered view).

    >>> panels({"vconcat": [{}, {}, {}]}), panels({"layer": [{}, {}]})
    (3, 1)
    """
    for key in ("vconcat", "hconcat", "concat"):
        if key in spec:
            return len(spec[key])
    return 1


#: A figure of more panels than this is drawn on a box a third larger (1280 x 720) and
#: scaled to the same 1920 x 1080 pixels: its text is 21 px there, its panels get room.
ROOMY_PANELS = 2


def slide_png(fig, width: int = SLIDE_W, height: int = SLIDE_H, titled: bool = True) -> bytes:
    """The figure in slide form as PNG bytes: a ``width`` x ``height`` box at twice the
    size; ``titled`` puts the takeaway and source lines inside the image (the ``make
    figures`` export); without it (the deck, whose slides carry them as text) only the chart."""
    title, subtitle = slide_lines(fig)
    k = 4 / 3 if panels(fig.spec) > ROOMY_PANELS else 1.0
    w, h = round(width * k), round(height * k)
    # more than two panels go in two columns (three leave each plot a sliver of width: the
    # panels' labels take the room)
    spec = fit(slide_spec(fig.spec, title=title if titled else None, subtitle=subtitle if titled else [],
                          columns=2), w - 4, h - 4)
    spec.pop("usermeta", None)
    return render_png(spec, w, h, scale=SCALE / k)


def write_slide(fig, folder: Path) -> Path:
    """Write ``<id>-<fingerprint>-slide.png`` (1920 x 1080) into ``folder``."""
    path = Path(folder) / f"{fig.stem}-slide.png"
    path.write_bytes(slide_png(fig))
    return path


def spec_json(fig) -> str:
    """The slide-form spec (sized) as JSON, for a reader who wants to restyle it."""
    title, subtitle = slide_lines(fig)
    spec = fit(slide_spec(fig.spec, title=title, subtitle=subtitle), SLIDE_W - 4, SLIDE_H - 4)
    spec.pop("usermeta", None)
    return json.dumps(spec)


def takeaway_of(finding: str) -> str:
    """A slide's one-sentence takeaway: the first sentence of the figure's finding, the
    sentence the book's wording functions wrote (never a second copy of the wording).

    >>> takeaway_of("Rent covers 1.2x the loss. Later quarters cover less.")
    'Rent covers 1.2x the loss.'
    >>> takeaway_of("Expected revenue $28.6 billion of $45 billion contracted")
    'Expected revenue $28.6 billion of $45 billion contracted'
    """
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", finding.strip(), maxsplit=1)
    return parts[0]
