"""The book's charts: one house theme, an offline renderer, and one function per chart.

Rendering
---------
Altair's default HTML loads Vega from a CDN. The book instead serves one copy of Vega,
Vega-Lite and vega-embed from its own ``_static`` folder (written at build time from
``vl_convert.javascript_bundle()`` by :func:`write_vega_bundle`), and each chart is a
``<div>`` plus a few lines that call ``window.vegaEmbed`` on its spec. Importing this
module registers and enables that renderer (``"colossus"``) and the theme.

Every chart function takes data frames produced by the model and returns an Altair
chart; none computes a formula of its own. Controls (sliders) select among rows the
model precomputed for a grid of values.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import textwrap
from dataclasses import asdict, dataclass

import altair as alt
import pandas as pd

from .altair_speed import cache_converter
from .bundle import BUNDLE_NAME, write_vega_bundle  # noqa: F401  (the page's Vega script; no Altair needed)

cache_converter()   # Altair's schema-to-class table built once, not for every encoding


PALETTE = {"contracted": "#9aa5b1", "expected": "#1f6feb", "accent": "#d1495b",
           "market": "#6c757d", "good": "#2a9d8f", "ink": "#1d2733"}


@alt.theme.register("colossus", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "view": {"continuousWidth": 540, "continuousHeight": 280, "stroke": None},
            "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e9ee",
                     "domainColor": "#8792a2", "tickColor": "#8792a2", "titleColor": PALETTE["ink"]},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "top"},
            "title": {"fontSize": 14, "anchor": "start", "color": PALETTE["ink"]},
            "range": {"category": [PALETTE["expected"], PALETTE["contracted"], PALETTE["accent"],
                                   PALETTE["good"], "#f4a261", "#6a4c93", "#8d99ae"]},
        }
    }


# --------------------------------------------------------------------------- figures and provenance

@dataclass(frozen=True)
class Provenance:
    """What every figure states about where it came from: the scenario, the parameter
    fingerprint, the build's date and version (from the commit), and the chapter."""
    scenario: str
    fingerprint: str
    date: str
    version: str
    chapter: str


_PROVENANCE: Provenance | None = None


def set_provenance(*, scenario: str, fingerprint: str, date: str, version: str, chapter: str) -> Provenance:
    """Set the provenance every figure of this chapter carries (call once, at the top of
    a chapter, with the injected ``scenario_label``, ``p.fingerprint``, ``build_date`` and
    ``build_version``)."""
    global _PROVENANCE
    _PROVENANCE = Provenance(scenario, fingerprint, date, version, chapter)
    return _PROVENANCE


@dataclass(frozen=True)
class Slider:
    """A chart control whose position the figure states when it is off this build's value.

    ``param`` is the Vega-Lite parameter; ``label`` what it is; ``shown`` a Vega
    expression with ``{}`` where the value goes, e.g. ``"format({} / 10000, '.2%')"``;
    ``control`` names the control in the note ("Slider moved: h 5.00% (this build: 3.00%)")."""
    param: str
    label: str
    shown: str = "{}"
    control: str = "Slider"


#: Title and subtitle lines are wrapped to these many characters, so that a figure
#: narrowed to a phone's width (about 340 px of plot) keeps every word of its provenance.
TITLE_CHARS, SUBTITLE_CHARS = 46, 62


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _params(spec: dict) -> dict:
    """Every parameter of a spec by name (top level and nested views)."""
    found: dict = {}

    def walk(node):
        if isinstance(node, dict):
            for prm in node.get("params", []) or []:
                if isinstance(prm, dict) and "name" in prm:
                    found.setdefault(prm["name"], prm)
            for key in ("layer", "vconcat", "hconcat", "concat"):
                for child in node.get(key, []) or []:
                    walk(child)
            if isinstance(node.get("spec"), dict):
                walk(node["spec"])
    walk(spec)
    return found


def provenance_lines(prov: Provenance, source: str) -> list[str]:
    """The subtitle every figure carries: scenario, fingerprint and date, then the source."""
    return [f"Scenario {prov.scenario} · parameters {prov.fingerprint} · {prov.date}",
            *_lines(f"Source: colossus {prov.version}, chapter “{prov.chapter}”; data: {source}", SUBTITLE_CHARS)]


def figure_csv(data: pd.DataFrame, *, fig_id: str, title: str, source: str, prov: Provenance) -> str:
    """A figure's data as CSV, headed by ``#`` lines with its provenance
    (``pandas.read_csv(path, comment="#")`` reads it back)."""
    head = [f"# {fig_id}: {title}",
            f"# Scenario: {prov.scenario}; parameters: {prov.fingerprint}; date: {prov.date}",
            f"# Source: colossus {prov.version}, chapter “{prov.chapter}”; data: {source}"]
    # ten significant digits: exact for every amount the model shows, half the size of repr()
    return "\n".join(head) + "\n" + data.to_csv(index=False, lineterminator="\n", float_format="%.10g")


def _title_and_meta(params: dict, *, fig_id: str, title: str, finding: str, source: str,
                    data: pd.DataFrame | None, slider: Slider | None,
                    provenance: Provenance | None) -> tuple[alt.TitleParams, dict]:
    """The title (with the slider line) and the ``usermeta`` a figure carries; ``params``
    are the chart's parameters by name (:func:`_params` of its spec)."""
    prov = provenance or _PROVENANCE
    if prov is None:
        raise ValueError("no provenance: call charts.set_provenance(...) first or pass provenance=")
    if not re.fullmatch(r"fig-[a-z0-9]+(-[a-z0-9]+)*", fig_id):
        raise ValueError(f"figure id {fig_id!r}: use fig-<what-it-shows>, lower case and hyphens")
    head = _lines(title, TITLE_CHARS)
    text: object = head
    if slider is not None:
        if slider.param not in params:
            raise ValueError(f"{fig_id}: the chart has no parameter {slider.param!r}")
        build = json.dumps(params[slider.param]["value"])
        note = (f"'{slider.control} moved: {slider.label} ' + {slider.shown.format(slider.param)}"
                f" + ' (this build: ' + {slider.shown.format(build)} + ')'")
        lines = ", ".join(json.dumps(line) for line in head)
        text = {"expr": f"{slider.param} == {build} ? [{lines}] : [{lines}, {note}]"}
    meta = {"id": fig_id, "title": title, "finding": finding, "source": source, **asdict(prov)}
    if data is not None:
        meta["csv"] = figure_csv(data, fig_id=fig_id, title=title, source=source, prov=prov)
    return (alt.TitleParams(text=text, subtitle=provenance_lines(prov, source),
                            subtitleColor="#4a5563", subtitleFontSize=11),
            {"colossus": meta})


def with_provenance(chart: alt.TopLevelMixin, *, fig_id: str, title: str, finding: str, source: str,
                    data: pd.DataFrame | None = None, slider: Slider | None = None,
                    provenance: Provenance | None = None) -> alt.TopLevelMixin:
    """``chart`` with its provenance inside it: a title, a subtitle with the scenario, the
    parameter fingerprint, the date and a source line, and, for a chart with a slider, a
    title line that appears only when the slider is off this build's value ("Slider moved: ...").

    The figure's id, finding (the chart's ``aria-label``) and data (as CSV, for the link
    under it) travel in the spec's ``usermeta``, which the renderer reads."""
    params = _params(chart.to_dict(validate=False)) if slider is not None else {}
    title_params, usermeta = _title_and_meta(params, fig_id=fig_id, title=title, finding=finding, source=source,
                                             data=data, slider=slider, provenance=provenance)
    return chart.properties(title=title_params, usermeta=usermeta)


def provenance_spec(chart: alt.TopLevelMixin, **kwargs) -> dict:
    """The Vega-Lite spec of :func:`with_provenance` ``(chart, **kwargs)``, as the renderer
    takes it (``to_dict(validate=False, context={"pre_transform": False})``), made from one
    rendering of ``chart``: the title and ``usermeta`` are top-level keys, set on the spec
    instead of on a copy of the chart (Altair's copy and its check of the two properties
    were a fifth of the figures' time). ``tests/figures/test_charts.py`` checks that both
    give the same spec for every chart of the book."""
    spec = chart.to_dict(validate=False, context={"pre_transform": False})
    title_params, usermeta = _title_and_meta(_params(spec), **{"data": None, "slider": None, "provenance": None,
                                                               **kwargs})
    spec["title"] = title_params.to_dict(validate=False)
    spec["usermeta"] = usermeta
    return spec


def figure(chart: alt.TopLevelMixin, **kwargs) -> None:
    """Glue ``chart`` with its provenance (see :func:`with_provenance`) under its figure id,
    for a ``{glue:figure}`` directive that numbers and captions it::

        ```{glue:figure} fig-lease-schedule
        :name: fig-lease-schedule
        :figclass: colossus-figure

        Caption.
        ```
    """
    from myst_nb import glue

    # Rendered here without Altair's schema validation, which was a fifth of a chapter's
    # execution time; tests/figures/test_charts.py validates every chart of a built book instead.
    spec = provenance_spec(chart, **kwargs)
    glue(kwargs["fig_id"], _Rendered(_embed_html(spec), kwargs["fig_id"]), display=False)


class _Rendered:
    """A chart already rendered to its MIME bundle, for ``glue``; its plain-text form names
    the figure (never a memory address, so the executed notebook is the same every build)."""

    def __init__(self, bundle: dict, name: str):
        self.bundle, self.name = bundle, name

    def __repr__(self) -> str:
        return f"<figure {self.name}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def _attr(text: str) -> str:
    return html.escape(str(text), quote=True)


#: vega-embed's options: SVG rendering, exports at twice the size, no source/editor links.
EMBED_OPTIONS = {"mode": "vega-lite", "renderer": "svg", "scaleFactor": 2,
                 "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


#: What a chart does once drawn, before it marks itself ``data-rendered`` (the page's
#: ready signal, :mod:`colossus.book.a11y`, waits for every chart): name Vega-Embed's menu,
#: hide empty mark groups (a layer with no data in this build), and tell the page.
CHART_DONE_JS = """
    el.querySelectorAll("details > summary").forEach(function (s) {
      if (!s.textContent.trim() && !s.getAttribute("aria-label")) {
        s.setAttribute("aria-label", "Chart menu: save the chart as an image or view its source");
      }
    });
    function hideEmpty() {
      el.querySelectorAll("svg g[role=graphics-symbol]:empty").forEach(function (g) {
        g.setAttribute("aria-hidden", "true");
      });
    }
    hideEmpty();
    if (!el.getAttribute("data-rendered")) {  // a slider or a selection redraws: hide again
      new MutationObserver(hideEmpty).observe(el, {childList: true, subtree: true});
    }
    el.setAttribute("data-rendered", "true");
    document.dispatchEvent(new CustomEvent("colossus:chart-rendered", {detail: el.id}));
"""


#: Below this column width (CSS px) a chart is re-laid out for a phone (see _embed_html):
#: panels stacked, legends below, and its title and subtitle lines re-wrapped to these
#: many characters (14 px and 11 px text in a phone's column of about 300 px).
PHONE_PX = 600
PHONE_TITLE_CHARS = 30
PHONE_SUBTITLE_CHARS = 40
#: On a phone, axis, legend and subtitle text is drawn at least this size (px) before any
#: scaling that is left, so that it stays at 11 px or more on the screen.
PHONE_MIN_FONT = 12


def _embed_html(spec: dict, **_: object) -> dict:
    """Renderer: a div and an inline call to the book's own ``vegaEmbed`` (no CDN).

    A figure (a spec with ``usermeta.colossus``, from :func:`with_provenance`) gets a
    stable id named for it, its finding as ``aria-label``, exports named
    ``<figure-id>-<fingerprint>.png|svg`` and a link to its data as CSV under it (a
    ``data:`` URI, so it works offline and from disk). The chart is narrowed to its
    column when that is narrower than the chart (a phone), by shrinking its widths and
    redrawing; as a last resort the drawing is scaled down. In a column narrower than
    :data:`PHONE_PX` (a phone) the chart is first re-laid out: side-by-side panels stacked,
    legends below, so that its text keeps its size."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}  # a URL; the mode is set below
    meta = dict((spec.get("usermeta") or {}).get("colossus") or {})
    csv = meta.pop("csv", None)
    if meta:
        spec["usermeta"] = {**spec["usermeta"], "colossus": meta}
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    opts = dict(EMBED_OPTIONS)
    if meta:
        chart_id = f"{meta['id']}-chart"
        opts["downloadFileName"] = f"{meta['id']}-{meta['fingerprint']}"
        desc = meta["finding"]
    else:
        chart_id = "chart-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
        opts["downloadFileName"] = chart_id
        desc = spec.get("description") or spec.get("title") or "chart"
        if isinstance(desc, dict):
            desc = desc.get("text", "chart")
    safe = payload.replace("</", "<\\/")
    links = ""
    if meta and csv is not None:
        b64 = base64.b64encode(csv.encode("utf-8")).decode("ascii")
        links = (f'\n<p class="colossus-figure-links"><a class="colossus-csv" '
                 f'download="{_attr(meta["id"])}-{_attr(meta["fingerprint"])}.csv" '
                 f'href="data:text/csv;charset=utf-8;base64,{b64}">Data (CSV)</a>'
                 f'<span class="colossus-screen-only"> · PNG or SVG from the chart menu (…), at twice the size</span></p>')
    data_attrs = (f' data-figure="{_attr(meta["id"])}" data-fingerprint="{_attr(meta["fingerprint"])}"'
                  if meta else "")
    html_out = f"""<div class="colossus-chart" id="{chart_id}" role="figure" aria-label="{_attr(desc)}"{data_attrs}></div>
<script type="text/javascript">
(function () {{
  var spec = {safe};
  function shrink(s, ratio, excess) {{
    if (s.width === undefined && !s.hconcat && !s.vconcat && !s.concat && s.config && s.config.view &&
        typeof s.config.view.continuousWidth === "number") {{ s.width = s.config.view.continuousWidth; }}
    if (typeof s.width === "number") {{ s.width = Math.max(80, Math.floor(s.width - excess)); }}
    else if (s.width && typeof s.width.step === "number") {{ s.width = {{step: Math.max(6, Math.floor(s.width.step * ratio))}}; }}
    ["vconcat", "concat", "layer"].forEach(function (k) {{ (s[k] || []).forEach(function (c) {{ shrink(c, ratio, excess); }}); }});
    (s.hconcat || []).forEach(function (c) {{ shrink(c, ratio, excess / s.hconcat.length); }});
  }}
  var PHONE_LEGEND = {{orient: "bottom", direction: "vertical", columns: 1}};
  function rewrap(line, n) {{
    var out = [], cur = "";
    String(line).split(/\\s+/).forEach(function (w) {{
      if (cur && (cur + " " + w).length > n) {{ out.push(cur); cur = w; }} else {{ cur = cur ? cur + " " + w : w; }}
    }});
    if (cur) out.push(cur);
    return out;
  }}
  function rewrapTitle(t) {{
    if (!t || typeof t !== "object" || Array.isArray(t)) return;
    var lines = function (xs, n) {{ return [].concat.apply([], [].concat(xs).map(function (x) {{ return rewrap(x, n); }})); }};
    if (Array.isArray(t.text) || typeof t.text === "string") t.text = lines(t.text, {PHONE_TITLE_CHARS});
    else if (t.text && typeof t.text.expr === "string") {{  // a slider's title: each line literal of its arrays
      t.text.expr = t.text.expr.replace(/([\\[,]\\s*)"((?:[^"\\\\]|\\\\.)*)"(?=\\s*[,\\]])/g, function (m, lead, body) {{
        return lead + rewrap(JSON.parse('"' + body + '"'), {PHONE_TITLE_CHARS}).map(function (x) {{ return JSON.stringify(x); }}).join(", ");
      }});
    }}
    if (t.subtitle) t.subtitle = lines(t.subtitle, {PHONE_SUBTITLE_CHARS});
    t.subtitleFontSize = Math.max(t.subtitleFontSize || 0, {PHONE_MIN_FONT});
  }}
  function restack(s) {{
    if (typeof s.title === "string" && s.title.length > {PHONE_TITLE_CHARS}) {{ s.title = rewrap(s.title, {PHONE_TITLE_CHARS}); }}
    else if (Array.isArray(s.title)) {{ s.title = [].concat.apply([], s.title.map(function (x) {{ return rewrap(x, {PHONE_TITLE_CHARS}); }})); }}
    rewrapTitle(s.title);
    if (s.mark && typeof s.mark === "object" && typeof s.mark.fontSize === "number") {{
      s.mark.fontSize = Math.max(s.mark.fontSize, {PHONE_MIN_FONT});
    }}
    if (s.hconcat) {{ s.vconcat = s.hconcat; delete s.hconcat; }}
    if (s.concat) {{ s.columns = 1; }}
    ["vconcat", "concat", "layer"].forEach(function (k) {{ (s[k] || []).forEach(restack); }});
    Object.keys(s.encoding || {{}}).forEach(function (ch) {{
      var enc = s.encoding[ch];
      if (!enc || typeof enc !== "object") return;
      if (enc.legend && typeof enc.legend === "object") {{ Object.assign(enc.legend, PHONE_LEGEND); }}
      if (typeof enc.title === "string" && enc.title.length > {PHONE_SUBTITLE_CHARS}) {{ enc.title = rewrap(enc.title, {PHONE_SUBTITLE_CHARS}); }}
      if ((ch === "y" || ch === "row") && (enc.type === "nominal" || enc.type === "ordinal") && enc.axis !== null) {{
        // long category labels on the side axis break into lines of about 18 characters, at a
        // space, a dot or an underscore (parameter names), which stay in the label
        enc.axis = Object.assign({{}}, enc.axis);
        if (enc.axis.labelExpr === undefined) {{
          enc.axis.labelExpr = "split(trim(replace(datum.label, /(.{{1,17}}[\\\\s._]|.{{1,18}}$)/g, '$1\\\\n')), '\\\\n')";
          enc.axis.labelLimit = 0;
        }}
      }}
      if (enc.axis && typeof enc.axis.title === "string" && enc.axis.title.length > {PHONE_SUBTITLE_CHARS}) {{
        enc.axis.title = rewrap(enc.axis.title, {PHONE_SUBTITLE_CHARS});
      }}
    }});
    if (s.config) {{
      s.config.legend = Object.assign({{}}, s.config.legend, PHONE_LEGEND);
      // the smallest text one size up, so that what scaling is left keeps it at 11 px or more
      s.config.text = Object.assign({{}}, s.config.text);
      s.config.text.fontSize = Math.max(s.config.text.fontSize || 0, {PHONE_MIN_FONT});
      ["axis", "legend"].forEach(function (k) {{
        var c = s.config[k] = Object.assign({{}}, s.config[k]);
        ["labelFontSize", "titleFontSize"].forEach(function (f) {{ c[f] = Math.max(c[f] || 0, {PHONE_MIN_FONT}); }});
      }});
    }}
  }}
  function draw() {{
    var el = document.getElementById("{chart_id}");
    if (!window.vegaEmbed) {{
      el.textContent = "This chart needs the book's Vega bundle ({BUNDLE_NAME}), which did not load.";
      console.error("vegaEmbed missing for {chart_id}");
      return;
    }}
    var opts = {json.dumps(opts, sort_keys=True)};
    function done() {{
      var svg = el.querySelector("svg");
      if (svg && el.parentElement && svg.getBoundingClientRect().width > el.parentElement.clientWidth) {{
        el.style.display = "block";  // scale the drawing to the column, not to itself
      }}
      el.style.maxWidth = "100%";
      if (svg) {{ svg.style.maxWidth = "100%"; svg.style.height = "auto"; }}
{CHART_DONE_JS}    }}
    // A phone (a column under PHONE_PX): side-by-side panels go one above the other and
    // legends below, so the chart is re-laid out rather than shrunk (text stays >= 11 px).
    var column = el.parentElement ? el.parentElement.clientWidth : 0;
    var first = spec;
    if (column > 0 && column < {PHONE_PX}) {{ first = JSON.parse(JSON.stringify(spec)); restack(first); }}
    function fit(res, current, tries) {{
      // vega-embed makes el an inline-block as wide as the chart, plus padding for its menu
      var svg = el.querySelector("svg"), cs = window.getComputedStyle(el);
      var pad = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
      var avail = (el.parentElement ? el.parentElement.clientWidth : 0) - pad - (first !== spec ? 16 : 0);
      var width = svg ? svg.getBoundingClientRect().width : 0;
      if (avail <= 0 || width <= avail + 1 || tries >= 4) {{ done(); return; }}
      var narrow = JSON.parse(JSON.stringify(current));
      shrink(narrow, avail / width, width - avail);
      res.finalize();
      return window.vegaEmbed(el, narrow, opts).then(function (r) {{ return fit(r, narrow, tries + 1); }});
    }}
    window.vegaEmbed(el, first, opts).then(function (res) {{ return fit(res, first, 0); }})
      .catch(function (err) {{ console.error("chart {chart_id}: " + err); }});
  }}
  if (document.readyState === "loading") {{ document.addEventListener("DOMContentLoaded", draw); }}
  else {{ draw(); }}
}})();
</script>{links}"""
    if meta:  # pasted into a numbered figure: framed as MyST-NB frames a cell's output (same CSS, same width)
        html_out = f'<div class="cell_output colossus-figure-body">\n{html_out}\n</div>'
    return {"text/html": html_out}


alt.renderers.register("colossus", _embed_html)
alt.renderers.enable("colossus")
# The model's grids are bounded (a term of at most 240 months, a few dozen slider steps), so
# a long lease may pass Altair's 5,000-row guard; the data is embedded as JSON either way.
alt.data_transformers.disable_max_rows()


# --------------------------------------------------------------------------- charts

def axis_with(values, current: float, decimals: int) -> "np.ndarray":
    """The grid a chart control (or heatmap axis) offers, always including this build's
    value, so the chart can show exactly what the text says. The generated grid is rounded
    to ``decimals`` (float steps drift); the build's value is kept exact, because charts
    match it by equality.

    >>> axis_with([0.0, 0.5, 1.0], 0.25, 2).tolist(), axis_with([1.0, 2.0], 2.0, 2).tolist()
    ([0.0, 0.25, 0.5, 1.0], [1.0, 2.0])
    """
    import numpy as np

    return np.unique(np.append(np.round(np.asarray(values, dtype=float), decimals), float(current)))




# --------------------------------------------------------------------------- quarters on a time axis
# (used by the offset chapter's charts, colossus.figures.offset, and the brief's, charts_brief)

def _quarter_start(quarter: str) -> str:
    """``2026Q2`` -> ``2026-04-01``: where a calendar quarter sits on a time axis.

    >>> _quarter_start("2026Q2"), _quarter_start("2024Q1")
    ('2026-04-01', '2024-01-01')
    """
    return pd.Period(quarter, freq="Q").start_time.strftime("%Y-%m-%d")
