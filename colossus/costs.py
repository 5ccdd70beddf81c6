"""What it costs xAI to serve the lease, the lease's margin, and the payback of the cluster.

Conventions: USD; costs positive; a month is 730 hours; the whole facility power is
billed every hour (power_mw is facility power, so cooling and other overheads, i.e. PUE,
are inside it). Depreciation is straight-line over ``depreciation_years`` with no salvage.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .config import HOURS_PER_MONTH
from .params import Parameters


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


def operating_margin(monthly_rent_usd: float, monthly_cost_usd: float) -> float:
    """Operating margin of the lease at full rent: ``(rent - cost) / rent``.

    >>> operating_margin(100.0, 25.0)
    0.75
    """
    return (monthly_rent_usd - monthly_cost_usd) / monthly_rent_usd


def payback_months(capex_usd: float, rent: np.ndarray, cash_cost_usd: float,
                   monthly_rent_usd: float | None = None) -> float | None:
    """Months of lease cash margin needed to recover the cluster's capex.

    Parameters
    ----------
    capex_usd : float
        Capital cost of the cluster, ``GPUs x capex per GPU``.
    rent : ndarray
        ``Rent_t`` for the contract months (with the ramp).
    cash_cost_usd : float
        Cash cost of serving per month (power + other opex; depreciation is not cash).
    monthly_rent_usd : float, optional
        Full rent, used to continue past the end of the term if the capex is not yet
        recovered. Defaults to the last month's rent.

    Returns
    -------
    float or None
        Fractional month ``m`` at which cumulative ``(Rent_t - cash cost)`` reaches
        ``capex``, counted from the first paid month; ``None`` if the cash margin is not
        positive, so the capex is never recovered.

    Notes
    -----
    Cumulative cash margin is linear within a month, so the crossing month is
    interpolated. Undiscounted and at full survival: a measure of exposure, not of value.

    Examples
    --------
    >>> payback_months(300.0, np.array([50.0, 50.0, 100.0, 100.0]), 0.0)
    4.0
    >>> payback_months(75.0, np.array([50.0, 50.0]), 0.0)
    1.5
    >>> payback_months(500.0, np.array([100.0]), 0.0, 100.0)
    5.0
    >>> payback_months(1.0, np.array([10.0]), 10.0) is None
    True
    """
    margin = rent - cash_cost_usd
    cum = np.cumsum(margin)
    hit = np.nonzero(cum >= capex_usd)[0]
    if hit.size:
        i = int(hit[0])
        before = cum[i - 1] if i else 0.0
        return float(i + (capex_usd - before) / margin[i])
    tail_rent = float(rent[-1]) if monthly_rent_usd is None else monthly_rent_usd
    tail_margin = tail_rent - cash_cost_usd
    if tail_margin <= 0:
        return None
    return float(len(rent) + (capex_usd - cum[-1]) / tail_margin)


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
    """The monthly cost of serving as a table: component, USD per month, share of the
    full rent, and what drives it."""
    c = monthly_cost_of_serving_usd(p)
    rent = p.lease.monthly_rent_usd
    rows = [
        ("Depreciation", c["depreciation_usd"], "GPUs x capex per GPU / life / 12"),
        ("Power", c["power_usd"], "MW x 730 h x price per MWh"),
        ("Other operating costs", c["other_opex_usd"], "assumption"),
        ("Total cost of serving", c["total_usd"], ""),
        ("Operating profit at full rent", rent - c["total_usd"], "rent - total cost"),
    ]
    return pd.DataFrame({
        "Component": [r[0] for r in rows],
        "USD million per month": [f"{r[1] / 1e6:,.1f}" for r in rows],
        "Share of full rent": [f"{r[1] / rent:.1%}" for r in rows],
        "How": [r[2] for r in rows],
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
