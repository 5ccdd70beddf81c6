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

import math

import base64
import hashlib
import html
import json
import re
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path

import altair as alt
import pandas as pd

BUNDLE_NAME = "vega-offline-bundle.js"

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


def with_provenance(chart: alt.TopLevelMixin, *, fig_id: str, title: str, finding: str, source: str,
                    data: pd.DataFrame | None = None, slider: Slider | None = None,
                    provenance: Provenance | None = None) -> alt.TopLevelMixin:
    """``chart`` with its provenance inside it: a title, a subtitle with the scenario, the
    parameter fingerprint, the date and a source line, and, for a chart with a slider, a
    title line that appears only when the slider is off this build's value ("Slider moved: ...").

    The figure's id, finding (the chart's ``aria-label``) and data (as CSV, for the link
    under it) travel in the spec's ``usermeta``, which the renderer reads."""
    prov = provenance or _PROVENANCE
    if prov is None:
        raise ValueError("no provenance: call charts.set_provenance(...) first or pass provenance=")
    if not re.fullmatch(r"fig-[a-z0-9]+(-[a-z0-9]+)*", fig_id):
        raise ValueError(f"figure id {fig_id!r}: use fig-<what-it-shows>, lower case and hyphens")
    head = _lines(title, TITLE_CHARS)
    text: object = head
    if slider is not None:
        params = _params(chart.to_dict(validate=False))
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
    return chart.properties(title=alt.TitleParams(text=text, subtitle=provenance_lines(prov, source),
                                                  subtitleColor="#4a5563", subtitleFontSize=11),
                            usermeta={"colossus": meta})


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

    decorated = with_provenance(chart, **kwargs)
    # Rendered here without Altair's schema validation, which was a fifth of a chapter's
    # execution time; tests/figures/test_charts.py validates every chart of a built book instead.
    spec = decorated.to_dict(validate=False, context={"pre_transform": False})
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


def write_vega_bundle(static_dir: Path, cache_dir: Path | None = None) -> Path:
    """Write Vega + Vega-Lite + vega-embed as one classic script that defines only
    ``window.vegaEmbed``.

    ``vl_convert.javascript_bundle()`` is an ES module; its top-level names would clash
    with Sphinx's globals (``_``) as a classic script, and ``<script type=module>`` is
    blocked for pages opened from disk (file://). So its one ``export`` is turned into
    an assignment and the whole is wrapped in a function scope.
    """
    import vl_convert as vlc

    static_dir.mkdir(parents=True, exist_ok=True)
    out = static_dir / BUNDLE_NAME
    cached = cache_dir / f"vega-bundle-vl-convert-{vlc.__version__}.js" if cache_dir else None
    if cached is not None and cached.exists():  # generating the bundle takes seconds
        data = cached.read_bytes()
        if not out.exists() or out.read_bytes() != data:
            out.write_bytes(data)
        return out
    src = vlc.javascript_bundle().rstrip()
    idx = src.rfind("export {")
    if idx >= 0:  # an ES-module export clause: turn it into window assignments
        clause = src[idx:]
        assigns = []
        for item in clause[len("export {"):clause.index("}")].split(","):
            local, _, exported = item.strip().partition(" as ")
            if local:
                assigns.append(f"window.{(exported or local).strip()} = {local.strip()};")
        src = src[:idx] + "\n" + "\n".join(assigns)
    if "window.vegaEmbed" not in src:
        raise RuntimeError("vl-convert's JavaScript bundle does not define window.vegaEmbed")
    wrapped = ("/* Vega, Vega-Lite and vega-embed from vl-convert-python, in a function scope so that\n"
               "   its top-level names do not clash with the page's (Sphinx's `_`) */\n"
               "(function () {\n" + src + "\n}).call(window);\n")
    if not out.exists() or out.read_text() != wrapped:
        out.write_text(wrapped)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(wrapped)
        tmp.replace(cached)
    return out


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


def _usd_b(field: str) -> str:
    return f"format(datum['{field}'] / 1e9, ',.2f') + ' bn'"


def schedule_chart(grid: pd.DataFrame, default_h_bp: int) -> alt.VConcatChart:
    """Monthly contracted vs expected rent, and the cumulative totals, with a slider on the
    monthly notice probability ``h`` (the rows of ``grid``, from
    :func:`colossus.model.lease.hazard_grid`)."""
    steps = sorted(grid["h_bp"].unique())
    step = int(steps[1] - steps[0]) if len(steps) > 1 else 1
    hazard = alt.param(name="hazard_bp", value=int(default_h_bp),
                       bind=alt.binding_range(min=int(steps[0]), max=int(steps[-1]), step=step,
                                              name="Monthly notice probability h (basis points) "))
    long = grid.melt(id_vars=["h_bp", "h", "t", "month"],
                     value_vars=["rent_usd", "expected_rent_usd", "cum_rent_usd", "cum_expected_rent_usd"],
                     var_name="measure", value_name="usd")
    long["series"] = long["measure"].map({"rent_usd": "Contracted", "cum_rent_usd": "Contracted",
                                          "expected_rent_usd": "Expected", "cum_expected_rent_usd": "Expected"})
    long["panel"] = long["measure"].map(lambda m: "cumulative" if m.startswith("cum_") else "monthly")
    long["usd_bn"] = long["usd"] / 1e9
    base = alt.Chart(long).transform_filter("datum.h_bp == hazard_bp").encode(
        x=alt.X("month:O", title="Month", axis=alt.Axis(labelAngle=-45, labelOverlap=True)),
        color=alt.Color("series:N", title=None,
                        scale=alt.Scale(domain=["Contracted", "Expected"],
                                        range=[PALETTE["contracted"], PALETTE["expected"]])),
        tooltip=[alt.Tooltip("month:O", title="Month"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.3f"),
                 alt.Tooltip("h:Q", title="h", format=".2%")],
    )
    monthly = base.transform_filter("datum.panel == 'monthly'").mark_line(point=True, interpolate="step-after").encode(
        y=alt.Y("usd_bn:Q", title="Rent per month (USD bn)")).properties(width=560, height=220, title="Monthly rent")
    cumulative = base.transform_filter("datum.panel == 'cumulative'").mark_line(point=False).encode(
        y=alt.Y("usd_bn:Q", title="Cumulative rent (USD bn)")).properties(width=560, height=220,
                                                                          title="Cumulative rent")
    return alt.vconcat(monthly, cumulative).add_params(hazard).properties(
        description="Contracted and expected monthly and cumulative rent of the lease, by month")


def gpu_hour_chart(benchmarks: pd.DataFrame, implied: float) -> alt.LayerChart:
    """Implied $/GPU-hour of the lease against market benchmarks (``label``, ``usd_per_gpu_hour``,
    ``low``, ``high``, ``source``); clicking a bar highlights it."""
    pick = alt.selection_point(name="tier", fields=["label"], on="click", clear="dblclick")
    bars = alt.Chart(benchmarks).mark_bar(height=18).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("usd_per_gpu_hour:Q", title="USD per GPU-hour",
                scale=alt.Scale(domain=[0, max(implied, float(benchmarks["usd_per_gpu_hour"].max())) * 1.1])),
        color=alt.condition(pick, alt.value(PALETTE["market"]), alt.value("#d5dae1")),
        tooltip=[alt.Tooltip("label:N", title="Benchmark"),
                 alt.Tooltip("usd_per_gpu_hour:Q", title="USD/GPU-h", format="$.2f"),
                 alt.Tooltip("as_of:N", title="As of"), alt.Tooltip("source:N", title="Source")],
    ).add_params(pick)
    rule_df = pd.DataFrame({"usd_per_gpu_hour": [implied], "label": ["Lease, implied at full rent"]})
    rule = alt.Chart(rule_df).mark_rule(color=PALETTE["accent"], strokeWidth=3).encode(
        x="usd_per_gpu_hour:Q",
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("usd_per_gpu_hour:Q", title="USD/GPU-h", format="$.2f")])
    text = alt.Chart(rule_df).mark_text(align="left", dx=6, dy=-8, color=PALETTE["accent"], fontWeight="bold").encode(
        x="usd_per_gpu_hour:Q", y=alt.value(0), text=alt.Text("usd_per_gpu_hour:Q", format="$.2f"))
    return alt.layer(bars, rule, text).properties(
        width=400, height=alt.Step(26), description="Implied rent per GPU-hour of the lease against market benchmarks")


def margin_heatmap(grid: pd.DataFrame, base_capex: float, base_years: float) -> alt.LayerChart:
    """Operating margin of the lease over capex per GPU x depreciation life
    (:func:`colossus.model.costs.margin_grid`); the base case is outlined."""
    g = grid.assign(capex_k=grid["capex_per_gpu_usd"] / 1000.0,
                    is_base=(grid["capex_per_gpu_usd"] == base_capex) & (grid["depreciation_years"] == base_years))
    enc = dict(x=alt.X("capex_k:O", title="Capex per GPU (USD thousand)"),
               y=alt.Y("depreciation_years:O", title="Depreciation life (years)", sort="descending"))
    rect = alt.Chart(g).mark_rect().encode(
        **enc,
        color=alt.Color("operating_margin:Q", title="Margin", scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format=".0%")),
        tooltip=[alt.Tooltip("capex_per_gpu_usd:Q", title="Capex per GPU", format="$,.0f"),
                 alt.Tooltip("depreciation_years:Q", title="Life (years)"),
                 alt.Tooltip("monthly_cost_usd:Q", title="Monthly cost (USD)", format="$,.3s"),
                 alt.Tooltip("operating_margin:Q", title="Operating margin", format=".1%")])
    outline = alt.Chart(g).transform_filter("datum.is_base").mark_rect(
        fill=None, stroke=PALETTE["accent"], strokeWidth=3).encode(**enc)
    labels = alt.Chart(g).mark_text(fontSize=11).encode(
        **enc, text=alt.Text("operating_margin:Q", format=".0%"),
        color=alt.condition("datum.operating_margin > 0.8", alt.value("white"), alt.value(PALETTE["ink"])))
    return alt.layer(rect, outline, labels).properties(
        width=alt.Step(50), height=alt.Step(30),
        description="Operating margin of the lease over capex per GPU and depreciation life")


def reclaim_chart(table: pd.DataFrame, default_cents: int) -> alt.LayerChart:
    """Rent forgone vs the own-use value of the compute if xAI ends the lease after month k,
    given the lease is still alive then (:func:`colossus.model.termination.reclaim_cost`, rows
    only for the ``k`` at which it can be alive), with a slider on the own-use value."""
    cents = sorted(table["own_use_cents"].unique())
    step = int(cents[1] - cents[0]) if len(cents) > 1 else 1
    value = alt.param(name="own_use_cents", value=int(default_cents),
                      bind=alt.binding_range(min=int(cents[0]), max=int(cents[-1]), step=step,
                                             name="Own-use value of a GPU-hour (US cents) "))
    long = table.melt(id_vars=["own_use_cents", "own_use_usd_per_gpu_hour", "k", "alive_probability"],
                      value_vars=["rent_forgone_usd", "own_use_value_usd", "net_cost_usd"],
                      var_name="measure", value_name="usd")
    long["series"] = long["measure"].map({"rent_forgone_usd": "Rent forgone",
                                          "own_use_value_usd": "Value of compute to xAI",
                                          "net_cost_usd": "Net cost of reclaiming"})
    long["usd_bn"] = long["usd"] / 1e9
    lines = alt.Chart(long).transform_filter("datum.own_use_cents == own_use_cents").mark_line().encode(
        x=alt.X("k:Q", title="xAI ends the lease after month k (if it is still alive)",
                scale=alt.Scale(domain=[0, max(1, int(table["k"].max()))], nice=False)),
        y=alt.Y("usd_bn:Q", title="USD bn, rest of the term, valued at month k"),
        color=alt.Color("series:N", title=None,
                        scale=alt.Scale(domain=["Rent forgone", "Value of compute to xAI", "Net cost of reclaiming"],
                                        range=[PALETTE["contracted"], PALETTE["good"], PALETTE["accent"]])),
        strokeDash=alt.condition("datum.series == 'Net cost of reclaiming'", alt.value([6, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("k:Q", title="After month"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f"),
                 alt.Tooltip("alive_probability:Q", title="P(alive at k)", format=".1%"),
                 alt.Tooltip("own_use_usd_per_gpu_hour:Q", title="Own-use USD/GPU-h", format="$.2f")],
    ).add_params(value)
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    return alt.layer(lines, zero).properties(
        height=280, description="Rent forgone against the own-use value of the compute if xAI reclaims it")


def revenue_distribution_chart(law: pd.DataFrame, p5: float, median: float, p95: float,
                               expected: float, mc_mean: float) -> alt.LayerChart:
    """The exact law of realised lease revenue (:func:`colossus.model.termination.revenue_law`:
    one bar per possible number of paid months), with the 5th percentile, median and 95th
    percentile read from it, the expected revenue and the simulated mean (a check)."""
    d = pd.DataFrame({"revenue_bn": law["revenue_usd"].to_numpy() / 1e9,
                      "probability": law["probability"].to_numpy(),
                      "paid_months": law["paid_months"].to_numpy()})
    bars = alt.Chart(d).mark_bar(color=PALETTE["expected"], opacity=0.8, width=4).encode(
        x=alt.X("revenue_bn:Q", title="Realised revenue over the lease (USD bn)"),
        y=alt.Y("probability:Q", title="Probability", axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("paid_months:Q", title="Paid months"),
                 alt.Tooltip("revenue_bn:Q", title="Revenue (USD bn)", format=",.2f"),
                 alt.Tooltip("probability:Q", title="Probability", format=".2%")])
    marks = pd.DataFrame({"label": ["5th percentile", "Median", "95th percentile", "Expected", "Simulated mean"],
                          "usd_bn": [p5 / 1e9, median / 1e9, p95 / 1e9, expected / 1e9, mc_mean / 1e9]})
    rules = alt.Chart(marks).mark_rule(strokeWidth=2).encode(
        x="usd_bn:Q",
        color=alt.Color("label:N", title=None,
                        scale=alt.Scale(domain=list(marks["label"]),
                                        range=[PALETTE["accent"], PALETTE["ink"], PALETTE["accent"],
                                               PALETTE["good"], PALETTE["market"]])),
        strokeDash=alt.condition("datum.label == 'Simulated mean'", alt.value([5, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f")])
    return alt.layer(bars, rules).properties(
        height=260, description="Exact distribution of realised lease revenue over the possible termination months")


def timeline_chart(events: pd.DataFrame) -> alt.LayerChart:
    """The events of the deal on a time axis (``date``, ``event``, ``actor``, ``precision``,
    ``source``); click a legend entry to highlight one actor's events."""
    pick = alt.selection_point(name="actor_pick", fields=["actor"], bind="legend")
    e = events.copy()
    e["date"] = pd.to_datetime(e["date"]).dt.strftime("%Y-%m-%d")
    base = alt.Chart(e).encode(
        x=alt.X("date:T", title=None, scale=alt.Scale(padding=14),
                axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6)),
        y=alt.Y("actor:N", title=None),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                 alt.Tooltip("precision:N", title="Date known to the"),
                 alt.Tooltip("event:N", title="Event"), alt.Tooltip("source:N", title="Source")])
    points = base.mark_point(filled=True, size=140).encode(
        color=alt.Color("actor:N", title="Click to highlight"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        shape=alt.Shape("precision:N", title="Date precision")).add_params(pick)
    return alt.layer(points).properties(
        width=480, height=alt.Step(44), description="Timeline of the xAI-Anthropic compute deal and the SpaceX IPO")


# --------------------------------------------------------------------------- quarters on a time axis
# (used by the offset chapter's charts, colossus.figures.offset, and the brief's, charts_brief)

def _quarter_start(quarter: str) -> str:
    """``2026Q2`` -> ``2026-04-01``: where a calendar quarter sits on a time axis.

    >>> _quarter_start("2026Q2"), _quarter_start("2024Q1")
    ('2026-04-01', '2024-01-01')
    """
    return pd.Period(quarter, freq="Q").start_time.strftime("%Y-%m-%d")


# --------------------------------------------------------------------------- IPO chapter charts


def share_price_chart(prices: pd.DataFrame, events: pd.DataFrame, references: pd.DataFrame) -> alt.LayerChart:
    """SpaceX's share price since the IPO (:func:`colossus.inputs.facts.share_prices`: ``date``,
    ``price_usd``, ``label``, ``precision``, ``source``), the events that moved it
    (``date``, ``event``, ``actor``, ``source``; a dashed rule each, hover for the event) and
    this build's reference prices (``label``, ``price_usd``: the IPO price, the first close
    and the price analysed) as horizontal rules."""
    pr = prices.assign(date=pd.to_datetime(prices["date"]).dt.strftime("%Y-%m-%d"))
    ev = events.assign(date=pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d"))
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0, tickCount=8))
    line = alt.Chart(pr).mark_line(color=PALETTE["ink"], strokeWidth=2).encode(
        x=x, y=alt.Y("price_usd:Q", title="USD per share", scale=alt.Scale(zero=False)))
    points = alt.Chart(pr).mark_point(filled=True, size=70, color=PALETTE["ink"]).encode(
        x="date:T", y="price_usd:Q", shape=alt.Shape("precision:N", title="Date known to the"),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"), alt.Tooltip("label:N", title=""),
                 alt.Tooltip("price_usd:Q", title="USD per share", format="$,.2f"),
                 alt.Tooltip("source:N", title="Source")])
    rules = alt.Chart(ev).mark_rule(strokeDash=[4, 3], color=PALETTE["market"], strokeWidth=1.5).encode(
        x="date:T", tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                             alt.Tooltip("actor:N", title="Who"), alt.Tooltip("event:N", title="Event"),
                             alt.Tooltip("source:N", title="Source")])
    refs = alt.Chart(references).mark_rule(strokeWidth=2).encode(
        y="price_usd:Q",
        color=alt.Color("label:N", title="This build", sort=list(references["label"]),
                        scale=alt.Scale(range=[PALETTE["contracted"], PALETTE["good"], PALETTE["accent"]])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("price_usd:Q", title="USD per share", format="$,.2f")])
    return alt.layer(rules, refs, line, points).resolve_scale(color="independent").properties(
        width=500, height=300,
        description="SpaceX share price after the IPO, with the events that moved it and this build's reference prices")


#: The parts of :func:`colossus.model.valuation.sotp` (by ``key``) as the chart names them.
SOTP_COMPONENTS = {"connectivity": "Connectivity", "space": "Space", "ai_products": "AI products",
                   "compute_leasing": "Compute leasing, Anthropic", "other_tenants": "Compute leasing, other tenants",
                   "net_cash": "Net cash"}


def sotp_chart(parts: pd.DataFrame, prices: pd.DataFrame, targets: pd.DataFrame) -> alt.LayerChart:
    """The sum of the parts per share as a stacked bar, next to the share prices and the
    analysts' targets, with a switch for how compute leasing enters.

    ``parts``: :func:`colossus.model.valuation.sotp` rows of both leasing views stacked, with a
    ``leasing`` column (``durable`` or ``story``); the ``total`` row is drawn as a label.
    ``prices``: ``label``, ``price_usd`` (the IPO price, the first close, the price analysed).
    ``targets``: :func:`colossus.inputs.facts.analyst_targets`."""
    view = alt.param(name="leasing_view", value="durable",
                     bind=alt.binding_radio(options=["durable", "story"],
                                            name="Compute leasing valued at its "))
    stack = parts[parts["key"] != "total"]
    bars = pd.concat([
        pd.DataFrame({"column": "Sum of the parts", "component": stack["key"].map(SOTP_COMPONENTS),
                      "usd": stack["per_share_usd"], "leasing": stack["leasing"], "basis": stack["basis"]}),
        pd.DataFrame({"column": prices["label"], "component": "Share price", "usd": prices["price_usd"],
                      "leasing": "all", "basis": "this build's parameter"}),
        pd.DataFrame({"column": targets["label"], "component": targets["kind"].map(
                          {"target": "Analyst price target", "consensus": "Consensus target",
                           "valuation": "DCF value (Damodaran)"}),
                      "usd": targets["usd_per_share"], "leasing": "all",
                      "basis": targets["as_of"] + ", " + targets["source"]}),
    ], ignore_index=True)
    totals = parts[parts["key"] == "total"]
    labels = pd.DataFrame({"column": "Sum of the parts", "usd": totals["per_share_usd"],
                           "leasing": totals["leasing"]})
    order = ["Sum of the parts", *prices["label"], *targets["label"]]
    components = [*SOTP_COMPONENTS.values(), "Share price", "Analyst price target", "Consensus target",
                  "DCF value (Damodaran)"]
    colors = [PALETTE["expected"], "#6a4c93", PALETTE["good"], PALETTE["accent"], "#e9c46a", "#f4a261",
              PALETTE["ink"], PALETTE["contracted"], "#c3cad3", PALETTE["market"]]
    x = alt.X("column:N", title=None, sort=order, axis=alt.Axis(labelAngle=-40, labelLimit=200))
    shown = "datum.leasing == 'all' || datum.leasing == leasing_view"
    stacked = alt.Chart(bars).transform_filter(shown).mark_bar().encode(
        x=x, y=alt.Y("sum(usd):Q", title="USD per diluted share"),
        color=alt.Color("component:N", title=None, sort=components,
                        scale=alt.Scale(domain=components, range=colors), legend=alt.Legend(columns=3)),
        order=alt.Order("component:N"),
        tooltip=[alt.Tooltip("column:N", title=""), alt.Tooltip("component:N", title="Part"),
                 alt.Tooltip("usd:Q", title="USD per share", format="$,.2f"),
                 alt.Tooltip("basis:N", title="Basis")]).add_params(view)
    text = alt.Chart(labels).transform_filter(shown).mark_text(dy=-8, fontWeight="bold", color=PALETTE["ink"]).encode(
        x=x, y="usd:Q", text=alt.Text("usd:Q", format="$,.2f"))
    return alt.layer(stacked, text).properties(
        width=alt.Step(44), height=300,
        description="Sum of the parts per share against the share prices and the analysts' price targets")


def ai_multiple_chart(grid: pd.DataFrame, curve: pd.DataFrame, comparables: pd.DataFrame,
                      default_cents: int) -> alt.LayerChart:
    """"AI lab or neocloud?": the share price each EV / revenue multiple on the AI segment's
    revenue supports (``curve``, :func:`colossus.model.valuation.multiple_range`), the comparable
    companies' multiples on that line (``comparables``: ``company``, ``label``, ``kind``,
    ``multiple``, ``share_price_usd``), and, with a slider on the share price, the multiple
    that price implies (``grid``, :func:`colossus.model.valuation.price_grid`)."""
    dollars = sorted(grid["share_price_usd"].unique())
    price = alt.param(name="share_price", value=round(int(default_cents) / 100, 2),
                      bind=alt.binding_range(min=math.floor(dollars[0]), max=math.ceil(dollars[-1]), step=1,
                                             name="Share price (USD) "))
    g = grid[grid["implied_ai_multiple"].notna()].assign(
        reading=grid["reading"].fillna("no range to read"))
    x = alt.X("multiple:Q", title="EV / revenue multiple on the AI segment's annualised revenue")
    y = alt.Y("share_price_usd:Q", title="Share price it supports (USD)")
    line = alt.Chart(curve).mark_line(color=PALETTE["contracted"], strokeWidth=2).encode(
        x=x, y=y, tooltip=[alt.Tooltip("multiple:Q", title="Multiple", format=".1f"),
                           alt.Tooltip("ai_value_usd:Q", title="AI value (USD)", format="$,.4s"),
                           alt.Tooltip("share_price_usd:Q", title="USD per share", format="$,.2f")])
    comparables = comparables.assign(kind_label=comparables["kind"].map({"neocloud": "Neocloud", "ai_lab": "AI lab"}),
                                     name=comparables["company"] + " " + comparables["multiple"].map("{:g}x".format))
    comp = alt.Chart(comparables).mark_point(filled=True, size=110).encode(
        x="multiple:Q", y="share_price_usd:Q",
        color=alt.Color("kind_label:N", title=None, scale=alt.Scale(domain=["Neocloud", "AI lab"],
                                                                     range=[PALETTE["good"], "#6a4c93"])),
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("label:N", title="Multiple"),
                 alt.Tooltip("multiple:Q", title="x", format=".1f"),
                 alt.Tooltip("share_price_usd:Q", title="SpaceX price at this multiple", format="$,.2f")])
    # one label layer per comparable, alternately above and below its point, so near ones do not overlap
    comp_text = [alt.Chart(comparables.iloc[[i]]).mark_text(align="right", dx=-8, dy=-10 if i % 2 else 12,
                                                            fontSize=11).encode(
        x="multiple:Q", y="share_price_usd:Q", text="name:N") for i in range(len(comparables))]
    # the slider moves in whole dollars from the build's exact price; rows are matched on cents
    chosen = alt.Chart(g).transform_filter("datum.price_cents == round(share_price * 100)")
    rule = chosen.mark_rule(color=PALETTE["accent"], strokeDash=[5, 3]).encode(y="share_price_usd:Q")
    dot = chosen.mark_point(filled=True, size=160, color=PALETTE["accent"], shape="diamond").encode(
        x=alt.X("implied_ai_multiple:Q"), y="share_price_usd:Q",
        tooltip=[alt.Tooltip("share_price_usd:Q", title="Share price", format="$,.2f"),
                 alt.Tooltip("implied_ai_value_usd:Q", title="Implied AI value (USD)", format="$,.4s"),
                 alt.Tooltip("implied_ai_multiple:Q", title="Implied multiple", format=".1f"),
                 alt.Tooltip("reading:N", title="Reading")])
    label = chosen.transform_calculate(
        implied_label="'implied: ' + format(datum.implied_ai_multiple, '.1f') + 'x'").mark_text(
        align="left", dx=10, dy=12, color=PALETTE["accent"], fontWeight="bold").encode(
        x="implied_ai_multiple:Q", y="share_price_usd:Q",
        text=alt.Text("implied_label:N"))
    return alt.layer(line, comp, *comp_text, rule, dot, label).add_params(price).properties(
        width=500, height=300,
        description="Share price each AI multiple supports, the comparables' multiples and the multiple a price implies")


def lease_values_chart(values: pd.DataFrame) -> alt.LayerChart:
    """The lease's durable value beside its story value and its undiscounted cash
    (``label``, ``usd``, ``kind``: ``durable``, ``cash``, ``story`` or ``realised``: cash
    already paid, never in a value), one bar each, in the order given."""
    order = list(values["label"])
    bars = alt.Chart(values).mark_bar(height=20).encode(
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=210)),
        x=alt.X("usd:Q", title="USD billion", axis=alt.Axis(labelExpr="format(datum.value / 1e9, ',.0f')")),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=["durable", "cash", "story", "realised"],
            range=[PALETTE["expected"], PALETTE["contracted"], PALETTE["accent"], "#9aa3ad"])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("usd:Q", title="USD", format="$,.0f")])
    text = alt.Chart(values).transform_calculate(usd_text=f"'$' + {_usd_b('usd')}").mark_text(
        align="left", dx=4, color=PALETTE["ink"]).encode(y=alt.Y("label:N", sort=order), x="usd:Q", text="usd_text:N")
    return alt.layer(bars, text).properties(
        width=340, height=alt.Step(30),
        description="Durable value of the lease beside its undiscounted cash and the story value a multiple gives")


def cliff_chart(cliff: pd.DataFrame) -> alt.Chart:
    """The termination cliff per share as a share of each price, in the durable view (net of
    the notice period's cash still due), its upper bound and the story view
    (:func:`colossus.model.valuation.cliff_table`)."""
    order = list(dict.fromkeys(cliff["price"]))
    names = {"durable": "durable, notice period netted out", "upper_bound": "durable, upper bound",
             "story": "story"}
    views = [names[v] for v in ("durable", "upper_bound", "story") if v in set(cliff["view"])]
    cliff = cliff.assign(view=cliff["view"].map(names).fillna(cliff["view"]))
    return alt.Chart(cliff).mark_bar().encode(
        x=alt.X("price:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("view:N", sort=views),
        y=alt.Y("share_of_price:Q", title="Lease value per share, share of the price", axis=alt.Axis(format="%")),
        color=alt.Color("view:N", title=None, sort=views,
                        scale=alt.Scale(domain=views, range=[PALETTE["expected"], PALETTE["contracted"],
                                                             PALETTE["accent"]][:len(views)])),
        tooltip=[alt.Tooltip("view:N", title="View"), alt.Tooltip("price:N", title="Price"),
                 alt.Tooltip("price_usd:Q", title="USD per share", format="$,.2f"),
                 alt.Tooltip("cliff_per_share_usd:Q", title="Cliff per share", format="$,.2f"),
                 alt.Tooltip("share_of_price:Q", title="Share of price", format=".2%")],
    ).properties(width=alt.Step(60), height=240,
                 description="Termination cliff per share as a share of the IPO price, the first close and the price analysed")


def lease_value_heatmap(grid: pd.DataFrame) -> alt.LayerChart:
    """Durable lease value per share over the monthly notice probability ``h`` and the
    discount rate ``r`` (:func:`colossus.model.valuation.lease_value_grid`); this build's cell
    (``is_build``) is outlined."""
    g = grid.assign(h_pct=grid["h"] * 100, r_pct=grid["r"] * 100)
    enc = dict(x=alt.X("h_pct:O", title="Monthly notice probability h (%)", axis=alt.Axis(format=".1f", labelAngle=0)),
               y=alt.Y("r_pct:O", title="Discount rate r (% a year)", sort="descending", axis=alt.Axis(format=".1f")))
    rect = alt.Chart(g).mark_rect().encode(
        **enc,
        color=alt.Color("durable_value_per_share_usd:Q", title="USD per share",
                        scale=alt.Scale(scheme="blueorange", reverse=True, domainMid=0),
                        legend=alt.Legend(format="$.2f")),
        tooltip=[alt.Tooltip("h:Q", title="h", format=".2%"), alt.Tooltip("r:Q", title="r", format=".2%"),
                 alt.Tooltip("durable_value_usd:Q", title="Durable value (USD)", format="$,.4s"),
                 alt.Tooltip("durable_value_per_share_usd:Q", title="USD per share", format="$,.2f")])
    outline = alt.Chart(g).transform_filter("datum.is_build").mark_rect(
        fill=None, stroke=PALETTE["accent"], strokeWidth=3).encode(**enc)
    dark = 0.6 * float(g["durable_value_per_share_usd"].abs().max())  # cells this far from zero are dark
    labels = alt.Chart(g).mark_text(fontSize=10).encode(
        **enc, text=alt.Text("durable_value_per_share_usd:Q", format="$.2f"),
        color=alt.condition(f"abs(datum.durable_value_per_share_usd) > {dark!r}", alt.value("white"),
                            alt.value(PALETTE["ink"])))
    return alt.layer(rect, outline, labels).properties(
        width=alt.Step(32), height=alt.Step(26),
        description="Durable lease value per share over the monthly notice probability and the discount rate")
