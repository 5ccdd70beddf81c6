"""Charts of the chapter "Scenarios and sensitivity": the tornado and the scenario weights.

Same conventions as :mod:`colossus.figures.charts` (whose house theme and offline renderer are
registered on import): each function takes tables the model computed
(:mod:`colossus.model.sensitivity`) and returns an Altair chart with a description; none
computes a model formula. The weights chart's sliders only weight numbers Python computed:
the spec holds each scenario's value and a ``calculate`` transform takes their weighted
mean, :math:`\\sum_s w_s x_s / \\sum_s w_s`, as :func:`colossus.model.sensitivity.weighted_value` does.
"""
from __future__ import annotations

import math

import altair as alt
import pandas as pd

from . import charts  # noqa: F401  (registers the theme and the renderer)
from .charts import PALETTE
from ..model.sensitivity import MAIN_OUTPUTS, SCENARIOS

#: Colours of the scenario ends and scenarios.
END_COLOURS = {"bear": PALETTE["accent"], "bull": PALETTE["good"], "base": PALETTE["expected"],
               "this build": PALETTE["ink"]}


def output_unit(output: str) -> tuple[float, str, str]:
    """How an output is drawn: ``(divide by, unit for the axis, d3 number format)``.

    >>> output_unit("npv_expected_revenue_usd"), output_unit("lease_durable_value_per_share_usd")
    ((1000000000.0, 'USD bn', ',.2f'), (1.0, 'USD per share', ',.2f'))
    >>> output_unit("offset_ratio_first_full_quarter")
    (1.0, 'x', ',.2f')
    """
    if output.endswith("_per_share_usd"):
        return 1.0, "USD per share", ",.2f"
    if output.endswith("_usd"):
        return 1e9, "USD bn", ",.2f"
    return 1.0, "x", ",.2f"


def tornado_chart(table: pd.DataFrame, labels: dict[str, str] = MAIN_OUTPUTS) -> alt.VConcatChart | alt.Chart:
    """One tornado panel per output of :func:`colossus.model.sensitivity.tornado_table`: for each
    assumption that moves the output, a bar from zero to the change at its bear value and
    one to the change at its bull value, the largest swing on top. Assumptions that do not
    move an output (or cannot take their bear or bull value in this build) are left out."""
    panels, found = [], []
    for output, label in labels.items():
        rows = table[(table["output"] == output) & (table["swing"] > 0)]
        if rows.empty:
            continue
        scale, unit, fmt = output_unit(output)
        long = pd.concat([
            pd.DataFrame({"assumption": rows["parameter"], "end": end, "value": rows[f"{end}_value"].astype(str),
                          "change": rows[f"{end}_change"] / scale, "at": rows[f"at_{end}"] / scale,
                          "swing": rows["swing"] / scale})
            for end in ("bear", "bull")], ignore_index=True).dropna(subset=["change"])
        order = rows.sort_values("swing", ascending=False)["parameter"].tolist()
        found.append(f"{label}: {order[0]}")
        bars = alt.Chart(long).mark_bar(opacity=0.85, height={"band": 0.7}).encode(
            y=alt.Y("assumption:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("change:Q", title=f"Change from this build ({unit})"),
            x2=alt.datum(0),
            color=alt.Color("end:N", title="Assumption at its",
                            scale=alt.Scale(domain=["bear", "bull"], range=[END_COLOURS["bear"], END_COLOURS["bull"]]),
                            legend=alt.Legend(labelExpr="datum.label + ' value'")),
            tooltip=[alt.Tooltip("assumption:N", title="Assumption"), alt.Tooltip("end:N", title="Set to its"),
                     alt.Tooltip("value:N", title="Value"), alt.Tooltip("at:Q", title=f"{label} ({unit})", format=fmt),
                     alt.Tooltip("change:Q", title=f"Change ({unit})", format="+" + fmt)],
        )
        zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color=PALETTE["ink"]).encode(x="x:Q")
        panels.append(alt.layer(bars, zero).properties(width=480, height=max(60, 22 * len(order)), title=label))
    if not panels:
        return alt.Chart(pd.DataFrame({"text": ["No assumption moves these outputs in this build"]})).mark_text(
            fontSize=14).encode(text="text:N").properties(
            width=480, height=60, description="Tornado chart: no assumption moves the outputs in this build")
    return alt.vconcat(*panels).resolve_scale(color="shared").properties(
        description="Tornado chart: the change in each main output when one assumption at a time moves to its "
                    "bear or bull value, the others at this build's values. Largest swing, by output: "
                    + "; ".join(found))


def scenario_weights_chart(values: pd.DataFrame, weights: dict[str, int], maximum: int = 10) -> alt.VConcatChart:
    """Reader-set scenario weights: one slider per scenario (``w_base``, ``w_bull``,
    ``w_bear``, from 0 to ``maximum``, starting at ``weights``) and, for each output, the
    three scenario values as dots, this build's as a tick, and their weighted mean as a
    diamond with its value.

    ``values`` has one row per output: ``output``, ``label`` and one column per scenario
    of :data:`colossus.model.sensitivity.SCENARIOS` plus ``this build``, in the output's units.
    """
    sliders = [alt.param(name=f"w_{s}", value=int(weights[s]),
                         bind=alt.binding_range(min=0, max=int(maximum), step=1, name=f"Weight of {s} "))
               for s in SCENARIOS]
    total = " + ".join(f"w_{s}" for s in SCENARIOS)
    weighted = " + ".join(f"w_{s} * datum['{s}']" for s in SCENARIOS)
    panels = []
    for _, row in values.iterrows():
        scale, unit, fmt = output_unit(row["output"])
        dots = pd.DataFrame({"scenario": list(SCENARIOS) + ["this build"],
                             "value": [float(row[s]) / scale for s in list(SCENARIOS) + ["this build"]]})
        wide = pd.DataFrame([{s: float(row[s]) / scale for s in SCENARIOS}])
        finite = [v for v in dots["value"] if math.isfinite(v)]
        lo, hi = (min(finite + [0.0]), max(finite + [0.0])) if finite else (0.0, 1.0)
        pad = (hi - lo) * 0.08 or 1.0
        x = alt.X("value:Q", title=f"{row['label']} ({unit})", scale=alt.Scale(domain=[lo - pad, hi + pad]))
        points = alt.Chart(dots).mark_point(filled=True, size=140).encode(
            x=x, y=alt.value(30),
            shape=alt.condition("datum.scenario == 'this build'", alt.value("stroke"), alt.value("circle")),
            color=alt.Color("scenario:N", title="Scenario",
                            scale=alt.Scale(domain=list(SCENARIOS) + ["this build"],
                                            range=[END_COLOURS["base"], END_COLOURS["bull"], END_COLOURS["bear"],
                                                   END_COLOURS["this build"]])),
            tooltip=[alt.Tooltip("scenario:N", title="Scenario"), alt.Tooltip("value:Q", title=unit, format=fmt)])
        mean = alt.Chart(wide).transform_calculate(
            total=total, value=f"({total}) > 0 ? ({weighted}) / ({total}) : null",
            text=f"({total}) > 0 ? 'Weighted: ' + format(({weighted}) / ({total}), '{fmt}') + ' {unit}'"
                 f" : 'Set a weight above zero'")
        diamond = mean.mark_point(shape="diamond", filled=True, size=260, color=PALETTE["ink"]).encode(
            x=alt.X("value:Q"), y=alt.value(30),
            tooltip=[alt.Tooltip("text:N", title="Weighted value")])
        label = mean.mark_text(align="left", dx=0, dy=0, fontWeight="bold", color=PALETTE["ink"]).encode(
            x=alt.value(0), y=alt.value(62), text="text:N")
        panels.append(alt.layer(points, diamond, label).properties(width=480, height=70, title=row["label"]))
    return alt.vconcat(*panels).add_params(*sliders).resolve_scale(x="independent").properties(
        description="Scenario weights: each output under the base, bull and bear scenarios and this build, "
                    "with the weighted mean of the three scenarios at the weights set on the sliders")
