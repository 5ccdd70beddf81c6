"""The lease chapter's charts: the rent schedule with its notice-probability slider, the
price per GPU-hour against the market, the operating-margin heatmap, the cost of reclaiming
the compute, and the exact distribution of realised revenue.

Each function takes data frames produced by the model (:mod:`colossus.model.lease`,
:mod:`colossus.model.costs`, :mod:`colossus.model.termination`) and returns an Altair chart
in the house theme of :mod:`colossus.figures.charts`; none computes a formula of its own.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import PALETTE


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
