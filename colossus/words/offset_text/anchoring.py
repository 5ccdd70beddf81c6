"""Phrases of the anchor quarter and of what SpaceX reported: each figure with its citation,
or flagged as set in the build, or said to be unreported.

Part of :mod:`colossus.words.offset_text`. The figures come from
:func:`colossus.model.offset.anchor` and :mod:`colossus.inputs.reported`; a value set in a
build is flagged by :func:`colossus.words.sources.sourced`, the one rule for that.
"""
from __future__ import annotations

import pandas as pd

from .. import report
from ..sources import sourced
from ...inputs import reported
from .results import NEGLIGIBLE_USD, income_phrase, quarter_name


def anchor_why(setting: str, anchor_quarter: str, latest_quarter: str) -> str:
    """Why the model starts from ``anchor_quarter``: ``model.anchor_quarter`` is ``setting``.

    >>> anchor_why("latest", "2026Q2", "2026Q2")
    'the latest quarter SpaceX has reported'
    >>> anchor_why("2026Q2", "2026Q2", "2026Q2")
    'set in this build (model.anchor_quarter), which is also the latest reported quarter'
    >>> anchor_why("2026Q1", "2026Q1", "2026Q2")
    'set in this build (model.anchor_quarter); the latest reported quarter is Q2 2026'
    """
    if setting == "latest":
        return "the latest quarter SpaceX has reported"
    if anchor_quarter == latest_quarter:
        return "set in this build (model.anchor_quarter), which is also the latest reported quarter"
    return f"set in this build (model.anchor_quarter); the latest reported quarter is {quarter_name(latest_quarter)}"


def anchor_value(text: str, name: str, quarter: str, entity: str, measure: str, value: float,
                 set_in_build: tuple[str, ...] = ()) -> str:
    """An anchor figure (written ``text``) with its citation; flagged with its parameter
    ``name`` when the build set it (``name`` in ``set_in_build``, as
    :func:`colossus.model.offset.anchor` reports); "none reported" when the quarter has no
    such figure and the build set none.

    >>> anchor_value("$2.6 billion", "xai.anchor_revenue_usd", "2026Q2", "ai", "revenue_usd", 2.561e9)
    '$2.6 billion {cite:p}`spacex10q2026q2` (Note 18)'
    >>> anchor_value("$3 billion", "xai.anchor_revenue_usd", "2026Q2", "ai", "revenue_usd", 3e9,
    ...              ("xai.anchor_revenue_usd",))
    '$3 billion (set in this build, `xai.anchor_revenue_usd`)'
    >>> anchor_value("$0", "xai.anchor_leasing_revenue_usd", "2026Q1", "ai", "new_cloud_revenue_usd", 0.0)
    '$0 (none reported for Q1 2026)'
    """
    figure = reported.figure(quarter, entity, measure)
    if figure is None and name not in set_in_build:
        return f"{text} (none reported for {quarter_name(quarter)})"
    citation = "" if figure is None else reported.cite(quarter, entity, measure)
    return sourced(text, value if name in set_in_build else figure, figure, citation, flag="set in this build",
                   name=name)


def leasing_clause(leasing_usd: float, quarter: str, set_in_build: tuple[str, ...] = ()) -> str:
    """What of the anchor quarter's revenue is set aside as leasing (the model adds every
    tenant's rent itself).

    >>> leasing_clause(0.0, "2026Q1")
    'nothing is set aside as leasing (none is reported for Q1 2026)'
    >>> leasing_clause(1.6e9, "2026Q2")
    '$1.6 billion {cite:p}`spacexq2release2026` is set aside as leasing'
    """
    name = "xai.anchor_leasing_revenue_usd"
    if leasing_usd == 0 and name not in set_in_build:
        return f"nothing is set aside as leasing (none is reported for {quarter_name(quarter)})"
    return anchor_value(report.usd(leasing_usd), name, quarter, "ai", "new_cloud_revenue_usd", leasing_usd,
                        set_in_build) + " is set aside as leasing"


def anchor_income_text(operating_income: float) -> str:
    """The anchor quarter's operating result after "its operating": ``'loss of $1.26 billion'``.

    >>> anchor_income_text(-1.257e9), anchor_income_text(2e8), anchor_income_text(1e5)
    ('loss of $1.26 billion', 'profit of $200 million', 'result was about zero')
    """
    if abs(operating_income) < NEGLIGIBLE_USD:
        return "result was about zero"
    return income_phrase(operating_income).removeprefix("an operating ").removeprefix("no operating ")


def other_segments_anchor_note(anchor_quarter: str, other_segments: float, anchors_set: list[str]) -> str:
    """Where the anchor income of SpaceX's other segments comes from: the reported quarter,
    or the anchors set in the build (``anchors_set``, the parameters' names).

    >>> other_segments_anchor_note("2026Q2", 1.114e9, [])
    'From the reported Q2 2026 figures that anchor income is an operating profit of $1.11 billion.'
    >>> other_segments_anchor_note("2026Q2", 1e9, ["a", "b"])
    'In this build that anchor income is an operating profit of $1 billion: it follows from the two anchors set in this build, not from the reported quarter.'
    """
    if not anchors_set:
        return f"From the reported {quarter_name(anchor_quarter)} figures that anchor income is " \
               f"{income_phrase(other_segments)}."
    which = (f"the anchor set in this build ({anchors_set[0]})" if len(anchors_set) == 1 else
             "the two anchors set in this build")
    return f"In this build that anchor income is {income_phrase(other_segments)}: it follows from {which}, " \
           "not from the reported quarter."


# --------------------------------------------------------------------------- what SpaceX reported

def reported_cited(frame: pd.DataFrame, period: str, column: str) -> str:
    """A reported figure of :func:`colossus.inputs.facts.reported_ai_segment` (or
    ``reported_spacex_quarters``), indexed by period, as its size with its citation (MyST).

    >>> from colossus.inputs import facts
    >>> reported_cited(facts.reported_ai_segment().set_index("period"), "2026Q2", "operating_income_usd")
    '$1.26 billion {cite:p}`spacex10q2026q2`'
    """
    key = frame.loc[period, "revenue_source" if column == "revenue_usd" else "operating_income_source"]
    return f"{report.usd(abs(float(frame.loc[period, column])))} {{cite:p}}`{key}`"


def loss_or_profit(frame: pd.DataFrame, period: str) -> str:
    """``'loss'`` or ``'profit'``: the sign of the period's reported operating income.

    >>> from colossus.inputs import facts
    >>> loss_or_profit(facts.reported_ai_segment().set_index("period"), "2026Q2")
    'loss'
    """
    return "loss" if float(frame.loc[period, "operating_income_usd"]) < 0 else "profit"


def reported_figure_cited(quarter: str, entity: str, measure: str) -> str:
    """A reported figure's size with its citation.

    >>> reported_figure_cited("2026Q2", "ai", "new_cloud_revenue_usd")
    '$1.6 billion {cite:p}`spacexq2release2026`'
    """
    return f"{report.usd(reported.figure(quarter, entity, measure))} {reported.cite(quarter, entity, measure)}"


def later_quarter_sentence(ai: pd.DataFrame, sx: pd.DataFrame, period: str) -> str:
    """One sentence on a quarter reported after the chapter's prose was written (a data edit
    adds it): the AI segment's revenue where reported and its operating result, and
    SpaceX's where reported. ``ai`` and ``sx`` are indexed by period.

    >>> from colossus.inputs import facts
    >>> ai = facts.reported_ai_segment().set_index("period")
    >>> sx = facts.reported_spacex_quarters().set_index("period")
    >>> later_quarter_sentence(ai, sx, "2026Q2")[:60]
    'In Q2 2026 the AI segment reported revenue of $2.56 billion '
    """
    rev = ai.loc[period, "revenue_usd"]
    oi = float(ai.loc[period, "operating_income_usd"])
    revenue = f"revenue of {reported_cited(ai, period, 'revenue_usd')} and " if pd.notna(rev) else ""
    if abs(oi) >= NEGLIGIBLE_USD:
        result = f"an operating {loss_or_profit(ai, period)} of {reported_cited(ai, period, 'operating_income_usd')}"
    else:
        result = f"no operating profit or loss {{cite:p}}`{ai.loc[period, 'operating_income_source']}`"
    spacex = (f"; SpaceX as a whole an operating {loss_or_profit(sx, period)} of "
              f"{reported_cited(sx, period, 'operating_income_usd')}." if period in sx.index else ".")
    return f"In {quarter_name(period)} the AI segment reported {revenue}{result}{spacex}"


def later_quarters_paragraph(ai: pd.DataFrame, sx: pd.DataFrame, after: str = "2026Q2") -> str:
    """A sentence each on the reported quarters after ``after`` (the chapter's prose covers
    the quarters to ``after``); a single space when there is none (an empty glue would not render).

    >>> from colossus.inputs import facts
    >>> later_quarters_paragraph(facts.reported_ai_segment().set_index("period"),
    ...                          facts.reported_spacex_quarters().set_index("period"))
    ' '
    """
    later = [later_quarter_sentence(ai, sx, q) for q in ai.index
             if ai.loc[q, "period_kind"] == "quarter" and q > after]
    return " ".join(later) if later else " "
