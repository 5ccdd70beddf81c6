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

import hashlib
import json
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


def _embed_html(spec: dict, **_: object) -> dict:
    """Renderer: a div and an inline call to the book's own ``vegaEmbed`` (no CDN)."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}  # a URL; the mode is set below
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    chart_id = "chart-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    safe = payload.replace("</", "<\\/")
    desc = spec.get("description") or spec.get("title") or "chart"
    if isinstance(desc, dict):
        desc = desc.get("text", "chart")
    desc = json.dumps(str(desc))[1:-1].replace('"', "&quot;").replace("<", "&lt;")
    opts = ('{"mode":"vega-lite","renderer":"svg","actions":{"export":true,"source":false,"compiled":false,"editor":false}}')
    html = f"""<div class="colossus-chart" id="{chart_id}" role="figure" aria-label="{desc}"></div>
<script type="text/javascript">
(function () {{
  var spec = {safe};
  function draw() {{
    var el = document.getElementById("{chart_id}");
    if (!window.vegaEmbed) {{
      el.textContent = "This chart needs the book's Vega bundle ({BUNDLE_NAME}), which did not load.";
      console.error("vegaEmbed missing for {chart_id}");
      return;
    }}
    window.vegaEmbed(el, spec, {opts}).then(function () {{
      el.setAttribute("data-rendered", "true");
    }}).catch(function (err) {{ console.error("chart {chart_id}: " + err); }});
  }}
  if (document.readyState === "loading") {{ document.addEventListener("DOMContentLoaded", draw); }}
  else {{ draw(); }}
}})();
</script>"""
    return {"text/html": html}


alt.renderers.register("colossus", _embed_html)
alt.renderers.enable("colossus")


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
    :func:`colossus.lease.hazard_grid`)."""
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
    (:func:`colossus.costs.margin_grid`); the base case is outlined."""
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
    """Rent forgone vs the own-use value of the compute if xAI ends the lease after month k
    (:func:`colossus.termination.reclaim_cost`), with a slider on the own-use value."""
    cents = sorted(table["own_use_cents"].unique())
    value = alt.param(name="own_use_cents", value=int(default_cents),
                      bind=alt.binding_range(min=int(cents[0]), max=int(cents[-1]), step=int(cents[1] - cents[0]),
                                             name="Own-use value of a GPU-hour (US cents) "))
    long = table.melt(id_vars=["own_use_cents", "own_use_usd_per_gpu_hour", "k"],
                      value_vars=["rent_forgone_usd", "own_use_value_usd", "net_cost_usd"],
                      var_name="measure", value_name="usd")
    long["series"] = long["measure"].map({"rent_forgone_usd": "Rent forgone",
                                          "own_use_value_usd": "Value of compute to xAI",
                                          "net_cost_usd": "Net cost of reclaiming"})
    long["usd_bn"] = long["usd"] / 1e9
    lines = alt.Chart(long).transform_filter("datum.own_use_cents == own_use_cents").mark_line().encode(
        x=alt.X("k:Q", title="xAI ends the lease after month k",
                scale=alt.Scale(domain=[0, int(table["k"].max())], nice=False)),
        y=alt.Y("usd_bn:Q", title="USD bn, rest of the term"),
        color=alt.Color("series:N", title=None,
                        scale=alt.Scale(domain=["Rent forgone", "Value of compute to xAI", "Net cost of reclaiming"],
                                        range=[PALETTE["contracted"], PALETTE["good"], PALETTE["accent"]])),
        strokeDash=alt.condition("datum.series == 'Net cost of reclaiming'", alt.value([6, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("k:Q", title="After month"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f"),
                 alt.Tooltip("own_use_usd_per_gpu_hour:Q", title="Own-use USD/GPU-h", format="$.2f")],
    ).add_params(value)
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    return alt.layer(lines, zero).properties(
        height=280, description="Rent forgone against the own-use value of the compute if xAI reclaims it")


def revenue_distribution_chart(dist: pd.DataFrame, p5: float, p95: float, mean: float,
                               expected: float) -> alt.LayerChart:
    """Distribution of realised lease revenue over simulated paths
    (:func:`colossus.termination.revenue_distribution`), with the 5th/95th percentiles,
    the simulated mean and the closed-form expectation."""
    d = dist.assign(revenue_bn=dist["revenue_usd"] / 1e9)
    bars = alt.Chart(d).mark_bar(color=PALETTE["expected"], opacity=0.8).encode(
        x=alt.X("revenue_bn:Q", title="Realised revenue over the lease (USD bn)"),
        y=alt.Y("share:Q", title="Share of paths", axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("revenue_bn:Q", title="Revenue (USD bn)", format=",.2f"),
                 alt.Tooltip("paths:Q", title="Paths", format=","),
                 alt.Tooltip("share:Q", title="Share", format=".2%")])
    marks = pd.DataFrame({"label": ["5th percentile", "95th percentile", "Simulated mean", "Closed-form expected"],
                          "usd_bn": [p5 / 1e9, p95 / 1e9, mean / 1e9, expected / 1e9]})
    rules = alt.Chart(marks).mark_rule(strokeWidth=2).encode(
        x="usd_bn:Q",
        color=alt.Color("label:N", title=None,
                        scale=alt.Scale(domain=list(marks["label"]),
                                        range=[PALETTE["accent"], PALETTE["accent"], PALETTE["ink"], PALETTE["good"]])),
        strokeDash=alt.condition("datum.label == 'Closed-form expected'", alt.value([5, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f")])
    return alt.layer(bars, rules).properties(
        height=260, description="Distribution of realised lease revenue over simulated termination paths")


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
        width=560, height=alt.Step(44), description="Timeline of the xAI-Anthropic compute deal and the SpaceX IPO")
