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




# --------------------------------------------------------------------------- offset chapter charts

def _quarter_start(quarter: str) -> str:
    """``2026Q2`` -> ``2026-04-01``: where a calendar quarter sits on a time axis.

    >>> _quarter_start("2026Q2"), _quarter_start("2024Q1")
    ('2026-04-01', '2024-01-01')
    """
    return pd.Period(quarter, freq="Q").start_time.strftime("%Y-%m-%d")


def _year_span(year: str) -> tuple[str, str]:
    """A year's first and last quarter start, for a reported annual figure on a quarter axis."""
    return f"{year}-01-01", f"{year}-10-01"


_OFFSET_SERIES = ["Reported", "Reported, average quarter of the year", "With the lease, notice as on the slider",
                  "With the lease, expected", "Without the Anthropic lease"]
_OFFSET_COLORS = [PALETTE["ink"], PALETTE["market"], PALETTE["accent"], PALETTE["expected"], PALETTE["contracted"]]


def _reported_layers(reported: pd.DataFrame) -> list:
    """Points for reported quarters and a rule across the year for reported annual figures
    (the annual figure over four quarters), from :func:`colossus.inputs.facts.reported_ai_segment`."""
    q = reported[reported["period_kind"] == "quarter"]
    pts = pd.DataFrame({"date": [_quarter_start(x) for x in q["period"]], "period": q["period"].tolist(),
                        "usd_bn": (q["operating_income_usd"] / 1e9).tolist(), "series": "Reported",
                        "source": q["source"].tolist()})
    y = reported[reported["period_kind"] == "year"]
    spans = [_year_span(x) for x in y["period"]]
    years = pd.DataFrame({"date": [s[0] for s in spans], "date_end": [s[1] for s in spans],
                          "period": y["period"].tolist(),
                          "usd_bn": (y["operating_income_usd"] / 4 / 1e9).tolist(),
                          "annual_bn": (y["operating_income_usd"] / 1e9).tolist(),
                          "series": "Reported, average quarter of the year", "source": y["source"].tolist()})
    # the slider's series is named for the notice it draws (so a printed or exported chart
    # names this build's setting, never "the slider")
    named = ("datum.label == " + json.dumps(_OFFSET_SERIES[2]) + " ? (notice_index == 0 ? "
             "'With the lease, no notice served' : 'With the lease, notice served in lease month ' + notice_index)"
             " : datum.label")
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=_OFFSET_SERIES, range=_OFFSET_COLORS),
                      legend=alt.Legend(orient="top", columns=2, labelLimit=320, labelExpr=named))
    year_rule = alt.Chart(years).mark_rule(strokeWidth=3).encode(
        x="date:T", x2="date_end:T", y="usd_bn:Q", color=color,
        tooltip=[alt.Tooltip("period:N", title="Year"), alt.Tooltip("annual_bn:Q", title="Reported, year (USD bn)",
                                                                     format=",.2f"),
                 alt.Tooltip("usd_bn:Q", title="Average quarter (USD bn)", format=",.2f"),
                 alt.Tooltip("source:N", title="Source")])
    points = alt.Chart(pts).mark_point(filled=True, size=90, shape="diamond").encode(
        x="date:T", y="usd_bn:Q", color=color,
        tooltip=[alt.Tooltip("period:N", title="Quarter"), alt.Tooltip("usd_bn:Q", title="Reported (USD bn)",
                                                                        format=",.3f"),
                 alt.Tooltip("source:N", title="Source")])
    return [year_rule, points]


def offset_history_chart(reported: pd.DataFrame, table: pd.DataFrame, cliff: pd.DataFrame,
                         measure: str = "ai_operating_income_usd") -> alt.LayerChart:
    """Operating income by quarter: the reported history, then the model with the Anthropic
    lease (expected, and if a notice is served in the month the slider picks) and without it.

    Parameters
    ----------
    reported : DataFrame
        :func:`colossus.inputs.facts.reported_ai_segment` (or ``reported_spacex_quarters``):
        quarterly figures are drawn as points, annual ones as a rule across their year at
        the average quarter (the annual figure over four).
    table : DataFrame
        :func:`colossus.model.offset.quarterly_table`.
    cliff : DataFrame
        :func:`colossus.model.offset.notice_cliff_grid`; ``notice_index`` 0 is no notice.
    measure : str
        ``ai_operating_income_usd`` (the AI segment) or ``spacex_operating_income_usd``
        (SpaceX consolidated); the "without" series is the matching ``*_without_anthropic_usd``.
    """
    without = {"ai_operating_income_usd": "ai_operating_income_without_anthropic_usd",
               "spacex_operating_income_usd": "spacex_operating_income_without_anthropic_usd"}[measure]
    dates = [_quarter_start(q) for q in table["quarter"]]
    model = pd.concat([
        pd.DataFrame({"date": dates, "quarter": table["quarter"], "usd_bn": table[measure] / 1e9,
                      "series": "With the lease, expected"}),
        pd.DataFrame({"date": dates, "quarter": table["quarter"], "usd_bn": table[without] / 1e9,
                      "series": "Without the Anthropic lease"}),
    ], ignore_index=True)
    g = cliff[["notice_index", "notice_month", "quarter", measure, "paid_months", "last_paid_month"]].copy()
    g["date"] = [_quarter_start(q) for q in g["quarter"]]
    g["usd_bn"] = g[measure] / 1e9
    g["series"] = "With the lease, notice as on the slider"
    g["notice_label"] = ["No notice: the lease runs its term" if i == 0 else f"Notice served at the start of {m}"
                         for i, m in zip(g["notice_index"], g["notice_month"])]
    g["paid_label"] = [f"{n} paid months, the last {m}" if m is not None else "no paid month"
                       for n, m in zip(g["paid_months"], g["last_paid_month"])]
    g = g.drop(columns=[measure, "notice_month", "last_paid_month"])
    n_max = int(g["notice_index"].max())
    notice = alt.param(name="notice_index", value=0,
                       bind=alt.binding_range(min=0, max=max(n_max, 1), step=1,
                                              name="Notice served at the start of lease month (0 = no notice) "))
    # the slider's series is named for the notice it draws (so a printed or exported chart
    # names this build's setting, never "the slider")
    named = ("datum.label == " + json.dumps(_OFFSET_SERIES[2]) + " ? (notice_index == 0 ? "
             "'With the lease, no notice served' : 'With the lease, notice served in lease month ' + notice_index)"
             " : datum.label")
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=_OFFSET_SERIES, range=_OFFSET_COLORS),
                      legend=alt.Legend(orient="top", columns=2, labelLimit=320, labelExpr=named))
    x = alt.X("date:T", title="Quarter", axis=alt.Axis(format="Q%q %Y", labelAngle=-45, tickCount={"interval": "month", "step": 3}))
    y = alt.Y("usd_bn:Q", title="Operating income per quarter (USD bn)")
    lines = alt.Chart(model).mark_line(point=True).encode(
        x=x, y=y, color=color,
        strokeDash=alt.condition("datum.series == 'Without the Anthropic lease'", alt.value([5, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.3f")])
    cliff_line = alt.Chart(g).transform_filter("datum.notice_index == notice_index").mark_line(
        point=True, strokeWidth=2.5).encode(
        x=x, y=y, color=color,
        tooltip=[alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("notice_label:N", title="Notice"),
                 alt.Tooltip("paid_label:N", title="Lease"), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.3f")])
    label = alt.Chart(g).transform_filter("datum.notice_index == notice_index").transform_filter(
        f"datum.quarter == '{table['quarter'].iloc[0]}'").mark_text(
        align="left", baseline="top", dx=4, dy=4, color=PALETTE["accent"], fontWeight="bold").encode(
        x=alt.value(0), y=alt.value(0), text=alt.Text("notice_label:N"))
    label2 = alt.Chart(g).transform_filter("datum.notice_index == notice_index").transform_filter(
        f"datum.quarter == '{table['quarter'].iloc[0]}'").mark_text(
        align="left", baseline="top", dx=4, dy=20, color=PALETTE["accent"]).encode(
        x=alt.value(0), y=alt.value(0), text=alt.Text("paid_label:N"))
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    what = "AI segment" if measure == "ai_operating_income_usd" else "SpaceX consolidated"
    return alt.layer(zero, *_reported_layers(reported), lines, cliff_line, label, label2).add_params(notice).properties(
        width=520, height=320,
        description=f"{what} operating income by quarter: reported, and modelled with and without the "
                    f"Anthropic lease, with a slider for the month a notice is served")


_BACKTEST_LABELS = {"ai_revenue_usd": "AI segment revenue", "ai_operating_income_usd": "AI segment operating income",
                    "spacex_operating_income_usd": "SpaceX operating income"}


def backtest_chart(walk: pd.DataFrame) -> alt.LayerChart:
    """The walk-forward back-test over time: for each back-tested quarter and measure, the
    reported figure (a filled circle) and the model run from the quarter before (a hollow
    diamond), joined by the error (dashed), one colour per measure.

    Parameters
    ----------
    walk : DataFrame
        :func:`colossus.model.offset.walk_forward` (may be empty: the chart then says that no
        quarter is back-tested).
    """
    measures = list(_BACKTEST_LABELS.values())
    colors = [PALETTE["expected"], PALETTE["accent"], PALETTE["good"]]
    rows = []
    for _, r in walk.iterrows():
        for series, col in (("Reported", "reported_usd"), ("Model, from the quarter before", "model_usd")):
            rows.append({"date": _quarter_start(r["quarter"]), "quarter": r["quarter"],
                         "anchor": r["anchor_quarter"], "measure": _BACKTEST_LABELS[r["measure"]],
                         "series": series, "usd_bn": float(r[col]) / 1e9,
                         "error_bn": float(r["error_usd"]) / 1e9})
    d = pd.DataFrame(rows, columns=["date", "quarter", "anchor", "measure", "series", "usd_bn", "error_bn"])
    x = alt.X("date:T", title="Back-tested quarter",
              axis=alt.Axis(format="Q%q %Y", labelAngle=-45, tickCount={"interval": "month", "step": 3}))
    y = alt.Y("usd_bn:Q", title="USD bn per quarter")
    tooltip = [alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("anchor:N", title="Model run from"),
               alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("series:N", title="Series"),
               alt.Tooltip("usd_bn:Q", title="USD bn", format=",.3f"),
               alt.Tooltip("error_bn:Q", title="Model less reported (USD bn)", format=",.3f")]
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    if d.empty:
        note = alt.Chart(pd.DataFrame({"t": ["No reported quarter can be back-tested yet"]})).mark_text(
            color=PALETTE["ink"]).encode(text="t:N")
        return alt.layer(zero, note).properties(
            width=520, height=280, description="No quarter is back-tested: none follows a reported quarter that can "
                                               "anchor the model")
    wide = d.pivot_table(index=["date", "quarter", "measure"], columns="series", values="usd_bn").reset_index()
    wide.columns = ["date", "quarter", "measure", "model_bn", "reported_bn"]
    # one legend (two would sit side by side on a phone): each measure twice, reported and model
    series = ["Reported", "Model, from the quarter before"]
    keys = [f"{m}: {s.split(',')[0].lower()}" for m in measures for s in series]
    d["key"] = [f"{m}: {s.split(',')[0].lower()}" for m, s in zip(d["measure"], d["series"])]
    key_color = alt.Color("key:N", title=None, scale=alt.Scale(domain=keys, range=[c for c in colors for _ in series]),
                          legend=alt.Legend(orient="top", columns=2, labelLimit=320,
                                            symbolType="circle"))
    rule = alt.Chart(wide).mark_rule(strokeWidth=2, strokeDash=[3, 2]).encode(
        x=x, y="model_bn:Q", y2="reported_bn:Q", color=alt.Color("measure:N", scale=alt.Scale(domain=measures,
                                                                                         range=colors), legend=None))
    lines = alt.Chart(d).mark_line(strokeWidth=1, opacity=0.6).encode(
        x=x, y=y, color=key_color,
        strokeDash=alt.condition("datum.series == 'Reported'", alt.value([1, 0]), alt.value([4, 3])))
    points = alt.Chart(d).mark_point(size=110, strokeWidth=2).encode(
        x=x, y=y, color=key_color,
        fill=alt.condition("datum.series == 'Reported'", alt.Fill("key:N", scale=alt.Scale(
            domain=keys, range=[c for c in colors for _ in series]), legend=None), alt.value("white")),
        shape=alt.Shape("series:N", scale=alt.Scale(domain=series, range=["circle", "diamond"]), legend=None),
        tooltip=tooltip)
    return alt.layer(zero, rule, lines, points).properties(
        width=520, height=300,
        description="Walk-forward back-test: for each reported quarter, the model run from the quarter before "
                    "against the reported AI segment revenue and operating income and SpaceX operating income")


_CASH_SERIES = ["Capital expenditure", "Leasing rent (expected)", "Operating income (expected)", "Cash flow",
                "Cumulative cash flow"]
_CASH_COLORS = [PALETTE["accent"], PALETTE["good"], PALETTE["expected"], PALETTE["ink"], "#6a4c93"]


def cash_chart(table: pd.DataFrame) -> alt.VConcatChart:
    """The AI segment's cash per quarter: capital expenditure (reported, then the parameter
    path), the leasing rent, the operating income and the cash flow ``A + D - I`` above;
    the cumulative cash flow from the first forecast quarter below.

    Parameters
    ----------
    table : DataFrame
        :func:`colossus.model.cash.cash_table`; reported rows are drawn as points (capex and
        operating income only), forecast rows as lines.
    """
    rows = []
    for _, r in table.iterrows():
        for series, col in (("Capital expenditure", "capex_usd"), ("Leasing rent (expected)", "leasing_rent_usd"),
                            ("Operating income (expected)", "ai_operating_income_usd"),
                            ("Cash flow", "cash_flow_usd"), ("Cumulative cash flow", "cumulative_cash_flow_usd")):
            v = r[col]
            if v is None:
                continue
            rows.append({"date": _quarter_start(r["quarter"]), "quarter": r["quarter"],
                         "kind": "Reported" if r["reported"] else "Model", "series": series,
                         "usd_bn": float(v) / 1e9})
    d = pd.DataFrame(rows, columns=["date", "quarter", "kind", "series", "usd_bn"])
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=_CASH_SERIES, range=_CASH_COLORS),
                      legend=alt.Legend(orient="top", columns=2, labelLimit=320))
    x = alt.X("date:T", title="Quarter", axis=alt.Axis(format="Q%q %Y", labelAngle=-45,
                                                         tickCount={"interval": "month", "step": 3}))
    tooltip = [alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("series:N", title="Series"),
               alt.Tooltip("kind:N", title="Reported or model"),
               alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f")]
    per_q = d[d["series"] != "Cumulative cash flow"]
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    top = alt.layer(
        zero,
        alt.Chart(per_q[per_q["kind"] == "Model"]).mark_line(point=True).encode(
            x=x, y=alt.Y("usd_bn:Q", title="USD bn per quarter"), color=color, tooltip=tooltip),
        alt.Chart(per_q[per_q["kind"] == "Reported"]).mark_point(filled=True, size=90, shape="diamond").encode(
            x=x, y="usd_bn:Q", color=color, tooltip=tooltip),
    ).properties(width=520, height=260)
    cum = d[d["series"] == "Cumulative cash flow"]
    bottom = alt.layer(
        zero,
        alt.Chart(cum).mark_area(opacity=0.35, line=True).encode(
            x=x, y=alt.Y("usd_bn:Q", title="USD bn, cumulative"), color=color, tooltip=tooltip),
    ).properties(width=520, height=160)
    return alt.vconcat(top, bottom).properties(
        description="The AI segment's capital expenditure, leasing rent, operating income and cash flow per "
                    "quarter, and the cumulative cash flow of the forecast quarters")


def offset_fan_chart(fan: pd.DataFrame) -> alt.LayerChart:
    """AI operating income per quarter over the exact law of terminations
    (:func:`colossus.model.offset.quarterly_fan`): the 5th-95th percentile band, the median, the
    expected value and the quarter without the Anthropic lease."""
    d = fan.assign(date=[_quarter_start(q) for q in fan["quarter"]],
                   p05_bn=fan["p05_usd"] / 1e9, p95_bn=fan["p95_usd"] / 1e9)
    long = pd.concat([pd.DataFrame({"date": d["date"], "quarter": d["quarter"], "usd_bn": d[c] / 1e9, "series": s})
                      for c, s in [("p50_usd", "Median"), ("expected_usd", "Expected"),
                                   ("without_usd", "Without the Anthropic lease")]], ignore_index=True)
    x = alt.X("date:T", title="Quarter", axis=alt.Axis(format="Q%q %Y", labelAngle=-45, tickCount={"interval": "month", "step": 3}))
    band = alt.Chart(d).mark_area(opacity=0.25, color=PALETTE["expected"]).encode(
        x=x, y=alt.Y("p05_bn:Q", title="AI operating income per quarter (USD bn)"), y2="p95_bn:Q",
        tooltip=[alt.Tooltip("quarter:N", title="Quarter"),
                 alt.Tooltip("p05_bn:Q", title="5th percentile (USD bn)", format=",.3f"),
                 alt.Tooltip("p95_bn:Q", title="95th percentile (USD bn)", format=",.3f")])
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=x, y="usd_bn:Q",
        color=alt.Color("series:N", title="Band: 5th to 95th percentile",
                        scale=alt.Scale(domain=["Median", "Expected", "Without the Anthropic lease"],
                                        range=[PALETTE["ink"], PALETTE["expected"], PALETTE["contracted"]])),
        strokeDash=alt.condition("datum.series == 'Without the Anthropic lease'", alt.value([5, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.3f")])
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    return alt.layer(band, zero, lines).properties(
        width=520, height=300,
        description="AI segment operating income per quarter over the possible terminations of the lease: "
                    "5th to 95th percentile, median and expected value, and without the lease")


def offset_waterfall_chart(steps: pd.DataFrame, quarter: str) -> alt.LayerChart:
    """From the AI operating income without the lease to the income with it in one quarter
    (:func:`colossus.model.offset.waterfall`): totals from zero, changes from the running total."""
    d = steps.assign(start_bn=steps["start_usd"] / 1e9, end_bn=steps["end_usd"] / 1e9,
                     amount_bn=steps["amount_usd"] / 1e9, order=range(len(steps)))
    d["colour"] = ["Total" if k == "total" else ("Raises income" if a >= 0 else "Lowers income")
                   for k, a in zip(d["kind"], d["amount_usd"])]
    x = alt.X("step:N", title=None, sort=list(steps["step"]), axis=alt.Axis(labelAngle=-20, labelLimit=180))
    bars = alt.Chart(d).mark_bar(size=46).encode(
        x=x, y=alt.Y("start_bn:Q", title=f"{quarter}, USD bn"), y2="end_bn:Q",
        color=alt.Color("colour:N", title=None,
                        scale=alt.Scale(domain=["Total", "Raises income", "Lowers income"],
                                        range=[PALETTE["ink"], PALETTE["good"], PALETTE["accent"]])),
        tooltip=[alt.Tooltip("step:N", title="Step"), alt.Tooltip("amount_bn:Q", title="USD bn", format=",.3f")])
    text = alt.Chart(d).mark_text(dy=-8, color=PALETTE["ink"]).encode(
        x=x, y=alt.Y("top:Q"), text=alt.Text("amount_bn:Q", format=",.2f")).transform_calculate(
        top="max(datum.start_bn, datum.end_bn)")
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    return alt.layer(bars, zero, text).properties(
        width=560, height=300,
        description=f"AI segment operating income in {quarter}: without the lease, plus Anthropic rent, less the "
                    f"cash cost of serving it and the replacement compute, with the lease")
