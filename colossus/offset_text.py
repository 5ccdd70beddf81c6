"""Phrases of the chapter "Losses offset by rent", built from the model's results.

Every function is pure and returns text whose direction words ("covers", "falls short
of", "above", "below", "never") follow the sign of its inputs, so a sentence stays true
under any valid parameters. The numbers come from :mod:`colossus.offset` and are only
formatted here (with :mod:`colossus.report`); no formula of the model is repeated.
"""
from __future__ import annotations

from typing import Sequence

from . import report
from .offset import quarters_between

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
    'has no loss to offset: the segment would make none without it'
    """
    loss = "the loss the segment would make without it"
    if ratio is None:
        return "has no loss to offset: the segment would make none without it"
    if ratio > 1:
        return f"more than covers {loss} ({report.times(ratio, 2)} the loss)"
    if ratio == 1:
        return f"exactly covers {loss}"
    if ratio > 0:
        return f"covers {report.pct(ratio, 0)} of {loss}"
    if ratio == 0:
        return f"offsets none of {loss}"
    return f"deepens {loss}, by {report.pct(-ratio, 0)} of it"


def breakeven_phrase(quarter: str | None, last_quarter: str) -> str:
    """When an operating income first stops being a loss, or that it never does.

    >>> breakeven_phrase("2026Q3", "2029Q2")
    'first makes no operating loss in Q3 2026'
    >>> breakeven_phrase(None, "2029Q2")
    'makes an operating loss in every modelled quarter, through Q2 2029'
    """
    if quarter is None:
        return f"makes an operating loss in every modelled quarter, through {quarter_name(last_quarter)}"
    return f"first makes no operating loss in {quarter_name(quarter)}"


def profit_quarters_phrase(quarters: Sequence[str], operating_income: Sequence[float]) -> str:
    """Which modelled quarters have no operating loss, and whether the last one is a loss.

    >>> profit_quarters_phrase(["2026Q1", "2026Q2", "2026Q3"], [-1.0, 2.0, -3.0])
    'no operating loss in Q2 2026 (1 of the 3 modelled quarters), and a loss again by Q3 2026'
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
    return f"{head}, and a loss again by {quarter_name(quarters[-1])}"


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


def revenue_gap_explanation(leasing_gap: float, other_tenants_rent: float, ramp_discount: float) -> str:
    """Why the model's leasing revenue misses what the report implies, from the back-test
    attribution (:func:`colossus.offset.backtest_attribution`): the leasing gap (model less
    implied), the other tenants' rent the model counts in the quarter, and the rent the
    assumed ramp discount removes from it.

    >>> revenue_gap_explanation(-4.521e8, 0.0, 1.25e9)  # doctest: +NORMALIZE_WHITESPACE
    'The model counts no other tenant in the quarter, so rent from a tenant that started earlier than modelled, or
    from other cloud agreements, would show up as this shortfall. The assumed ramp discount removes $1.25 billion
    from the quarter: a shallower discount would close the gap on its own.'
    >>> revenue_gap_explanation(-2.0e9, 3.0e8, 5.0e8)  # doctest: +NORMALIZE_WHITESPACE
    'The model already counts $300 million from other tenants; more tenants, or tenants paying more, would
    close the shortfall. The assumed ramp discount removes $500 million from the quarter: even with no discount
    the gap would not close.'
    >>> revenue_gap_explanation(4.0e8, 3.0e8, 0.0)  # doctest: +NORMALIZE_WHITESPACE
    'The model counts $300 million from other tenants, rent that may have started later than modelled. No ramp
    discount falls in the quarter, so a longer or deeper ramp, or rent recognised later than billed, would explain
    an excess.'
    >>> revenue_gap_explanation(0.0, 0.0, 0.0)
    'Nothing is left to explain on revenue.'
    """
    if abs(leasing_gap) < NEGLIGIBLE_USD:
        return "Nothing is left to explain on revenue."
    short = leasing_gap < 0
    if short:
        if other_tenants_rent < NEGLIGIBLE_USD:
            tenants = ("The model counts no other tenant in the quarter, so rent from a tenant that started earlier "
                       "than modelled, or from other cloud agreements, would show up as this shortfall.")
        else:
            tenants = (f"The model already counts {report.usd(other_tenants_rent)} from other tenants; more tenants, "
                       f"or tenants paying more, would close the shortfall.")
        if ramp_discount < NEGLIGIBLE_USD:
            ramp = "No ramp discount falls in the quarter, so the ramp cannot explain it."
        elif ramp_discount >= -leasing_gap:
            ramp = (f"The assumed ramp discount removes {report.usd(ramp_discount)} from the quarter: a shallower "
                    f"discount would close the gap on its own.")
        else:
            ramp = (f"The assumed ramp discount removes {report.usd(ramp_discount)} from the quarter: even with no "
                    f"discount the gap would not close.")
        return f"{tenants} {ramp}"
    if other_tenants_rent < NEGLIGIBLE_USD:
        tenants = "The model counts no other tenant in the quarter, so the excess is Anthropic's rent."
    else:
        tenants = (f"The model counts {report.usd(other_tenants_rent)} from other tenants, rent that may have "
                   f"started later than modelled.")
    if ramp_discount < NEGLIGIBLE_USD:
        ramp = ("No ramp discount falls in the quarter, so a longer or deeper ramp, or rent recognised later than "
                "billed, would explain an excess.")
    else:
        ramp = (f"The assumed ramp discount already removes {report.usd(ramp_discount)}; a deeper or longer ramp, "
                f"or rent recognised later than billed, would explain the rest.")
    return f"{tenants} {ramp}"


def cost_gap_explanation(cost_gap: float, cost_growth: float, lease_cost: float) -> str:
    """Why the model's AI operating cost misses the reported one (revenue less operating
    income): the cost gap (model less reported), the cost the assumed growth adds since the
    anchor quarter (``C - C0``) and the model's cost of serving the lease (``K``).

    >>> cost_gap_explanation(7.1e7, 1.973e8, 4.02e8)  # doctest: +NORMALIZE_WHITESPACE
    'The assumed cost growth adds $197 million since the anchor quarter: slower growth than assumed would explain
    the excess on its own.'
    >>> cost_gap_explanation(5.0e8, 1.0e8, 4.0e8)  # doctest: +NORMALIZE_WHITESPACE
    'The assumed cost growth adds only $100 million since the anchor quarter; the rest would have to come from a
    lower cost of serving the lease than the $400 million modelled (cash cost and replacement compute).'
    >>> cost_gap_explanation(-3.0e8, 1.0e8, 4.0e8)  # doctest: +NORMALIZE_WHITESPACE
    'Costs grew faster than the assumed growth (which adds $100 million since the anchor quarter), or serving
    the lease cost more than the $400 million modelled.'
    >>> cost_gap_explanation(2.0e8, 0.0, 0.0)  # doctest: +NORMALIZE_WHITESPACE
    'The assumed cost growth adds nothing since the anchor quarter and the model has no cost of serving the lease
    in it, so costs fell by more than assumed.'
    >>> cost_gap_explanation(0.0, 1.0e8, 4.0e8)
    'Nothing is left to explain on cost.'
    """
    if abs(cost_gap) < NEGLIGIBLE_USD:
        return "Nothing is left to explain on cost."
    growth = (f"adds {report.usd(cost_growth)}" if cost_growth >= NEGLIGIBLE_USD
              else f"removes {report.usd(-cost_growth)}" if cost_growth <= -NEGLIGIBLE_USD else "adds nothing")
    if cost_gap < 0:
        lease = (f"or serving the lease cost more than the {report.usd(lease_cost)} modelled"
                 if lease_cost >= NEGLIGIBLE_USD else "or xAI had costs the model does not carry")
        return f"Costs grew faster than the assumed growth (which {growth} since the anchor quarter), {lease}."
    if cost_growth >= cost_gap:
        return (f"The assumed cost growth {growth} since the anchor quarter: slower growth than assumed would "
                f"explain the excess on its own.")
    if lease_cost < NEGLIGIBLE_USD:
        if cost_growth >= NEGLIGIBLE_USD:
            return (f"The assumed cost growth {growth} since the anchor quarter, less than the excess, and the model "
                    f"has no cost of serving the lease in it, so costs fell by more than assumed.")
        return (f"The assumed cost growth {growth} since the anchor quarter and the model has no cost of serving "
                f"the lease in it, so costs fell by more than assumed.")
    lease = f"a lower cost of serving the lease than the {report.usd(lease_cost)} modelled (cash cost and replacement compute)"
    if cost_growth >= NEGLIGIBLE_USD:
        return f"The assumed cost growth adds only {report.usd(cost_growth)} since the anchor quarter; the rest would have to come from {lease}."
    return f"The assumed cost growth {growth} since the anchor quarter, so the excess would have to come from {lease}."


def contribution_split(anthropic_net: float, other_tenants: float) -> str:
    """How the leasing contribution over the modelled quarters splits between Anthropic
    (rent less cash cost and replacement compute) and the other tenants (rent times margin).

    >>> contribution_split(2.375e10, 1.788e10)
    'Anthropic brings 57% of the two together'
    >>> contribution_split(2.0e9, 0.0)
    'the other tenants bring nothing, so all of it is Anthropic'
    >>> contribution_split(-1.0e9, 5.0e9)
    "Anthropic's part is negative: its rent does not cover the cost of serving it"
    >>> contribution_split(0.0, 0.0)
    'neither brings anything'
    """
    if anthropic_net < -NEGLIGIBLE_USD:
        return "Anthropic's part is negative: its rent does not cover the cost of serving it"
    if abs(anthropic_net) < NEGLIGIBLE_USD and abs(other_tenants) < NEGLIGIBLE_USD:
        return "neither brings anything"
    if abs(other_tenants) < NEGLIGIBLE_USD:
        return "the other tenants bring nothing, so all of it is Anthropic"
    if other_tenants < 0:
        return "the other tenants' part is negative (a negative margin), so Anthropic brings more than all of it"
    return f"Anthropic brings {report.pct(anthropic_net / (anthropic_net + other_tenants), 0)} of the two together"
