"""The charts of the chapter "Losses offset by rent": the quarters with and without the lease
beside the reported history, the back-test, the cash, the fan over the ends of the lease and
one quarter's waterfall.

Like every chart module, each function takes data frames the model computed and returns an
Altair chart; none computes a formula of its own. Importing :mod:`colossus.figures.charts`
(done here) registers the house theme and renderer.
"""
from __future__ import annotations

import json

import altair as alt
import pandas as pd

from .charts import PALETTE, _quarter_start


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
