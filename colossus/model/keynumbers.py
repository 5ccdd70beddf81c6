"""The key numbers of the lease: one computation shared by the chapters, the build's
``key_numbers.json`` and ``scripts/numbers.py``, so they cannot disagree.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import cash, costs, lease, offset, termination, valuation
from ..inputs.params import Parameters


#: Key numbers that may be ``null``, and when. Every other key number is a finite number
#: (or text) under any valid parameters; the property tests hold the model to that.
NULLABLE = {
    "payback_months": "the cash margin does not recover the capex within the term",
    "payback_alive_probability": "there is no payback within the term",
    "offset_ratio_first_full_quarter": "no quarter has three months of full rent, or the AI segment "
                                       "would make no loss without the lease in it",
    "first_full_quarter": "no quarter has three months of full rent",
    "ai_breakeven_quarter": "the AI segment makes a loss in every modelled quarter",
    "ai_breakeven_quarter_without_anthropic": "without the lease the AI segment makes a loss in every modelled quarter",
    "spacex_breakeven_quarter": "SpaceX makes an operating loss in every modelled quarter",
    "spacex_breakeven_quarter_without_anthropic": "without the lease SpaceX makes an operating loss in every modelled quarter",
    "ai_loss_returns_quarter": "the AI segment is never out of a loss, or is out of it in the last modelled quarter",
    "spacex_loss_returns_quarter": "SpaceX is never out of an operating loss, or is out of it in the last modelled quarter",
    "story_to_durable_ratio": "the durable value of the lease is zero or negative",
    "story_to_contracted_ratio": "the contracted revenue is zero",
    "price_implied_ai_ev_revenue_multiple": "the AI segment has no revenue",
    "price_implied_ai_reading": "the AI segment has no revenue, so the price implies no multiple",
    "notice_period_last_month": "no month is paid after a notice served at the valuation date",
    "realised_last_month": "no month is paid by the valuation date",
    "backtest_2026q2_ai_revenue_error_share": "the reported value is zero",
    "backtest_2026q2_ai_operating_income_error_share": "the reported value is zero",
    "backtest_2026q2_spacex_operating_income_error_share": "the reported value is zero",
    "cash_rent_share_of_capex": "no capital expenditure in the modelled quarters",
    "cash_turn_quarter": "the cumulative cash flow does not turn up for good within the modelled quarters",
    "cash_payback_quarter": "the cumulative cash flow does not come back to zero within the modelled quarters",
    "backtest_latest_quarter": "no reported quarter can be back-tested",
    "backtest_latest_ai_revenue_error_share": "no quarter is back-tested, or the reported value is zero",
    "backtest_latest_ai_operating_income_error_share": "no quarter is back-tested, or the reported value is zero",
    "backtest_latest_spacex_operating_income_error_share": "no quarter is back-tested, or the reported value is zero",
    "backtest_latest_ai_operating_income_model_usd": "no reported quarter can be back-tested",
    "backtest_latest_ai_operating_income_reported_usd": "no reported quarter can be back-tested",
    "backtest_mean_abs_error_ai_revenue_usd": "no reported quarter can be back-tested",
    "backtest_mean_abs_error_ai_operating_income_usd": "no reported quarter can be back-tested",
    "backtest_mean_abs_error_spacex_operating_income_usd": "no reported quarter can be back-tested",
    "backtest_mean_abs_error_ai_revenue_share": "no quarter is back-tested, or a reported value is zero",
    "backtest_mean_abs_error_ai_operating_income_share": "no quarter is back-tested, or a reported value is zero",
    "backtest_mean_abs_error_spacex_operating_income_share": "no quarter is back-tested, or a reported value is zero",
}
#: Key numbers whose name carries a back-tested quarter (``backtest_2026q2_..._error_share``)
#: are null when the reported value is zero.
NULLABLE_PATTERNS = {r"^backtest_[0-9]{4}q[1-4]_[a-z_]+_error_share$": "the reported value is zero"}


def backtest_numbers(p: Parameters) -> dict:
    """The walk-forward back-test's key numbers.

    ``backtest_quarters`` (list of ``YYYYQn``), ``backtest_count``; for each back-tested
    quarter ``q`` and measure ``m``: ``backtest_<yyyyqn>_<m>_{model,reported,error}_usd``
    and ``backtest_<yyyyqn>_<m>_error_share`` (``m`` without ``_usd``: ``ai_revenue``,
    ``ai_operating_income``, ``spacex_operating_income``); the same for the newest quarter
    as ``backtest_latest_...`` with ``backtest_latest_quarter``; and the track record,
    ``backtest_mean_abs_error_<m>_usd`` and ``..._share`` (:func:`colossus.model.offset.track_record`).

    >>> n = backtest_numbers(Parameters())
    >>> n["backtest_quarters"], n["backtest_latest_quarter"], round(n["backtest_2026q2_ai_operating_income_error_usd"] / 1e6)
    (['2026Q2'], '2026Q2', -523)
    """
    w = offset.walk_forward(p)
    quarters = list(dict.fromkeys(w["quarter"])) if len(w) else []
    out: dict = {"backtest_quarters": quarters, "backtest_count": len(quarters),
                 "backtest_latest_quarter": quarters[-1] if quarters else None}
    for _, row in w.iterrows():
        stems = ["backtest_" + row["quarter"].lower() + "_" + row["measure"].removesuffix("_usd")]
        if row["quarter"] == out["backtest_latest_quarter"]:
            stems.append("backtest_latest_" + row["measure"].removesuffix("_usd"))
        for stem in stems:
            out[stem + "_model_usd"] = row["model_usd"]
            out[stem + "_reported_usd"] = row["reported_usd"]
            out[stem + "_error_usd"] = row["error_usd"]
            out[stem + "_error_share"] = row["error_share"]
    record = offset.track_record(w)
    for m in offset.BACKTEST_MEASURES:
        mae, mape = record.get(m, (None, None))
        out[f"backtest_mean_abs_error_{m.removesuffix('_usd')}_usd"] = mae
        out[f"backtest_mean_abs_error_{m.removesuffix('_usd')}_share"] = mape
    for m in offset.BACKTEST_MEASURES:       # present (null) even when nothing is back-tested
        for end in ("_model_usd", "_reported_usd", "_error_usd", "_error_share"):
            out.setdefault("backtest_latest_" + m.removesuffix("_usd") + end, None)
    return out


@dataclass(frozen=True)
class LeaseResults:
    parameters: Parameters
    schedule: pd.DataFrame
    variants: pd.DataFrame
    cost: dict
    revenue_law: pd.DataFrame
    distribution: termination.RevenueDistribution
    simulated_revenue: np.ndarray
    simulation: termination.SimulationSummary
    numbers: dict


def compute(p: Parameters) -> LeaseResults:
    """Every headline result of the lease under parameters ``p``."""
    L = p.lease
    sched = lease.schedule(p)
    rent = sched["rent_usd"].to_numpy()
    # every outcome is given the lease in force with no notice served at the valuation date
    surv = lease.survival_now(p)
    paid = lease.months_paid(p)
    variants = lease.variant_summary(p).set_index("variant")
    cost = costs.monthly_cost_of_serving_usd(p)
    capex = L.gpus * p.costs.capex_per_gpu_usd
    law, dist = termination.distribution(p)
    rev, summary = termination.simulate(p)
    implied = lease.implied_usd_per_gpu_hour(L.monthly_rent_usd, L.gpus)
    fleet_rate = p.market.gpu_hour_usd * p.market.fleet_value_vs_h100
    payback = costs.payback_months(capex, rent, cost["cash_cost_usd"])
    reclaim = termination.reclaim_cost(p).set_index("k")
    mid = int(len(sched) // 2)
    numbers = {
        "parameter_fingerprint": p.fingerprint,
        "lease_months": int(len(sched)),
        "annual_run_rate_usd": 12.0 * L.monthly_rent_usd,
        "contracted_revenue_usd": lease.contracted_revenue(rent),
        "valuation_date": lease.valuation_date(p),
        "months_paid_at_valuation_date": paid,
        "realised_rent_usd": float(rent[:paid].sum()),
        "expected_revenue_usd": lease.expected_revenue(rent, surv),
        "expected_remaining_revenue_usd": lease.expected_revenue(rent[paid:], surv[paid:]),
        "npv_expected_revenue_usd": lease.remaining_value(rent, L.monthly_notice_probability, L.notice_months,
                                                          L.lock_months, p.finance.discount_rate_annual,
                                                          lease.position_of(p)),
        "expected_months_paid": float(surv.sum()),
        "certain_months": int(min(len(sched), max(L.notice_months + paid, L.lock_months))),
        "full_term_probability": dist.full_term_probability,
        "revenue_p5_usd": dist.p5_usd,
        "revenue_median_usd": dist.p50_usd,
        "revenue_p95_usd": dist.p95_usd,
        "implied_usd_per_gpu_hour": implied,
        "premium_vs_market": lease.premium_vs_market(implied, p.market.gpu_hour_usd),
        "fleet_market_usd_per_gpu_hour": fleet_rate,
        "premium_vs_fleet_value": lease.premium_vs_market(implied, fleet_rate),
        "lease_monthly_cost_usd": cost["total_usd"],
        "lease_monthly_cash_cost_usd": cost["cash_cost_usd"],
        "lease_monthly_depreciation_usd": cost["depreciation_usd"],
        "lease_monthly_replacement_cost_usd": costs.monthly_replacement_cost_usd(
            p.xai.replacement_share, L.gpus, p.market.gpu_hour_usd),
        "lease_operating_margin": costs.operating_margin(L.monthly_rent_usd, cost["total_usd"]),
        "lease_cash_margin": costs.operating_margin(L.monthly_rent_usd, cost["cash_cost_usd"]),
        "cluster_capex_usd": capex,
        "payback_months": payback,
        "payback_alive_probability": costs.payback_alive_probability(payback, surv),
        "usd_per_mw_month": costs.usd_per_mw_month(L.monthly_rent_usd, L.power_mw),
        "mc_paths": summary.paths,
        "mc_mean_revenue_usd": summary.mean_usd,
        "mc_std_error_usd": summary.std_error_usd,
        "mc_full_term_share": summary.full_term_share,
        "own_use_usd_per_gpu_hour": termination.own_use_usd_per_gpu_hour(p),
        "reclaim_mid_term_month": mid,
        "reclaim_mid_term_alive_probability": float(reclaim.loc[mid, "alive_probability"]) if mid in reclaim.index else 0.0,
        "reclaim_mid_term_net_cost_usd": float(reclaim.loc[mid, "net_cost_usd"]) if mid in reclaim.index else 0.0,
    }
    for key in lease.TERM_VARIANTS:
        numbers[f"expected_revenue_{key}_terms_usd"] = float(variants.loc[key, "expected_revenue_usd"])
        numbers[f"npv_{key}_terms_usd"] = float(variants.loc[key, "npv_expected_revenue_usd"])
    numbers.update(offset.offset_numbers(p))
    numbers.update(backtest_numbers(p))
    numbers.update(cash.cash_numbers(p))
    numbers.update(valuation.valuation_numbers(p))
    return LeaseResults(p, sched, variants, cost, law, dist, rev, summary, _clean(numbers))


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
            text = text.removeprefix("-") if text.strip("-0.,") == "" else text   # no "-0.0000"
        elif isinstance(v, list):
            text = " ".join(map(str, v)) if v else "none"
        else:
            text = "n/a" if v is None else str(v)
        rows.append({"Key number": k, "Value": text})
    return pd.DataFrame(rows)
