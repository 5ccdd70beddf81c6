"""Phrases of the chapter "Losses offset by rent", built from the model's results.

Every function is pure and returns text whose direction words ("covers", "falls short
of", "above", "below", "never") follow the sign of its inputs, so a sentence stays true
under any valid parameters. The numbers come from :mod:`colossus.model.offset` and are only
formatted here (with :mod:`colossus.words.report`); no formula of the model is repeated.
"""
from __future__ import annotations

from typing import Sequence

from . import report
from ..model.offset import quarters_between

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


def above_below(model: float, reported: float) -> str:
    """How far the model is from a reported figure: ``'$452.1 million below'``.

    >>> above_below(2.1089e9, 2.561e9), above_below(-1.0e9, -1.5e9), above_below(5.0, 5.0)
    ('$452 million below', '$500 million above', 'equal to')
    """
    gap = model - reported
    if abs(gap) < NEGLIGIBLE_USD:
        return "equal to"
    return f"{report.usd(abs(gap))} {'below' if gap < 0 else 'above'}"


def error_share_phrase(share: float | None) -> str:
    """The error as a share of the reported figure, or why there is none.

    >>> error_share_phrase(-0.1765), error_share_phrase(None)
    ('18% of the reported figure', 'no share: the reported figure is zero')
    """
    if share is None:
        return "no share: the reported figure is zero"
    return f"{report.pct(abs(share), 0)} of the reported figure"


def over_under(gap: float, noun: str) -> str:
    """``'overstates revenue by $1.0 billion'`` for a positive model-minus-reported gap.

    >>> over_under(1.0e9, "revenue"), over_under(-2.0e8, "cost"), over_under(0.0, "cost")
    ('overstates revenue by $1 billion', 'understates cost by $200 million', 'matches cost')
    """
    if abs(gap) < NEGLIGIBLE_USD:
        return f"matches {noun}"
    return f"{'overstates' if gap > 0 else 'understates'} {noun} by {report.usd(abs(gap))}"


def revenue_gap_explanation(leasing_gap: float, other_tenants_rent: float, ramp_discount: float,
                            ramp_months: int, rent_expected: float, rent_contracted: float) -> str:
    """Why the model's leasing revenue misses what the report implies, from the back-test
    attribution (:func:`colossus.model.offset.backtest_attribution`): the leasing gap (model less
    implied), the other tenants' rent the model counts in the quarter, the rent the assumed
    ramp discount removes from it (survival-weighted), the number of the lease's ramp
    months that fall in the quarter, and Anthropic's rent in the quarter expected
    (weighted by the chance the lease is still running) and as contracted.

    >>> revenue_gap_explanation(-4.521e8, 0.0, 1.25e9, 2, 3.0e9, 3.0e9)  # doctest: +NORMALIZE_WHITESPACE
    'The model counts no other tenant in the quarter, so rent from a tenant that started earlier than modelled, or
    from other cloud agreements, would show up as this shortfall. The assumed ramp discount removes $1.25 billion
    from the quarter: a shallower discount would close the gap on its own.'
    >>> revenue_gap_explanation(-2.0e9, 3.0e8, 5.0e8, 1, 1.0e9, 1.0e9)  # doctest: +NORMALIZE_WHITESPACE
    'The model already counts $300 million from other tenants; more tenants, or tenants paying more, would
    close the shortfall. The assumed ramp discount removes $500 million from the quarter: even with no discount
    the gap would not close.'

    The bear case with certain termination: the ramp falls in the quarter, but no rent is
    expected there at all.

    >>> revenue_gap_explanation(-1.74e9, 0.0, 0.0, 2, 0.0, 2.0e9)  # doctest: +NORMALIZE_WHITESPACE
    "The model counts no other tenant in the quarter, so rent from a tenant that started earlier than modelled, or
    from other cloud agreements, would show up as this shortfall. The model expects no Anthropic rent in the
    quarter: under this build's termination assumptions the lease is certain to have ended before any of the
    $2 billion the contract sets for the quarter is paid; had it run through the quarter, that rent alone would
    close the gap. The ramp falls in the quarter (2 months), but with no rent expected its discount removes
    nothing."
    >>> revenue_gap_explanation(-1.0e9, 0.0, 1.0e8, 1, 6.0e8, 1.2e9)  # doctest: +NORMALIZE_WHITESPACE
    'The model counts no other tenant in the quarter, so rent from a tenant that started earlier than modelled, or
    from other cloud agreements, would show up as this shortfall. The model expects $600 million of the
    $1.2 billion of Anthropic rent the contract sets for the quarter, weighting each month by the chance the
    lease is still running; a lease certain to run through the quarter would not close the gap on its own. The
    assumed ramp discount removes $100 million from the quarter: even with no discount the gap would not close.'
    >>> revenue_gap_explanation(-2.0e9, 0.0, 0.0, 0, 3.0e9, 3.0e9)  # doctest: +NORMALIZE_WHITESPACE
    'The model counts no other tenant in the quarter, so rent from a tenant that started earlier than modelled, or
    from other cloud agreements, would show up as this shortfall. No ramp month falls in the quarter, so the ramp
    cannot explain it.'
    >>> revenue_gap_explanation(4.0e8, 3.0e8, 0.0, 0, 3.0e9, 3.0e9)  # doctest: +NORMALIZE_WHITESPACE
    'The model counts $300 million from other tenants, rent that may have started later than modelled. No ramp
    month falls in the quarter, so a ramp longer than assumed, or rent recognised later than billed, would explain
    an excess.'
    >>> revenue_gap_explanation(4.0e8, 0.0, 0.0, 2, 3.0e9, 3.0e9)  # doctest: +NORMALIZE_WHITESPACE
    "The model counts no other tenant in the quarter, so the excess is Anthropic's rent. The ramp's 2 months in
    the quarter remove nothing from the expected rent; a deeper or longer ramp, or rent recognised later than
    billed, would explain an excess."
    >>> revenue_gap_explanation(0.0, 0.0, 0.0, 0, 0.0, 0.0)
    'Nothing is left to explain on revenue.'
    """
    if abs(leasing_gap) < NEGLIGIBLE_USD:
        return "Nothing is left to explain on revenue."
    held_back = rent_contracted - rent_expected
    months = f"{ramp_months} month{'s' if ramp_months != 1 else ''}"
    short = leasing_gap < 0
    if short:
        if other_tenants_rent < NEGLIGIBLE_USD:
            tenants = ("The model counts no other tenant in the quarter, so rent from a tenant that started earlier "
                       "than modelled, or from other cloud agreements, would show up as this shortfall.")
        else:
            tenants = (f"The model already counts {report.usd(other_tenants_rent)} from other tenants; more tenants, "
                       f"or tenants paying more, would close the shortfall.")
        parts = [tenants]
        if rent_contracted >= NEGLIGIBLE_USD and held_back >= NEGLIGIBLE_USD:
            closes = held_back >= -leasing_gap
            if rent_expected < NEGLIGIBLE_USD:
                parts.append(f"The model expects no Anthropic rent in the quarter: under this build's termination "
                             f"assumptions the lease is certain to have ended before any of the "
                             f"{report.usd(rent_contracted)} the contract sets for the quarter is paid; had it run "
                             f"through the quarter, that rent alone would {'close' if closes else 'not close'} the gap.")
            else:
                parts.append(f"The model expects {report.usd(rent_expected)} of the {report.usd(rent_contracted)} of "
                             f"Anthropic rent the contract sets for the quarter, weighting each month by the chance "
                             f"the lease is still running; a lease certain to run through the quarter would "
                             f"{'close the gap on its own' if closes else 'not close the gap on its own'}.")
        if ramp_months <= 0:
            parts.append("No ramp month falls in the quarter, so the ramp cannot explain it.")
        elif ramp_discount < NEGLIGIBLE_USD:
            if rent_expected < NEGLIGIBLE_USD:
                parts.append(f"The ramp falls in the quarter ({months}), but with no rent expected its discount "
                             f"removes nothing.")
            else:
                parts.append(f"The ramp's {months} in the quarter remove nothing from the expected rent, so the "
                             f"ramp cannot explain it.")
        elif ramp_discount >= -leasing_gap:
            parts.append(f"The assumed ramp discount removes {report.usd(ramp_discount)} from the quarter: a "
                         f"shallower discount would close the gap on its own.")
        else:
            parts.append(f"The assumed ramp discount removes {report.usd(ramp_discount)} from the quarter: even with "
                         f"no discount the gap would not close.")
        return " ".join(parts)
    if other_tenants_rent < NEGLIGIBLE_USD:
        tenants = "The model counts no other tenant in the quarter, so the excess is Anthropic's rent."
    else:
        tenants = (f"The model counts {report.usd(other_tenants_rent)} from other tenants, rent that may have "
                   f"started later than modelled.")
    parts = [tenants]
    if rent_contracted >= NEGLIGIBLE_USD and held_back >= NEGLIGIBLE_USD:
        parts.append(f"The termination assumptions already hold back {report.usd(held_back)} of the "
                     f"{report.usd(rent_contracted)} of Anthropic rent the contract sets for the quarter.")
    if ramp_months <= 0:
        parts.append("No ramp month falls in the quarter, so a ramp longer than assumed, or rent recognised later "
                     "than billed, would explain an excess.")
    elif ramp_discount < NEGLIGIBLE_USD:
        parts.append(f"The ramp's {months} in the quarter remove nothing from the expected rent; a deeper or longer "
                     f"ramp, or rent recognised later than billed, would explain an excess.")
    else:
        parts.append(f"The assumed ramp discount already removes {report.usd(ramp_discount)}; a deeper or longer "
                     f"ramp, or rent recognised later than billed, would explain the rest.")
    return " ".join(parts)


def cost_gap_explanation(cost_gap: float, cost_growth: float, lease_cost: float,
                         anchor_gap: float = 0.0, growth_factor: float = 1.0) -> str:
    """Why the model's AI operating cost misses the reported one (revenue less operating
    income): the cost gap (model less reported), the cost the assumed growth adds since the
    anchor quarter (``C - C0``), the model's cost of the lease (``K``: cash cost and
    replacement compute), and, when the build sets the anchor away from the reported
    quarter, ``anchor_gap`` (the build's anchor cost ``R0 + l0`` less the reported one) and
    the cost growth factor ``(1 + g_c)^k`` to the quarter.

    The anchor's part of the gap is ``anchor_gap * growth_factor``; the rest is explained
    as if the anchor were the reported one (cost growth then adds
    ``cost_growth - anchor_gap (growth_factor - 1)``).

    >>> cost_gap_explanation(7.1e7, 1.973e8, 4.02e8)  # doctest: +NORMALIZE_WHITESPACE
    'The assumed cost growth adds $197 million since the anchor quarter: slower growth than assumed would explain
    the excess on its own.'
    >>> cost_gap_explanation(5.0e8, 1.0e8, 4.0e8)  # doctest: +NORMALIZE_WHITESPACE
    'The assumed cost growth adds only $100 million since the anchor quarter; the rest would have to come from a
    lower cost of the lease than the $400 million modelled (cash cost and replacement compute).'
    >>> cost_gap_explanation(-3.0e8, 1.0e8, 4.0e8)  # doctest: +NORMALIZE_WHITESPACE
    'Costs grew faster than the assumed growth (which adds $100 million since the anchor quarter), or the lease
    cost more than the $400 million modelled (cash cost and replacement compute).'
    >>> cost_gap_explanation(2.0e8, 0.0, 0.0)  # doctest: +NORMALIZE_WHITESPACE
    'The assumed cost growth adds nothing since the anchor quarter and the model has no cost of serving the lease
    in it, so costs fell by more than assumed.'
    >>> cost_gap_explanation(0.0, 1.0e8, 4.0e8)
    'Nothing is left to explain on cost.'

    The bull build with the anchor loss set to 0: the build's anchor cost is $2.47 billion
    below the reported one, $2.52 billion after 2% growth, out of a $2.91 billion gap; cost
    growth on the reported anchor would add 16.36 + 49.4 = $65.8 million.

    >>> cost_gap_explanation(-2.91e9, 1.636e7, 6.92e7, -2.47e9, 1.02)  # doctest: +NORMALIZE_WHITESPACE
    "This build sets the anchor quarter's cost (revenue plus operating loss) $2.47 billion below the reported
    one; grown at the assumed cost growth, that alone lowers the model's operating cost in the quarter by
    $2.52 billion, so the gap mostly reflects the anchor set in this build. The rest: costs grew faster than the
    assumed growth (which adds $65.8 million since the reported anchor quarter), or the lease cost more than the
    $69.2 million modelled (cash cost and replacement compute)."
    >>> cost_gap_explanation(-2.0e8, 1.0e8, 4.0e8, 1.0e9, 1.0)  # doctest: +NORMALIZE_WHITESPACE
    "This build sets the anchor quarter's cost (revenue plus operating loss) $1 billion above the reported one;
    grown at the assumed cost growth, that alone raises the model's operating cost in the quarter by $1 billion. The
    rest: costs grew faster than the assumed growth (which adds $100 million since the reported anchor quarter),
    or the lease cost more than the $400 million modelled (cash cost and replacement compute)."
    >>> cost_gap_explanation(1.0e9, 1.0e8, 4.0e8, 1.0e9, 1.0)  # doctest: +NORMALIZE_WHITESPACE
    "This build sets the anchor quarter's cost (revenue plus operating loss) $1 billion above the reported one;
    grown at the assumed cost growth, that alone raises the model's operating cost in the quarter by $1 billion, so the
    gap mostly reflects the anchor set in this build. Nothing else is left to explain on cost."
    """
    anchor_part = anchor_gap * growth_factor
    if abs(anchor_gap) >= NEGLIGIBLE_USD:
        rest = cost_gap - anchor_part
        head = (f"This build sets the anchor quarter's cost (revenue plus operating loss) "
                f"{report.usd(abs(anchor_gap))} {'below' if anchor_gap < 0 else 'above'} the reported one; grown "
                f"at the assumed cost growth, that alone {'lowers' if anchor_part < 0 else 'raises'} the model's operating "
                f"cost in the quarter by {report.usd(abs(anchor_part))}")
        if anchor_part * cost_gap > 0 and abs(anchor_part) >= abs(rest):
            head += ", so the gap mostly reflects the anchor set in this build"
        if abs(rest) < NEGLIGIBLE_USD:
            return f"{head}. Nothing else is left to explain on cost."
        tail = _cost_rest(rest, cost_growth - anchor_gap * (growth_factor - 1.0), lease_cost,
                          "the reported anchor quarter")
        return f"{head}. The rest: {tail[0].lower()}{tail[1:]}"
    if abs(cost_gap) < NEGLIGIBLE_USD:
        return "Nothing is left to explain on cost."
    return _cost_rest(cost_gap, cost_growth, lease_cost, "the anchor quarter")


def _cost_rest(cost_gap: float, cost_growth: float, lease_cost: float, since: str) -> str:
    growth = (f"adds {report.usd(cost_growth)}" if cost_growth >= NEGLIGIBLE_USD
              else f"removes {report.usd(-cost_growth)}" if cost_growth <= -NEGLIGIBLE_USD else "adds nothing")
    if cost_gap < 0:
        lease = (f"or the lease cost more than the {report.usd(lease_cost)} modelled (cash cost and replacement "
                 f"compute)" if lease_cost >= NEGLIGIBLE_USD else "or xAI had costs the model does not carry")
        return f"Costs grew faster than the assumed growth (which {growth} since {since}), {lease}."
    if cost_growth >= cost_gap:
        return (f"The assumed cost growth {growth} since {since}: slower growth than assumed would "
                f"explain the excess on its own.")
    if lease_cost < NEGLIGIBLE_USD:
        if cost_growth >= NEGLIGIBLE_USD:
            return (f"The assumed cost growth {growth} since {since}, less than the excess, and the model "
                    f"has no cost of serving the lease in it, so costs fell by more than assumed.")
        return (f"The assumed cost growth {growth} since {since} and the model has no cost of serving "
                f"the lease in it, so costs fell by more than assumed.")
    lease = f"a lower cost of the lease than the {report.usd(lease_cost)} modelled (cash cost and replacement compute)"
    if cost_growth >= NEGLIGIBLE_USD:
        return f"The assumed cost growth adds only {report.usd(cost_growth)} since {since}; the rest would have to come from {lease}."
    return f"The assumed cost growth {growth} since {since}, so the excess would have to come from {lease}."


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


def _and_list(items: Sequence[str]) -> str:
    """``'a, b and c'``.

    >>> _and_list(["a"]), _and_list(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


#: How the back-test's measures read in prose.
BACKTEST_MEASURE_NAMES = {"ai_revenue_usd": "AI segment revenue", "ai_operating_income_usd": "AI operating income",
                          "spacex_operating_income_usd": "SpaceX operating income"}


def backtest_pairs_phrase(pairs: Sequence[tuple[str, str]]) -> str:
    """Back-tested quarters with the quarter each was run from.

    >>> backtest_pairs_phrase([("2026Q2", "2026Q1")])
    'Q2 2026 from Q1 2026'
    >>> backtest_pairs_phrase([("2026Q2", "2026Q1"), ("2026Q3", "2026Q2"), ("2026Q4", "2026Q3")])
    'Q2 2026 from Q1 2026, Q3 2026 from Q2 2026 and Q4 2026 from Q3 2026'
    """
    parts = [f"{quarter_name(q)} from {quarter_name(a)}" for q, a in pairs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def track_record_sentence(pairs: Sequence[tuple[str, str]], record: dict, not_tested: Sequence[str] = ()) -> str:
    """The back-test's track record in plain words: how many quarters, the mean absolute
    error of each measure (in USD, and as a share of the reported figure where none is
    zero), and which reported quarters could not be tested.

    Parameters
    ----------
    pairs : sequence of (quarter, anchor quarter)
    record : dict
        :func:`colossus.model.offset.track_record`.
    not_tested : sequence of str
        Reported quarters after the first that are not back-tested
        (:func:`colossus.model.offset.not_backtested`).

    Examples
    --------
    >>> rec = {"n": 1, "ai_revenue_usd": (4.5e8, 0.177), "ai_operating_income_usd": (5.2e8, 0.416),
    ...        "spacex_operating_income_usd": (1.06e9, 7.45)}
    >>> track_record_sentence([("2026Q2", "2026Q1")], rec, ["2026Q1"])  # doctest: +NORMALIZE_WHITESPACE
    'One quarter is back-tested so far (Q2 2026 from Q1 2026), with nothing fitted. Its absolute error: AI segment
    revenue $450 million (17.7% of the reported figure), AI operating income $520 million (41.6%), SpaceX operating
    income $1.06 billion (745.0%). Q1 2026 is reported but not back-tested: the quarter before it is not among the
    reported quarters with the figures the model starts from.'
    >>> rec2 = {"n": 2, "ai_revenue_usd": (1e8, None), "ai_operating_income_usd": (2e8, 0.1),
    ...         "spacex_operating_income_usd": (3e8, 0.2)}
    >>> track_record_sentence([("2026Q2", "2026Q1"), ("2026Q3", "2026Q2")], rec2)  # doctest: +NORMALIZE_WHITESPACE
    '2 quarters are back-tested (Q2 2026 from Q1 2026 and Q3 2026 from Q2 2026), each from the quarter before
    it with nothing fitted. Mean absolute error: AI segment revenue $100 million, AI operating income $200 million
    (10.0% of the reported figure), SpaceX operating income $300 million (20.0%).'
    >>> track_record_sentence([], {"n": 0}, ["2026Q1", "2026Q2"])  # doctest: +NORMALIZE_WHITESPACE
    'No reported quarter can be back-tested yet: Q1 2026 and Q2 2026 are reported but not back-tested, as the
    quarter before each is not among the reported quarters with the figures the model starts from.'
    """
    n = len(pairs)
    if n == 0:
        text = "No reported quarter can be back-tested yet"
        if not_tested:
            text += (f": {_and_list([quarter_name(q) for q in not_tested])} "
                     f"{'is' if len(not_tested) == 1 else 'are'} reported but not back-tested, as the quarter before "
                     f"{'it' if len(not_tested) == 1 else 'each'} is not among the reported quarters with the "
                     f"figures the model starts from")
        return text + "."
    if n == 1:
        head = f"One quarter is back-tested so far ({backtest_pairs_phrase(pairs)}), with nothing fitted. Its absolute error: "
    else:
        head = (f"{n} quarters are back-tested ({backtest_pairs_phrase(pairs)}), each from the quarter before it "
                f"with nothing fitted. Mean absolute error: ")
    parts, share_said = [], False
    for key, name in BACKTEST_MEASURE_NAMES.items():
        usd, share = record.get(key, (None, None))
        if usd is None:
            continue
        part = f"{name} {report.usd(usd)}"
        if share is not None:
            part += f" ({report.pct(share)}{'' if share_said else ' of the reported figure'})"
            share_said = True
        parts.append(part)
    text = head + ", ".join(parts) + "."
    if not_tested:
        one = len(not_tested) == 1
        text += (f" {_and_list([quarter_name(q) for q in not_tested])} {'is' if one else 'are'} reported "
                 f"but not back-tested: the quarter before {'it' if one else 'each'} is not among the reported "
                 f"quarters with the figures the model starts from.")
    return text


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
    from ..inputs import reported

    if quarter is None or quarter <= anchor_quarter:
        return ""
    value = reported.figure(quarter, entity, "operating_income_usd")
    if value is None or value >= 0:
        return ""
    return (f" {quarter_name(quarter)} has been reported since, with an operating loss of {report.usd(-value)} "
            f"for {subject}: this build contradicts it.")

