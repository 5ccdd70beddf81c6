"""The sentences of "IPO positioning" about the sum of the parts and what the price says
about AI: the parts against the price, the value the price leaves for the AI segment and
its reading between a neocloud and an AI lab, the run rate it rests on, the other
tenants, and Cursor's dilution. Pure functions of the model's numbers, like
:mod:`colossus.words.ipo_text`, whose shared pieces they use.
"""
from __future__ import annotations

from . import report
from .ipo_text import per_share, relative_to, share_text
from ..model import valuation_parts


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
    """The answer to "AI lab or neocloud?" from :func:`colossus.model.valuation_parts.ai_reading`.

    >>> reading_phrase(valuation_parts.READING_ABOVE, 93.55, 6.5, 21.0)
    "That is above an AI lab's multiple (21.0x): the price values xAI as more than an AI lab, not as a neocloud (6.5x)."
    >>> reading_phrase(valuation_parts.READING_BELOW, 3.0, 6.5, 21.0)
    "That is below a neocloud's multiple (6.5x): the price values xAI as less than a neocloud."
    >>> reading_phrase(valuation_parts.READING_BELOW, -2.0, 6.5, 21.0)
    'The price puts no value on the AI segment, so it values xAI as less than a neocloud.'
    >>> reading_phrase(valuation_parts.READING_NEAR_NEOCLOUD, 10.0, 6.5, 21.0)
    "That is between a neocloud's multiple (6.5x) and an AI lab's (21.0x), closer to a neocloud's: the price reads xAI more as a neocloud."
    >>> reading_phrase(valuation_parts.READING_NEAR_AI_LAB, 13.0, 6.5, 21.0)
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
    if reading == valuation_parts.READING_BELOW:
        if multiple <= 0:
            return "The price puts no value on the AI segment, so it values xAI as less than a neocloud."
        return f"That is below a neocloud's multiple ({nc}): the price values xAI as less than a neocloud."
    if reading == valuation_parts.READING_ABOVE:
        return (f"That is above an AI lab's multiple ({lab}): the price values xAI as more than an AI lab, "
                f"not as a neocloud ({nc}).")
    closer = "a neocloud's" if reading == valuation_parts.READING_NEAR_NEOCLOUD else "an AI lab's"
    kind = "a neocloud" if reading == valuation_parts.READING_NEAR_NEOCLOUD else "an AI lab"
    return (f"That is between a neocloud's multiple ({nc}) and an AI lab's ({lab}), closer to {closer}: "
            f"the price reads xAI more as {kind}.")


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


#: annualised AI revenue counts the lease at a run rate the terms do not expect to last.
RUN_RATE_CAVEAT_SHARE = 0.5


def run_rate_phrase(expected_rent_usd: float, contracted_rent_usd: float, annual_rent_usd: float,
                    implied_ai_usd: float, products_revenue_usd: float, products_multiple: float | None) -> str:
    """A caveat on the price-implied multiple when the lease is expected to pay much less than
    its contract: the annualised revenue ``R_products + 12R`` counts the lease at its full run
    rate. ``''`` when the expected rent is at least :data:`RUN_RATE_CAVEAT_SHARE` of the
    contracted rent. ``products_multiple`` is :func:`colossus.model.valuation_parts.implied_multiple` of
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
