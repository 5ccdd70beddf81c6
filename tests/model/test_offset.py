"""colossus.model.offset: the quarterly losses-offset model, worked by hand.

Base-case quantities used below (schema defaults, data/reported_quarters.csv):

* Anchor: Q2 2026 (the latest reported). Rev_a = 2,561e6 with 1,600e6 of new cloud
  revenue set aside: R0 = 961e6. Cost Rev_a - OI_a = 2,561 + 1,257 = 3,818e6, less the
  model's cost of the May-June lease months 2 x 201,868,375 = 403,736,750 (no other
  tenant in Q2): C0 = 3,414,263,250. SpaceX other segments: -143 + 1,257 = 1,114e6.
* Back-test of Q2 2026, from Q1 2026: R0 = 818e6, C0 = 818 + 2,470 = 3,288e6 (no lease
  month in Q1, nothing set aside), other segments -1,940 + 2,470 = 530e6.
* g_r = 5 %, g_c = 6 %, g_x = 8 % a quarter.
* Lease 2026-05 to 2029-05 (T = 37), rent 1.25e9, ramp 2 months at 0.5, notice 3,
  lock 3, h = 0.03: S(t) = 1 for t <= 3, then 0.97^(t - 3).
* Cash cost a month: power 440 MW x 730 h x 70 $/MWh = 22,484,000 + other 40e6
  = 62,484,000. Replacement a month: 0.25 x 325,000 x 730 x 2.35 = 139,384,375.
  So a lease month costs 201,868,375 and a full-rent month nets 1,048,131,625.
* Other tenants: Reflection 150e6 a month from 2026-07, Google 920e6 from 2026-10,
  margin 0.5.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from colossus.model import costs, offset, termination
from colossus.model.offset import terminations
from colossus.inputs.params import Parameters
from colossus.inputs.loading import validate

CASH = 22_484_000.0 + 40_000_000.0          # 62,484,000 a lease month
REPL = 0.25 * 325_000 * 730 * 2.35          # 139,384,375 a lease month
NET_FULL = 1.25e9 - CASH - REPL             # 1,048,131,625 a full-rent month
NO_TENANTS = {"google_monthly_rent_usd": 0.0, "reflection_monthly_rent_usd": 0.0}


def P(**groups) -> Parameters:
    """Parameters from nested groups, e.g. ``P(lease={"end": "2027-02"})``."""
    return validate(groups)


def row(p: Parameters, quarter: str) -> pd.Series:
    return offset.quarterly_table(p).set_index("quarter").loc[quarter]


C0_Q2 = 3818e6 - 2 * (CASH + REPL)          # 3,414,263,250: the anchor's cost without its lease months


# --------------------------------------------------------------------------- calendar helpers

class TestQuarterOf:
    @pytest.mark.parametrize("month, expected", [
        ("2026-01", "2026Q1"), ("2026-03", "2026Q1"), ("2026-04", "2026Q2"),
        ("2026-05", "2026Q2"), ("2026-09", "2026Q3"), ("2026-12", "2026Q4"),
    ])
    def test_values(self, month, expected):
        assert offset.quarter_of(month) == expected


class TestQuarterIndex:
    @pytest.mark.parametrize("quarter, expected", [
        ("2026Q1", 0), ("2026Q2", 1), ("2026Q4", 3), ("2027Q1", 4),   # 4 x 1 + 0
        ("2029Q2", 13),                                                # 4 x 3 + 1
        ("2025Q4", -1),                                                # before the anchor
    ])
    def test_values(self, quarter, expected):
        assert offset.quarter_index(quarter, "2026Q1") == expected

    @pytest.mark.parametrize("bad", ["2026Q5", "2026Q0", "2026-Q1", "26Q1", "2026q1", 2026])
    def test_rejects_malformed(self, bad):
        with pytest.raises(ValueError, match="YYYYQn"):
            offset.quarter_index(bad, "2026Q1")

    @pytest.mark.parametrize("q, n, expected", [("2026Q4", 1, "2027Q1"), ("2026Q1", -1, "2025Q4"),
                                                ("2026Q2", 0, "2026Q2"), ("2026Q2", 7, "2028Q1")])
    def test_next_quarter(self, q, n, expected):
        assert offset.next_quarter(q, n) == expected


class TestQuartersBetween:
    @pytest.mark.parametrize("first, last, expected", [
        ("2026Q1", "2026Q1", ["2026Q1"]),
        ("2026Q4", "2027Q2", ["2026Q4", "2027Q1", "2027Q2"]),   # across a year end
        ("2026Q2", "2026Q1", []),                               # empty when reversed
    ])
    def test_values(self, first, last, expected):
        assert offset.quarters_between(first, last) == expected

    def test_months_of_quarter(self):
        assert offset.months_of_quarter("2026Q4") == ["2026-10", "2026-11", "2026-12"]


class TestModelQuarters:
    @pytest.mark.parametrize("lease, first, last, n", [
        ({}, "2026Q3", "2029Q2", 12),                                   # anchor Q2 2026; ends 2029-05
        ({"end": "2027-02"}, "2026Q3", "2027Q1", 3),                    # ends mid-quarter
        ({"start": "2025-01", "end": "2025-06", "lock_months": 0,
          "notice_months": 0}, "2026Q3", "2026Q3", 1),                  # ends before the anchor
    ])
    def test_span(self, lease, first, last, n):
        q = offset.model_quarters(P(lease=lease))
        assert (q[0], q[-1], len(q)) == (first, last, n)

    def test_starts_after_the_anchor_set(self):
        assert offset.model_quarters(P(model={"anchor_quarter": "2026Q1"}))[0] == "2026Q2"
        assert offset.model_quarters(P(model={"anchor_quarter": "2025Q2"}))[0] == "2025Q3"

    def test_other_tenants_do_not_extend_it(self):
        # Google's term to 2031 does not add quarters after the lease's last (2029Q2)
        q = offset.model_quarters(P(tenants={"google_end": "2031-12"}))
        assert q[-1] == "2029Q2"


# --------------------------------------------------------------------------- pure formulas

class TestGrown:
    @pytest.mark.parametrize("anchor, g, k, expected", [
        (818e6, 0.05, 0, 818e6),              # the anchor itself
        (818e6, 0.05, 1, 858.9e6),            # 818 x 1.05
        (3288e6, 0.06, 1, 3485.28e6),         # 3,288 x 1.06
        (100.0, 0.10, 2, 121.0),              # 100 x 1.1^2
        (100.0, 0.0, 9, 100.0),               # zero growth
        (-530e6, 0.08, 1, -572.4e6),          # a loss grows in size
        (100.0, -0.5, 2, 25.0),               # shrinking
    ])
    def test_values(self, anchor, g, k, expected):
        assert offset.grown(anchor, g, k) == pytest.approx(expected)

    def test_vectorised(self):
        np.testing.assert_allclose(offset.grown(100.0, 0.1, np.array([0, 1, 2])), [100.0, 110.0, 121.0])


class TestOffsetRatio:
    @pytest.mark.parametrize("net, a0, expected", [
        (1.0e9, -2.0e9, 0.5),
        (846_263_250.0, -2_626_380_000.0, 0.322216879),   # base 2026Q2
        (-1.0, -4.0, -0.25),                              # the lease deepens the loss
        (0.0, -4.0, 0.0),
        (1.0e9, 0.0, None),                               # no loss to offset
        (1.0e9, 5.0, None),
    ])
    def test_values(self, net, a0, expected):
        got = offset.offset_ratio(net, a0)
        assert got == (pytest.approx(expected) if expected is not None else None)


class TestTenantRentByQuarter:
    @pytest.mark.parametrize("rent, start, end, quarters, expected", [
        # Reflection in the base: 150e6 a month from July 2026
        (150e6, "2026-07", "2029-06", ["2026Q2", "2026Q3", "2029Q2", "2029Q3"], [0.0, 450e6, 450e6, 0.0]),
        # Google from October: none in Q3, three months in Q4
        (920e6, "2026-10", "2029-06", ["2026Q3", "2026Q4"], [0.0, 2760e6]),
        # a term that starts and ends inside quarters: Nov-Dec, then Jan
        (10.0, "2026-11", "2027-01", ["2026Q4", "2027Q1"], [20.0, 10.0]),
        (10.0, "2026-05", "2026-05", ["2026Q2"], [10.0]),     # one month
        (0.0, "2026-01", "2029-12", ["2026Q1"], [0.0]),       # no such tenant
    ])
    def test_values(self, rent, start, end, quarters, expected):
        np.testing.assert_allclose(offset.tenant_rent_by_quarter(rent, start, end, quarters), expected)


class TestBreakevenQuarter:
    @pytest.mark.parametrize("values, expected", [
        ([-5.0, 0.0, 3.0], "2026Q2"),      # zero counts as breakeven
        ([-5.0, -1.0, 3.0], "2026Q3"),
        ([1.0, -1.0, -1.0], "2026Q1"),     # the first, even if losses return
        ([-5.0, -1.0, -3.0], None),
    ])
    def test_values(self, values, expected):
        assert offset.breakeven_quarter(["2026Q1", "2026Q2", "2026Q3"], values) == expected


class TestLowerQuantiles:
    @pytest.mark.parametrize("outcomes, probs, levels, expected", [
        # sorted: 3 (0.5), 4 (0.3), 9 (0.2); cumulative 0.5, 0.8, 1.0
        ([9.0, 3.0, 4.0], [0.2, 0.5, 0.3], [0.05, 0.5, 0.51, 0.8, 0.95], [3.0, 3.0, 4.0, 4.0, 9.0]),
        ([7.0], [1.0], [0.05, 0.95], [7.0, 7.0]),                       # a certain outcome
        ([1.0, 2.0], [0.05, 0.95], [0.05, 0.0500001], [1.0, 2.0]),        # the level reached exactly
    ])
    def test_values(self, outcomes, probs, levels, expected):
        got = offset.lower_quantiles(np.array(outcomes), np.array(probs), levels)
        np.testing.assert_array_equal(got, expected)

    def test_matches_termination_law_quantile(self):
        law = termination.revenue_law(np.array([50.0, 50.0, 100.0, 100.0, 100.0]), 0.3, 1, 0)
        for level in (0.05, 0.3, 0.5, 0.9, 0.95):
            got = offset.lower_quantiles(law["revenue_usd"].to_numpy(), law["probability"].to_numpy(), [level])
            assert got[0] == termination.law_quantile(law, level)

    def test_columns_independent(self):
        x = np.array([[1.0, 30.0], [2.0, 10.0], [3.0, 20.0]])
        got = offset.lower_quantiles(x, np.array([1 / 3, 1 / 3, 1 / 3]), [0.5])
        np.testing.assert_array_equal(got, [[2.0, 20.0]])


# --------------------------------------------------------------------------- the quarterly table

class TestAnchor:
    def test_latest_is_the_newest_reported_quarter(self):
        a = offset.anchor(Parameters())
        assert (a.quarter, a.revenue_usd, a.leasing_revenue_usd, a.operating_income_usd,
                a.spacex_operating_income_usd) == ("2026Q2", 2561e6, 1.6e9, -1257e6, -143e6)
        assert a.revenue_ex_leasing_usd == pytest.approx(961e6)
        assert a.cost_usd == pytest.approx(3818e6)
        assert a.other_segments_usd == pytest.approx(1114e6)
        assert a.set_in_build == ()

    def test_cost_of_its_lease_months_set_aside(self):
        p = Parameters()
        assert offset.anchor_cost_ex_leasing(p, offset.anchor(p)) == pytest.approx(C0_Q2)
        # Q1 2026: no lease month, nothing reported as leasing: the whole cost
        assert offset.anchor_cost_ex_leasing(p, offset.anchor(p, "2026Q1")) == pytest.approx(3288e6)

    def test_set_aside_never_more_than_the_whole_cost(self):
        # replacement at 100 $ per GPU-hour: 2 months of 325,000 x 730 x 100 x 1.0 = 47.45e9 > 3,818e6
        p = P(market={"gpu_hour_usd": 100.0}, xai={"replacement_share": 1.0})
        assert offset.anchor_cost_ex_leasing(p, offset.anchor(p)) == 0.0

    def test_set_values_override_the_reported_ones(self):
        p = P(xai={"anchor_revenue_usd": 3e9, "anchor_operating_income_usd": -1e9},
              spacex={"anchor_operating_income_usd": 0.0})
        a = offset.anchor(p)
        assert (a.revenue_usd, a.leasing_revenue_usd, a.operating_income_usd) == (3e9, 1.6e9, -1e9)
        assert a.set_in_build == ("xai.anchor_revenue_usd", "xai.anchor_operating_income_usd",
                                  "spacex.anchor_operating_income_usd")
        # a back-test anchor ignores them
        assert offset.anchor(p, "2026Q2").revenue_usd == 2561e6

    def test_a_set_value_equal_to_the_reported_one_is_not_flagged(self):
        assert offset.anchor(P(xai={"anchor_revenue_usd": 2561e6})).set_in_build == ()

    def test_anchor_quarter_parameter(self):
        a = offset.anchor(P(model={"anchor_quarter": "2026Q1"}))
        assert (a.quarter, a.revenue_usd, a.leasing_revenue_usd) == ("2026Q1", 818e6, 0.0)

    def test_a_quarter_that_cannot_anchor(self):
        with pytest.raises(ValueError, match="cannot anchor"):
            offset.anchor(Parameters(), "2025Q3")


class TestQuarterlyTable:
    def test_csv_columns_first_and_in_order(self):
        t = offset.quarterly_table(Parameters())
        assert list(t.columns[:14]) == offset.QUARTERLY_COLUMNS
        assert offset.QUARTERLY_COLUMNS == [
            "quarter", "reported", "ai_revenue_usd", "revenue_ex_leasing_usd", "cost_ex_leasing_usd",
            "anthropic_rent_expected_usd", "anthropic_rent_contracted_usd", "anthropic_lease_cost_expected_usd",
            "other_tenants_revenue_usd", "ai_operating_income_usd", "ai_operating_income_without_anthropic_usd",
            "spacex_operating_income_usd", "spacex_operating_income_without_anthropic_usd", "offset_ratio"]

    def test_forecast_starts_after_the_anchor(self):
        t = offset.quarterly_table(Parameters())
        assert t["quarter"].iloc[0] == "2026Q3" and t["k"].iloc[0] == 1
        assert not t["reported"].any()
        np.testing.assert_allclose(t["ai_revenue_usd"], t["revenue_ex_leasing_usd"]
                                   + t["anthropic_rent_expected_usd"] + t["other_tenants_revenue_usd"])

    def test_anchor_decomposes_into_its_reported_income(self):
        # R0 + leasing - C0 - the lease months' cost = the reported operating income
        p = Parameters()
        a = offset.anchor(p)
        c0 = offset.anchor_cost_ex_leasing(p, a)
        assert a.revenue_ex_leasing_usd + a.leasing_revenue_usd - c0 - 2 * (CASH + REPL) == pytest.approx(-1257e6)

    @pytest.mark.parametrize("column, expected", [
        ("revenue_ex_leasing_usd", 858.9e6),                 # 818 x 1.05
        ("cost_ex_leasing_usd", 3485.28e6),                  # 3,288 x 1.06
        ("anthropic_rent_contracted_usd", 1.25e9),           # May + June at 0.5 x 1.25e9
        ("anthropic_rent_expected_usd", 1.25e9),             # S = 1 in the 3 certain months
        ("anthropic_cash_cost_expected_usd", 124_968_000.0),             # 2 x 62,484,000
        ("anthropic_replacement_cost_expected_usd", 278_768_750.0),      # 2 x 139,384,375
        ("anthropic_lease_cost_expected_usd", 403_736_750.0),
        ("other_tenants_revenue_usd", 0.0),                  # both start later
        ("ai_operating_income_without_anthropic_usd", -2626.38e6),   # 858.9 - 3,485.28
        ("ai_operating_income_usd", -1_780_116_750.0),       # -2,626.38 + 1,250 - 403.73675
        ("spacex_other_segments_usd", 572.4e6),              # 530 x 1.08
        ("spacex_operating_income_usd", -1_207_716_750.0),   # 572.4 - 1,780.11675
        ("spacex_operating_income_without_anthropic_usd", -2053.98e6),
        ("anthropic_net_contribution_usd", 846_263_250.0),   # 1,250 - 403.73675
        ("offset_ratio", 0.322216879),                       # 846.26325 / 2,626.38
        ("k", 1), ("lease_months", 2), ("full_rent_months", 0),
    ])
    def test_backtest_row_2026q2_from_q1(self, column, expected):
        assert offset.backtest_row(Parameters(), "2026Q2")[column] == pytest.approx(expected)

    def test_base_case_2026q3(self):
        # From Q2 2026: R = 961 x 1.05 = 1,009.05; C = 3,414.26325 x 1.06 = 3,619.119045; Reflection 0.5 x 450.
        # S = 1, 0.97, 0.9409 for July-Sept: sum 2.9109.
        r = row(Parameters(), "2026Q3")
        a0 = 1009.05e6 - C0_Q2 * 1.06 + 225e6
        assert r["revenue_ex_leasing_usd"] == pytest.approx(1009.05e6)
        assert r["cost_ex_leasing_usd"] == pytest.approx(3_619_119_045.0)
        assert r["ai_operating_income_without_anthropic_usd"] == pytest.approx(a0)
        assert r["anthropic_rent_expected_usd"] == pytest.approx(1.25e9 * 2.9109)
        assert r["anthropic_lease_cost_expected_usd"] == pytest.approx((CASH + REPL) * 2.9109)
        assert r["ai_operating_income_usd"] == pytest.approx(a0 + NET_FULL * 2.9109)   # 665.94e6
        assert r["spacex_other_segments_usd"] == pytest.approx(1114e6 * 1.08)
        assert r["full_rent_months"] == 3

    @pytest.mark.parametrize("share, repl_month", [
        (0.0, 0.0),
        (1.0, 325_000 * 730 * 2.35),     # 557,537,500
    ])
    def test_replacement_share(self, share, repl_month):
        r = offset.backtest_row(P(xai={"replacement_share": share}), "2026Q2")
        assert r["anthropic_replacement_cost_expected_usd"] == pytest.approx(2 * repl_month)
        assert r["ai_operating_income_usd"] == pytest.approx(-2626.38e6 + 1.25e9 - 2 * (CASH + repl_month))

    def test_lease_ending_mid_quarter(self):
        # 2026-05 to 2027-02, h = 0: 2027Q1 holds Jan and Feb only
        t = offset.quarterly_table(P(lease={"end": "2027-02", "monthly_notice_probability": 0.0}))
        assert t["quarter"].tolist() == ["2026Q3", "2026Q4", "2027Q1"]
        last = t.iloc[-1]
        assert (last["lease_months"], last["full_rent_months"]) == (2, 2)
        assert last["anthropic_rent_contracted_usd"] == pytest.approx(2.5e9)
        assert last["anthropic_lease_cost_expected_usd"] == pytest.approx(2 * (CASH + REPL))

    def test_lease_months_in_or_before_the_anchor_are_left_out(self):
        # 2026-04 to 2026-12, h = 0, no ramp: April-June are in the reported Q2; Q3 and Q4 hold 3 each,
        # and the anchor's cost loses the 3 months it served
        p = P(lease={"start": "2026-04", "end": "2026-12", "ramp_months": 0, "monthly_notice_probability": 0.0})
        t = offset.quarterly_table(p)
        assert t["anthropic_rent_contracted_usd"].tolist() == pytest.approx([3.75e9, 3.75e9])
        assert t["cost_ex_leasing_usd"].iloc[0] == pytest.approx((3818e6 - 3 * (CASH + REPL)) * 1.06)

    def test_no_other_tenants(self):
        t = offset.quarterly_table(P(tenants=NO_TENANTS))
        assert (t["other_tenants_revenue_usd"] == 0).all()
        np.testing.assert_allclose(t["ai_operating_income_without_anthropic_usd"],
                                   t["revenue_ex_leasing_usd"] - t["cost_ex_leasing_usd"])

    @pytest.mark.parametrize("quarter, revenue, contribution", [
        ("2026Q3", 450e6, 225e6),           # Reflection: 3 x 150e6, margin 0.5
        ("2026Q4", 3210e6, 1605e6),         # + Google: 3 x (920 + 150)e6
        ("2029Q2", 3210e6, 1605e6),         # both through June 2029
    ])
    def test_other_tenants(self, quarter, revenue, contribution):
        r = row(Parameters(), quarter)
        assert r["other_tenants_revenue_usd"] == pytest.approx(revenue)
        assert r["other_tenants_contribution_usd"] == pytest.approx(contribution)

    def test_zero_hazard_expected_equals_contracted(self):
        t = offset.quarterly_table(P(lease={"monthly_notice_probability": 0.0}))
        np.testing.assert_array_equal(t["anthropic_rent_expected_usd"], t["anthropic_rent_contracted_usd"])
        assert t["anthropic_rent_contracted_usd"].sum() == pytest.approx(35 * 1.25e9)   # July 2026 - May 2029

    def test_no_loss_without_the_lease_gives_null_ratio_and_empty_csv_cell(self):
        # no leasing set aside and income 0: C0 = 2,561 - 403.7 < R0 = 2,561; no cost growth, so A0 > 0
        p = P(xai={"anchor_operating_income_usd": 0.0, "anchor_leasing_revenue_usd": 0.0, "cost_growth_qoq": 0.0})
        t = offset.quarterly_table(p)
        assert t["offset_ratio"].tolist() == [None] * len(t)
        back = pd.read_csv(io.StringIO(offset.quarterly_csv(t)), keep_default_na=False)
        assert list(back.columns) == offset.QUARTERLY_COLUMNS
        assert (back["offset_ratio"] == "").all()

    def test_csv_round_trip(self):
        t = offset.quarterly_table(Parameters())
        back = pd.read_csv(io.StringIO(offset.quarterly_csv(t)))
        assert list(back.columns) == offset.QUARTERLY_COLUMNS
        np.testing.assert_allclose(back["offset_ratio"], t["offset_ratio"].astype(float))

    def test_survival_override(self):
        # the lease known to end after July (N = 3): May-June are in the anchor, July is paid
        t = offset.quarterly_table(Parameters(), survival_override=np.r_[np.ones(3), np.zeros(34)])
        assert t["anthropic_rent_expected_usd"].sum() == pytest.approx(1.25e9)
        assert t["anthropic_rent_contracted_usd"].sum() == pytest.approx(1.25e9 * 35)   # unchanged

    @pytest.mark.parametrize("bad", [np.ones(36), np.full(37, 1.5), np.full(37, np.nan)])
    def test_survival_override_rejected(self, bad):
        with pytest.raises(ValueError, match="survival_override"):
            offset.quarterly_table(Parameters(), survival_override=bad)


class TestFirstFullQuarter:
    @pytest.mark.parametrize("lease, expected", [
        ({}, "2026Q3"),                                          # May-June ramp, July on
        ({"start": "2026-04", "ramp_months": 0}, "2026Q3"),      # April-June are the reported anchor
        ({"start": "2026-04", "ramp_months": 1}, "2026Q3"),      # April is ramp
        ({"start": "2026-05", "ramp_months": 0}, "2026Q3"),      # Q2 has only May and June
        ({"start": "2026-05", "end": "2026-07", "ramp_months": 2,
          "lock_months": 0, "notice_months": 0}, None),          # only July is full rent
        ({"start": "2026-05", "end": "2026-08", "ramp_months": 0,
          "lock_months": 0, "notice_months": 0}, None),          # Q3 has July-Aug only
    ])
    def test_values(self, lease, expected):
        assert offset.first_full_quarter(P(lease=lease)) == expected


class TestOffsetNumbers:
    def test_keys(self):
        assert set(offset.offset_numbers(Parameters())) == {
            "offset_ratio_first_full_quarter", "first_full_quarter", "anthropic_net_contribution_usd",
            "anthropic_rent_expected_total_usd", "other_tenants_contribution_usd", "ai_breakeven_quarter",
            "ai_breakeven_quarter_without_anthropic", "spacex_breakeven_quarter",
            "spacex_breakeven_quarter_without_anthropic", "quarters_offset", "anchor_quarter",
            "forecast_first_quarter", "forecast_first_ai_revenue_usd", "forecast_first_ai_operating_income_usd",
            "forecast_first_spacex_operating_income_usd", "last_quarter",
            "ai_loss_returns_quarter", "spacex_loss_returns_quarter"}

    def test_base_case(self):
        n = offset.offset_numbers(Parameters())
        # 2026Q3: 1,048.13 x 2.9109 / 2,385.069045
        assert n["offset_ratio_first_full_quarter"] == pytest.approx(
            NET_FULL * 2.9109 / (C0_Q2 * 1.06 - 1009.05e6 - 225e6))
        assert (n["anchor_quarter"], n["forecast_first_quarter"]) == ("2026Q2", "2026Q3")
        assert n["first_full_quarter"] == "2026Q3"
        assert n["last_quarter"] == "2029Q2"
        # Reflection 36 months x 150e6 + Google 33 months x 920e6 = 35,760e6, half of it
        assert n["other_tenants_contribution_usd"] == pytest.approx(0.5 * (36 * 150e6 + 33 * 920e6))
        # the anchor Q2 2026 was a loss; 2026Q3: A = 665.94e6 >= 0 first; without the lease A0 < 0 throughout
        assert n["ai_breakeven_quarter"] == "2026Q3"
        assert n["ai_breakeven_quarter_without_anthropic"] is None
        assert n["spacex_breakeven_quarter"] == "2026Q3"
        # 2026Q4: X + A0 = 1,114 x 1.08^2 - 1,171.76 = 127.6e6 >= 0
        assert n["spacex_breakeven_quarter_without_anthropic"] == "2026Q4"
        # regression: 2026Q3 to 2027Q3 have ratio >= 1 (1.28, 2.38, 1.88, 1.51, 1.22); 2027Q4 0.99
        assert n["quarters_offset"] == 5

    def test_totals_match_the_lease_schedule(self):
        # every lease month after the anchor (July 2026 on) is in a modelled quarter
        from colossus.model import costs
        s = costs.incremental_schedule(Parameters())
        s = s[s["month"] > "2026-06"]
        n = offset.offset_numbers(Parameters())
        assert n["anthropic_rent_expected_total_usd"] == pytest.approx(s["expected_rent_usd"].sum())
        assert n["anthropic_net_contribution_usd"] == pytest.approx(s["expected_net_usd"].sum())

    def test_zero_hazard_no_tenants(self):
        # h = 0, no tenants: every full quarter nets 3 x 1,048.13e6 = 3,144.39e6; A0 < 0 always
        n = offset.offset_numbers(P(lease={"monthly_notice_probability": 0.0}, tenants=NO_TENANTS))
        assert n["other_tenants_contribution_usd"] == 0.0
        assert n["anthropic_net_contribution_usd"] == pytest.approx(35 * NET_FULL)

    def test_no_full_quarter(self):
        n = offset.offset_numbers(P(lease={"start": "2026-05", "end": "2026-07", "ramp_months": 2,
                                           "lock_months": 0, "notice_months": 0}))
        assert n["first_full_quarter"] is None and n["offset_ratio_first_full_quarter"] is None

    def test_no_loss_without_the_lease(self):
        n = offset.offset_numbers(P(xai={"anchor_operating_income_usd": 0.0, "anchor_leasing_revenue_usd": 0.0,
                                         "cost_growth_qoq": 0.0}))
        assert n["offset_ratio_first_full_quarter"] is None
        assert n["quarters_offset"] == 0
        assert n["ai_breakeven_quarter_without_anthropic"] == "2026Q3"   # the first forecast quarter
        assert n["ai_breakeven_quarter"] == "2026Q2"                     # income 0 in the anchor itself

    def test_quarters_offset_counts_ratio_at_least_one(self):
        t = offset.quarterly_table(Parameters())
        ratios = [r for r in t["offset_ratio"] if r is not None]
        assert offset.offset_numbers(Parameters())["quarters_offset"] == sum(r >= 1 for r in ratios)


# --------------------------------------------------------------------------- back-test

REPORTED_Q2 = {"ai_revenue_usd": 2561e6, "ai_operating_income_usd": -1257e6,
               "spacex_operating_income_usd": -143e6}


class TestBacktest:
    @pytest.mark.parametrize("measure, model, error", [
        ("ai_revenue_usd", 2108.9e6, -452.1e6),                        # 858.9 + 1,250 + 0
        ("ai_operating_income_usd", -1_780_116_750.0, -523_116_750.0),
        ("spacex_operating_income_usd", -1_207_716_750.0, -1_064_716_750.0),
    ])
    def test_base_case(self, measure, model, error):
        b = offset.backtest(Parameters(), REPORTED_Q2).set_index("measure")
        assert b.loc[measure, "model_usd"] == pytest.approx(model)
        assert b.loc[measure, "reported_usd"] == REPORTED_Q2[measure]
        assert b.loc[measure, "error_usd"] == pytest.approx(error)
        assert b.loc[measure, "error_share"] == pytest.approx(error / abs(REPORTED_Q2[measure]))

    def test_columns(self):
        assert list(offset.backtest(Parameters(), REPORTED_Q2).columns) == [
            "measure", "model_usd", "reported_usd", "error_usd", "error_share"]

    def test_zero_reported_gives_null_share(self):
        b = offset.backtest(Parameters(), {**REPORTED_Q2, "ai_operating_income_usd": 0.0})
        assert b.loc[1, "error_share"] is None

    def test_missing_key(self):
        with pytest.raises(KeyError, match="spacex_operating_income_usd"):
            offset.backtest(Parameters(), {"ai_revenue_usd": 1.0, "ai_operating_income_usd": 1.0})

    def test_lease_ending_before_the_quarter(self):
        # the lease ends in the anchor quarter Q1 2026: no rent in Q2, only R - C, and the
        # cost of its Jan-Feb months (reported in Q1) is set aside from the anchor's cost
        p = P(lease={"start": "2025-11", "end": "2026-02", "lock_months": 0, "notice_months": 0,
                     "ramp_months": 0, "monthly_notice_probability": 0.0}, tenants=NO_TENANTS)
        b = offset.backtest(p, REPORTED_Q2).set_index("measure")
        assert b.loc["ai_revenue_usd", "model_usd"] == pytest.approx(858.9e6)
        assert b.loc["ai_operating_income_usd", "model_usd"] == pytest.approx(
            858.9e6 - (3288e6 - 2 * (CASH + REPL)) * 1.06)

    def test_from_the_reported_quarters(self):
        from colossus.inputs import reported
        assert offset.reported_for("2026Q2") == pytest.approx(REPORTED_Q2)
        assert reported.comparable("2026Q1") == pytest.approx(
            {"ai_revenue_usd": 818e6, "ai_operating_income_usd": -2470e6, "spacex_operating_income_usd": -1940e6})
        b = offset.backtest_from_facts(Parameters())
        assert b["reported_usd"].tolist() == pytest.approx([2561e6, -1257e6, -143e6])

    def test_anchor_values_set_in_the_build_do_not_touch_it(self):
        p = P(xai={"anchor_revenue_usd": 5e9, "anchor_operating_income_usd": 1e9})
        pd.testing.assert_frame_equal(offset.backtest_from_facts(p), offset.backtest_from_facts(Parameters()))

    def test_independent_of_the_anchor_quarter(self):
        p = P(model={"anchor_quarter": "2025Q2"})
        pd.testing.assert_frame_equal(offset.walk_forward(p), offset.walk_forward(Parameters()))


class TestWalkForward:
    def test_quarters(self):
        # Q2 2025, Q1 2026 and Q2 2026 are reported; only Q2 2026 follows a reported quarter
        assert offset.backtest_quarters() == ["2026Q2"]
        assert offset.not_backtested() == ["2026Q1"]
        assert offset.latest_backtest_quarter() == "2026Q2"

    def test_rows_are_the_backtests(self):
        w = offset.walk_forward(Parameters())
        assert list(w.columns) == ["quarter", "anchor_quarter", "measure", "model_usd", "reported_usd",
                                   "error_usd", "error_share"]
        assert w["model_usd"].tolist() == pytest.approx([2108.9e6, -1_780_116_750.0, -1_207_716_750.0])

    def test_synthetic_table(self):
        # a table with three consecutive complete quarters back-tests the second and the third
        from colossus.inputs import reported
        rows = [(q, e, m, v) for q, v0 in (("2030Q1", 1e9), ("2030Q2", 2e9), ("2030Q3", 3e9))
                for e, m, v in (("ai", "revenue_usd", v0), ("ai", "operating_income_usd", -v0),
                                ("spacex", "operating_income_usd", v0))]
        t = pd.DataFrame([{"quarter": q, "entity": e, "measure": m, "value": v, "source": "x", "as_of": "2030-01-01",
                           "note": "", "line": i + 2} for i, (q, e, m, v) in enumerate(rows)])
        assert reported.anchor_quarters(t) == ["2030Q1", "2030Q2", "2030Q3"]
        assert offset.backtest_quarters(t) == ["2030Q2", "2030Q3"]
        assert offset.not_backtested(t) == []


class TestTrackRecord:
    @pytest.mark.parametrize("errors, shares, mae, mape", [
        ([-523e6], [-0.416], 523e6, 0.416),
        ([100.0, -300.0], [0.1, -0.5], 200.0, 0.3),
        ([100.0, -300.0], [0.1, None], 200.0, None),     # a reported zero: no share
    ])
    def test_values(self, errors, shares, mae, mape):
        w = pd.DataFrame({"quarter": [f"q{i}" for i in range(len(errors))], "measure": "m",
                          "error_usd": errors, "error_share": shares})
        r = offset.track_record(w)
        assert r["n"] == len(errors)
        assert r["m"][0] == pytest.approx(mae)
        assert r["m"][1] == (None if mape is None else pytest.approx(mape))

    def test_empty(self):
        r = offset.track_record(offset.walk_forward(Parameters()).iloc[0:0])
        assert r["n"] == 0 and r["ai_revenue_usd"] == (None, None)


class TestBacktestAttribution:
    def table(self) -> pd.DataFrame:
        return offset.backtest_attribution(Parameters(), REPORTED_Q2).set_index("item")

    @pytest.mark.parametrize("item, model, reported, gap", [
        ("revenue_ex_leasing", 858.9e6, 858.9e6, 0.0),
        ("anthropic_rent", 1.25e9, None, None),
        ("other_tenants_rent", 0.0, None, None),
        ("leasing_revenue", 1.25e9, 1702.1e6, -452.1e6),         # 2,561 - 858.9 implied
        ("ai_revenue", 2108.9e6, 2561e6, -452.1e6),
        ("ai_cost", 3_889_016_750.0, 3818e6, 71_016_750.0),      # 3,485.28 + 403.73675 vs 2,561 + 1,257
        ("ai_operating_income", -1_780_116_750.0, -1257e6, -523_116_750.0),
        ("lever_ramp", 1.25e9, None, None),                       # 2 months x 0.5 x 1.25e9
        ("lever_cost_growth", 197.28e6, None, None),              # 3,288 x 0.06
    ])
    def test_base_case(self, item, model, reported, gap):
        r = self.table().loc[item]
        assert r["model_usd"] == pytest.approx(model)
        assert r["reported_usd"] == (pytest.approx(reported) if reported is not None else None)
        assert r["gap_usd"] == (pytest.approx(gap) if gap is not None else None)

    def test_gaps_add_up(self):
        a = self.table()
        assert a.loc["ai_operating_income", "gap_usd"] == pytest.approx(
            a.loc["ai_revenue", "gap_usd"] - a.loc["ai_cost", "gap_usd"])
        b = offset.backtest(Parameters(), REPORTED_Q2).set_index("measure")
        assert a.loc["ai_operating_income", "gap_usd"] == pytest.approx(b.loc["ai_operating_income_usd", "error_usd"])

    def test_other_tenants_cost_share(self):
        # with Reflection from April 2026 (3 x 150e6 in Q2), cost carries (1 - 0.5) x 450e6
        p = P(tenants={"reflection_start": "2026-04"})
        a = offset.backtest_attribution(p, REPORTED_Q2).set_index("item")
        assert a.loc["other_tenants_rent", "model_usd"] == pytest.approx(450e6)
        assert a.loc["ai_cost", "model_usd"] == pytest.approx(3485.28e6 + 403_736_750.0 + 225e6)


# --------------------------------------------------------------------------- terminations

class TestTerminationLaw:
    @pytest.mark.parametrize("lease, paid, prob", [
        # T = 4, h = 0.5, certain 2: P(2) = 0.5, P(3) = 0.25, P(4) = 0.25
        ({"start": "2026-05", "end": "2026-08", "monthly_notice_probability": 0.5,
          "notice_months": 2, "lock_months": 0, "ramp_months": 0}, [2, 3, 4], [0.5, 0.25, 0.25]),
        # no notice ever: the full term
        ({"monthly_notice_probability": 0.0}, [37], [1.0]),
        # h = 1: exactly max(notice, lock) = 3 months
        ({"monthly_notice_probability": 1.0}, [3], [1.0]),
        # nothing certain: N = 0 possible with 1 - S(1) = 0.5
        ({"start": "2026-05", "end": "2026-06", "monthly_notice_probability": 0.5,
          "notice_months": 0, "lock_months": 0, "ramp_months": 0}, [0, 1, 2], [0.5, 0.25, 0.25]),
    ])
    def test_values(self, lease, paid, prob):
        law = offset.termination_law(P(lease=lease))
        assert law["paid_months"].tolist() == paid
        np.testing.assert_allclose(law["probability"], prob)

    def test_base_case(self):
        law = offset.termination_law(Parameters())
        assert law["paid_months"].iloc[0] == 3 and law["paid_months"].iloc[-1] == 37
        assert law["probability"].iloc[0] == pytest.approx(0.03)             # h
        assert law["probability"].iloc[-1] == pytest.approx(0.97 ** 34)       # S(37)
        assert law["probability"].sum() == pytest.approx(1.0)


class TestQuarterlyFan:
    def test_columns(self):
        f = offset.quarterly_fan(Parameters(), quantiles=(0.1, 0.5, 0.9))
        assert list(f.columns) == ["quarter", "p10_usd", "p50_usd", "p90_usd", "expected_usd", "without_usd"]

    @pytest.mark.parametrize("quarter, column, expected", [
        # 2026Q3: P(N = 3) = 0.03, P(N = 4) = 0.0291: cumulative 0.0591 >= 0.05 so N = 4,
        # July and August paid: A0 + 2 x 1,048.13e6, A0 = 1,009.05 - 3,619.119045 + 225
        ("2026Q3", "p05_usd", 1009.05e6 - C0_Q2 * 1.06 + 225e6 + 2 * NET_FULL),
        # median N >= 6: the whole quarter paid
        ("2026Q3", "p50_usd", 1009.05e6 - C0_Q2 * 1.06 + 225e6 + 3 * NET_FULL),
        # 2029Q2 (May 2029 the last month): the median N is below T, nothing paid then
        ("2029Q2", "without_usd", 961e6 * 1.05 ** 12 - C0_Q2 * 1.06 ** 12 + 0.5 * 3 * 1070e6),
    ])
    def test_hand_worked(self, quarter, column, expected):
        f = offset.quarterly_fan(Parameters()).set_index("quarter")
        assert f.loc[quarter, column] == pytest.approx(expected)

    @pytest.mark.parametrize("lease", [{}, {"monthly_notice_probability": 0.08, "lock_months": 0},
                                       {"ramp_rent_fraction": 0.0}])
    def test_quantiles_are_realisable_and_ordered(self, lease):
        p = P(lease=lease)
        f = offset.quarterly_fan(p)
        law = offset.termination_law(p)
        T = len(costs.incremental_schedule(p))
        realised = np.array([
            offset.quarterly_table(p, survival_override=(np.arange(1, T + 1) <= n).astype(float))
            ["ai_operating_income_usd"].to_numpy() for n in law["paid_months"]])
        for col in ("p05_usd", "p50_usd", "p95_usd"):
            for j, v in enumerate(f[col]):
                assert np.isclose(realised[:, j], v, rtol=0, atol=1e-3).any(), (col, j)
        assert (f["p05_usd"] <= f["p50_usd"]).all() and (f["p50_usd"] <= f["p95_usd"]).all()
        # the probability-weighted mean of A(q | N) is the expected A(q)
        mean = law["probability"].to_numpy() @ realised
        np.testing.assert_allclose(mean, f["expected_usd"], rtol=1e-6)

    def test_zero_hazard_collapses(self):
        f = offset.quarterly_fan(P(lease={"monthly_notice_probability": 0.0}))
        np.testing.assert_array_equal(f["p05_usd"], f["expected_usd"])
        np.testing.assert_array_equal(f["p95_usd"], f["expected_usd"])


class TestNoticeLastPaidMonth:
    @pytest.mark.parametrize("m, T, n, lock, expected", [
        (1, 37, 3, 3, 3),       # at the start: max(0 + 3, 3) = the certain months
        (2, 37, 3, 3, 4),       # max(1 + 3, 3)
        (5, 37, 3, 3, 7),       # served in September: Sept-Nov paid
        (36, 37, 3, 3, 37),     # capped at the term
        (1, 12, 1, 6, 6),       # lock longer than notice: nothing ends in the lock
        (6, 12, 1, 6, 6),       # max(5 + 1, 6)
        (7, 12, 1, 6, 7),
        (1, 12, 0, 0, 0),       # no notice, no lock: nothing paid
    ])
    def test_values(self, m, T, n, lock, expected):
        assert offset.notice_last_paid_month(m, T, n, lock) == expected

    def test_month_zero_rejected(self):
        with pytest.raises(ValueError, match="notice_index"):
            offset.notice_last_paid_month(0, 12, 3, 3)


class TestNoticeCliffGrid:
    def grid(self) -> pd.DataFrame:
        return offset.notice_cliff_grid(Parameters())

    def test_shape_and_columns(self):
        g = self.grid()
        assert list(g.columns[:6]) == ["notice_month", "notice_index", "quarter", "ai_operating_income_usd",
                                       "ai_operating_income_without_anthropic_usd", "spacex_operating_income_usd"]
        assert len(g) == 38 * 12                     # no notice + 37 notice months, 12 quarters
        assert g.loc[g["notice_index"] == 1, "notice_month"].iloc[0] == "2026-05"
        assert g.loc[g["notice_index"] == 0, "notice_month"].iloc[0] is None

    def test_no_notice_is_the_contracted_lease(self):
        g = self.grid()
        t = offset.quarterly_table(Parameters(), survival_override=np.ones(37))
        np.testing.assert_allclose(g.loc[g["notice_index"] == 0, "ai_operating_income_usd"],
                                   t["ai_operating_income_usd"])

    def test_hand_worked(self):
        # notice at the start of September 2026 (m = 5): paid through November (N = 7);
        # 2026Q4 has October and November: A0 + 2 x 1,048.13e6, A0 = 961 x 1.05^2 - C0 x 1.06^2 + 1,605
        g = self.grid().set_index(["notice_index", "quarter"])
        r = g.loc[(5, "2026Q4")]
        assert (r["paid_months"], r["last_paid_month"]) == (7, "2026-11")
        a0 = 1059.5025e6 - C0_Q2 * 1.1236 + 1605e6
        assert r["ai_operating_income_usd"] == pytest.approx(a0 + 2 * NET_FULL)
        assert r["ai_operating_income_without_anthropic_usd"] == pytest.approx(a0)
        # X(2026Q4) = 1,114 x 1.08^2
        assert r["spacex_operating_income_usd"] == pytest.approx(1114e6 * 1.08 ** 2 + a0 + 2 * NET_FULL)
        assert g.loc[(5, "2027Q1"), "ai_operating_income_usd"] == pytest.approx(
            g.loc[(5, "2027Q1"), "ai_operating_income_without_anthropic_usd"])

    def test_each_row_is_a_survival_override(self):
        g = self.grid()
        for m, n in [(1, 3), (20, 22)]:
            t = offset.quarterly_table(Parameters(), survival_override=(np.arange(1, 38) <= n).astype(float))
            np.testing.assert_allclose(g.loc[g["notice_index"] == m, "ai_operating_income_usd"],
                                       t["ai_operating_income_usd"])


class TestWaterfall:
    def test_steps_and_running_totals(self):
        w = offset.waterfall(P(model={"anchor_quarter": "2026Q1"}), "2026Q2")
        assert w["step"].tolist() == ["Without the lease", "Anthropic rent", "Cash cost of serving",
                                      "Replacement compute", "With the lease"]
        assert w["kind"].tolist() == ["total", "delta", "delta", "delta", "total"]
        # -2,626.38 +1,250 -124.968 -278.76875 = -1,780.11675 (millions)
        np.testing.assert_allclose(w["amount_usd"], [-2626.38e6, 1.25e9, -124.968e6, -278.76875e6,
                                                     -1_780_116_750.0])
        np.testing.assert_allclose(w["end_usd"], [-2626.38e6, -1376.38e6, -1501.348e6, -1_780_116_750.0,
                                                  -1_780_116_750.0])
        np.testing.assert_allclose(w["start_usd"][1:4], w["end_usd"][:3])

    @pytest.mark.parametrize("quarter", ["2026Q3", "2026Q4", "2028Q1", "2029Q2"])
    def test_end_equals_income_with_the_lease(self, quarter):
        w = offset.waterfall(Parameters(), quarter)
        a = row(Parameters(), quarter)["ai_operating_income_usd"]
        assert w["end_usd"].iloc[3] == pytest.approx(a)
        assert w["amount_usd"].iloc[4] == pytest.approx(a)

    def test_unknown_quarter(self):
        with pytest.raises(ValueError, match="not modelled"):
            offset.waterfall(Parameters(), "2035Q1")


class TestDefaultWaterfallQuarter:
    @pytest.mark.parametrize("lease, expected", [
        ({}, "2026Q3"),
        # no full quarter: Q4 2026 has November and December at 0.5 (1.25e9), Q1 2027 January at
        # full rent (1.25e9); tie: the first
        ({"start": "2026-11", "end": "2027-01", "ramp_months": 2, "lock_months": 0,
          "notice_months": 0, "monthly_notice_probability": 0.0}, "2026Q4"),
        # ramp at 0.3: Q4 0.75e9 < Q1 1.25e9
        ({"start": "2026-11", "end": "2027-01", "ramp_months": 2, "lock_months": 0, "notice_months": 0,
          "monthly_notice_probability": 0.0, "ramp_rent_fraction": 0.3}, "2027Q1"),
        # a lease wholly in the anchor quarter: no rent modelled, the quarter after it
        ({"start": "2026-04", "end": "2026-06", "ramp_months": 0, "lock_months": 0, "notice_months": 0},
         "2026Q3"),
    ])
    def test_values(self, lease, expected):
        assert offset.default_waterfall_quarter(P(lease=lease)) == expected


# --------------------------------------------------------------------------- properties

@st.composite
def parameter_sets(draw):
    """Valid parameter sets over the schema's bounds (a term of up to 60 months)."""
    start_y, start_m = draw(st.integers(2025, 2028)), draw(st.integers(1, 12))
    term = draw(st.integers(1, 60))
    end_i = start_y * 12 + start_m - 1 + term - 1
    lease = {
        "start": f"{start_y:04d}-{start_m:02d}", "end": f"{end_i // 12:04d}-{end_i % 12 + 1:02d}",
        "ramp_months": draw(st.integers(0, min(term, 24))),
        "ramp_rent_fraction": draw(st.floats(0, 1)),
        "notice_months": draw(st.integers(0, max(0, min(36, term - 1)))),
        "lock_months": draw(st.integers(0, max(0, term - 1))),
        "monthly_notice_probability": draw(st.floats(0, 1)),
        "monthly_rent_usd": draw(st.floats(1e7, 1e10)),
    }
    xai = {"replacement_share": draw(st.floats(0, 1)),
           "revenue_growth_qoq": draw(st.floats(-0.5, 1)), "cost_growth_qoq": draw(st.floats(-0.5, 1)),
           "anchor_operating_income_usd": draw(st.floats(-1e10, 0))}
    tenants = {"google_monthly_rent_usd": draw(st.sampled_from([0.0, 920e6])),
               "operating_margin": draw(st.floats(-1, 1))}
    return {"lease": lease, "xai": xai, "tenants": tenants}


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestProperties:
    @PROPERTY
    @given(parameter_sets())
    def test_lease_adds_its_net_contribution(self, data):
        t = offset.quarterly_table(validate(data))
        a, a0 = t["ai_operating_income_usd"], t["ai_operating_income_without_anthropic_usd"]
        net = t["anthropic_rent_expected_usd"] - t["anthropic_lease_cost_expected_usd"]
        # rounding: A and A0 are sums of terms as large as C(q), which can reach 1e13
        atol = 1e-12 * float(t[["cost_ex_leasing_usd", "revenue_ex_leasing_usd",
                                "spacex_other_segments_usd"]].abs().to_numpy().max()) + 1e-3
        np.testing.assert_allclose(a - a0, net, rtol=1e-9, atol=atol)
        np.testing.assert_allclose(t["spacex_operating_income_usd"] - t["spacex_operating_income_without_anthropic_usd"],
                                   net, rtol=1e-9, atol=atol)
        assert (t["anthropic_rent_expected_usd"] <= t["anthropic_rent_contracted_usd"] + 1e-6).all()

    @PROPERTY
    @given(parameter_sets())
    def test_offset_ratio_sign(self, data):
        t = offset.quarterly_table(validate(data))
        for ratio, net, a0 in zip(t["offset_ratio"], t["anthropic_net_contribution_usd"],
                                  t["ai_operating_income_without_anthropic_usd"]):
            if a0 > -0.5:   # a loss under half a dollar is no loss
                assert ratio is None
            else:
                assert np.sign(ratio) == np.sign(net)

    @PROPERTY
    @given(parameter_sets(), st.floats(0, 1), st.floats(0, 1))
    def test_more_replacement_never_raises_income(self, data, s1, s2):
        # From an anchor quarter without lease months (Q1 2026 and a lease from Q2 on). With lease
        # months in the anchor, their cost is part of a reported total: more replacement there
        # leaves less of the total to grow, which can raise a later quarter's income.
        assume(data["lease"]["start"] >= "2026-04")
        lo, hi = sorted([s1, s2])
        data = {**data, "model": {"anchor_quarter": "2026Q1"}}
        income = {}
        for s in (lo, hi):
            d = {**data, "xai": {**data["xai"], "replacement_share": s}}
            income[s] = offset.quarterly_table(validate(d))["ai_operating_income_usd"].to_numpy()
        assert np.all(income[hi] <= income[lo] + 1e-3)

    @PROPERTY
    @given(parameter_sets())
    def test_fan_brackets_and_averages(self, data):
        p = validate(data)
        f = offset.quarterly_fan(p)
        assert (f["p05_usd"] <= f["p50_usd"]).all() and (f["p50_usd"] <= f["p95_usd"]).all()
        # the probability-weighted mean of A(q | N) over the exact law is A(q)
        table, by_n = terminations._income_given_paid_months(p)
        law = offset.termination_law(p)
        mean = law["probability"].to_numpy() @ by_n[law["paid_months"].to_numpy()]
        scale = np.abs(by_n).max() + 1.0
        np.testing.assert_allclose(mean, f["expected_usd"], rtol=1e-6, atol=1e-9 * scale)

    @PROPERTY
    @given(parameter_sets())
    def test_waterfall_closes(self, data):
        p = validate(data)
        q = offset.default_waterfall_quarter(p)
        w = offset.waterfall(p, q)
        assert w["end_usd"].iloc[3] == pytest.approx(w["end_usd"].iloc[4], rel=1e-9, abs=1e-3)


class TestLossReturnsQuarter:
    """offset.loss_returns_quarter: the quarter after the last one without a loss, when the
    loss then lasts to the end; hand-checked."""

    @pytest.mark.parametrize("values, expected", [
        ([-1.0, 2.0, -3.0], "2026Q3"),          # out of the loss in Q2, back in from Q3
        ([1.0, -1.0, 2.0, -3.0], "2026Q4"),     # a loss in Q2 does not count: Q3 is fine again
        ([1.0, 0.0, 0.0], None),                # zero is no loss: nothing returns
        ([-1.0, -2.0, -3.0], None),             # never out of a loss
        ([1.0], None),
        ([-1.0], None),
    ])
    def test_table(self, values, expected):
        quarters = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"][:len(values)]
        assert offset.loss_returns_quarter(quarters, values) == expected

    def test_base_has_the_loss_back_after_the_breakeven(self):
        n = offset.offset_numbers(Parameters())
        q = n["ai_loss_returns_quarter"]
        assert q is None or q > n["ai_breakeven_quarter"]
