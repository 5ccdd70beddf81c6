"""The chapter's conclusions in words: the first quarter at full rent, the quarters with and
without the lease, SpaceX as a whole, the step-by-step quarter and the verdict.

Part of :mod:`colossus.words.offset_text`. Each sentence is assembled from the phrases of
:mod:`~colossus.words.offset_text.results`, so its direction words follow the signs of the
model's numbers under any parameters.
"""
from __future__ import annotations

from typing import Sequence

from .. import report
from .results import (breakeven_comparison, breakeven_phrase, income_phrase, loss_cover_sentence, offset_phrase,
                      profit_quarters_phrase, quarter_name, quarter_runs, quarters_count, reported_contradiction)


def first_full_quarter_sentence(quarter: str | None, without: float = 0.0, with_lease: float = 0.0,
                                ratio: float | None = None) -> str:
    """The first forecast quarter with three months of full rent, its AI operating income
    without and with the lease, and the offset there (``ratio``, None when the segment makes
    no loss without the lease there).

    >>> first_full_quarter_sentence(None)[:60]
    'No forecast quarter in this build has three months of full r'
    >>> first_full_quarter_sentence("2026Q3", -2.5e9, 6.7e8, 1.27)
    "The first forecast quarter with three months of full rent is Q3 2026. There the AI segment would make an operating loss of $2.5 billion without the lease and makes an operating profit of $670 million with it: the lease's expected rent less its cash cost and the compute xAI must buy back more than covers the loss the segment would make without it (1.27x the loss)."
    >>> first_full_quarter_sentence("2026Q3", 1e8, 2e8)[-41:]
    'operating profit of $200 million with it.'
    """
    if quarter is None:
        return ("No forecast quarter in this build has three months of full rent, so no quarter shows "
                "the lease at full strength.")
    head = (f"The first forecast quarter with three months of full rent is {quarter_name(quarter)}. There the "
            f"AI segment would make {income_phrase(without)} without the lease and makes "
            f"{income_phrase(with_lease)} with it")
    if ratio is None:
        return head + "."
    return (head + ": the lease's expected rent less its cash cost and the compute xAI must buy back "
            f"{offset_phrase(ratio)}.")


def offset_quarters(quarters: Sequence[str], ratios: Sequence[float | None]) -> list[str]:
    """The quarters whose offset ratio is at least 1: the lease's net contribution covers the
    loss there would be without it.

    >>> offset_quarters(["2026Q3", "2026Q4", "2027Q1"], [None, 1.2, 0.4])
    ['2026Q4']
    """
    return [q for q, r in zip(quarters, ratios) if r is not None and r >= 1]


def loss_quarters(quarters: Sequence[str], income_without: Sequence[float]) -> list[str]:
    """The quarters with an operating loss (without the lease).

    >>> loss_quarters(["2026Q3", "2026Q4"], [-1.0, 2.0])
    ['2026Q3']
    """
    return [q for q, v in zip(quarters, income_without) if v < 0]


def ai_breakeven_sentence(with_q: str | None, without_q: str | None, last_quarter: str, anchor_quarter: str,
                          anchor_income: float, with_income: Sequence[float], without_income: Sequence[float]) -> str:
    """When the AI segment breaks even with and without the lease (the breakeven with it looks
    at the anchor quarter first, as :func:`colossus.model.offset.offset_numbers` does), and a
    flag when SpaceX has since reported a loss in the quarter it names.

    >>> ai_breakeven_sentence(None, None, "2029Q2", "2026Q2", -1.2e9, [-1e9], [-2e9])[:40]
    'With or without the lease, the segment m'
    """
    return (breakeven_comparison(with_q, without_q, last_quarter, anchor_quarter, [anchor_income, *with_income],
                                 without_income)
            + reported_contradiction(with_q, anchor_quarter))


def quarters_body(quarters: Sequence[str], with_income: Sequence[float], without_income: Sequence[float],
                  ratios: Sequence[float | None], with_q: str | None, without_q: str | None,
                  breakeven_sentence: str) -> str:
    """The paragraph on the modelled quarters with and without the lease: the breakeven
    (``breakeven_sentence``, :func:`ai_breakeven_sentence`), how many losses the lease covers,
    and the quarters that stay profitable with it.

    ``with_q`` and ``without_q`` are the breakeven quarters with and without the lease.

    >>> quarters_body(["2026Q3", "2026Q4"], [1.0, 2.0], [3.0, 4.0], [None, None], "2026Q3", "2026Q3", "")
    'Without the lease the segment would make no operating loss in any of the 2 modelled quarters, so there is no loss for the lease to offset. With the lease, expected values show no operating loss in any modelled quarter either.'
    """
    losses = loss_quarters(quarters, without_income)
    covered = offset_quarters(quarters, ratios)
    last = quarters[-1]
    if not losses:
        if min(with_income) >= 0:
            tail = " With the lease, expected values show no operating loss in any modelled quarter either."
        elif with_q is None:
            tail = f" With the lease, the segment {breakeven_phrase(None, last)}."
        else:
            tail = f" With the lease, expected values show {profit_quarters_phrase(quarters, with_income)}."
        return loss_cover_sentence(losses, covered, len(quarters)) + tail
    body = (f"{breakeven_sentence} "
            f"{loss_cover_sentence(losses, covered, len(quarters), all_loss_said=without_q is None)}")
    if with_q is not None and min(with_income) < 0:
        body += f" With the lease, expected values show {profit_quarters_phrase(quarters, with_income)}."
    return body


def spacex_breakeven_sentence(with_q: str | None, without_q: str | None, last_quarter: str, anchor_quarter: str,
                              anchor_income: float, with_income: Sequence[float], without_income: Sequence[float],
                              quarters: Sequence[str]) -> str:
    """When SpaceX as a whole breaks even with and without the lease, the quarters in profit
    when a loss returns, and a flag when SpaceX has since reported a loss in the quarter it names.

    >>> spacex_breakeven_sentence("2026Q3", "2026Q3", "2026Q4", "2026Q2", -1e8, [1e9, 2e9], [5e8, 6e8],
    ...                           ["2026Q3", "2026Q4"])[:30]
    'With or without the lease, Spa'
    """
    parts = []
    if with_q is not None and min(with_income) < 0:
        parts.append(f"with the lease, expected values show {profit_quarters_phrase(quarters, with_income)}")
    if without_q is not None and min(without_income) < 0:
        parts.append(f"without it, {profit_quarters_phrase(quarters, without_income)}")
    detail = "; ".join(parts)
    return (spacex_breakeven_comparison(with_q, without_q, last_quarter, anchor_quarter, anchor_income, with_income,
                                        without_income)
            + (f" {detail[0].upper()}{detail[1:]}." if detail else "")
            + reported_contradiction(with_q, anchor_quarter, "SpaceX", "spacex"))


def spacex_breakeven_comparison(with_q: str | None, without_q: str | None, last_quarter: str, anchor_quarter: str,
                                anchor_income: float, with_income: Sequence[float],
                                without_income: Sequence[float]) -> str:
    """When SpaceX breaks even with and without the lease (the breakeven with it looks at the
    anchor quarter first): the finding of the SpaceX chart.

    >>> spacex_breakeven_comparison(None, None, "2029Q2", "2026Q2", -1e9, [-1e9], [-2e9])[:30]
    'With or without the lease, Spa'
    """
    return breakeven_comparison(with_q, without_q, last_quarter, anchor_quarter, [anchor_income, *with_income],
                                without_income, subject="SpaceX")


def waterfall_why(quarter: str, first_full: str | None, rent_expected: float, lease_months: int) -> str:
    """Why the step-by-step quarter is ``quarter`` (:func:`colossus.model.offset.default_waterfall_quarter`).

    >>> waterfall_why("2026Q3", "2026Q3", 3.75e9, 3)
    'the first forecast quarter with three months of full rent'
    >>> waterfall_why("2026Q3", None, 0.0, 0)
    'the last modelled quarter (no lease month falls after the anchor quarter)'
    """
    if first_full == quarter:
        return "the first forecast quarter with three months of full rent"
    if rent_expected > 0:
        return "the quarter with the largest expected Anthropic rent (no forecast quarter has three months of full rent)"
    if lease_months > 0:
        return ("the first forecast quarter with a lease month (no forecast quarter has three months of full rent, "
                "and no rent is expected in any of them)")
    return "the last modelled quarter (no lease month falls after the anchor quarter)"


def waterfall_finding(quarter: str, without: float, with_lease: float) -> str:
    """The step-by-step quarter's finding: the AI segment without and with the lease.

    >>> waterfall_finding("2026Q3", -2.5e9, 6.7e8)
    'In Q3 2026 the AI segment would make an operating loss of $2.5 billion without the lease and makes an operating profit of $670 million with it'
    """
    return (f"In {quarter_name(quarter)} the AI segment would make {income_phrase(without)} "
            f"without the lease and makes {income_phrase(with_lease)} with it")


def waterfall_title(quarter: str) -> str:
    """The step-by-step chart's title.

    >>> waterfall_title("2026Q3")
    'From the AI segment without the lease to with it, Q3 2026'
    """
    return f"From the AI segment without the lease to with it, {quarter_name(quarter)}"


# --------------------------------------------------------------------------- verdict

def verdict_head(quarters: Sequence[str], with_income: Sequence[float], without_income: Sequence[float],
                 ratios: Sequence[float | None], with_q: str | None, anchor_quarter: str,
                 breakeven_sentence: str) -> str:
    """The verdict's first sentence: how many losses the Anthropic rent, net of its costs,
    covers, and the breakeven (``breakeven_sentence``, :func:`ai_breakeven_sentence`); or
    that the segment makes no loss to offset.

    >>> verdict_head(["2026Q3"], [1.0], [2.0], [None], "2026Q3", "2026Q2", "")
    "Under this build's assumptions, the AI segment would make no operating loss in the one modelled quarter even without the Anthropic lease, nor with it."
    >>> verdict_head(["2026Q3", "2026Q4"], [1.0, 2.0], [-1.0, 1.0], [1.5, None], "2026Q3", "2026Q2", "B.")
    "Under this build's assumptions, the Anthropic rent, net of its cash cost and the compute xAI must buy back, covers the loss the AI segment would make without it in 1 of the 2 modelled quarters (Q3 2026). B."
    """
    losses = loss_quarters(quarters, without_income)
    covered = offset_quarters(quarters, ratios)
    if not losses:
        where = "the one modelled quarter" if len(quarters) == 1 else f"any of the {len(quarters)} modelled quarters"
        with_it = (", nor with it." if min(with_income) >= 0 else
                   f"; with it, the segment {breakeven_phrase(with_q, quarters[-1], anchor_quarter)}.")
        return (f"Under this build's assumptions, the AI segment would make no operating loss in {where} "
                f"even without the Anthropic lease{with_it}")
    covers = (f"covers the loss the AI segment would make without it in "
              f"{quarters_count(len(covered), len(quarters))} ({quarter_runs(covered)})" if covered else
              "does not cover the loss the AI segment would make without it in any modelled quarter")
    return (f"Under this build's assumptions, the Anthropic rent, net of its cash cost and the compute xAI "
            f"must buy back, {covers}. {breakeven_sentence}")


def period_phrase(quarters: Sequence[str]) -> str:
    """The modelled quarters as a period.

    >>> period_phrase(["2026Q3"]), period_phrase(["2026Q3", "2026Q4", "2027Q1"])
    ('in the one modelled quarter, Q3 2026', 'over the modelled quarters, Q3 2026 to Q1 2027')
    """
    if len(quarters) == 1:
        return f"in the one modelled quarter, {quarter_name(quarters[0])}"
    return f"over the modelled quarters, {quarter_name(quarters[0])} to {quarter_name(quarters[-1])}"


def net_effect_phrase(anthropic_net: float) -> str:
    """What Anthropic's rent net of its costs does to the segment's operating income.

    >>> net_effect_phrase(1.2e10), net_effect_phrase(-3e8)
    ("adds $12 billion to the segment's operating income", "takes $300 million from the segment's operating income")
    """
    if anthropic_net >= 0:
        return f"adds {report.usd(abs(anthropic_net))} to the segment's operating income"
    return f"takes {report.usd(abs(anthropic_net))} from the segment's operating income"


def others_effect_phrase(other_tenants: float) -> str:
    """What the other tenants, at their margin, do to it.

    >>> others_effect_phrase(5e8), others_effect_phrase(-5e8)
    ('add $500 million', 'take $500 million')
    """
    return f"{'add' if other_tenants >= 0 else 'take'} {report.usd(abs(other_tenants))}"


def verdict_claim(covered: Sequence[str], losses: Sequence[str]) -> str:
    """Whether the claim that the rent offsets the losses holds: in the ``covered`` quarters
    (offset ratio at least 1), given the ``losses`` quarters without the lease.

    >>> verdict_claim([], ["2026Q3"]), verdict_claim([], [])
    ('So on these assumptions the claim does not hold.', 'So on these assumptions the question of an offset does not arise.')
    """
    if covered:
        return ("So on these assumptions the claim holds in those quarters, and only while the lease runs: a notice "
                "takes the offset away once the notice period ends.")
    if losses:
        return "So on these assumptions the claim does not hold."
    return "So on these assumptions the question of an offset does not arise."
