"""Phrases of the walk-forward back-test: model against reported, the error's split, the track record.

Part of :mod:`colossus.words.offset_text`.
"""
from __future__ import annotations

from typing import Sequence

from .. import report
from .results import NEGLIGIBLE_USD, quarter_name


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


def backtest_cell(model: float, reported_usd: float, error: float, share: float | None, citation: str) -> str:
    """One cell of the walk-forward table: the model, the reported figure with its
    ``citation``, the error (model less reported) and its share of the reported figure.

    >>> backtest_cell(2.1e9, 2.561e9, -4.61e8, -0.18, "[c]")
    'model $2.1 billion; reported $2.56 billion [c]; error -$461 million (18% of the reported figure)'
    >>> backtest_cell(1.0, 0.0, 1.0, None, "[c]")
    'model $1.00; reported $0 [c]; error $1.00'
    """
    return (f"model {report.usd(model)}; reported {report.usd(reported_usd)} {citation}; error {report.usd(error)}"
            + ("" if share is None else f" ({error_share_phrase(share)})"))
