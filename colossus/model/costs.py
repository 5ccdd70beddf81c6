"""What it costs xAI to serve the lease, the lease's margin, and the payback of the cluster.

Conventions: USD; costs positive; a month is 730 hours; the whole facility power is
billed every hour (power_mw is facility power, so cooling and other overheads, i.e. PUE,
are inside it). Depreciation is straight-line over ``depreciation_years`` with no salvage.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import lease
from ..inputs.config import HOURS_PER_MONTH
from ..inputs.params import Parameters
from .memo import memoised_table


def monthly_depreciation_usd(gpus: int, capex_per_gpu_usd: float, depreciation_years: float) -> float:
    """Straight-line depreciation of the cluster per month.

    Notes
    -----
    .. math:: D = \\frac{\\text{GPUs} \\times \\text{capex per GPU}}{\\text{years} \\times 12}

    Examples
    --------
    >>> monthly_depreciation_usd(220_000, 40_000.0, 5.0)
    146666666.66666666
    """
    return gpus * capex_per_gpu_usd / depreciation_years / 12.0


def monthly_power_cost_usd(power_mw: float, power_price_usd_per_mwh: float,
                           hours_per_month: float = HOURS_PER_MONTH) -> float:
    """Electricity per month at full facility power: ``MW x 730 h x USD/MWh``.

    >>> monthly_power_cost_usd(300.0, 70.0)
    15330000.0
    """
    return power_mw * hours_per_month * power_price_usd_per_mwh


def monthly_cost_of_serving_usd(p: Parameters) -> dict[str, float]:
    """Cost of serving the lease per month, by component, and its total.

    Returns
    -------
    dict
        ``depreciation_usd``, ``power_usd``, ``other_opex_usd``, ``cash_cost_usd``
        (power + other) and ``total_usd`` (all three), USD per month.
    """
    dep = monthly_depreciation_usd(p.lease.gpus, p.costs.capex_per_gpu_usd, p.costs.depreciation_years)
    power = monthly_power_cost_usd(p.lease.power_mw, p.costs.power_price_usd_per_mwh)
    other = p.costs.other_opex_usd_per_month
    return {"depreciation_usd": dep, "power_usd": power, "other_opex_usd": other,
            "cash_cost_usd": power + other, "total_usd": dep + power + other}


def monthly_replacement_cost_usd(replacement_share: float, gpus: int, gpu_hour_usd: float,
                                 hours_per_month: float = HOURS_PER_MONTH) -> float:
    """What xAI pays per month to buy back, at the market rate, the compute its own work
    needed from the leased GPUs.

    Parameters
    ----------
    replacement_share : float
        ``xai.replacement_share``: share of the leased GPU-hours xAI must replace, in
        [0, 1]. 0 means the cluster was idle anyway (the lease displaces nothing).
    gpus : int
        ``lease.gpus``.
    gpu_hour_usd : float
        ``market.gpu_hour_usd``: the market rate xAI pays (H100, 1-year reserved).

    Returns
    -------
    float
        USD per lease month, positive (a cost), paid in each month the lease is alive.

    Notes
    -----
    .. math:: \\text{replacement} = s \\times \\text{GPUs} \\times 730 \\times p_{market}

    It is the opportunity cost of the lease: the compute xAI gives up has to come from
    somewhere. The sunk capex of the cluster is not in it.

    Examples
    --------
    >>> monthly_replacement_cost_usd(0.0, 325_000, 2.35)
    0.0
    >>> monthly_replacement_cost_usd(1.0, 1_000, 2.0)
    1460000.0
    """
    return replacement_share * gpus * hours_per_month * gpu_hour_usd


@memoised_table
def incremental_schedule(p: Parameters) -> pd.DataFrame:
    """Month by month, what the Anthropic lease adds to xAI's operating result: the
    definitions the losses-offset and IPO chapters share.

    Returns
    -------
    DataFrame
        One row per lease month ``t = 1..T``: ``t``, ``month`` (``YYYY-MM``),
        ``rent_usd`` (contracted ``Rent_t``), ``survival`` (``S(t)``), ``cash_cost_usd``
        (power + other operating cost), ``replacement_usd``, ``lease_cost_usd`` (their
        sum), ``expected_rent_usd`` ``= Rent_t S(t)``, ``expected_lease_cost_usd``
        ``= S(t) (cash + replacement)``, ``expected_net_usd`` (the difference),
        ``discount_factor`` ``= (1 + r)^(-t/12)``.

    Notes
    -----
    .. math:: \\text{net}_t = S(t)\\,(\\text{Rent}_t - \\text{cash} - \\text{replacement})

    All amounts in USD per month, paid at the end of the month; depreciation is sunk
    and is not a cost of serving the lease here.

    Examples
    --------
    >>> from colossus.inputs.loading import validate
    >>> s = incremental_schedule(validate({"xai": {"replacement_share": 0.0}}))
    >>> float(s["replacement_usd"].sum()), len(s)
    (0.0, 37)
    """
    sched = lease.schedule(p)
    c = monthly_cost_of_serving_usd(p)
    repl = monthly_replacement_cost_usd(p.xai.replacement_share, p.lease.gpus, p.market.gpu_hour_usd)
    out = sched[["t", "month", "rent_usd", "survival", "expected_rent_usd", "discount_factor"]].copy()
    out["cash_cost_usd"] = c["cash_cost_usd"]
    out["replacement_usd"] = repl
    out["lease_cost_usd"] = c["cash_cost_usd"] + repl
    out["expected_lease_cost_usd"] = out["survival"] * out["lease_cost_usd"]
    out["expected_net_usd"] = out["expected_rent_usd"] - out["expected_lease_cost_usd"]
    return out


def operating_margin(monthly_rent_usd: float, monthly_cost_usd: float) -> float:
    """Operating margin of the lease at full rent: ``(rent - cost) / rent``.

    >>> operating_margin(100.0, 25.0)
    0.75
    """
    return (monthly_rent_usd - monthly_cost_usd) / monthly_rent_usd


def payback_months(capex_usd: float, rent: np.ndarray, cash_cost_usd: float) -> float | None:
    """Months of lease cash margin needed to recover the cluster's capex, within the term.

    Parameters
    ----------
    capex_usd : float
        Capital cost of the cluster, ``GPUs x capex per GPU``.
    rent : ndarray
        ``Rent_t`` for the contract months (with the ramp).
    cash_cost_usd : float
        Cash cost of serving per month (power + other opex; depreciation is not cash).

    Returns
    -------
    float or None
        Fractional month ``m`` at which cumulative ``(Rent_t - cash cost)`` reaches
        ``capex``, counted from the first paid month; ``None`` if the contract's own months
        do not get there (the payback is not within the term). Nothing is extrapolated
        past the last paid month.

    Notes
    -----
    Cumulative cash margin is linear within a month, so the crossing month is
    interpolated. Undiscounted and assuming the lease lives that long: pair it with
    :func:`payback_alive_probability`. A measure of exposure, not of value.

    Examples
    --------
    >>> payback_months(300.0, np.array([50.0, 50.0, 100.0, 100.0]), 0.0)
    4.0
    >>> payback_months(75.0, np.array([50.0, 50.0]), 0.0)
    1.5
    >>> payback_months(500.0, np.array([100.0]), 0.0) is None
    True
    >>> payback_months(1.0, np.array([10.0]), 10.0) is None
    True
    """
    margin = rent - cash_cost_usd
    cum = np.cumsum(margin)
    hit = np.nonzero(cum >= capex_usd)[0]
    if not hit.size:
        return None
    i = int(hit[0])
    before = cum[i - 1] if i else 0.0
    return float(i + (capex_usd - before) / margin[i])


def payback_alive_probability(payback: float | None, surv: np.ndarray) -> float | None:
    """Probability that the lease is still paying in the month the payback completes:
    ``S(ceil(m))``; ``None`` when there is no payback within the term.

    >>> payback_alive_probability(2.5, np.array([1.0, 0.9, 0.81])), payback_alive_probability(None, np.ones(2))
    (0.81, None)
    """
    if payback is None:
        return None
    month = max(1, int(np.ceil(payback - 1e-9)))
    return float(surv[month - 1])


def usd_per_mw_month(monthly_rent_usd: float, power_mw: float) -> float:
    """Rent per MW of facility power per month.

    >>> round(usd_per_mw_month(1.25e9, 300.0) / 1e6, 4)
    4.1667
    """
    return monthly_rent_usd / power_mw


def market_usd_per_mw_month(gpu_hour_usd: float, gpus_per_mw: float,
                            hours_per_month: float = HOURS_PER_MONTH) -> float:
    """What a MW of capacity earns per month if its GPUs are billed at a market rate:
    ``rate x 730 h x GPUs per MW``.

    >>> round(market_usd_per_mw_month(2.35, 220_000 / 300) / 1e6, 4)
    1.258
    """
    return gpu_hour_usd * hours_per_month * gpus_per_mw


def cost_breakdown(p: Parameters) -> pd.DataFrame:
    """The monthly cost of serving as a table: component, what kind of cost it is, USD
    per month, share of the full rent, and what drives it.

    Cash costs are what serving the lease costs xAI; replacement compute is what xAI gives
    up (:func:`monthly_replacement_cost_usd`); depreciation spreads the sunk capex and is
    shown only for the operating margin a filing would report.
    """
    c = monthly_cost_of_serving_usd(p)
    rent = p.lease.monthly_rent_usd
    repl = monthly_replacement_cost_usd(p.xai.replacement_share, p.lease.gpus, p.market.gpu_hour_usd)
    rows = [
        ("Power", "cash", c["power_usd"], "MW x 730 h x price per MWh"),
        ("Other operating costs", "cash", c["other_opex_usd"], "assumption"),
        ("Cash cost of serving", "cash", c["cash_cost_usd"], "power + other"),
        ("Replacement compute", "given up", repl, "share x GPUs x 730 h x market rate"),
        ("Depreciation", "accounting (sunk capex)", c["depreciation_usd"], "GPUs x capex per GPU / life / 12"),
        ("Operating profit at full rent", "accounting", rent - c["total_usd"], "rent - cash cost - depreciation"),
    ]
    return pd.DataFrame({
        "Component": [r[0] for r in rows],
        "Kind": [r[1] for r in rows],
        "USD million per month": [f"{r[2] / 1e6:,.1f}" for r in rows],
        "Share of full rent": [f"{r[2] / rent:.1%}" for r in rows],
        "How": [r[3] for r in rows],
    })


def margin_grid(p: Parameters, capex_per_gpu_usd: np.ndarray, depreciation_years: np.ndarray) -> pd.DataFrame:
    """Operating margin at full rent over a grid of capex per GPU and depreciation life,
    every other parameter as in ``p``. One row per pair."""
    rows = []
    for capex in capex_per_gpu_usd:
        for years in depreciation_years:
            q = p.model_copy(update={"costs": p.costs.model_copy(
                update={"capex_per_gpu_usd": float(capex), "depreciation_years": float(years)})})
            cost = monthly_cost_of_serving_usd(q)["total_usd"]
            rows.append({"capex_per_gpu_usd": float(capex), "depreciation_years": float(years),
                         "monthly_cost_usd": cost,
                         "operating_margin": operating_margin(p.lease.monthly_rent_usd, cost)})
    return pd.DataFrame(rows)
