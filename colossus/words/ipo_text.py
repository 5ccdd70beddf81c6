"""The sentences of the chapter "IPO positioning", as pure functions of the model's numbers.

Every phrase whose truth depends on the parameters (a direction, a comparison, a sign, a
value that may not exist) is chosen here, in Python, so the chapter's prose stays true
under any valid parameter set. Each function takes numbers (``None`` where a key number
may not exist) and returns plain text; amounts are written with :mod:`colossus.words.report`.
No function here computes a model formula: the values come from :mod:`colossus.model.valuation`
(the ratios below are read-outs of those values, each with its definition).
"""
from __future__ import annotations

import pandas as pd

from . import report
from ..model import valuation


def per_share(x: float) -> str:
    """A per-share amount, always with cents: ``$1.56``, ``-$3.20``, ``$151.21``.

    >>> per_share(1.5569), per_share(-3.2), per_share(151.21), per_share(1234.5)
    ('$1.56', '-$3.20', '$151.21', '$1,234.50')
    """
    sign = "-" if x < 0 else ""
    return f"{sign}${abs(x):,.2f}"


def relative_to(x: float, reference: float, digits: int = 1) -> str:
    """How ``x`` sits against a positive ``reference``, in percent: ``'12.0% above'``,
    ``'6.1% below'`` or ``'level with'`` (equal to the shown precision).

    >>> relative_to(151.21, 135.0), relative_to(151.21, 160.95), relative_to(135.0, 135.0)
    ('12.0% above', '6.1% below', 'level with')
    >>> relative_to(135.0004, 135.0)
    'level with'
    """
    share = x / reference - 1.0
    text = report.pct(abs(share), digits)
    if text == report.pct(0.0, digits):
        return "level with"
    return f"{text} {'above' if share > 0 else 'below'}"


def share_text(x: float, digits: int = 1) -> str:
    """A share as a percentage that never shows a nonzero value as zero: ``'1.2%'``,
    ``'less than 0.1%'`` for a nonzero share that rounds to ``0.0%``, ``'0.0%'`` for zero.
    Callers pass the magnitude; a negative share is written as its absolute value.

    >>> share_text(0.0123), share_text(0.00033), share_text(-0.00033), share_text(0.0)
    ('1.2%', 'less than 0.1%', 'less than 0.1%', '0.0%')
    >>> share_text(0.0005), share_text(0.00049), share_text(0.00049, 2)
    ('0.1%', 'less than 0.1%', '0.05%')
    """
    text = report.pct(abs(x), digits)
    if x != 0 and text == report.pct(0.0, digits):
        return f"less than {report.pct(10.0 ** -(digits + 2), digits)}"
    return text


def when(as_of: str) -> str:
    """A fact's ``as_of`` date as prose: a day, a month or a year.

    >>> when("2026-03-31"), when("2026-04"), when("2026")
    ('31 March 2026', 'April 2026', '2026')
    """
    as_of = str(as_of)
    if len(as_of) == 4:
        return as_of
    stamp = pd.Timestamp(as_of if len(as_of) == 10 else f"{as_of}-01")
    return stamp.strftime("%-d %B %Y" if len(as_of) == 10 else "%B %Y")


#: Why the durable value is not positive, by case (see :func:`durable_reason`).
REASON_NO_RENT = ("the lease is certain to end before its first month's rent is paid, so no rent is "
                  "expected")
REASON_BALANCED = "the rent it is expected to bring in and what it costs cancel out"
REASON_CASH = ("its rent does not cover even the cash cost of serving it (power and other operating "
               "cost)")
REASON_REPLACEMENT = ("its rent covers the cash cost of serving it, but not that cost plus the compute "
                      "xAI gives up for it (the GPU-hours it must buy back at the market rate)")
REASON_LOW_MONTHS = ("its full rent covers the cash cost of serving it and the compute xAI gives up for "
                     "it, but the months of lower rent lose more than the other months bring in, once "
                     "each month is weighted by the chance the lease is still running and discounted")


REASON_OVER = "no month of the lease is left after the valuation date"


def durable_reason(durable_usd: float, monthly_rent_usd: float, cash_cost_usd: float,
                   replacement_usd: float, expected_months_paid: float, months_to_come: int | None = None) -> str:
    """Why the lease's durable value is nil or negative, computed; ``''`` when it is positive.

    The reason is read from the inputs, in order: no month is left after the valuation date
    (``months_to_come = 0``, all realised); no month is expected to be paid
    (``sum S(t) = 0``, e.g. a notice certain at once); a nil value with rent expected
    (gains and losses cancel); the full monthly rent against the monthly cash cost of
    serving alone; against the cash cost plus the replacement compute (the compute xAI
    gives up, which the lease chapter does not count as a cost of serving); and, when
    the full rent covers both, the months of lower rent (the ramp), which alone can then
    make ``V_d`` negative.

    >>> durable_reason(20.9e9, 1.25e9, 62.484e6, 139.384e6, 23.85)
    ''
    >>> durable_reason(0.0, 1.25e9, 115.04e6, 334.5e6, 0.0) == REASON_NO_RENT
    True
    >>> durable_reason(0.0, 1.25e9, 115.04e6, 334.5e6, 37.0, months_to_come=0) == REASON_OVER
    True
    >>> durable_reason(0.0, 1.25e9, 115.04e6, 334.5e6, 12.0) == REASON_BALANCED
    True
    >>> durable_reason(-5.0e9, 1.0e8, 1.5e8, 0.0, 20.0) == REASON_CASH
    True
    >>> durable_reason(-596e6, 3.0e8, 172.484e6, 248.93e6, 5.48) == REASON_REPLACEMENT
    True
    >>> durable_reason(-1.0e6, 3.0e8, 1.0e8, 1.0e8, 30.0) == REASON_LOW_MONTHS
    True
    """
    if durable_usd > 0:
        return ""
    if months_to_come is not None and months_to_come <= 0:
        return REASON_OVER
    if expected_months_paid <= 0:
        return REASON_NO_RENT
    if durable_usd == 0:
        return REASON_BALANCED
    if monthly_rent_usd < cash_cost_usd:
        return REASON_CASH
    if monthly_rent_usd < cash_cost_usd + replacement_usd:
        return REASON_REPLACEMENT
    return REASON_LOW_MONTHS


def analysed_price_phrase(price: float, latest: float, latest_date: str) -> str:
    """Which price the chapter analyses: the latest reported close, or a price set for the build.

    >>> analysed_price_phrase(151.21, 151.21, "11 September 2026")
    'the latest close in the facts (11 September 2026)'
    >>> analysed_price_phrase(110.0, 151.21, "11 September 2026")
    'a price set for this build, 27.3% below the latest close in the facts ($151.21, 11 September 2026)'
    """
    if price == latest:
        return f"the latest close in the facts ({latest_date})"
    return (f"a price set for this build, {relative_to(price, latest)} the latest close in the facts "
            f"({per_share(latest)}, {latest_date})")


def targets_phrase(price: float, low: float, high: float, what: str = "the price analysed") -> str:
    """Where a price sits against the range of analysts' price targets.

    >>> targets_phrase(151.21, 205.0, 300.0)
    'the price analysed is below every target, 26.2% below the lowest'
    >>> targets_phrase(250.0, 205.0, 300.0)
    'the price analysed is within the range of targets'
    >>> targets_phrase(310.0, 205.0, 300.0, "the sum of the parts")
    'the sum of the parts is above every target, 3.3% above the highest'
    >>> targets_phrase(205.0, 205.0, 300.0)
    'the price analysed is within the range of targets'
    """
    if price < low:
        return f"{what} is below every target, {relative_to(price, low)} the lowest"
    if price > high:
        return f"{what} is above every target, {relative_to(price, high)} the highest"
    return f"{what} is within the range of targets"


def sotp_phrase(sotp_per_share: float, price: float) -> str:
    """The sum of the parts per share against a price: upside, downside or neither.

    >>> sotp_phrase(27.58, 151.21)
    '$27.58 a share, 81.8% below the price analysed: on these multiples the parts do not support the price'
    >>> sotp_phrase(180.0, 151.21)
    '$180.00 a share, 19.0% above the price analysed: on these multiples the parts are worth more than the price'
    >>> sotp_phrase(151.21, 151.21)
    '$151.21 a share, level with the price analysed: on these multiples the parts support the price, no more'
    >>> sotp_phrase(-4.0, 151.21)
    '-$4.00 a share: net debt outweighs the parts, which support no price at all'
    """
    if sotp_per_share <= 0:
        return f"{per_share(sotp_per_share)} a share: net debt outweighs the parts, which support no price at all"
    where = relative_to(sotp_per_share, price)
    if where == "level with":
        tail = "the parts support the price, no more"
    elif sotp_per_share > price:
        tail = "the parts are worth more than the price"
    else:
        tail = "the parts do not support the price"
    return f"{per_share(sotp_per_share)} a share, {where} the price analysed: on these multiples {tail}"


def implied_ai_phrase(value_usd: float, multiple: float | None, revenue_usd: float) -> str:
    """What the price leaves for the AI segment and the multiple that is on its revenue.

    >>> implied_ai_phrase(1.7625e12, 93.553, 18.84e9)
    'leaves $1.76 trillion for the AI segment, 93.6x its annualised revenue of $18.8 billion'
    >>> implied_ai_phrase(-2.0e11, -10.6, 18.84e9)
    'does not cover the other parts: it leaves -$200 billion for the AI segment, so it puts no value on AI at all'
    >>> implied_ai_phrase(0.0, 0.0, 18.84e9)
    'leaves nothing for the AI segment'
    >>> implied_ai_phrase(5.0e9, None, 0.0)
    'leaves $5 billion for the AI segment, which has no revenue to read a multiple on'
    """
    if value_usd < 0:
        return (f"does not cover the other parts: it leaves {report.usd(value_usd)} for the AI segment, "
                "so it puts no value on AI at all")
    if value_usd == 0:
        return "leaves nothing for the AI segment"
    if multiple is None:
        return f"leaves {report.usd(value_usd)} for the AI segment, which has no revenue to read a multiple on"
    return (f"leaves {report.usd(value_usd)} for the AI segment, {report.times(multiple)} its annualised "
            f"revenue of {report.usd(revenue_usd)}")


def reading_phrase(reading: str | None, multiple: float | None, neocloud: float, ai_lab: float) -> str:
    """The answer to "AI lab or neocloud?" from :func:`colossus.model.valuation.ai_reading`.

    >>> reading_phrase(valuation.READING_ABOVE, 93.55, 6.5, 21.0)
    "That is above an AI lab's multiple (21.0x): the price values xAI as more than an AI lab, not as a neocloud (6.5x)."
    >>> reading_phrase(valuation.READING_BELOW, 3.0, 6.5, 21.0)
    "That is below a neocloud's multiple (6.5x): the price values xAI as less than a neocloud."
    >>> reading_phrase(valuation.READING_BELOW, -2.0, 6.5, 21.0)
    'The price puts no value on the AI segment, so it values xAI as less than a neocloud.'
    >>> reading_phrase(valuation.READING_NEAR_NEOCLOUD, 10.0, 6.5, 21.0)
    "That is between a neocloud's multiple (6.5x) and an AI lab's (21.0x), closer to a neocloud's: the price reads xAI more as a neocloud."
    >>> reading_phrase(valuation.READING_NEAR_AI_LAB, 13.0, 6.5, 21.0)
    "That is between a neocloud's multiple (6.5x) and an AI lab's (21.0x), closer to an AI lab's: the price reads xAI more as an AI lab."
    >>> reading_phrase(None, None, 6.5, 21.0)
    'With no AI revenue in this build there is no multiple to compare.'
    >>> reading_phrase(None, 12.0, 25.0, 21.0)
    "In this build the neocloud multiple (25.0x) is above the AI lab's (21.0x), so there is no range between them to place the price in."
    """
    nc, lab = report.times(neocloud), report.times(ai_lab)
    if multiple is None:
        return "With no AI revenue in this build there is no multiple to compare."
    if reading is None:
        return (f"In this build the neocloud multiple ({nc}) is above the AI lab's ({lab}), so there is no "
                "range between them to place the price in.")
    if reading == valuation.READING_BELOW:
        if multiple <= 0:
            return "The price puts no value on the AI segment, so it values xAI as less than a neocloud."
        return f"That is below a neocloud's multiple ({nc}): the price values xAI as less than a neocloud."
    if reading == valuation.READING_ABOVE:
        return (f"That is above an AI lab's multiple ({lab}): the price values xAI as more than an AI lab, "
                f"not as a neocloud ({nc}).")
    closer = "a neocloud's" if reading == valuation.READING_NEAR_NEOCLOUD else "an AI lab's"
    kind = "a neocloud" if reading == valuation.READING_NEAR_NEOCLOUD else "an AI lab"
    return (f"That is between a neocloud's multiple ({nc}) and an AI lab's ({lab}), closer to {closer}: "
            f"the price reads xAI more as {kind}.")


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
    ``contracted_net_usd`` the most the lease's net cash still to come can be (:func:`colossus.model.valuation.undiscounted_contracted_net`:
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


def age_phrase(as_of: str, book_date: str) -> str:
    """How old a dated input is against the book's date (``YYYY-MM-DD`` or ``"undated"``);
    a month-only date counts from its last day.

    >>> age_phrase("2026-10-09", "2026-12-03")
    "55 days before this book's date (3 December 2026)"
    >>> age_phrase("2026-12-03", "2026-12-03"), age_phrase("2026-12-04", "2026-12-03")
    ("the book's own date", "1 day after this book's date (3 December 2026)")
    >>> age_phrase("2026-08", "2026-12-03")
    "94 days or more before this book's date (3 December 2026)"
    >>> age_phrase("2026-10-09", "undated")
    'of unknown age (an undated build)'
    """
    if book_date == "undated":
        return "of unknown age (an undated build)"
    days = int((pd.Timestamp(book_date) - valuation._last_day(str(as_of))).days)
    book = when(book_date)
    more = " or more" if len(str(as_of)) < 10 else ""
    if days == 0 and not more:
        return "the book's own date"
    if days < 0:
        return f"{report.plural(-days, 'day')} after this book's date ({book})"
    return f"{report.plural(days, 'day')}{more} before this book's date ({book})"


def stale_phrase(stale: list[str], limit_days: int) -> str:
    """The sentence that flags old market inputs, or ``''``.

    >>> stale_phrase(["share price of 2026-10-09 (55 days)"], 45)
    'Market inputs older than 45 days: share price of 2026-10-09 (55 days). Newer values would move the figures that rest on them; set each with its date in the valuation parameters.'
    >>> stale_phrase([], 45)
    ''
    """
    if not stale:
        return ""
    return (f"Market inputs older than {limit_days} days: {'; '.join(stale)}. Newer values would move the figures "
            "that rest on them; set each with its date in the valuation parameters.")


def shares_phrase(implied_shares: float, model_shares: float, reported_value_usd: float) -> str:
    """The model's share count against the count the reported market value implies at that
    day's close; the difference is put down to the rounding of the reported value only when
    that rounding (half a unit of its last shown digit, three significant digits) can explain it.

    >>> shares_phrase(13.594e9, 13.57e9, 2.21e12)
    "the reported market value over that day's close is 13.59 billion shares, and this build divides by 13.57 billion, 0.2% below it, within the rounding of the reported value (to $10 billion)"
    >>> shares_phrase(13.594e9, 10.0e9, 2.21e12)
    "the reported market value over that day's close is 13.59 billion shares, and this build divides by 10.00 billion, 26.4% below it, more than the rounding of the reported value (to $10 billion) explains"
    >>> shares_phrase(13.57e9, 13.57e9, 2.21e12)[-41:]
    'billion, the same count to this precision'
    """
    import math

    unit = 10.0 ** (math.floor(math.log10(abs(reported_value_usd))) - 2) if reported_value_usd else 0.0
    head = (f"the reported market value over that day's close is {implied_shares / 1e9:,.2f} billion shares, and "
            f"this build divides by {model_shares / 1e9:,.2f} billion")
    if f"{implied_shares / 1e9:,.2f}" == f"{model_shares / 1e9:,.2f}":
        return head + ", the same count to this precision"
    where = relative_to(model_shares, implied_shares)
    rounding = f"the rounding of the reported value (to {report.usd(unit)})"
    if abs(model_shares / implied_shares - 1.0) <= 0.5 * unit / abs(reported_value_usd):
        return head + f", {where} it, within {rounding}"
    return head + f", {where} it, more than {rounding} explains"


def valuation_date_sentence(date: str, months: int, rent_usd: float, last_month: str | None,
                            future: bool = False) -> str:
    """What the valuation date splits off: the months already paid, as realised cash;
    ``future`` when the valuation date is after the book's own date (the months are then
    those the lease would have paid by it, if it runs).

    >>> valuation_date_sentence("30 June 2027", 14, 1.7e10, "2027-06", future=True)[-128:]
    'By then the lease would have paid 14 months, through June 2027, $17 billion of rent if it runs: counted apart, never in a value.'

    >>> valuation_date_sentence("9 October 2026", 5, 5.0e9, "2026-09")
    'Every value in this chapter is at 9 October 2026, the valuation date: of the rent still to come after it, discounted to it. By then the lease had paid 5 months, through September 2026, $5 billion of rent: realised cash, shown here and never counted in a value.'
    >>> valuation_date_sentence("1 April 2026", 0, 0.0, None)
    'Every value in this chapter is at 1 April 2026, the valuation date: of the rent still to come after it, discounted to it. No month of the lease had been paid by then.'
    """
    head = (f"Every value in this chapter is at {date}, the valuation date: of the rent still to come after it, "
            "discounted to it.")
    if months <= 0 or last_month is None:
        return head + " No month of the lease had been paid by then."
    through = pd.Timestamp(f"{last_month}-01").strftime("%B %Y")
    if future:
        return (head + f" By then the lease would have paid {report.plural(months, 'month')}, through {through}, "
                f"{report.usd(rent_usd)} of rent if it runs: counted apart, never in a value.")
    return (head + f" By then the lease had paid {report.plural(months, 'month')}, through {through}, "
            f"{report.usd(rent_usd)} of rent: realised cash, shown here and never counted in a value.")


def tenants_phrase(total_usd: float, realised_usd: float, durable_usd: float, story_usd: float,
                   run_rate_usd: float, date: str, names: tuple[str, ...] = ("Google", "Reflection AI")) -> str:
    """The other compute tenants as the sum of the parts counts them, tied to the losses-
    offset chapter's figure. ``names``: the tenants with a rent in this build.

    >>> tenants_phrase(17.88e9, 0.225e9, 15.5e9, 83.46e9, 1.07e9, "9 October 2026")
    "The other compute tenants (Google and Reflection AI) count here as in the losses-offset chapter: $17.9 billion of operating income over the modelled quarters, $225 million of it earned by 9 October 2026. What is still to come is worth $15.5 billion at that date; at a neocloud's multiple their $1.07 billion a month of rent would be $83.5 billion."
    >>> tenants_phrase(0.0, 0.0, 0.0, 0.0, 0.0, "9 October 2026")
    'This build has no other compute tenant (their rent is set to 0), so none is counted here or in the losses-offset chapter.'
    """
    if total_usd == 0 and run_rate_usd == 0:
        return ("This build has no other compute tenant (their rent is set to 0), so none is counted here or in "
                "the losses-offset chapter.")
    who = " and ".join(names) if names else "none with rent in this build"
    return (f"The other compute tenants ({who}) count here as in the losses-offset chapter: "
            f"{report.usd(total_usd)} of operating income over the modelled quarters, {report.usd(realised_usd)} of "
            f"it earned by {date}. What is still to come is worth {report.usd(durable_usd)} at that date; at a "
            f"neocloud's multiple their {report.usd(run_rate_usd)} a month of rent would be {report.usd(story_usd)}.")


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


def cursor_dilution(cursor_shares: float, shares_diluted: float) -> float:
    """Share of the diluted count the Cursor shares make up: ``N_Cursor / N``.

    >>> round(cursor_dilution(389.3e6, 13_435_562_963.0), 4)
    0.029
    """
    return float(cursor_shares) / float(shares_diluted)


def cursor_phrase(cursor_shares: float, shares_diluted: float) -> str:
    """The dilution the Cursor shares bring, or its absence in this build.

    >>> cursor_phrase(389.3e6, 13_435_562_963.0)
    '389.3 million new shares, 2.9% of the diluted count; every per-share value in this chapter is spread over them too'
    >>> cursor_phrase(0.0, 13.0e9)
    'no new shares (the parameter is set to zero), so nothing is diluted'
    """
    if cursor_shares <= 0:
        return "no new shares (the parameter is set to zero), so nothing is diluted"
    return (f"{cursor_shares / 1e6:,.1f} million new shares, {share_text(cursor_dilution(cursor_shares, shares_diluted))} "
            "of the diluted count; every per-share value in this chapter is spread over them too")


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
#: annualised AI revenue counts the lease at a run rate the terms do not expect to last.
RUN_RATE_CAVEAT_SHARE = 0.5


def run_rate_phrase(expected_rent_usd: float, contracted_rent_usd: float, annual_rent_usd: float,
                    implied_ai_usd: float, products_revenue_usd: float, products_multiple: float | None) -> str:
    """A caveat on the price-implied multiple when the lease is expected to pay much less than
    its contract: the annualised revenue ``R_products + 12R`` counts the lease at its full run
    rate. ``''`` when the expected rent is at least :data:`RUN_RATE_CAVEAT_SHARE` of the
    contracted rent. ``products_multiple`` is :func:`colossus.model.valuation.implied_multiple` of
    the implied AI value on the products revenue alone (``None`` without such revenue).

    >>> run_rate_phrase(28.57e9, 45.0e9, 15.0e9, 1.76e12, 3.84e9, 459.0)
    ''
    >>> run_rate_phrase(0.0, 44.5e9, 15.0e9, 1.8589e12, 3.0e9, 619.6)
    "The annualised revenue counts the Anthropic lease at its full run rate, $15 billion a year, which this build's terms do not expect to last: none of its contracted rent is expected to be paid. On the products revenue alone ($3 billion) the same $1.86 trillion is 619.6x."
    >>> run_rate_phrase(1.6455e9, 6.6e9, 3.6e9, 32.78e9, 3.84e9, 8.537)
    "The annualised revenue counts the Anthropic lease at its full run rate, $3.6 billion a year, which this build's terms do not expect to last: the lease is expected to pay 24.9% of its contracted rent. On the products revenue alone ($3.84 billion) the same $32.8 billion is 8.5x."
    >>> run_rate_phrase(1.0e9, 6.6e9, 3.6e9, 32.78e9, 0.0, None)
    "The annualised revenue counts the Anthropic lease at its full run rate, $3.6 billion a year, which this build's terms do not expect to last: the lease is expected to pay 15.2% of its contracted rent. Without the lease the AI segment has no revenue to read a multiple on."
    >>> run_rate_phrase(1.0e9, 6.6e9, 3.6e9, -5.0e9, 3.84e9, -1.3)
    "The annualised revenue counts the Anthropic lease at its full run rate, $3.6 billion a year, which this build's terms do not expect to last: the lease is expected to pay 15.2% of its contracted rent."
    >>> run_rate_phrase(22.25e9, 44.5e9, 15.0e9, 1.76e12, 3.84e9, 459.0)
    ''
    >>> run_rate_phrase(0.0, 0.0, 15.0e9, 1.76e12, 3.84e9, 459.0)[:160]
    "The annualised revenue counts the Anthropic lease at its full run rate, $15 billion a year, which this build's terms do not expect to last: the contract as set "
    """
    if annual_rent_usd <= 0 or (contracted_rent_usd > 0
                                and expected_rent_usd >= RUN_RATE_CAVEAT_SHARE * contracted_rent_usd):
        return ""
    if contracted_rent_usd <= 0:
        paid = "the contract as set in this build pays no rent at all"
    elif expected_rent_usd <= 0:
        paid = "none of its contracted rent is expected to be paid"
    else:
        paid = f"the lease is expected to pay {share_text(expected_rent_usd / contracted_rent_usd)} of its contracted rent"
    text = (f"The annualised revenue counts the Anthropic lease at its full run rate, {report.usd(annual_rent_usd)} a "
            f"year, which this build's terms do not expect to last: {paid}.")
    if implied_ai_usd <= 0:
        return text
    if products_multiple is None:
        return text + " Without the lease the AI segment has no revenue to read a multiple on."
    return (text + f" On the products revenue alone ({report.usd(products_revenue_usd)}) the same "
            f"{report.usd(implied_ai_usd)} is {report.times(products_multiple)}.")
