"""The key numbers of the lease: one computation shared by the chapters, the build's
``key_numbers.json`` and ``scripts/numbers.py``, so they cannot disagree.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import costs, impact, lease, termination
from .params import Parameters


@dataclass(frozen=True)
class LeaseResults:
    parameters: Parameters
    schedule: pd.DataFrame
    variants: pd.DataFrame
    cost: dict
    simulated_revenue: np.ndarray
    simulation: termination.SimulationSummary
    numbers: dict


def compute(p: Parameters) -> LeaseResults:
    """Every headline result of the lease under parameters ``p``."""
    L = p.lease
    sched = lease.schedule(p)
    rent = sched["rent_usd"].to_numpy()
    surv = sched["survival"].to_numpy()
    variants = lease.variant_summary(p).set_index("variant")
    cost = costs.monthly_cost_of_serving_usd(p)
    capex = L.gpus * p.costs.capex_per_gpu_usd
    rev, summary = termination.simulate(p)
    implied = lease.implied_usd_per_gpu_hour(L.monthly_rent_usd, L.gpus)
    payback = costs.payback_months(capex, rent, cost["cash_cost_usd"], L.monthly_rent_usd)
    numbers = {
        "parameter_fingerprint": p.fingerprint,
        "lease_months": int(len(sched)),
        "annual_run_rate_usd": 12.0 * L.monthly_rent_usd,
        "contracted_revenue_usd": lease.contracted_revenue(rent),
        "expected_revenue_usd": lease.expected_revenue(rent, surv),
        "npv_expected_revenue_usd": lease.npv_expected_revenue(rent, surv, p.finance.discount_rate_annual),
        "expected_months_paid": float(surv.sum()),
        "implied_usd_per_gpu_hour": implied,
        "premium_vs_market": lease.premium_vs_market(implied, p.market.gpu_hour_usd),
        "lease_monthly_cost_usd": cost["total_usd"],
        "lease_monthly_cash_cost_usd": cost["cash_cost_usd"],
        "lease_monthly_depreciation_usd": cost["depreciation_usd"],
        "lease_operating_margin": costs.operating_margin(L.monthly_rent_usd, cost["total_usd"]),
        "cluster_capex_usd": capex,
        "payback_months": payback,
        "usd_per_mw_month": costs.usd_per_mw_month(L.monthly_rent_usd, L.power_mw),
        "expected_revenue_seed_terms_usd": float(variants.loc["seed", "expected_revenue_usd"]),
        "expected_revenue_s1_terms_usd": float(variants.loc["s1", "expected_revenue_usd"]),
        "npv_seed_terms_usd": float(variants.loc["seed", "npv_expected_revenue_usd"]),
        "npv_s1_terms_usd": float(variants.loc["s1", "npv_expected_revenue_usd"]),
        "mc_paths": summary.paths,
        "mc_mean_revenue_usd": summary.mean_usd,
        "mc_std_error_usd": summary.std_error_usd,
        "mc_p5_revenue_usd": summary.p5_usd,
        "mc_p95_revenue_usd": summary.p95_usd,
        "mc_full_term_share": summary.full_term_share,
        "quarterly_rent_usd": impact.quarterly_rent_usd(L.monthly_rent_usd),
        "quarterly_rent_share_of_xai_q1_2026_loss": impact.loss_coverage(
            impact.quarterly_rent_usd(L.monthly_rent_usd), p.xai.q1_2026_operating_loss_usd),
        "rent_uplift_of_spacex_q1_2026_revenue": impact.revenue_uplift(
            impact.quarterly_rent_usd(L.monthly_rent_usd), p.spacex.q1_2026_revenue_usd),
        "rent_value_at_neocloud_multiple_usd": impact.value_at_multiple(
            12.0 * L.monthly_rent_usd, p.valuation.neocloud_ev_revenue_multiple),
    }
    reclaim = termination.reclaim_cost(p).set_index("k")
    numbers["reclaim_mid_term_month"] = int(len(sched) // 2)
    numbers["reclaim_mid_term_net_cost_usd"] = float(reclaim.loc[len(sched) // 2, "net_cost_usd"])
    numbers["rent_value_share_of_ipo_valuation"] = (
        numbers["rent_value_at_neocloud_multiple_usd"] / p.valuation.ipo_valuation_usd)
    return LeaseResults(p, sched, variants, cost, rev, summary, _clean(numbers))


def _clean(d: dict) -> dict:
    """JSON-safe: plain floats and ints, ``None`` for values that do not exist."""
    out = {}
    for k, v in d.items():
        if isinstance(v, (np.floating, float)):
            v = float(v)
            v = v if math.isfinite(v) else None
        elif isinstance(v, np.integer):
            v = int(v)
        out[k] = v
    return out


def key_numbers(p: Parameters, scenario_label: str | None = None) -> dict:
    """The flat JSON object of ``scripts/numbers.py`` and ``<out>/data/key_numbers.json``."""
    numbers = dict(compute(p).numbers)
    if scenario_label is not None:
        numbers = {"scenario": scenario_label, **numbers}
    return numbers


def key_numbers_table(p: Parameters) -> pd.DataFrame:
    """The key numbers as a two-column table (name, value), values unrounded but readable."""
    rows = []
    for k, v in key_numbers(p).items():
        if isinstance(v, float):
            text = f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:,.4f}"
        else:
            text = "n/a" if v is None else str(v)
        rows.append({"Key number": k, "Value": text})
    return pd.DataFrame(rows)
