"""Phrases of the AI segment's cash: cash flow, its turn and payback, capex against rent.

Part of :mod:`colossus.words.offset_text`.
"""
from __future__ import annotations

from typing import Sequence

from .. import report
from ..sources import sourced
from ...inputs import facts, reported
from .results import NEGLIGIBLE_USD, growth_phrase, quarter_name


def cash_flow_phrase(usd: float) -> str:
    """A cash flow in words: its direction, then its size.

    >>> cash_flow_phrase(-1.3e10), cash_flow_phrase(2.5e8), cash_flow_phrase(1e5)
    ('a cash outflow of $13 billion', 'a cash inflow of $250 million', 'about zero')
    """
    if abs(usd) < NEGLIGIBLE_USD:
        return "about zero"
    return f"a cash {'inflow' if usd > 0 else 'outflow'} of {report.usd(abs(usd))}"


def _level(usd: float) -> str:
    """``'$22 billion below zero'``; ``'at about zero'``.

    >>> _level(-2.2e10), _level(3e8), _level(0.0)
    ('$22 billion below zero', '$300 million above zero', 'at about zero')
    """
    if abs(usd) < NEGLIGIBLE_USD:
        return "at about zero"
    return f"{report.usd(abs(usd))} {'below' if usd < 0 else 'above'} zero"


def cash_sentences(quarters: Sequence[str], cash_flow: Sequence[float], capex_total: float, rent_total: float,
                   anthropic_total: float, turn: str | None, payback: str | None) -> str:
    """What the rent pays of the capex, and whether the cumulative cash turns within the
    modelled quarters; every direction word follows the numbers.

    Examples
    --------
    >>> print(cash_sentences(["2026Q3", "2026Q4"], [-13e9, -9e9], 31.7e9, 8e9, 7e9, None, None))
    ... # doctest: +NORMALIZE_WHITESPACE
    Over the modelled quarters the expected leasing rent, $8 billion ($7 billion of it Anthropic's), pays for
    25.2% of the $31.7 billion of capital expenditure. The cash flow is a cash outflow of $13 billion in Q3 2026; the
    cumulative cash flow does not turn up for good within the modelled quarters, through Q4 2026, and ends
    $22 billion below zero.
    >>> print(cash_sentences(["2027Q1", "2027Q2", "2027Q3"], [-5e9, 1e9, 6e9], 10e9, 12e9, 12e9, "2027Q2", "2027Q3"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Over the modelled quarters the expected leasing rent, $12 billion (all of it Anthropic's), pays for more than
    the $10 billion of capital expenditure (120.0% of it). The cash flow is a cash outflow of $5 billion in Q1 2027;
    the cumulative cash flow turns up for good from Q2 2027 and is back at zero or above by Q3 2027.
    >>> print(cash_sentences(["2026Q3", "2026Q4", "2027Q1"], [5e8, -1e8, -2e8], 3e8, 1e9, 1e9, None, None))
    ... # doctest: +NORMALIZE_WHITESPACE
    Over the modelled quarters the expected leasing rent, $1 billion (all of it Anthropic's), pays for more than
    the $300 million of capital expenditure (333.3% of it). The cash flow is a cash inflow of $500 million in Q3
    2026; it is negative from Q4 2026 on, and the cumulative cash flow ends $200 million above zero at the end
    of Q1 2027.
    >>> cash_sentences(["2026Q3", "2026Q4", "2027Q1", "2027Q2"], [5e8, -1e8, 3e8, -2e8], 3e8, 1e9, 1e9,
    ...                None, None).split("; ")[1].split(",")[0]
    'it is negative from Q2 2027 on'
    >>> print(cash_sentences(["2026Q3"], [2e9], 0.0, 1e9, 0.0, None, None))  # doctest: +NORMALIZE_WHITESPACE
    With no capital expenditure in this build, there is none for the rent to pay. The cash flow is a cash
    inflow of $2 billion in Q3 2026, and positive in every modelled quarter.
    """
    q = list(quarters)
    cf = [float(x) for x in cash_flow]
    if capex_total <= 0:
        head = "With no capital expenditure in this build, there is none for the rent to pay."
    else:
        who = ("all of it Anthropic's" if abs(anthropic_total - rent_total) < NEGLIGIBLE_USD else
               "none of it Anthropic's" if abs(anthropic_total) < NEGLIGIBLE_USD else
               f"{report.usd(anthropic_total)} of it Anthropic's")
        share = rent_total / capex_total
        pays = (f"pays for {report.pct(share)} of the {report.usd(capex_total)} of capital expenditure" if share < 1
                else f"pays for more than the {report.usd(capex_total)} of capital expenditure "
                     f"({report.pct(share)} of it)")
        head = f"Over the modelled quarters the expected leasing rent, {report.usd(rent_total)} ({who}), {pays}."
    first = f"The cash flow is {cash_flow_phrase(cf[0])} in {quarter_name(q[0])}"
    cum_end = sum(cf)
    if min(cf) >= 0:
        tail = (", and positive in every modelled quarter." if min(cf) > 0 else
                ", and never negative in any modelled quarter.")
        return f"{head} {first}{tail}"
    if turn is None and cf[0] >= 0:
        last_nonnegative = max(i for i, v in enumerate(cf) if v >= 0)    # the last quarter is negative here
        tail = (f"; it is negative from {quarter_name(q[last_nonnegative + 1])} on, and the cumulative cash flow "
                f"ends {_level(cum_end)} at the end of {quarter_name(q[-1])}.")
    elif turn is None:
        tail = (f"; the cumulative cash flow does not turn up for good within the modelled quarters, through "
                f"{quarter_name(q[-1])}, and ends {_level(cum_end)}.")
    else:
        tail = f"; the cumulative cash flow turns up for good from {quarter_name(turn)}"
        tail += (f" and is back at zero or above by {quarter_name(payback)}." if payback is not None else
                 f", but at the end of {quarter_name(q[-1])} it is still {_level(cum_end)}.")
    return f"{head} {first}{tail}"


def capex_intro(reported_capex: Sequence[tuple[str, float]], capex_quarterly: float, capex_reported: float | None,
                guided_through: str, growth: float, depreciation: float) -> str:
    """The cash section's opening (MyST): the capital expenditure reported by quarter with its
    citations and SpaceX's guidance, then the path the model assumes.

    ``reported_capex`` holds ``(quarter, capex)`` of the reported quarters; ``capex_quarterly``
    the build's capex a quarter through ``guided_through`` (flagged when it is not
    ``capex_reported``, the Q2 2026 figure the guidance refers to), ``growth`` its quarterly
    rate after, and ``depreciation`` the anchor quarter's assumed depreciation.

    >>> capex_intro([], 4e9, 4e9, "2026Q4", 0.0, 3e8)
    "The model keeps it at $4 billion a quarter through Q4 2026, after which it stays flat (an assumption); depreciation, not reported by segment, is assumed at $300 million in the anchor quarter, growing with the segment's cost."
    >>> capex_intro([], 5e9, 4e9, "2026Q4", 0.0, 3e8)[:61]
    'The model keeps it at $5 billion a quarter (set in this build'
    >>> capex_intro([("2026Q1", 3e9), ("2026Q2", 4e9)], 4e9, 4e9, "2026Q4", 0.0, 3e8)[:91]
    'The AI segment reported capital expenditure of $3 billion in Q1 2026 {cite:p}`spacexs12026`'
    """
    said = [f"{report.usd(float(capex))} in {quarter_name(q)} {reported.cite(q, 'ai', 'capex_usd')}"
            for q, capex in reported_capex]
    intro = ""
    if said:
        listed = ", ".join(said[:-1]) + " and " if len(said) > 1 else ""
        intro = (f"The AI segment reported capital expenditure of {listed}{said[-1]}; SpaceX guided it \"very "
                 f"similar\" to the second quarter's for each of the next two quarters "
                 f"{facts.cite('capex_guidance_h2_2026')}. ")
    kept = sourced(f"{report.usd(capex_quarterly)} a quarter", capex_quarterly, capex_reported, "",
                   flag="set in this build").rstrip()
    return (intro + f"The model keeps it at {kept} through {quarter_name(guided_through)}, after which it "
            + growth_phrase(growth) + " (an assumption); depreciation, not reported by "
            f"segment, is assumed at {report.usd(depreciation)} in the anchor quarter, growing with "
            f"the segment's cost.")
