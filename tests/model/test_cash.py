"""colossus.model.cash: the AI segment's cash beside its operating income (issue 15, item 3),
worked by hand.

Base case: anchor Q2 2026; capex 15,828e6 a quarter through Q4 2026, then -5 % a quarter;
depreciation 2,000e6 in the anchor quarter, growing with cost at 6 % a quarter. The AI
segment's operating income with the lease in Q3 2026 is 665.94e6 (tests/model/test_offset.py).
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from colossus.model import cash, offset
from colossus.inputs.params import Parameters
from colossus.inputs.loading import validate
from tests.strategies import valid_parameters

I_G = 15_828e6


def P(**groups) -> Parameters:
    return validate(groups)


class TestCapexPath:
    @pytest.mark.parametrize("quarters, anchor, expected", [
        (["2026Q3", "2026Q4"], "2026Q2", [I_G, I_G]),                        # guided
        (["2027Q1", "2027Q2"], "2026Q2", [I_G * 0.95, I_G * 0.95 ** 2]),     # then -5 % a quarter
        (["2027Q4"], "2027Q3", [I_G * 0.95 ** 4]),                           # counted from the guidance's end
    ])
    def test_values(self, quarters, anchor, expected):
        np.testing.assert_allclose(cash.capex_path(Parameters(), quarters, anchor), expected)

    def test_guidance_ended_before_the_anchor(self):
        # guided through 2026Q1, anchor 2026Q2: the decline counts from the guidance's end
        p = P(cash={"capex_guided_through": "2026Q1"})
        np.testing.assert_allclose(cash.capex_path(p, ["2026Q3"], "2026Q2"), [I_G * 0.95 ** 2])

    def test_growth(self):
        p = P(cash={"capex_growth_qoq": 0.1, "capex_guided_through": "2026Q3"})
        np.testing.assert_allclose(cash.capex_path(p, ["2026Q3", "2026Q4"], "2026Q2"), [I_G, I_G * 1.1])


class TestTurnAndPayback:
    @pytest.mark.parametrize("cf, turn, payback", [
        ([-5.0, -1.0, 2.0, 3.0], "c", None),        # cumulative -5, -6, -4, -1
        ([-5.0, -1.0, 4.0, 3.0], "c", "d"),         # -5, -6, -2, 1
        ([-5.0, 2.0, -1.0, 1.0], "d", None),        # the last negative quarter is c
        ([1.0, 2.0, 3.0, 4.0], None, None),         # never falls
        ([-1.0, -1.0, -1.0, -1.0], None, None),     # never turns
        ([2.0, -1.0, -2.0, 5.0], "d", "d"),         # 2, 1, -1, 4
    ])
    def test_values(self, cf, turn, payback):
        q = ["a", "b", "c", "d"]
        assert cash.turn_quarter(q, cf) == turn
        assert cash.payback_quarter(q, cf) == payback


class TestCashTable:
    def test_columns_and_rows(self):
        t = cash.cash_table(Parameters())
        assert list(t.columns) == cash.CASH_COLUMNS
        assert t["quarter"].tolist()[:4] == ["2025Q2", "2026Q1", "2026Q2", "2026Q3"]
        assert t["reported"].tolist()[:4] == [True, True, True, False]
        # reported capex: Q2 2025 not reported, Q1 and Q2 2026 are
        assert t["capex_usd"].tolist()[:3] == [None, 7.7e9, 15_828e6]
        assert t["cash_flow_usd"].tolist()[:3] == [None, None, None]

    def test_q3_2026_by_hand(self):
        r = cash.cash_table(Parameters()).set_index("quarter").loc["2026Q3"]
        a = offset.quarterly_table(Parameters()).set_index("quarter").loc["2026Q3", "ai_operating_income_usd"]
        assert r["depreciation_usd"] == pytest.approx(2e9 * 1.06)
        assert r["cash_flow_usd"] == pytest.approx(a + 2.12e9 - I_G)        # 665.94 + 2,120 - 15,828
        assert r["cash_flow_usd"] == pytest.approx(-13_042.06e6, abs=0.01e6)
        # Anthropic 1.25e9 x 2.9109 expected + Reflection 450e6
        assert r["leasing_rent_usd"] == pytest.approx(1.25e9 * 2.9109 + 450e6)
        assert r["rent_share_of_capex"] == pytest.approx((1.25e9 * 2.9109 + 450e6) / I_G)

    def test_cumulative(self):
        t = cash.cash_table(Parameters())
        f = t[~t["reported"].astype(bool)]
        np.testing.assert_allclose(f["cumulative_cash_flow_usd"].astype(float),
                                   np.cumsum(f["cash_flow_usd"].astype(float)))

    def test_no_capex_no_share(self):
        t = cash.cash_table(P(cash={"capex_quarterly_usd": 0.0}))
        f = t[~t["reported"].astype(bool)]
        assert f["rent_share_of_capex"].tolist() == [None] * len(f)
        assert cash.cash_numbers(P(cash={"capex_quarterly_usd": 0.0}))["cash_rent_share_of_capex"] is None


class TestCashNumbers:
    def test_base_case(self):
        n = cash.cash_numbers(Parameters())
        t = cash.cash_table(Parameters())
        f = t[~t["reported"].astype(bool)]
        assert n["cash_capex_total_usd"] == pytest.approx(float(sum(f["capex_usd"])))
        assert n["cash_rent_share_of_capex"] == pytest.approx(n["cash_leasing_rent_total_usd"] / n["cash_capex_total_usd"])
        assert n["cash_flow_first_quarter_usd"] == pytest.approx(-13_042.06e6, abs=0.01e6)
        # capex near 15bn a quarter against a few billion of rent: the cumulative never turns in the term
        assert n["cash_turn_quarter"] is None and n["cash_payback_quarter"] is None

    def test_cash_turns_when_capex_stops(self):
        # capex only in the guided quarters, then -50 % a quarter: by 2028 the flow is positive
        n = cash.cash_numbers(P(cash={"capex_growth_qoq": -0.5}))
        assert n["cash_turn_quarter"] is not None
        t = cash.cash_table(P(cash={"capex_growth_qoq": -0.5}))
        f = t[~t["reported"].astype(bool)].set_index("quarter")
        after = f.loc[n["cash_turn_quarter"]:, "cash_flow_usd"].astype(float)
        assert (after >= 0).all()

    def test_more_depreciation_more_cash(self):
        lo = cash.cash_numbers(P(cash={"anchor_depreciation_usd": 1e9}))["cash_flow_total_usd"]
        hi = cash.cash_numbers(P(cash={"anchor_depreciation_usd": 3e9}))["cash_flow_total_usd"]
        assert hi > lo


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=valid_parameters())
def test_identity_and_finiteness(p):
    t = cash.cash_table(p)
    f = t[~t["reported"].astype(bool)]
    cf = f["cash_flow_usd"].astype(float).to_numpy()
    assert np.isfinite(cf).all()
    np.testing.assert_allclose(cf, (f["ai_operating_income_usd"].astype(float) + f["depreciation_usd"].astype(float)
                                    - f["capex_usd"].astype(float)).to_numpy(), rtol=1e-9, atol=1e-3)
    assert (f["capex_usd"].astype(float) >= 0).all()
    n = cash.cash_numbers(p)
    if n["cash_turn_quarter"] is not None:
        assert (f.set_index("quarter").loc[n["cash_turn_quarter"]:, "cash_flow_usd"].astype(float) >= 0).all()


@settings(max_examples=200, deadline=None)
@given(cf=st.lists(st.floats(-1e10, 1e10, allow_nan=False) | st.just(0.0), min_size=1, max_size=12))
def test_cash_sentences_say_what_the_numbers_do(cf):
    from colossus.words import offset_text as say
    q = offset.quarters_between("2026Q3", offset.next_quarter("2026Q3", len(cf) - 1))
    text = say.cash_sentences(q, cf, 1e10, 5e9, 5e9, cash.turn_quarter(q, cf), cash.payback_quarter(q, cf))
    for phrase, check in (("turns up for good from ", lambda i: all(v >= 0 for v in cf[i:])),
                          ("is negative from ", lambda i: all(v < 0 for v in cf[i:]))):
        if phrase in text:
            name = text.split(phrase)[1][:7]
            i = [say.quarter_name(x) for x in q].index(name)
            assert check(i), (phrase, name, cf)
    if "positive in every modelled quarter" in text:
        assert all(v > 0 for v in cf)
    first = say.cash_flow_phrase(cf[0])
    assert first in text
