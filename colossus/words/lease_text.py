"""Sentences of the lease chapter whose wording depends on the numbers.

Each function returns text that is true for the values it is given: the direction of a
comparison, the explanation offered for it, and what is said when a value does not exist.
Formatting is :mod:`colossus.words.report`'s; nothing here computes a model quantity.
"""
from __future__ import annotations

from . import report
from .sources import sourced


def rent_sentence(monthly_rent_usd: float, reported_usd: float, reported_text: str, citation: str) -> str:
    """How much Anthropic pays a month in this build, and the reported figure when the
    build uses another (the rule of :func:`colossus.words.sources.sourced`).

    ``reported_text`` is the reported figure with its unit ("a month"), as
    :func:`colossus.words.sources.formatted` gives it, and ``citation`` its citation.

    >>> rent_sentence(1.25e9, 1.25e9, "$1.25 billion a month", "[1]")
    'Anthropic pays $1.25 billion a month [1] for the capacity of the cluster.'
    >>> rent_sentence(0.9e9, 1.25e9, "$1.25 billion a month", "[1]")
    'This build has Anthropic paying $900 million a month for the capacity of the cluster; the reported figure is $1.25 billion a month [1].'
    """
    head = sourced(f"Anthropic pays {reported_text}", monthly_rent_usd, reported_usd, citation,
                   differs=f"This build has Anthropic paying {report.usd(monthly_rent_usd)} a month")
    tail = sourced("", monthly_rent_usd, reported_usd, "",
                   differs=f"; the reported figure is {reported_text} {citation}")
    return f"{head} for the capacity of the cluster{tail}."


def premium_explanation(implied: float, market: float, fleet_factor: float) -> str:
    """What the lease's price per GPU-hour says against the market's H100 rate, with the
    fleet's mix (``fleet_factor`` = what a GPU of this fleet rents for relative to an
    H100) offered as an explanation only as far as it goes.

    >>> premium_explanation(5.27, 2.35, 1.25)[:60]
    'At full rent Anthropic pays 2.2x the H100 rate. The fleet in'
    >>> premium_explanation(2.8, 2.35, 1.25)
    "At full rent Anthropic pays 1.2x the H100 rate. The fleet includes newer H200 and GB200 GPUs; valued at 1.25x an H100, this fleet would rent for $2.94 per GPU-hour, so the fleet's mix explains the whole premium: the lease is priced at or below what the fleet would fetch."
    >>> premium_explanation(2.0, 2.35, 1.25)
    'At full rent Anthropic pays 0.85x the H100 rate: less than the market charges for a one-year H100 reservation, and less than the $2.94 per GPU-hour this fleet would fetch at 1.25x an H100. The lease is priced below the market.'
    >>> premium_explanation(2.35, 2.35, 1.0)
    'At full rent Anthropic pays the H100 rate exactly, as if the fleet were all H100s rented at market.'
    """
    fleet_rate = market * fleet_factor
    ratio = implied / market
    ratio_text = report.times(ratio, 2 if ratio < 1 else 1)
    fleet = f"{report.usd(fleet_rate)} per GPU-hour"
    if implied == market and fleet_factor == 1.0:
        return "At full rent Anthropic pays the H100 rate exactly, as if the fleet were all H100s rented at market."
    if implied < market:
        tail = ("" if fleet_factor <= 1.0 else
                f", and less than the {fleet} this fleet would fetch at {report.times(fleet_factor, 2)} an H100")
        return (f"At full rent Anthropic pays {ratio_text} the H100 rate: less than the market charges for a one-year "
                f"H100 reservation{tail}. The lease is priced below the market.")
    head = f"At full rent Anthropic pays {ratio_text} the H100 rate."
    if fleet_factor <= 1.0:
        return (f"{head} The fleet is valued here at {report.times(fleet_factor, 2)} an H100, so its mix does not "
                f"explain the premium; what remains is paid for something else, such as a whole cluster "
                f"available at once.")
    mix = (f" The fleet includes newer H200 and GB200 GPUs; valued at {report.times(fleet_factor, 2)} an H100, "
           f"this fleet would rent for {fleet}")
    if implied <= fleet_rate:
        return (f"{head}{mix}, so the fleet's mix explains the whole premium: the lease is priced at or below "
                f"what the fleet would fetch.")
    return (f"{head}{mix}, so the mix explains only part of the premium: the remaining "
            f"{report.times(implied / fleet_rate, 2)} is paid for something else, such as a whole cluster "
            f"available at once.")


def payback_sentence(payback_months: float | None, alive_probability: float | None, lease_months: int,
                     certain_months: int = 0) -> str:
    """When the cash margin pays back the capex, and the chance the lease is still alive
    then; or that it does not within the term. "Before any notice can take effect" only
    when the payback falls within the ``certain_months`` no notice can cut short.

    >>> payback_sentence(12.0, 0.76, 37)
    'Net of cash costs, the rent pays back the whole cluster in 12.0 months from the first paid month, if the lease is still alive then, which has a 76.0% chance.'
    >>> payback_sentence(None, None, 37)
    'Net of cash costs, the rent does not pay back the whole cluster within the 37 months of the term.'
    >>> payback_sentence(3.0, 1.0, 37)
    'Net of cash costs, the rent pays back the whole cluster in 3.0 months from the first paid month, which the lease is certain to reach.'
    >>> payback_sentence(3.0, 1.0, 37, certain_months=4)
    'Net of cash costs, the rent pays back the whole cluster in 3.0 months from the first paid month, before any notice can take effect.'
    """
    if payback_months is None:
        return (f"Net of cash costs, the rent does not pay back the whole cluster within the "
                f"{report.plural(lease_months, 'month')} of the term.")
    head = (f"Net of cash costs, the rent pays back the whole cluster in {report.months(payback_months)} "
            f"from the first paid month")
    if alive_probability is not None and alive_probability >= 1.0:
        if payback_months <= certain_months:
            return head + ", before any notice can take effect."
        return head + ", which the lease is certain to reach."
    return head + f", if the lease is still alive then, which has {report.a_or_an(report.pct(alive_probability))} chance."


def reclaim_sentence(k: int, alive_probability: float, net_cost_usd: float) -> str:
    """What ending the lease after month ``k`` would do to xAI, given the lease is alive.

    >>> reclaim_sentence(18, 0.63, 8.7e9)
    "If the lease is still running after month 18 (a 63.0% chance, counted from the lease's start), ending it then would cost xAI $8.7 billion net over the rest of the term: the rent is worth more than the compute is to xAI."
    >>> reclaim_sentence(18, 0.0, 0.0)
    "Under this build's terms the lease cannot still be running after month 18, so there is nothing left to reclaim then."
    >>> reclaim_sentence(18, 0.63, -1e9)[-69:]
    'the rest of the term: the compute is worth more to xAI than the rent.'
    """
    if alive_probability <= 0.0:
        return (f"Under this build's terms the lease cannot still be running after month {k}, so there is "
                f"nothing left to reclaim then.")
    verdict = ("the rent is worth more than the compute is to xAI" if net_cost_usd > 0
               else "the compute is worth more to xAI than the rent" if net_cost_usd < 0
               else "the compute is worth as much to xAI as the rent")
    return (f"If the lease is still running after month {k} ({report.a_or_an(report.pct(alive_probability))} chance, "
            f"counted from the lease's start), "
            f"ending it then would {report.cost_or_gain(net_cost_usd)} net over the rest of the term: {verdict}.")


def variant_gap_sentence(certain: dict[str, int], expected: dict[str, float], labels: dict[str, str],
                         build_key: str | None) -> str:
    """How the readings of the term differ in certain months and expected revenue.

    >>> variant_gap_sentence({"filing": 3, "seed": 6}, {"filing": 28.6e9, "seed": 30.9e9},
    ...                      {"filing": "the amended filings", "seed": "the Deep News article"}, "filing")
    'The most valuable reading, the Deep News article, makes 6 months certain and expects $30.9 billion; the least, the amended filings, makes 3 months certain and expects $28.6 billion. This build follows the amended filings.'
    >>> variant_gap_sentence({"a": 3, "b": 6, "c": 6}, {"a": 1e9, "b": 2e9, "c": 2e9}, {"a": "A", "b": "B", "c": "C"}, "a")
    'The most valuable readings, B and C, make 6 months certain and expect $2 billion; the least, A, makes 3 months certain and expects $1 billion. This build follows A.'
    >>> variant_gap_sentence({"a": 3, "b": 3}, {"a": 1e9, "b": 1e9}, {"a": "A", "b": "B"}, None)
    "Under this build's other parameters every reading expects $1 billion, whatever the months it makes certain. This build's notice and lock-in match none of them."
    """
    keys = list(certain)
    hi_key = max(keys, key=lambda k: (expected[k], certain[k]))
    lo_key = min(keys, key=lambda k: (expected[k], certain[k]))
    follow = (f" This build follows {labels[build_key]}." if build_key is not None
              else " This build's notice and lock-in match none of them.")
    if report.usd(expected[hi_key]) == report.usd(expected[lo_key]):
        return (f"Under this build's other parameters every reading expects {report.usd(expected[hi_key])}, "
                f"whatever the months it makes certain.{follow}")

    def group(key: str) -> tuple[str, str]:
        tied = [labels[k] for k in keys if expected[k] == expected[key] and certain[k] == certain[key]]
        return " and ".join(tied), ("makes {} certain and expects" if len(tied) == 1 else "make {} certain and expect")

    (hi, hi_verb), (lo, lo_verb) = group(hi_key), group(lo_key)
    hi_text = hi_verb.format(report.plural(certain[hi_key], "month"))
    lo_text = lo_verb.format(report.plural(certain[lo_key], "month"))
    return (f"The most valuable {'readings' if ' and ' in hi else 'reading'}, {hi}, {hi_text} {report.usd(expected[hi_key])}; the least, {lo}, "
            f"{lo_text} {report.usd(expected[lo_key])}.{follow}")


def ramp_sentence(ramp_months: int, ramp_fraction: float, lease_months: int | None = None) -> str:
    """The ramp-up discount, or that there is none (``lease_months``: the term, to say so
    when the ramp covers all of it).

    >>> ramp_sentence(2, 0.0, 2)
    'Every month of the term is billed at 0% of the full rent: the ramp-up discount covers the whole lease (the filings say the fees are reduced but not by how much; the fraction is an assumption).'

    >>> ramp_sentence(2, 0.5)
    'The first 2 months are billed at 50% of the full rent while xAI finishes the ramp-up (the filings say the fees are reduced but not by how much; the fraction is an assumption).'
    >>> ramp_sentence(0, 0.5)
    'Every month is billed at the full rent: this build has no ramp-up discount.'
    >>> ramp_sentence(1, 1.0)
    'The first month is billed at the full rent: this build has no ramp-up discount.'
    """
    if lease_months is not None and ramp_months >= lease_months and ramp_fraction != 1.0:
        return (f"Every month of the term is billed at {report.pct(ramp_fraction, 0)} of the full rent: the ramp-up "
                f"discount covers the whole lease (the filings say the fees are reduced but not by how much; the "
                f"fraction is an assumption).")
    if ramp_months == 0 or ramp_fraction == 1.0:
        first = "Every month is" if ramp_months == 0 else (
            "The first month is" if ramp_months == 1 else f"The first {ramp_months} months are")
        return f"{first} billed at the full rent: this build has no ramp-up discount."
    first = "The first month is" if ramp_months == 1 else f"The first {ramp_months} months are"
    return (f"{first} billed at {report.pct(ramp_fraction, 0)} of the full rent while xAI finishes the "
            f"ramp-up (the filings say the fees are reduced but not by how much; the fraction is an assumption).")


def in_force_sentence(date: str, months_paid: int, realised: str, lease_months: int, evidence: str,
                      future: bool = False) -> str:
    """The condition every outcome of the book is read under: the lease in force with no
    notice served at the valuation date. ``evidence`` is the latest date the facts show
    the lease in force, in words.

    >>> in_force_sentence("9 October 2026", 5, "$5 billion", 37, "28 September 2026")
    'The valuation date is 9 October 2026: by then the lease had paid 5 months ($5 billion). The facts show it in force on 28 September 2026; every outcome below is given that it is still in force, with no notice served, at the valuation date.'
    >>> in_force_sentence("1 April 2026", 0, "$0", 37, "28 September 2026")[:120]
    'The valuation date is 1 April 2026, before the first month is paid. The facts show it in force on 28 September 2026; eve'
    >>> in_force_sentence("30 June 2027", 14, "$17 billion", 37, "28 September 2026", future=True)[:120]
    'The valuation date is 30 June 2027: by then the lease would have paid 14 months ($17 billion if it runs; the date is aft'
    >>> in_force_sentence("1 June 2029", 37, "$45 billion", 37, "28 September 2026")
    'The valuation date is 1 June 2029, after the last month of the lease: all 37 of its months are paid ($45 billion, given it ran its whole term), so no outcome is left open.'
    """
    if months_paid >= lease_months:
        return (f"The valuation date is {date}, after the last month of the lease: all {lease_months} of its months "
                f"are paid ({realised}, given it ran its whole term), so no outcome is left open.")
    head = (f"The valuation date is {date}, before the first month is paid." if months_paid <= 0 else
            f"The valuation date is {date}: by then the lease {'would have' if future else 'had'} paid "
            f"{report.plural(months_paid, 'month')} ({realised}{' if it runs; the date is after this book' if future else ''}).")
    return (head + f" The facts show it in force on {evidence}; every outcome below is given that it is still in "
            "force, with no notice served, at the valuation date.")


def certain_sentence(certain_months: int, expected_months: float, lease_months: int, h: float = 0.5) -> str:
    """Which months are certain, and how many the lease pays on average (``h`` is the
    monthly notice probability: with none, every month is certain).

    >>> certain_sentence(3, 37.0, 37, 0.0)
    'With no chance of a notice, all 37 months are certain.'

    >>> certain_sentence(3, 23.85, 37)
    'The first 3 months are then certain, and the lease pays 23.9 of its 37 months on average.'
    >>> certain_sentence(0, 1.97, 2)
    'No month is certain, and the lease pays 1.97 of its 2 months on average.'
    >>> certain_sentence(0, 10.0, 37)
    'No month is certain, and the lease pays 10.0 of its 37 months on average.'
    >>> certain_sentence(37, 37.0, 37)
    'All 37 months are then certain, and the lease pays all of them.'
    """
    if h == 0.0:
        return f"With no chance of a notice, all {report.plural(lease_months, 'month')} are certain." if lease_months > 1 \
            else "With no chance of a notice, its single month is certain."
    if certain_months >= lease_months == 1:
        return "Its single month is then certain, and the lease pays it."
    if certain_months >= lease_months:
        return f"All {report.plural(lease_months, 'month')} are then certain, and the lease pays all of them."
    head = ("No month is certain" if certain_months == 0 else
            "The first month is then certain" if certain_months == 1 else
            f"The first {certain_months} months are then certain")
    digits = 1
    while digits < 4 and expected_months < lease_months and f"{expected_months:.{digits}f}" == f"{lease_months:.{digits}f}":
        digits += 1
    return (f"{head}, and the lease pays {expected_months:.{digits}f} of its {report.plural(lease_months, 'month')} "
            "on average.")


def cash_margin_sentence(cash_cost_text: str, cash_margin: float) -> str:
    """The cash cost of serving and the cash margin it leaves, or that it exceeds the rent.

    >>> cash_margin_sentence("$62.5 million", 0.95)
    'a cash cost of $62.5 million, which leaves a **cash margin** of 95.0% of the full rent'
    >>> cash_margin_sentence("$222 million", -1.472)
    'a cash cost of $222 million, more than the full rent: a **cash margin** of -147.2%'
    """
    if cash_margin < 0:
        return f"a cash cost of {cash_cost_text}, more than the full rent: a **cash margin** of {report.pct(cash_margin)}"
    return f"a cash cost of {cash_cost_text}, which leaves a **cash margin** of {report.pct(cash_margin)} of the full rent"


def distribution_sentence(p5: str, p50: str, p95: str, full_term: str, degenerate: bool) -> str:
    """The percentiles of realised revenue, or, when the 5th and 95th percentiles coincide
    (``degenerate``), the revenue the lease realises with at least 90% probability.

    >>> distribution_sentence("$3.75 billion", "$30 billion", "$45 billion", "35.5%", False)
    "Under this build's terms, realised revenue is $3.75 billion or less with at least a 5% chance, has a median of $30 billion, and is $45 billion or less with at least a 95% chance. The lease runs its full term with probability 35.5%."
    >>> distribution_sentence("$0", "$0", "$0", "0.0%", True)
    "Under this build's terms the lease realises $0 with at least 90% probability: the 5th and 95th percentiles coincide. It runs its full term with probability 0.0%."
    """
    if degenerate:
        return (f"Under this build's terms the lease realises {p50} with at least 90% probability: the 5th and "
                f"95th percentiles coincide. It runs its full term with probability {full_term}.")
    return (f"Under this build's terms, realised revenue is {p5} or less with at least a 5% chance, has a median "
            f"of {p50}, and is {p95} or less with at least a 95% chance. The lease runs its full term with "
            f"probability {full_term}.")


def simulation_check_sentence(paths: str, mean: str, expected: str, z: float | None, full_share: str) -> str:
    """The Monte Carlo cross-check: how far its mean is from the exact expectation, in
    standard errors (``None``: every path realises the same revenue).

    >>> simulation_check_sentence("100,000", "$28.6 billion", "$28.6 billion", 0.41, "35.4%")
    'As a check, a simulation of 100,000 lease lives gives a mean of $28.6 billion, 0.4 standard errors from the exact $28.6 billion, and 35.4% of its paths run the full term.'
    >>> simulation_check_sentence("1,000", "$0", "$0", None, "0.0%")
    'As a check, a simulation of 1,000 lease lives realises $0 on every path, as the exact law says, and 0.0% of its paths run the full term.'
    """
    if z is None:
        return (f"As a check, a simulation of {paths} lease lives realises {mean} on every path, as the exact law "
                f"says, and {full_share} of its paths run the full term.")
    return (f"As a check, a simulation of {paths} lease lives gives a mean of {mean}, {z:.1f} standard errors from "
            f"the exact {expected}, and {full_share} of its paths run the full term.")


# --------------------------------------------------------------------------- clauses and findings of the chapter

def expected_clause(expected_usd: float, contracted_usd: float) -> str:
    """The expected revenue with its share of the contracted amount, or that the contract
    bills nothing (no share of nothing).

    >>> expected_clause(28.6e9, 45e9)
    '$28.6 billion, 64% of the contracted amount'
    >>> expected_clause(0.0, 0.0)
    '$0, as the contract bills nothing in this build'
    """
    if contracted_usd > 0:
        return f"{report.usd(expected_usd)}, {report.pct(expected_usd / contracted_usd, 0)} of the contracted amount"
    return f"{report.usd(expected_usd)}, as the contract bills nothing in this build"


def remaining_clause(realised_usd: float, remaining_usd: float) -> str:
    """The expected revenue split into what is already paid and what is still to come.

    >>> remaining_clause(5e9, 23.6e9)
    '$5 billion of it already paid and $23.6 billion still to come'
    """
    return f"{report.usd(realised_usd)} of it already paid and {report.usd(remaining_usd)} still to come"


def replacement_sentence(replacement_share: float, monthly_replacement_cost_usd: float) -> str:
    """What renting the cluster out costs xAI in compute it must buy back for its own work.

    >>> replacement_sentence(0.25, 1.5e8)
    'The compute also has a use of its own. In this build xAI must buy back 25% of the leased GPU-hours at the market rate for its own work, $150 million a month.'
    >>> replacement_sentence(0.0, 0.0)[:70]
    'In this build xAI needs none of the leased GPU-hours back for its own '
    """
    if replacement_share > 0:
        return (f"The compute also has a use of its own. In this build xAI must buy back "
                f"{report.pct(replacement_share, 0)} of the leased GPU-hours at the market rate for its own work, "
                f"{report.usd(monthly_replacement_cost_usd)} a month.")
    return ("In this build xAI needs none of the leased GPU-hours back for its own work (the cluster would otherwise "
            "sit idle), so renting it out costs xAI no replacement compute.")


def reclaim_rule(implied_usd_per_gpu_hour: float, ramp_months: int, ramp_fraction: float, lease_months: int) -> str:
    """When reclaiming the compute pays: where xAI's own use is worth more than what
    Anthropic pays per GPU-hour, at full rent, or at the ramp's fraction of it when the
    ramp covers the whole term.

    >>> reclaim_rule(5.27, 2, 0.5, 37)
    'Once the ramp is over, reclaiming pays only where the compute is worth more to xAI than the $5.27 per GPU-hour Anthropic pays at full rent.'
    >>> reclaim_rule(5.20, 2, 0.5, 2)
    "Every month of this build's lease is billed at 50% of the full rent, so reclaiming pays only where the compute is worth more to xAI than the $2.60 per GPU-hour Anthropic pays."
    """
    if ramp_months < lease_months or ramp_fraction == 1.0:
        return (f"Once the ramp is over, reclaiming pays only where the compute is worth more to xAI than the "
                f"{report.usd(implied_usd_per_gpu_hour)} per GPU-hour Anthropic pays at full rent.")
    return (f"Every month of this build's lease is billed at {report.pct(ramp_fraction, 0)} of the full rent, "
            f"so reclaiming pays only where the compute is worth more to xAI than the "
            f"{report.usd(implied_usd_per_gpu_hour * ramp_fraction)} per GPU-hour Anthropic pays.")


def gpu_count_sentence(gpus: int, early_gpus: int, filed_gpus: int, early_text: str, filed_text: str,
                       early_rate: float, filed_rate: float) -> str:
    """The dispute over the GPU count behind the price per GPU-hour: the early reports'
    count and the filings' (each as written with its citation, ``early_text`` and
    ``filed_text``), the rent per GPU-hour each implies, and which this build uses.

    >>> gpu_count_sentence(325_000, 220_000, 325_000, "220,000 GPUs [a]", "325,000 GPUs [b]", 7.78, 5.27)
    "The GPU count behind that price is disputed. Early reports speak of 220,000 GPUs [a] in Colossus 1, which would put the rent at $7.78 per GPU-hour; the amended filings give 325,000 GPUs [b] across Colossus and Colossus II, or $5.27. This build uses the filings' count. The appendix lists the conflict."
    >>> gpu_count_sentence(220_000, 220_000, 325_000, "a", "b", 7.78, 5.27)[-74:]
    "This build uses the early reports' count. The appendix lists the conflict."
    >>> gpu_count_sentence(110_000, 220_000, 325_000, "a", "b", 7.78, 5.27)[-86:]
    "This build uses 110,000 GPUs, neither source's count. The appendix lists the conflict."
    """
    uses = ("This build uses the filings' count." if gpus == filed_gpus else
            "This build uses the early reports' count." if gpus == early_gpus else
            f"This build uses {report.count(gpus)} GPUs, neither source's count.")
    return (f"The GPU count behind that price is disputed. Early reports speak of {early_text} in Colossus 1, "
            f"which would put the rent at {report.usd(early_rate)} per GPU-hour; the amended filings give "
            f"{filed_text} across Colossus and Colossus II, or {report.usd(filed_rate)}. {uses} "
            "The appendix lists the conflict.")


def schedule_finding(expected_usd: float, contracted_usd: float, h: float) -> str:
    """What the rent-schedule chart shows.

    >>> schedule_finding(28.6e9, 45e9, 0.03)
    'Expected revenue $28.6 billion of $45 billion contracted, at a 3.00% monthly notice probability'
    """
    return (f"Expected revenue {report.usd(expected_usd)} of {report.usd(contracted_usd)} contracted, "
            f"at {report.a_or_an(report.pct(h, 2))} monthly notice probability")


def gpu_hour_finding(implied_usd: float, market_usd: float) -> str:
    """What the price-per-GPU-hour chart shows.

    >>> gpu_hour_finding(5.27, 2.35)
    'The lease implies $5.27 per GPU-hour against $2.35 for a one-year reserved H100'
    """
    return f"The lease implies {report.usd(implied_usd)} per GPU-hour against {report.usd(market_usd)} for a one-year reserved H100"


def margin_finding(margin: float, capex_per_gpu_usd: float, years: float, lowest: float, highest: float) -> str:
    """What the operating-margin heatmap shows: this build's cell and the grid's range.

    >>> margin_finding(0.5, 40_000, 5, 0.2, 0.7)
    'Operating margin 50.0% at $40,000 per GPU written off over 5 years; from 20.0% to 70.0% across the grid'
    """
    return (f"Operating margin {report.pct(margin)} at {report.usd(capex_per_gpu_usd)} per GPU written off over "
            f"{report.plural(years, 'year')}; from {report.pct(lowest)} to {report.pct(highest)} across the grid")


def distribution_finding(p5_usd: float, median_usd: float, p95_usd: float, expected_usd: float) -> str:
    """What the revenue-distribution chart shows (one value when the 5th and 95th
    percentiles coincide).

    >>> distribution_finding(3.75e9, 30e9, 45e9, 28.6e9)
    'Realised revenue between $3.75 billion and $45 billion (5th to 95th percentile), median $30 billion, expected $28.6 billion'
    >>> distribution_finding(0.0, 0.0, 0.0, 0.0)
    'Realised revenue of $0 at both the 5th and the 95th percentile, expected $0'
    """
    spread = (f"Realised revenue between {report.usd(p5_usd)} and {report.usd(p95_usd)} "
              f"(5th to 95th percentile), median {report.usd(median_usd)}" if p5_usd != p95_usd else
              f"Realised revenue of {report.usd(median_usd)} at both the 5th and the 95th percentile")
    return spread + f", expected {report.usd(expected_usd)}"
