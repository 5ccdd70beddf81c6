"""The sentences of the chapter "IPO positioning", as pure functions of the model's numbers.

Every phrase whose truth depends on the parameters (a direction, a comparison, a sign, a
value that may not exist) is chosen here, in Python, so the chapter's prose stays true
under any valid parameter set. Each function takes numbers (``None`` where a key number
may not exist) and returns plain text; amounts are written with :mod:`colossus.words.report`.
No function here computes a model formula: the values come from :mod:`colossus.model.valuation`
(the ratios below are read-outs of those values, each with its definition).

This module holds the shared pieces (per-share amounts, comparisons, dates, why a durable
value is not positive) and the wording of the prices and the dated inputs; the lease's
values, the cliff and the verdict are worded in :mod:`colossus.words.ipo_value_text`, the
sum of the parts, the price's reading of AI, the other tenants and Cursor in
:mod:`colossus.words.ipo_parts_text`.
"""
from __future__ import annotations

import pandas as pd

from . import report, sources
from ..inputs import facts
from ..model import valuation_market


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
    days = int((pd.Timestamp(book_date) - valuation_market._last_day(str(as_of))).days)
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


# --------------------------------------------------------------------------- the chapter's small pieces

def day(date: str, precision: str = "day") -> str:
    """A date from the facts as prose: ``'11 September 2026'``, or ``'July 2026'`` when only
    the month is known (``precision`` other than ``"day"``).

    >>> day("2026-09-11"), day("2026-07-15", "month"), day("2026-10-09 00:00")
    ('11 September 2026', 'July 2026', '9 October 2026')
    """
    return pd.Timestamp(date).strftime("%-d %B %Y" if precision == "day" else "%B %Y")


def valuation_date_is(as_of: str, price_date: str) -> str:
    """Where the valuation date comes from: the price's date, or set for the build.

    >>> valuation_date_is("2026-10-09", "2026-10-09")
    'the date of the price analysed'
    >>> valuation_date_is("2026-12-31", "2026-10-09")
    'set for this build; the price analysed is of 9 October 2026'
    """
    if as_of == price_date:
        return "the date of the price analysed"
    return f"set for this build; the price analysed is of {day(price_date)}"


def undated_events_sentence(events: list[str]) -> str:
    """What the share price chart leaves out: the period's events known only to the month.

    >>> undated_events_sentence([])
    'Every event of the period is known to the day and is placed at its date.'
    >>> undated_events_sentence(["Lock-up eases."])
    "The period's events known only to the month are not placed on the chart, to avoid inventing a day (Lock-up eases); the deal chapter's timeline lists it."
    >>> undated_events_sentence(["A.", "B"]).endswith("(A; B); the deal chapter's timeline lists them.")
    True
    """
    if not events:
        return "Every event of the period is known to the day and is placed at its date."
    return ("The period's events known only to the month are not placed on the chart, to avoid inventing a day ("
            + "; ".join(e.rstrip(".") for e in events) + "); the deal chapter's timeline lists "
            + ("it." if len(events) == 1 else "them."))


def billions(count: float) -> str:
    """A count in billions, two decimals: ``'13.57 billion'``.

    >>> billions(13_570_000_000.0), billions(389.3e6)
    ('13.57 billion', '0.39 billion')
    """
    return f"{count / 1e9:,.2f} billion"


def amount(value: float, unit: str) -> str:
    """A value of the share reconciliation in words by its unit: US dollars, or shares.

    >>> amount(1.86e12, "USD"), amount(13.59e9, "shares")
    ('$1.86 trillion', '13.59 billion shares')
    """
    return report.usd(value) if unit == "USD" else billions(value) + " shares"


def dates_span(dates: list[str]) -> str:
    """The as-of dates of a set of figures in words, oldest to newest, each once.

    >>> dates_span(["2026-09", "2026-08", "2026-09"]), dates_span(["2026-08-03"])
    ('August 2026 to September 2026', '3 August 2026')
    """
    return " to ".join(dict.fromkeys(when(d) for d in sorted(dates)))


def revenue_parts_phrase(products_usd: float, anthropic_monthly_usd: float, others_monthly_usd: float,
                         annual_usd: float) -> str:
    """The AI segment's annualised revenue as its sum: products plus twelve months of the
    full rents (:func:`colossus.model.valuation_parts.ai_annual_revenue`).

    >>> revenue_parts_phrase(3.84e9, 1.25e9, 1.07e9, 31.68e9)
    '$3.84 billion + 12 x ($1.25 billion + $1.07 billion) = $31.7 billion a year'
    """
    return (f"{report.usd(products_usd)} + 12 x ({report.usd(anthropic_monthly_usd)} + "
            f"{report.usd(others_monthly_usd)}) = {report.usd(annual_usd)} a year")


def sourced_price(value: float, fact_id: str) -> str:
    """A reference share price as MyST: the reported one with its citation when the build
    uses it, else this build's flagged with the reported one beside it
    (:func:`colossus.words.sources.sourced`).

    >>> sourced_price(135.0, "ipo_price")
    '&#36;135.00 {cite:p}`itmagazine2026`'
    >>> sourced_price(140.0, "ipo_price")
    "&#36;140.00 (this build's value; reported: &#36;135.00 {cite:p}`itmagazine2026`)"
    """
    reported = facts.value(fact_id)
    return sources.sourced(report.escape(per_share(value)), value, reported, facts.cite(fact_id),
                           reported_text=report.escape(per_share(reported)))


def cited_text(fact_id: str) -> str:
    """A text fact inside a sentence (its first letter lower case), escaped, with its citation.

    >>> cited_text("cursor_closed").endswith("{cite:p}`" + facts.fact("cursor_closed")["source"] + "`")
    True
    """
    text = sources.formatted(fact_id)
    return report.escape(text[:1].lower() + text[1:]) + " " + facts.cite(fact_id)
