"""Properties that hold for any valid parameters (issue 7): no key number is NaN,
infinite or missing unless it is documented as nullable, and the model's orderings hold.

These use parameters drawn anywhere within the schema's bounds, far outside the explored
range, because a reader can build the book with any of them.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from colossus.model import keynumbers, offset, valuation
from colossus.words import lease_text, report
from tests.strategies import valid_parameters

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(p=valid_parameters())
def test_key_numbers_finite_or_documented_null(p):
    n = keynumbers.compute(p).numbers
    for k, v in n.items():
        if v is None:
            assert k in keynumbers.NULLABLE or any(re.fullmatch(rx, k) for rx in keynumbers.NULLABLE_PATTERNS), \
                f"{k} is null but not documented as nullable"
        elif isinstance(v, float):
            assert math.isfinite(v), (k, v)
        elif isinstance(v, list):
            assert k == "backtest_quarters" and all(isinstance(q, str) for q in v), (k, v)
        else:
            assert isinstance(v, (int, str)), (k, v)


@SETTINGS
@given(p=valid_parameters())
def test_orderings(p):
    n = keynumbers.compute(p).numbers
    tol = 1e-6 * max(1.0, n["contracted_revenue_usd"])
    assert 0 <= n["npv_expected_revenue_usd"] <= n["expected_revenue_usd"] + tol
    assert n["expected_revenue_usd"] <= n["contracted_revenue_usd"] + tol
    assert n["revenue_p5_usd"] <= n["revenue_median_usd"] <= n["revenue_p95_usd"] <= n["contracted_revenue_usd"] + tol
    assert 0.0 <= n["full_term_probability"] <= 1.0
    assert n["certain_months"] <= n["lease_months"]
    # no stream is worth more than its undiscounted cash
    assert n["lease_durable_value_usd"] <= max(0.0, n["lease_undiscounted_contracted_net_usd"]) + tol


@SETTINGS
@given(p=valid_parameters())
def test_quarterly_table_finite(p):
    t = offset.quarterly_table(p)
    numeric = t.drop(columns=["quarter"]).select_dtypes("number").to_numpy(dtype=float)
    assert np.isfinite(numeric).all()
    assert all(r is None or math.isfinite(r) for r in t["offset_ratio"])
    assert t["quarter"].is_monotonic_increasing


@SETTINGS
@given(p=valid_parameters())
def test_sentences_never_show_missing_values(p):
    """The lease chapter's computed sentences under any parameters: no nan/None/inf, no
    "-$0", no "a 8" article."""
    n = keynumbers.compute(p).numbers
    L = p.lease
    texts = [
        lease_text.premium_explanation(n["implied_usd_per_gpu_hour"], p.market.gpu_hour_usd,
                                       p.market.fleet_value_vs_h100),
        lease_text.payback_sentence(n["payback_months"], n["payback_alive_probability"], n["lease_months"]),
        lease_text.reclaim_sentence(n["reclaim_mid_term_month"], n["reclaim_mid_term_alive_probability"],
                                    n["reclaim_mid_term_net_cost_usd"]),
        lease_text.certain_sentence(n["certain_months"], n["expected_months_paid"], n["lease_months"]),
        lease_text.ramp_sentence(L.ramp_months, L.ramp_rent_fraction),
        lease_text.cash_margin_sentence(report.usd(n["lease_monthly_cash_cost_usd"]), n["lease_cash_margin"]),
        report.a_or_an(report.pct(L.monthly_notice_probability)),
    ]
    for t in texts:
        low = t.lower()
        for bad in ("nan", "none", "inf ", "-$0 ", "n/a", " a 8", " a 11", " a 18"):
            assert bad not in low + " ", (bad, t)


@pytest.mark.parametrize("price", [1.0, 10_000.0])
def test_valuation_at_price_bounds(price):
    from colossus.inputs.loading import validate
    n = valuation.valuation_numbers(validate({"valuation": {"share_price_usd": price}}))
    assert all(v is None or isinstance(v, str) or math.isfinite(v) for v in n.values())
