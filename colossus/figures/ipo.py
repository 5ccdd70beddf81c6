"""Charts of the chapter "IPO positioning": the share price since the IPO, the sum of the
parts, the multiple the price implies for AI, the lease's values, the termination cliff
and the durable value over notice risk and the discount rate.

Same conventions as :mod:`colossus.figures.charts` (whose house theme and offline renderer
are registered on import): each function takes tables the model computed
(:mod:`colossus.model.valuation` and its modules, :mod:`colossus.inputs.facts`) and returns
an Altair chart with a description; none computes a model formula.
"""
from __future__ import annotations

import math

import altair as alt
import pandas as pd

from . import charts  # noqa: F401  (registers the theme and the renderer)
from .charts import PALETTE


def _usd_b(field: str) -> str:
    return f"format(datum['{field}'] / 1e9, ',.2f') + ' bn'"


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


#: The parts of :func:`colossus.model.valuation_parts.sotp` (by ``key``) as the chart names them.
SOTP_COMPONENTS = {"connectivity": "Connectivity", "space": "Space", "ai_products": "AI products",
                   "compute_leasing": "Compute leasing, Anthropic", "other_tenants": "Compute leasing, other tenants",
                   "net_cash": "Net cash"}


def sotp_chart(parts: pd.DataFrame, prices: pd.DataFrame, targets: pd.DataFrame) -> alt.LayerChart:
    """The sum of the parts per share as a stacked bar, next to the share prices and the
    analysts' targets, with a switch for how compute leasing enters.

    ``parts``: :func:`colossus.model.valuation_parts.sotp` rows of both leasing views stacked, with a
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
    revenue supports (``curve``, :func:`colossus.model.valuation_parts.multiple_range`), the comparable
    companies' multiples on that line (``comparables``: ``company``, ``label``, ``kind``,
    ``multiple``, ``share_price_usd``), and, with a slider on the share price, the multiple
    that price implies (``grid``, :func:`colossus.model.valuation_parts.price_grid`)."""
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
    (:func:`colossus.model.valuation_lease.cliff_table`)."""
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
    discount rate ``r`` (:func:`colossus.model.valuation_lease.lease_value_grid`); this build's cell
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
