"""colossus.keynumbers and scripts/numbers.py."""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from colossus import params
from colossus.keynumbers import key_numbers

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = ["contracted_revenue_usd", "expected_revenue_usd", "npv_expected_revenue_usd",
            "implied_usd_per_gpu_hour", "premium_vs_market", "annual_run_rate_usd", "lease_months",
            "parameter_fingerprint", "lease_monthly_cost_usd", "lease_operating_margin", "payback_months",
            "usd_per_mw_month", "expected_revenue_seed_terms_usd", "expected_revenue_s1_terms_usd",
            "mc_mean_revenue_usd", "mc_p5_revenue_usd", "mc_p95_revenue_usd"]


def test_required_keys_and_flat_json():
    n = key_numbers(params.resolve().parameters)
    assert set(REQUIRED) <= set(n)
    assert all(isinstance(v, (int, float, str)) or v is None for v in n.values())
    json.dumps(n, allow_nan=False)


@pytest.mark.parametrize("key, expected", [
    ("lease_months", 36),
    ("annual_run_rate_usd", 15e9),
    ("contracted_revenue_usd", 43.75e9),                 # 2 x 0.625B + 34 x 1.25B
    ("implied_usd_per_gpu_hour", 1.25e9 / (220_000 * 730)),
    ("premium_vs_market", 1.25e9 / (220_000 * 730) / 2.35),
    ("usd_per_mw_month", 1.25e9 / 300),
    ("lease_monthly_cost_usd", 8.8e9 / 60 + 300 * 730 * 70 + 4e7),
])
def test_base_values_hand_checked(key, expected):
    assert key_numbers(params.resolve().parameters)[key] == pytest.approx(expected)


def test_s1_variant_is_the_base_terms():
    n = key_numbers(params.resolve().parameters)
    assert n["expected_revenue_s1_terms_usd"] == pytest.approx(n["expected_revenue_usd"])


def test_mc_agrees_with_closed_form():
    n = key_numbers(params.resolve().parameters)
    assert abs(n["mc_mean_revenue_usd"] - n["expected_revenue_usd"]) <= 3 * n["mc_std_error_usd"]


def test_rent_moves_every_rent_number():
    a = key_numbers(params.resolve().parameters)
    b = key_numbers(params.resolve(sets=["lease.monthly_rent_usd=1.0e9"]).parameters)
    for k in ["contracted_revenue_usd", "expected_revenue_usd", "npv_expected_revenue_usd",
              "implied_usd_per_gpu_hour", "annual_run_rate_usd", "usd_per_mw_month", "mc_mean_revenue_usd"]:
        assert b[k] == pytest.approx(a[k] * 0.8), k
    assert b["parameter_fingerprint"] != a["parameter_fingerprint"]


def test_numbers_cli_fast_and_equal_to_library():
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "numbers.py"), "--scenario", "bear",
                           "--set", "lease.gpus=200000"], capture_output=True, text=True, cwd="/")
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    r = params.resolve("bear", sets=["lease.gpus=200000"])
    assert got == json.loads(json.dumps(key_numbers(r.parameters, r.label)))
    assert elapsed < 3.0, f"numbers.py took {elapsed:.2f}s"


def _perturbed(name, value):
    special = {"lease.start": "2026-07", "lease.end": "2029-04", "lease.lock_months": 6}
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
    base_p = params.resolve().parameters
    group, field = name.split(".")
    value = getattr(getattr(base_p, group), field)
    moved_p = params.validate({group: {field: _perturbed(name, value)}})
    a, b = key_numbers(base_p), key_numbers(moved_p)
    changed = [k for k in a if k != "parameter_fingerprint" and a[k] != b[k]]
    assert changed, f"changing {name} changed no key number"
