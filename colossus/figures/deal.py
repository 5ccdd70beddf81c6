"""The deal chapter's chart: the events of the deal on a time axis.

It takes the events of ``data/events.csv`` (:func:`colossus.inputs.facts.load_all`) and returns
an Altair chart in the house theme of :mod:`colossus.figures.charts`.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts  # noqa: F401  (registers and enables the house theme and renderer)


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
