"""colossus.model.keynumbers and scripts/numbers.py."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from colossus.inputs import loading, params
from colossus.model.keynumbers import key_numbers

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ["contracted_revenue_usd", "expected_revenue_usd", "npv_expected_revenue_usd",
            "implied_usd_per_gpu_hour", "premium_vs_market", "annual_run_rate_usd", "lease_months",
            "parameter_fingerprint", "lease_monthly_cost_usd", "lease_operating_margin", "payback_months",
            "usd_per_mw_month", "expected_revenue_seed_terms_usd", "expected_revenue_filing_terms_usd",
            "expected_revenue_musk_terms_usd", "mc_mean_revenue_usd", "revenue_p5_usd", "revenue_median_usd",
            "revenue_p95_usd", "full_term_probability",
            # losses offset (issue 8)
            "offset_ratio_first_full_quarter", "anthropic_net_contribution_usd", "ai_breakeven_quarter",
            "ai_breakeven_quarter_without_anthropic", "spacex_breakeven_quarter",
            "backtest_2026q2_ai_revenue_model_usd", "backtest_2026q2_ai_revenue_reported_usd",
            "backtest_2026q2_ai_operating_income_model_usd", "backtest_2026q2_ai_operating_income_reported_usd",
            # the living model (issue 14)
            "anchor_quarter", "forecast_first_quarter", "backtest_quarters", "backtest_count",
            "backtest_latest_quarter", "backtest_latest_ai_operating_income_error_share",
            "backtest_mean_abs_error_ai_operating_income_usd",
            # IPO positioning (issue 9)
            "lease_durable_value_usd", "lease_story_value_usd", "lease_durable_value_per_share_usd",
            "termination_cliff_per_share_usd", "termination_cliff_share_of_ipo_price", "sotp_value_per_share_usd",
            "price_implied_ai_value_usd", "price_implied_ai_ev_revenue_multiple"]
REMOVED = ["quarterly_rent_share_of_xai_q1_2026_loss", "rent_value_at_neocloud_multiple_usd",
           "rent_value_share_of_ipo_valuation", "mc_p5_revenue_usd", "mc_p95_revenue_usd"]


def test_required_keys_and_flat_json():
    n = key_numbers(loading.resolve().parameters)
    assert set(REQUIRED) <= set(n)
    assert not set(REMOVED) & set(n)
    assert all(isinstance(v, (int, float, str)) or v is None for k, v in n.items() if k != "backtest_quarters")
    assert n["backtest_quarters"] == ["2026Q2"] and n["anchor_quarter"] == "2026Q2"
    json.dumps(n, allow_nan=False)


@pytest.mark.parametrize("key, expected", [
    ("lease_months", 37),                                # May 2026 to May 2029
    ("annual_run_rate_usd", 15e9),
    ("contracted_revenue_usd", 45e9),                    # 2 x 0.625B + 35 x 1.25B
    ("certain_months", 8),                               # max(lock 3, 5 paid by 2026-10-09 + notice 3)
    ("months_paid_at_valuation_date", 5),                # May to September 2026
    ("realised_rent_usd", 5e9),                          # 2 x 0.625B + 3 x 1.25B
    ("implied_usd_per_gpu_hour", 1.25e9 / (325_000 * 730)),
    ("premium_vs_market", 1.25e9 / (325_000 * 730) / 2.35),
    ("fleet_market_usd_per_gpu_hour", 2.35 * 1.25),
    ("premium_vs_fleet_value", 1.25e9 / (325_000 * 730) / (2.35 * 1.25)),
    ("usd_per_mw_month", 1.25e9 / 440),
    ("lease_monthly_cost_usd", 13e9 / 60 + 440 * 730 * 70 + 4e7),
    ("lease_monthly_cash_cost_usd", 440 * 730 * 70 + 4e7),
    ("lease_monthly_replacement_cost_usd", 0.25 * 325_000 * 730 * 2.35),
    ("own_use_usd_per_gpu_hour", 2.35 * 1.25 * 0.85),
    ("full_term_probability", 0.97 ** 29),               # in force at 2026-10-09: months 9..37 at 1 - h
    ("revenue_p95_usd", 45e9),                           # P(full term) > 5%: the top 5% is the full term
    ("shares_diluted", 13_180_700_000 + 389_300_000),
])
def test_base_values_hand_checked(key, expected):
    assert key_numbers(loading.resolve().parameters)[key] == pytest.approx(expected)


def test_filing_variant_is_the_base_terms():
    n = key_numbers(loading.resolve().parameters)
    assert n["expected_revenue_filing_terms_usd"] == pytest.approx(n["expected_revenue_usd"])


def test_exact_distribution_against_the_simulation():
    n = key_numbers(loading.resolve().parameters)
    assert n["revenue_p5_usd"] <= n["revenue_median_usd"] <= n["revenue_p95_usd"] <= n["contracted_revenue_usd"]
    assert abs(n["mc_full_term_share"] - n["full_term_probability"]) < 4 * (0.25 / n["mc_paths"]) ** 0.5


def test_mc_agrees_with_closed_form():
    n = key_numbers(loading.resolve().parameters)
    assert abs(n["mc_mean_revenue_usd"] - n["expected_revenue_usd"]) <= 3 * n["mc_std_error_usd"]


def test_rent_moves_every_rent_number():
    a = key_numbers(loading.resolve().parameters)
    b = key_numbers(loading.resolve(sets=["lease.monthly_rent_usd=1.0e9"]).parameters)
    for k in ["contracted_revenue_usd", "expected_revenue_usd", "npv_expected_revenue_usd",
              "implied_usd_per_gpu_hour", "annual_run_rate_usd", "usd_per_mw_month", "mc_mean_revenue_usd"]:
        assert b[k] == pytest.approx(a[k] * 0.8), k
    assert b["parameter_fingerprint"] != a["parameter_fingerprint"]


def test_numbers_cli_equal_to_library():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "numbers.py"), "--scenario", "bear",
                           "--set", "lease.gpus=200000"], capture_output=True, text=True, cwd="/")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    r = loading.resolve("bear", sets=["lease.gpus=200000"])
    assert got == json.loads(json.dumps(key_numbers(r.parameters, r.label)))


def _perturbed(name, value):
    special = {"lease.start": "2026-07", "lease.end": "2029-04", "lease.lock_months": 6,
               "tenants.google_start": "2026-11", "tenants.google_end": "2029-03",
               "tenants.reflection_start": "2026-08", "tenants.reflection_end": "2029-03",
               "valuation.share_price_date": "2026-10-08", "valuation.as_of": "2026-12-01",
               "valuation.ai_lab_multiple_date": "2026-05-27", "valuation.neocloud_multiple_date": "2026-03-30",
               "model.anchor_quarter": "2026Q1", "xai.anchor_revenue_usd": 3e9,
               "xai.anchor_leasing_revenue_usd": 1e9, "xai.anchor_operating_income_usd": -1e9,
               "spacex.anchor_operating_income_usd": 0.0, "cash.capex_guided_through": "2027Q2"}
    if name in special:
        return special[name]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return value * 0.9 if value else 0.01


@pytest.mark.parametrize("name", [s.name for s in params.specs()])
def test_every_parameter_moves_a_key_number(name):
    """No parameter may silently do nothing: changing it changes at least one key number
    besides the fingerprint."""
    base_p = loading.resolve().parameters
    group, field = name.split(".")
    value = getattr(getattr(base_p, group), field)
    moved_p = loading.validate({group: {field: _perturbed(name, value)}})
    a, b = key_numbers(base_p), key_numbers(moved_p)
    changed = [k for k in a if k != "parameter_fingerprint" and a[k] != b[k]]
    assert changed, f"changing {name} changed no key number"


# --------------------------------------------------------------------------- regressions (issue 7)

def test_two_month_lease_with_free_ramp():
    """Was a ZeroDivisionError: a lease whose whole term is a ramp at fraction 0."""
    p = loading.resolve(sets=["lease.start=2026-05", "lease.end=2026-06", "lease.ramp_months=2",
                             "lease.ramp_rent_fraction=0", "lease.lock_months=0", "lease.notice_months=1",
                             "valuation.as_of=2026-04-30"]).parameters
    n = key_numbers(p)
    assert n["contracted_revenue_usd"] == 0 and n["expected_revenue_usd"] == 0
    assert n["payback_months"] is None and n["story_to_contracted_ratio"] is None


def test_full_term_share_counts_paths_that_pay_every_month():
    """Was comparing revenue with the contracted total: with the whole lease in a ramp at
    fraction 0 every path "reached" it. Now the share of paths paying T months is S(T)."""
    p = loading.resolve(sets=["lease.start=2026-05", "lease.end=2026-06", "lease.ramp_months=2",
                             "lease.ramp_rent_fraction=0", "lease.lock_months=0", "lease.notice_months=0",
                             "lease.monthly_notice_probability=0.5", "valuation.as_of=2026-04-30"]).parameters
    n = key_numbers(p)
    assert n["full_term_probability"] == pytest.approx(0.25)
    assert n["mc_full_term_share"] == pytest.approx(0.25, abs=0.02)


def test_percentiles_are_realisable():
    """Was np.percentile interpolation (paths 1000, seed 54, h 0.05 gave $3.6875B, between
    the 3- and 4-month totals). Now every percentile is a cumulative-rent total."""
    import numpy as np
    from colossus.model import lease
    p = loading.resolve(sets=["simulation.paths=1000", "simulation.seed=54",
                             "lease.monthly_notice_probability=0.05"]).parameters
    n = key_numbers(p)
    totals = np.concatenate([[0.0], np.cumsum(lease.schedule(p)["rent_usd"].to_numpy())])
    for key in ("revenue_p5_usd", "revenue_median_usd", "revenue_p95_usd"):
        assert np.isclose(totals, n[key]).any(), key


@pytest.mark.parametrize("sets, key", [
    (["lease.start=0000-01"], "lease.start"),                                   # was a traceback
    (["costs.depreciation_years=1e-300"], "costs.depreciation_years"),          # was a TypeError
    (["lease.end=11999-01"], "lease.end"),                                      # 119,988 months
    (["lease.lock_months=120"], "lease.lock_months"),                           # lock-in beyond the term
])
def test_nonsense_rejected_naming_the_parameter(sets, key):
    with pytest.raises(loading.ParameterError) as err:
        loading.resolve(sets=sets)
    assert key in str(err.value)
