"""Phrases of the quarterly model's results: quarters, incomes, growth, breakeven, the offset.

Part of :mod:`colossus.words.offset_text` (its rule for direction words is in the package's docstring).
"""
from __future__ import annotations

from typing import Sequence

from .. import report
from ...model.offset import quarters_between

#: Amounts smaller than this (USD) read as zero in prose: below the rounding of any figure.
NEGLIGIBLE_USD = 0.5e6


def quarter_name(quarter: str) -> str:
    """``2026Q3`` as a reader writes it.

    >>> quarter_name("2026Q3")
    'Q3 2026'
    """
    return f"{quarter[4:]} {quarter[:4]}"


def quarter_runs(quarters: Sequence[str]) -> str:
    """Quarters as runs of consecutive quarters, for prose.

    >>> quarter_runs(["2026Q3", "2026Q4", "2027Q1", "2028Q2"])
    'Q3 2026 to Q1 2027 and Q2 2028'
    >>> quarter_runs(["2026Q3"]), quarter_runs([])
    ('Q3 2026', '')
    >>> quarter_runs(["2026Q1", "2026Q3", "2027Q1"])
    'Q1 2026, Q3 2026 and Q1 2027'
    """
    runs: list[list[str]] = []
    for q in quarters:
        if runs and quarters_between(runs[-1][-1], q)[1:] == [q]:
            runs[-1].append(q)
        else:
            runs.append([q])
    parts = [quarter_name(r[0]) if len(r) == 1 else f"{quarter_name(r[0])} to {quarter_name(r[-1])}" for r in runs]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def quarters_count(n: int, total: int) -> str:
    """``'5 of the 14 modelled quarters'``; ``'the one modelled quarter'`` when there is one.

    >>> quarters_count(5, 14), quarters_count(0, 14), quarters_count(1, 1), quarters_count(0, 1)
    ('5 of the 14 modelled quarters', 'none of the 14 modelled quarters', 'the one modelled quarter', 'no modelled quarter')
    """
    if total == 1:
        return "the one modelled quarter" if n == 1 else "no modelled quarter"
    if n == 0:
        return f"none of the {total} modelled quarters"
    if n == total:
        return f"all {total} modelled quarters"
    return f"{n} of the {total} modelled quarters"


def income_phrase(x: float) -> str:
    """An operating income in words: a loss, a profit or break-even.

    >>> income_phrase(-2.47e9), income_phrase(4.8e8), income_phrase(0.0)
    ('an operating loss of $2.47 billion', 'an operating profit of $480 million', 'no operating profit or loss')
    """
    if abs(x) < NEGLIGIBLE_USD:
        return "no operating profit or loss"
    return f"an operating {'loss' if x < 0 else 'profit'} of {report.usd(abs(x))}"


def offset_phrase(ratio: float | None) -> str:
    """What the lease's net contribution ``L - K`` does to the loss ``A0`` there would be
    without it, from the offset ratio ``(L - K) / (-A0)`` (None when ``A0 >= 0``).

    >>> offset_phrase(1.188)
    'more than covers the loss the segment would make without it (1.19x the loss)'
    >>> offset_phrase(0.32), offset_phrase(1.0)
    ('covers 32% of the loss the segment would make without it', 'exactly covers the loss the segment would make without it')
    >>> offset_phrase(0.0), offset_phrase(-0.1)
    ('offsets none of the loss the segment would make without it', 'deepens the loss the segment would make without it, by 10% of it')
    >>> offset_phrase(None)
    'has no loss to offset, as the segment would make none without it'
    """
    loss = "the loss the segment would make without it"
    if ratio is None:
        return "has no loss to offset, as the segment would make none without it"
    if ratio > 1:
        return f"more than covers {loss} ({report.times(ratio, 2)} the loss)"
    if ratio == 1:
        return f"exactly covers {loss}"
    if ratio > 0:
        return f"covers {report.pct(ratio, 0)} of {loss}"
    if ratio == 0:
        return f"offsets none of {loss}"
    return f"deepens {loss}, by {report.pct(-ratio, 0)} of it"


def growth_phrase(rate: float, up: str = "grows", down: str = "falls", flat: str = "stays flat") -> str:
    """A quarterly growth rate in words whose verb follows its sign.

    >>> growth_phrase(0.15), growth_phrase(-0.05), growth_phrase(0.0)
    ('grows 15.0% a quarter', 'falls 5.0% a quarter', 'stays flat')
    >>> growth_phrase(-0.1, "grow", "shrink", "stay flat")
    'shrink 10.0% a quarter'
    """
    if rate == 0:
        return flat
    return f"{up if rate > 0 else down} {report.pct(abs(rate))} a quarter"


def other_segments_sentence(anchor_income: float, growth: float, anchors_from_facts: bool = True) -> str:
    """How SpaceX's other segments move from their anchor-quarter operating income
    ``X0 = Pi_0 + l_0``: growth raises a profit but deepens a loss.

    >>> other_segments_sentence(5.3e8, 0.08)
    "SpaceX's other segments grow 8.0% a quarter from their anchor-quarter operating profit of $530 million."
    >>> other_segments_sentence(5.3e8, -0.1)
    "SpaceX's other segments shrink 10.0% a quarter from their anchor-quarter operating profit of $530 million."
    >>> other_segments_sentence(-1.94e9, 0.15, False)  # doctest: +NORMALIZE_WHITESPACE
    "SpaceX's other segments start from an operating loss of $1.94 billion in the anchor quarter, which the
    assumed growth of 15.0% a quarter deepens. That anchor follows from the two anchors set in this build:
    SpaceX's consolidated operating income less the AI segment's."
    >>> other_segments_sentence(-1.94e9, -0.1)
    "SpaceX's other segments start from an operating loss of $1.94 billion in the anchor quarter, which narrows 10.0% a quarter."
    >>> other_segments_sentence(-1.94e9, 0.0)
    "SpaceX's other segments start from an operating loss of $1.94 billion in the anchor quarter, which stays the same."
    >>> other_segments_sentence(0.0, 0.15)
    "SpaceX's other segments make no operating profit or loss in the anchor quarter, so they stay at zero whatever their growth."
    """
    if abs(anchor_income) < NEGLIGIBLE_USD:
        text = ("SpaceX's other segments make no operating profit or loss in the anchor quarter, so they stay at "
                "zero whatever their growth.")
    elif anchor_income > 0:
        text = (f"SpaceX's other segments {growth_phrase(growth, 'grow', 'shrink', 'stay flat')} from their "
                f"anchor-quarter operating profit of {report.usd(anchor_income)}.")
    else:
        move = (f"the assumed growth of {report.pct(growth)} a quarter deepens" if growth > 0
                else f"narrows {report.pct(-growth)} a quarter" if growth < 0 else "stays the same")
        text = (f"SpaceX's other segments start from {income_phrase(anchor_income)} in the anchor quarter, "
                f"which {move}.")
    if not anchors_from_facts:
        text += (" That anchor follows from the two anchors set in this build: SpaceX's consolidated operating "
                 "income less the AI segment's.")
    return text


def breakeven_phrase(quarter: str | None, last_quarter: str, anchor_quarter: str | None = None,
                     stays: bool = False) -> str:
    """When an operating income first stops being a loss, or that it never does. When that
    is already the anchor quarter (whose figures the build sets, before the model grows
    anything) it says so, and "from ... on" only when no later quarter is a loss (``stays``).

    >>> breakeven_phrase("2026Q3", "2029Q2")
    'first makes no operating loss in Q3 2026'
    >>> breakeven_phrase(None, "2029Q2")
    'makes an operating loss in every modelled quarter, through Q2 2029'
    >>> breakeven_phrase("2026Q1", "2029Q2", "2026Q1")
    "already makes no operating loss in this build's anchor quarter, Q1 2026"
    >>> breakeven_phrase("2026Q1", "2029Q2", "2026Q1", stays=True)
    "makes no operating loss from this build's anchor quarter, Q1 2026, on"
    """
    if quarter is None:
        return f"makes an operating loss in every modelled quarter, through {quarter_name(last_quarter)}"
    if quarter == anchor_quarter:
        if stays:
            return f"makes no operating loss from this build's anchor quarter, {quarter_name(quarter)}, on"
        return f"already makes no operating loss in this build's anchor quarter, {quarter_name(quarter)}"
    return f"first makes no operating loss in {quarter_name(quarter)}"


def breakeven_comparison(with_q: str | None, without_q: str | None, last_quarter: str, anchor_quarter: str,
                         with_income: Sequence[float] = (), without_income: Sequence[float] = (),
                         subject: str = "the segment") -> str:
    """One sentence on when the income first stops being a loss with and without the
    lease; when both quarters are the same it says the lease does not change it.

    >>> breakeven_comparison("2026Q1", "2026Q1", "2029Q2", "2026Q1", [1.0, 2.0], [1.0, 0.0])
    "With or without the lease, the segment makes no operating loss from this build's anchor quarter, Q1 2026, on: the lease does not change that."
    >>> breakeven_comparison("2026Q1", "2026Q1", "2029Q2", "2026Q1", [1.0, -2.0], [1.0, -3.0])
    "With or without the lease, the segment already makes no operating loss in this build's anchor quarter, Q1 2026: the lease does not change the first quarter without a loss."
    >>> breakeven_comparison("2027Q1", "2027Q1", "2029Q2", "2026Q1", subject="SpaceX")
    'With or without the lease, SpaceX first makes no operating loss in Q1 2027: the lease does not change the first quarter without a loss.'
    >>> breakeven_comparison(None, None, "2028Q1", "2026Q1")
    'With or without the lease, the segment makes an operating loss in every modelled quarter, through Q1 2028.'
    >>> breakeven_comparison("2026Q4", None, "2029Q2", "2026Q1")
    'With the lease, the segment first makes no operating loss in Q4 2026; without it, the segment makes an operating loss in every modelled quarter, through Q2 2029.'
    >>> breakeven_comparison("2026Q4", "2026Q1", "2029Q2", "2026Q1", [-1.0, 1.0], [1.0, 1.0])
    "With the lease, the segment first makes no operating loss in Q4 2026; without it, the segment makes no operating loss from this build's anchor quarter, Q1 2026, on."
    """
    def ok(values: Sequence[float]) -> bool:
        return len(values) > 0 and all(v >= 0 for v in values)

    if with_q == without_q:
        if with_q is None:
            return f"With or without the lease, {subject} {breakeven_phrase(None, last_quarter)}."
        stays = ok(with_income) and ok(without_income)
        tail = "that" if with_q == anchor_quarter and stays else "the first quarter without a loss"
        return (f"With or without the lease, {subject} "
                f"{breakeven_phrase(with_q, last_quarter, anchor_quarter, stays)}: the lease does not change {tail}.")
    return (f"With the lease, {subject} {breakeven_phrase(with_q, last_quarter, anchor_quarter, ok(with_income))}; "
            f"without it, {subject} "
            f"{breakeven_phrase(without_q, last_quarter, anchor_quarter, ok(without_income))}.")


def loss_cover_sentence(loss_quarters: Sequence[str], offset_quarters: Sequence[str], total: int,
                        all_loss_said: bool = False) -> str:
    """How many quarters the segment would make a loss in without the lease, and in how
    many of them the lease's net contribution covers it. Says once, without any
    "covering", when there is no loss at all; ``all_loss_said`` when the text has already
    said there is a loss in every quarter without the lease.

    >>> loss_cover_sentence([], [], 14)
    'Without the lease the segment would make no operating loss in any of the 14 modelled quarters, so there is no loss for the lease to offset.'
    >>> loss_cover_sentence(["2026Q1", "2026Q2"], [], 9)
    'Without the lease the segment would make a loss in 2 of the 9 modelled quarters, and the net contribution of the lease covers it in none of them.'
    >>> loss_cover_sentence(["2026Q1", "2026Q2", "2026Q3"], ["2026Q2", "2026Q3"], 3)
    'Without the lease the segment would make a loss in all 3 modelled quarters, and the net contribution of the lease covers it in 2 of them (Q2 2026 to Q3 2026).'
    >>> loss_cover_sentence(["2026Q2"], ["2026Q2"], 3)
    'Without the lease the segment would make a loss in 1 of the 3 modelled quarters, and the net contribution of the lease covers it there (Q2 2026).'
    >>> loss_cover_sentence(["2026Q2", "2026Q3"], ["2026Q2", "2026Q3"], 3)
    'Without the lease the segment would make a loss in 2 of the 3 modelled quarters, and the net contribution of the lease covers it in all of them (Q2 2026 to Q3 2026).'
    >>> loss_cover_sentence(["2026Q1", "2026Q2"], [], 2, all_loss_said=True)
    'The net contribution of the lease covers that loss in no quarter.'
    >>> loss_cover_sentence(["2026Q1", "2026Q2"], ["2026Q2"], 2, all_loss_said=True)
    'The net contribution of the lease covers that loss in 1 of the 2 modelled quarters (Q2 2026).'
    """
    n_loss, n_off = len(loss_quarters), len(offset_quarters)
    if n_loss == 0:
        where = "in the one modelled quarter" if total == 1 else f"in any of the {total} modelled quarters"
        return (f"Without the lease the segment would make no operating loss {where}, so there is no loss for "
                f"the lease to offset.")
    if all_loss_said and n_loss == total:
        where = "no quarter" if n_off == 0 else f"{quarters_count(n_off, total)} ({quarter_runs(offset_quarters)})"
        return f"The net contribution of the lease covers that loss in {where}."
    if n_off == 0:
        cover = "covers it in none of them" if n_loss > 1 else "does not cover it"
    elif n_loss == 1:
        cover = f"covers it there ({quarter_runs(offset_quarters)})"
    elif n_off == n_loss:
        cover = f"covers it in all of them ({quarter_runs(offset_quarters)})"
    else:
        cover = f"covers it in {n_off} of them ({quarter_runs(offset_quarters)})"
    return (f"Without the lease the segment would make a loss in {quarters_count(n_loss, total)}, and the net "
            f"contribution of the lease {cover}.")


def widest_spread_sentence(quarters: Sequence[str], p05: Sequence[float], p95: Sequence[float]) -> str:
    """Where the 5-95% band of the quarters is widest. Widths that print the same are a
    tie: the sentence names them all, then gives the band of the first.

    >>> widest_spread_sentence(["2026Q3", "2026Q4"], [-3.0e9, -4.0e9], [-2.0e9, -2.5e9])
    'The spread is widest in Q4 2026: between an operating loss of $4 billion and an operating loss of $2.5 billion.'
    >>> widest_spread_sentence(["2026Q3", "2026Q4", "2027Q1"], [-3.0e9, -4.0e9, -4.5e9],
    ...                        [-2.0e9, -3.0e9, -3.5e9])  # doctest: +NORMALIZE_WHITESPACE
    'The spread is widest, at $1 billion, in Q3 2026 to Q1 2027; in Q3 2026 it runs from an operating loss of
    $3 billion to an operating loss of $2 billion.'
    >>> widest_spread_sentence(["2026Q3"], [1.0e9], [1.0e9])
    'In no quarter do the 5th and 95th percentiles differ in this build: the ends of the lease that are likely enough to reach them give the same quarters.'
    """
    widths = [hi - lo for lo, hi in zip(p05, p95)]
    top = max(widths) if widths else 0.0
    if top <= 0:
        return ("In no quarter do the 5th and 95th percentiles differ in this build: the ends of the lease that are "
                "likely enough to reach them give the same quarters.")
    tied = [i for i, w in enumerate(widths) if report.usd(w) == report.usd(top) or abs(w - top) <= 1e-9 * top]
    if len(tied) == 1:
        i = tied[0]
        return (f"The spread is widest in {quarter_name(quarters[i])}: between {income_phrase(p05[i])} and "
                f"{income_phrase(p95[i])}.")
    i = tied[0]
    return (f"The spread is widest, at {report.usd(top)}, in {quarter_runs([quarters[j] for j in tied])}; in "
            f"{quarter_name(quarters[i])} it runs from {income_phrase(p05[i])} to {income_phrase(p95[i])}.")


def profit_quarters_phrase(quarters: Sequence[str], operating_income: Sequence[float]) -> str:
    """Which modelled quarters have no operating loss, and, if the last is a loss, the quarter
    from which the loss returns for good.

    >>> profit_quarters_phrase(["2026Q1", "2026Q2", "2026Q3"], [-1.0, 2.0, -3.0])
    'no operating loss in Q2 2026 (1 of the 3 modelled quarters), and a loss again from Q3 2026'
    >>> profit_quarters_phrase(["2026Q1", "2026Q2", "2026Q3", "2026Q4"], [-1.0, 2.0, -3.0, -1.0])
    'no operating loss in Q2 2026 (1 of the 4 modelled quarters), and a loss again from Q3 2026'
    >>> profit_quarters_phrase(["2026Q1", "2026Q2"], [-1.0, 2.0])
    'no operating loss in Q2 2026 (1 of the 2 modelled quarters), still the case in the last, Q2 2026'
    >>> profit_quarters_phrase(["2026Q1", "2026Q2"], [-1.0, -2.0])
    'an operating loss in every modelled quarter'
    """
    ok = [q for q, v in zip(quarters, operating_income) if v >= 0]
    if not ok:
        return "an operating loss in every modelled quarter"
    head = f"no operating loss in {quarter_runs(ok)} ({quarters_count(len(ok), len(quarters))})"
    if operating_income[-1] >= 0:
        return f"{head}, still the case in the last, {quarter_name(quarters[-1])}"
    last_ok = max(i for i, v in enumerate(operating_income) if v >= 0)
    return f"{head}, and a loss again from {quarter_name(quarters[last_ok + 1])}"


def contribution_split(anthropic_net: float, other_tenants: float, anthropic_rent: float | None = None,
                       anthropic_cash_cost: float | None = None) -> str:
    """How the leasing contribution over the modelled quarters splits between Anthropic
    (rent less cash cost and replacement compute) and the other tenants (rent times margin).
    When Anthropic's part is negative, the reason follows from its expected rent against
    the cash cost of serving it alone (the replacement compute is what xAI gives up).

    >>> contribution_split(2.375e10, 1.788e10)
    'Anthropic brings 57% of the two together'
    >>> contribution_split(2.0e9, 0.0)
    'the other tenants bring nothing, so all of it is Anthropic'
    >>> contribution_split(-6.66e8, 0.0, 4.0e9, 2.5e9)
    "Anthropic's part is negative, as its rent covers the cash cost of serving it but not that and the compute xAI must buy back"
    >>> contribution_split(-1.0e9, 5.0e9, 1.0e9, 1.5e9)
    "Anthropic's part is negative, as its rent does not cover even the cash cost of serving it"
    >>> contribution_split(-1.0e9, 5.0e9)
    "Anthropic's part is negative, as its rent does not cover the cash cost of serving it and the compute xAI must buy back"
    >>> contribution_split(0.0, 0.0)
    'neither brings anything'
    """
    if anthropic_net < -NEGLIGIBLE_USD:
        if anthropic_rent is None or anthropic_cash_cost is None:
            why = "does not cover the cash cost of serving it and the compute xAI must buy back"
        elif anthropic_rent < anthropic_cash_cost:
            why = "does not cover even the cash cost of serving it"
        else:
            why = "covers the cash cost of serving it but not that and the compute xAI must buy back"
        return f"Anthropic's part is negative, as its rent {why}"
    if abs(anthropic_net) < NEGLIGIBLE_USD and abs(other_tenants) < NEGLIGIBLE_USD:
        return "neither brings anything"
    if abs(other_tenants) < NEGLIGIBLE_USD:
        return "the other tenants bring nothing, so all of it is Anthropic"
    if other_tenants < 0:
        return "the other tenants' part is negative (a negative margin), so Anthropic brings more than all of it"
    return f"Anthropic brings {report.pct(anthropic_net / (anthropic_net + other_tenants), 0)} of the two together"


def reported_contradiction(quarter: str | None, anchor_quarter: str, subject: str = "the AI segment",
                           entity: str = "ai") -> str:
    """A flag for a modelled quarter without an operating loss that SpaceX has since
    reported with one (a build anchored before the latest reported quarter can model a
    quarter that has been reported); ``''`` when there is nothing to flag: no such
    quarter, the anchor quarter itself, a quarter not reported, or no loss reported.

    >>> reported_contradiction("2026Q2", "2026Q1")
    ' Q2 2026 has been reported since, with an operating loss of $1.26 billion for the AI segment: this build contradicts it.'
    >>> reported_contradiction("2026Q2", "2026Q1", "SpaceX", "spacex")[:60]
    ' Q2 2026 has been reported since, with an operating loss of '
    >>> reported_contradiction("2026Q3", "2026Q2"), reported_contradiction("2026Q2", "2026Q2"), reported_contradiction(None, "2026Q2")
    ('', '', '')
    """
    from ...inputs import reported

    if quarter is None or quarter <= anchor_quarter:
        return ""
    value = reported.figure(quarter, entity, "operating_income_usd")
    if value is None or value >= 0:
        return ""
    return (f" {quarter_name(quarter)} has been reported since, with an operating loss of {report.usd(-value)} "
            f"for {subject}: this build contradicts it.")
