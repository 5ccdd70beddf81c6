"""The sentences of "IPO positioning" about the lease's value per share: its story value
beside its durable value and its cash, the termination cliff and the notice period, the
heat map's range, and the verdict. Pure functions of the model's numbers, like
:mod:`colossus.words.ipo_text`, whose shared pieces they use.
"""
from __future__ import annotations

import pandas as pd

from . import report
from .ipo_text import REASON_CASH, REASON_NO_RENT, REASON_REPLACEMENT, per_share, share_text


def story_vs_durable_phrase(story_usd: float, durable_usd: float, ratio: float | None, why: str = "") -> str:
    """The story value beside the durable value. ``why`` is the computed reason a nil or
    negative durable value has (:func:`durable_reason`); it ends the phrase, so the
    chapter starts a new sentence after it.

    >>> story_vs_durable_phrase(97.5e9, 20.9e9, 4.66)
    '4.7x the durable value'
    >>> story_vs_durable_phrase(23.4e9, -596e6, None, REASON_REPLACEMENT)
    'a positive figure for a lease whose durable value is negative: its rent covers the cash cost of serving it, but not that cost plus the compute xAI gives up for it (the GPU-hours it must buy back at the market rate)'
    >>> story_vs_durable_phrase(97.5e9, -3.0e9, None, REASON_CASH)
    'a positive figure for a lease whose durable value is negative: its rent does not cover even the cash cost of serving it (power and other operating cost)'
    >>> story_vs_durable_phrase(97.5e9, 0.0, None, REASON_NO_RENT)
    "a positive figure for a lease whose durable value is nil: the lease is certain to end before its first month's rent is paid, so no rent is expected"
    >>> story_vs_durable_phrase(97.5e9, 0.0, None)
    'a positive figure for a lease whose durable value is nil'
    >>> story_vs_durable_phrase(0.0, 20.9e9, 0.0)
    'nothing, against a positive durable value: at a zero multiple the story says the lease adds nothing'
    >>> story_vs_durable_phrase(10.0e9, 20.9e9, 0.48)
    '0.5x the durable value: here the multiple says less than the contract is worth'
    """
    if ratio is None:
        lead = "a positive figure" if story_usd > 0 else "nothing"
        what = "negative" if durable_usd < 0 else "nil"
        return f"{lead} for a lease whose durable value is {what}" + (f": {why}" if why else "")
    if story_usd == 0:
        return "nothing, against a positive durable value: at a zero multiple the story says the lease adds nothing"
    text = f"{report.times(ratio)} the durable value"
    if story_usd < durable_usd:
        text += ": here the multiple says less than the contract is worth"
    return text


def story_vs_cash_phrase(story_usd: float, contracted_usd: float, contracted_net_usd: float) -> str:
    """How the story value compares with the contract's undiscounted cash. No stream is
    worth more than its undiscounted cash, so a story value above it cannot be the lease's
    worth.

    ``contracted_usd`` is the contracted rent still to come after the valuation date;
    ``contracted_net_usd`` the most the lease's net cash still to come can be (:func:`colossus.model.valuation_lease.undiscounted_contracted_net`:
    every month paid, none discounted, a month that loses money counted as zero).

    >>> story_vs_cash_phrase(97.5e9, 45.0e9, 37.5e9)
    'more than the $45 billion of rent the rest of the contract would pay, undiscounted (2.2x): no stream is worth more than its undiscounted cash, so this figure cannot be what the lease is worth'
    >>> story_vs_cash_phrase(40.0e9, 45.0e9, 37.5e9)
    "less than the $45 billion of rent the rest of the contract would pay, undiscounted, but more than the $37.5 billion the lease's net cash still to come can be at most: it still cannot be what the lease is worth"
    >>> story_vs_cash_phrase(30.0e9, 45.0e9, 37.5e9)
    "within the $37.5 billion the lease's net cash still to come can be at most, undiscounted"
    >>> story_vs_cash_phrase(45.0e9, 45.0e9, 37.5e9)
    "as much as the $45 billion of rent the rest of the contract would pay, undiscounted, and more than the $37.5 billion the lease's net cash still to come can be at most: it still cannot be what the lease is worth"
    >>> story_vs_cash_phrase(0.0, 45.0e9, 0.0)
    "nil, so it claims none of the contract's cash"
    >>> story_vs_cash_phrase(97.5e9, 0.0, 0.0)[:60]   # regression: a free lease divided by zero
    'more than the rest of the contract would pay, which is nothi'
    """
    if story_usd <= 0:
        return "nil, so it claims none of the contract's cash"
    if contracted_usd <= 0:
        return ("more than the rest of the contract would pay, which is nothing under this build's terms: no stream is "
                "worth more than its undiscounted cash, so this figure cannot be what the lease is worth")
    gross = f"the {report.usd(contracted_usd)} of rent the rest of the contract would pay, undiscounted"
    net = f"the {report.usd(contracted_net_usd)} the lease's net cash still to come can be at most"
    tail = "it still cannot be what the lease is worth"
    if story_usd > contracted_usd:
        return (f"more than {gross} ({report.times(story_usd / contracted_usd)}): no stream is worth more than "
                "its undiscounted cash, so this figure cannot be what the lease is worth")
    if story_usd > contracted_net_usd:
        lead = "as much as" if story_usd == contracted_usd else "less than"
        sep = ", and" if story_usd == contracted_usd else ", but"
        return f"{lead} {gross}{sep} more than {net}: {tail}"
    return f"within {net}, undiscounted"


def cliff_phrase(cliff_per_share: float, share_of_price: float, share_of_ipo: float,
                 share_of_first_close: float, why: str = "", date: str = "the valuation date") -> str:
    """What serving notice at the valuation date would do to the value per share (durable
    view, net of the notice period's cash still due), against the price analysed, the IPO
    price and the first close (each ``cliff / P``; a nonzero share is never shown as 0.0%).
    ``why`` is the computed reason a negative value has (:func:`durable_reason`); ``date``
    the valuation date in words.

    >>> cliff_phrase(1.2969, 0.0080, 0.0096, 0.0081, date="9 October 2026")
    'notice served at 9 October 2026 would take $1.30 a share off the value: 0.8% of the price analysed, 1.0% of the IPO price and 0.8% of the first close'
    >>> cliff_phrase(-0.12, -0.024, -0.00089, -0.00075, REASON_CASH)
    'notice served at the valuation date would add $0.12 a share to the value (2.4% of the price analysed, 0.1% of the IPO price and 0.1% of the first close): its rent does not cover even the cash cost of serving it (power and other operating cost)'
    >>> cliff_phrase(-0.0444, -0.00247, -0.000329, -0.000275, REASON_REPLACEMENT)[:60]
    'notice served at the valuation date would add $0.04 a share '
    >>> cliff_phrase(0.0, 0.0, 0.0, 0.0)
    'notice served at the valuation date would not change the value per share'
    """
    shares = (f"{share_text(share_of_price)} of the price analysed, {share_text(share_of_ipo)} of the "
              f"IPO price and {share_text(share_of_first_close)} of the first close")
    head = f"notice served at {date} would"
    if cliff_per_share > 0:
        return f"{head} {notice_effect(cliff_per_share)}: {shares}"
    if cliff_per_share < 0:
        return f"{head} {notice_effect(cliff_per_share)} ({shares})" + (f": {why}" if why else "")
    return f"{head} not change the value per share"


def notice_rent_phrase(months: int, rent_usd: float, last_month: str | None, cliff_per_share: float,
                       upper_bound_per_share: float) -> str:
    """The rent a notice served at the valuation date leaves still due, and the cliff
    without it: both figures, with which one is the bound.

    >>> notice_rent_phrase(3, 3.75e9, "2026-12", 1.2969, 1.5255)
    'That figure nets out the 3 months the lease would still pay after such a notice ($3.75 billion of rent, to December 2026). Leaving them out, as a cruder reading does, a notice would take $1.53 a share off the value: an upper bound.'
    >>> notice_rent_phrase(0, 0.0, None, 1.5, 1.5)
    'No month is still due once such a notice is served, so there is nothing to net out: the figure is the whole value of the lease.'
    >>> notice_rent_phrase(1, 1.0e9, "2026-11", 1.6, 1.5)
    'That figure nets out the month the lease would still pay after such a notice ($1 billion of rent, to November 2026). Leaving it out, a notice would take $1.50 a share off the value, better for the value than with it, because that month loses money.'
    """
    if months <= 0 or last_month is None:
        return ("No month is still due once such a notice is served, so there is nothing to net out: the figure "
                "is the whole value of the lease.")
    what = "the month" if months == 1 else f"the {months} months"
    them = "it" if months == 1 else "them"
    until = pd.Timestamp(f"{last_month}-01").strftime("%B %Y")
    head = (f"That figure nets out {what} the lease would still pay after such a notice "
            f"({report.usd(rent_usd)} of rent, to {until}).")
    if upper_bound_per_share > cliff_per_share:
        return (head + f" Leaving {them} out, as a cruder reading does, a notice would "
                f"{notice_effect(upper_bound_per_share)}: an upper bound.")
    if upper_bound_per_share < cliff_per_share:
        loses = "that month loses" if months == 1 else "those months lose"
        return (head + f" Leaving {them} out, a notice would {notice_effect(upper_bound_per_share)}, better for "
                f"the value than with {them}, because {loses} money.")
    return head + f" Leaving {them} out changes nothing: {them} net to nothing."


def notice_effect(cliff_per_share: float) -> str:
    """What a notice does to the value per share, as a verb phrase, whatever the sign.

    >>> notice_effect(1.5255), notice_effect(-0.12), notice_effect(0.0)
    ('take $1.53 a share off the value', 'add $0.12 a share to the value', 'leave the value per share as it is')
    """
    if cliff_per_share > 0:
        return f"take {per_share(cliff_per_share)} a share off the value"
    if cliff_per_share < 0:
        return f"add {per_share(-cliff_per_share)} a share to the value"
    return "leave the value per share as it is"


def grid_range_phrase(low: float, high: float, why: str = "") -> str:
    """The span of per-share lease values over a heatmap's cells. ``why`` is the build's
    computed reason for a negative value (:func:`durable_reason`): the grid varies only the
    hazard and the rate, so when every cell is negative (the build's cell among them) the
    reason, which compares the rent with the costs, holds in every cell.

    >>> grid_range_phrase(0.9, 2.1)
    'from $0.90 to $2.10 a share, positive in every cell'
    >>> grid_range_phrase(-0.5, 1.2)
    'from -$0.50 to $1.20 a share: negative in some cells, positive in others'
    >>> grid_range_phrase(-0.20, -0.04, REASON_REPLACEMENT)
    'from -$0.20 to -$0.04 a share, negative in every cell: its rent covers the cash cost of serving it, but not that cost plus the compute xAI gives up for it (the GPU-hours it must buy back at the market rate)'
    >>> grid_range_phrase(-2.0, -0.5)
    'from -$2.00 to -$0.50 a share, negative in every cell'
    >>> grid_range_phrase(0.0, 1.0)
    'from $0.00 to $1.00 a share, never negative'
    >>> grid_range_phrase(-0.031, -0.029)
    '-$0.03 a share in every cell'
    """
    if per_share(low) == per_share(high):
        return f"{per_share(low)} a share in every cell" + (f": {why}" if why and high < 0 else "")
    span = f"from {per_share(low)} to {per_share(high)} a share"
    if low > 0:
        return f"{span}, positive in every cell"
    if high < 0:
        return f"{span}, negative in every cell" + (f": {why}" if why else "")
    if low < 0:
        return f"{span}: negative in some cells, positive in others"
    return f"{span}, never negative"


def verdict(durable_per_share: float, story_per_share: float, price: float) -> str:
    """How much of the price analysed the lease can carry: the computed verdict.

    Shares of the price are the per-share durable and story values over the price.

    >>> verdict(1.5569, 7.2569, 151.21)
    'The lease can carry 1.0% of the price analysed: $1.56 of $151.21 a share. Even the story value, 4.8% of the price, leaves $143.95 a share to everything else.'
    >>> verdict(181.0, 200.0, 151.21)
    'The lease can carry the whole price analysed and more: its durable value is $181.00 a share, 1.2x the price.'
    >>> verdict(-1.5, 7.2569, 151.21)
    'The lease carries none of the price analysed: its durable value is negative (-$1.50 a share), so the price rests entirely on everything else.'
    >>> verdict(0.0, 7.2569, 151.21)
    'The lease carries none of the price analysed: its durable value is nil, so the price rests entirely on everything else.'
    >>> verdict(75.6, 166.3, 151.21)
    'The lease can carry 50.0% of the price analysed: $75.60 of $151.21 a share. The story value alone, 110.0% of the price, would cover it; the durable value does not.'
    >>> verdict(151.21, 160.0, 151.21)
    'The lease can carry the whole price analysed: its durable value is $151.21 a share.'
    >>> verdict(3.0, 1.0, 151.21)
    'The lease can carry 2.0% of the price analysed: $3.00 of $151.21 a share. The story value is smaller still, 0.7% of the price.'
    >>> verdict(0.05, 1.74, 9000.0)
    'The lease can carry less than 0.1% of the price analysed: $0.05 of $9,000.00 a share. Even the story value, less than 0.1% of the price, leaves $8,998.26 a share to everything else.'
    """
    if durable_per_share <= 0:
        what = "negative" if durable_per_share < 0 else "nil"
        amount = f" ({per_share(durable_per_share)} a share)" if durable_per_share < 0 else ""
        return (f"The lease carries none of the price analysed: its durable value is {what}{amount}, so the "
                "price rests entirely on everything else.")
    if durable_per_share > price:
        return (f"The lease can carry the whole price analysed and more: its durable value is "
                f"{per_share(durable_per_share)} a share, {report.times(durable_per_share / price)} the price.")
    if durable_per_share == price:
        return f"The lease can carry the whole price analysed: its durable value is {per_share(durable_per_share)} a share."
    head = (f"The lease can carry {share_text(durable_per_share / price)} of the price analysed: "
            f"{per_share(durable_per_share)} of {per_share(price)} a share.")
    story = f"{share_text(story_per_share / price)} of the price"
    if story_per_share >= price:
        return head + f" The story value alone, {story}, would cover it; the durable value does not."
    if story_per_share <= durable_per_share:
        return head + f" The story value is smaller still, {story}."
    return head + f" Even the story value, {story}, leaves {per_share(price - story_per_share)} a share to everything else."


def lease_share_of_ai_phrase(durable_usd: float, implied_ai_usd: float, why: str = "") -> str:
    """The lease's durable value against the AI value the price implies. ``why`` is the
    computed reason a nil or negative durable value has (:func:`durable_reason`).

    >>> lease_share_of_ai_phrase(20.9e9, 1.76e12)
    "The price implies $1.76 trillion for the AI segment; the lease's durable value covers 1.2% of it, and the rest has to come from what xAI builds and sells itself."
    >>> lease_share_of_ai_phrase(20.9e9, -5.0e10)
    'The price implies no value for the AI segment at all, so the lease is not what holds it up.'
    >>> lease_share_of_ai_phrase(-596e6, 32.8e9, REASON_REPLACEMENT)
    'The price implies $32.8 billion for the AI segment; the lease covers none of it: it is worth less than nothing, because its rent covers the cash cost of serving it, but not that cost plus the compute xAI gives up for it (the GPU-hours it must buy back at the market rate).'
    >>> lease_share_of_ai_phrase(0.0, 1.86e12, REASON_NO_RENT)
    "The price implies $1.86 trillion for the AI segment; the lease covers none of it: it is worth nothing, because the lease is certain to end before its first month's rent is paid, so no rent is expected."
    >>> lease_share_of_ai_phrase(0.0, 1.76e12)
    'The price implies $1.76 trillion for the AI segment; the lease covers none of it: it is worth nothing.'
    >>> lease_share_of_ai_phrase(30.0e9, 20.0e9)
    "The price implies $20 billion for the AI segment; the lease's durable value alone, $30 billion, covers all of it."
    >>> lease_share_of_ai_phrase(0.5e9, 1.76e12)
    "The price implies $1.76 trillion for the AI segment; the lease's durable value covers less than 0.1% of it, and the rest has to come from what xAI builds and sells itself."
    """
    if implied_ai_usd <= 0:
        return "The price implies no value for the AI segment at all, so the lease is not what holds it up."
    head = f"The price implies {report.usd(implied_ai_usd)} for the AI segment; "
    if durable_usd <= 0:
        worth = "less than nothing" if durable_usd < 0 else "nothing"
        return head + f"the lease covers none of it: it is worth {worth}" + (f", because {why}." if why else ".")
    if durable_usd >= implied_ai_usd:
        return head + f"the lease's durable value alone, {report.usd(durable_usd)}, covers all of it."
    return (head + f"the lease's durable value covers {share_text(durable_usd / implied_ai_usd)} of it, and the rest "
            "has to come from what xAI builds and sells itself.")


#: Below this share of the contracted rent expected to be paid, the chapter says the
