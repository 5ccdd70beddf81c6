"""The two small charts of the one-page brief (``brief.md``, ``make brief``).

Same conventions as :mod:`colossus.figures.charts` (whose house theme and offline renderer are
registered on import): each function takes what the model computed and returns an Altair
chart with a description; none computes a formula of its own. No control: a brief is
read on paper.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts  # noqa: F401  (registers the theme and the renderer)
from .charts import PALETTE, _quarter_start

#: The series of the quarterly chart, in legend order.
QUARTER_SERIES = ["With the lease, expected", "Without the Anthropic lease"]


def quarterly_income_chart(table: pd.DataFrame) -> alt.LayerChart:
    """The AI segment's operating income per quarter with the Anthropic lease (expected)
    and without it, in USD billion, from :func:`colossus.model.offset.quarterly_table`."""
    dates = [_quarter_start(q) for q in table["quarter"]]
    data = pd.concat([
        pd.DataFrame({"date": dates, "quarter": table["quarter"], "series": QUARTER_SERIES[0],
                      "usd_bn": table["ai_operating_income_usd"] / 1e9}),
        pd.DataFrame({"date": dates, "quarter": table["quarter"], "series": QUARTER_SERIES[1],
                      "usd_bn": table["ai_operating_income_without_anthropic_usd"] / 1e9}),
    ], ignore_index=True)
    lines = alt.Chart(data).mark_line(point={"size": 18}).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0)),
        y=alt.Y("usd_bn:Q", title="USD bn a quarter"),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=QUARTER_SERIES,
                                                                 range=[PALETTE["expected"], PALETTE["contracted"]]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        strokeDash=alt.condition(f"datum.series == '{QUARTER_SERIES[1]}'", alt.value([5, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("quarter:N", title="Quarter"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f")])
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#8792a2").encode(y="y:Q")
    return alt.layer(zero, lines).properties(
        width=320, height=140,
        description="The AI segment's operating income per quarter, modelled with the Anthropic lease (expected) "
                    "and without it")


def lease_value_bars(values: pd.DataFrame) -> alt.LayerChart:
    """The lease's amounts side by side (``label``, ``usd``), one bar each in the order
    given, in USD billion, each with its value written at its end."""
    order = list(values["label"])
    v = values.assign(usd_bn=values["usd"] / 1e9)
    bars = alt.Chart(v).mark_bar(height=14, color=PALETTE["expected"]).encode(
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=0)),
        x=alt.X("usd_bn:Q", title="USD bn", scale=alt.Scale(domainMin=min(0.0, float(v["usd_bn"].min())))),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f")])
    text = alt.Chart(v).transform_calculate(t="format(datum.usd_bn, ',.1f')").mark_text(
        align="left", dx=3, color=PALETTE["ink"], fontSize=11).encode(
        y=alt.Y("label:N", sort=order), x="usd_bn:Q", text="t:N")
    return alt.layer(bars, text).properties(
        width=200, height=alt.Step(22),
        description="The lease's contracted rent, its expected rent, that rent's present value and the lease's "
                    "durable value, in USD billion")
