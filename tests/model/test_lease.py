"""colossus.model.lease: hand-worked values, edge cases, properties."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from colossus.model import lease
from colossus.inputs.params import Parameters
from colossus.inputs.loading import validate

from ..strategies import hazards, small_terms


class TestLeaseMonths:
    @pytest.mark.parametrize("start, end, expected", [
        ("2026-06", "2029-05", 36),   # the S-1 term
        ("2026-06", "2026-06", 1),    # one month
        ("2026-12", "2027-01", 2),    # across a year end
    ])
    def test_counts_inclusive(self, start, end, expected):
        assert lease.lease_months(start, end) == expected

    def test_end_before_start(self):
        with pytest.raises(ValueError, match="before"):
            lease.lease_months("2026-06", "2026-05")


class TestRentSchedule:
    @pytest.mark.parametrize("rent, T, ramp, frac, expected", [
        (100.0, 4, 2, 0.5, [50, 50, 100, 100]),
        (100.0, 3, 0, 0.5, [100, 100, 100]),       # no ramp
        (100.0, 2, 2, 0.25, [25, 25]),             # all ramp
        (100.0, 3, 1, 0.0, [0, 100, 100]),         # free first month
    ])
    def test_values(self, rent, T, ramp, frac, expected):
        np.testing.assert_allclose(lease.rent_schedule(rent, T, ramp, frac), expected)


class TestSurvival:
    @pytest.mark.parametrize("T, h, notice, lock, expected", [
        (5, 0.5, 3, 0, [1, 1, 1, 0.5, 0.25]),       # S-1 shape: 3 certain months
        (4, 0.5, 1, 2, [1, 1, 0.5, 0.25]),          # lock longer than notice
        (3, 0.0, 0, 0, [1, 1, 1]),                  # zero hazard: always paid
        (4, 1.0, 2, 0, [1, 1, 0, 0]),               # h = 1: exactly max(n, L) months
        (3, 1.0, 0, 0, [0, 0, 0]),                  # termination in month one
        (3, 0.2, 0, 0, [0.8, 0.64, 0.512]),
    ])
    def test_values(self, T, h, notice, lock, expected):
        np.testing.assert_allclose(lease.survival(T, h, notice, lock), expected)

    @given(hazards, small_terms, st.integers(0, 12), st.integers(0, 12))
    def test_bounded_and_non_increasing(self, h, T, notice, lock):
        s = lease.survival(T, h, notice, lock)
        assert np.all((s >= 0) & (s <= 1))
        assert np.all(np.diff(s) <= 1e-15)

    @given(small_terms, st.integers(0, 6), st.floats(0, 0.5), st.floats(0, 0.5))
    def test_more_hazard_never_more_survival(self, T, notice, h1, h2):
        lo, hi = sorted([h1, h2])
        assert np.all(lease.survival(T, hi, notice, 0) <= lease.survival(T, lo, notice, 0) + 1e-15)


class TestRevenue:
    def test_expected_hand_worked(self):
        # rent [50, 50, 100, 100], S = [1, 1, 1, 0.5]: 50 + 50 + 100 + 50
        rent = lease.rent_schedule(100.0, 4, 2, 0.5)
        surv = lease.survival(4, 0.5, 3, 0)
        assert lease.contracted_revenue(rent) == 300.0
        assert lease.expected_revenue(rent, surv) == 250.0

    @pytest.mark.parametrize("flows, rate, expected", [
        ([100.0] * 12, 0.0, 1200.0),                       # zero rate: plain sum
        ([0.0] * 11 + [110.0], 0.10, 100.0),               # one year at 10%
        ([121.0] + [0.0] * 23, 0.0, 121.0),
        ([0.0] * 23 + [121.0], 0.10, 100.0),               # two years at 10%
    ])
    def test_npv_hand_worked(self, flows, rate, expected):
        flows = np.array(flows)
        assert lease.npv_expected_revenue(flows, np.ones_like(flows), rate) == pytest.approx(expected)

    def test_npv_month_one_paid_at_end(self):
        # one payment of 100 at the end of month 1 at 12.68% a year = 1% a month
        annual = 1.01 ** 12 - 1
        assert lease.npv_expected_revenue(np.array([101.0]), np.ones(1), annual) == pytest.approx(100.0)

    @given(hazards, small_terms, st.floats(0, 0.5))
    @settings(max_examples=60)
    def test_npv_le_expected_le_contracted(self, h, T, r):
        rent = lease.rent_schedule(1e9, T, min(2, T), 0.5)
        surv = lease.survival(T, h, 3, 0)
        c, e = lease.contracted_revenue(rent), lease.expected_revenue(rent, surv)
        assert e <= c * (1 + 1e-12)
        assert lease.npv_expected_revenue(rent, surv, r) <= e * (1 + 1e-12)


class TestGpuHour:
    @pytest.mark.parametrize("rent, gpus, expected", [
        (1.25e9, 220_000, 7.7833),     # the brief's "about $7.8"
        (730.0, 1, 1.0),
        (2.35 * 730 * 1000, 1000, 2.35),
    ])
    def test_implied(self, rent, gpus, expected):
        assert lease.implied_usd_per_gpu_hour(rent, gpus) == pytest.approx(expected, abs=5e-5)

    def test_premium(self):
        assert lease.premium_vs_market(7.0, 2.0) == 3.5


class TestScheduleAndVariants:
    def test_schedule_matches_functions(self):
        p = Parameters()
        df = lease.schedule(p)
        assert len(df) == 37 and df["month"].iloc[0] == "2026-05" and df["month"].iloc[-1] == "2029-05"
        assert df["cum_rent_usd"].iloc[-1] == pytest.approx(2 * 0.5 * 1.25e9 + 35 * 1.25e9)

    def test_variants_use_their_terms(self):
        # valued at the lease start: the readings' certain months are their own
        v = lease.variant_summary(validate({"valuation": {"as_of": "2026-04-30"}})).set_index("variant")
        assert list(v.index) == ["filing", "musk", "seed"]
        assert v.loc["seed", "certain_months"] == 6 and v.loc["filing", "certain_months"] == 3
        assert v.loc["musk", "certain_months"] == 6
        # more certain months, same hazard: the seed reading is worth more
        assert v.loc["seed", "expected_revenue_usd"] > v.loc["filing", "expected_revenue_usd"]
        assert v.loc["seed", "contracted_revenue_usd"] == v.loc["filing", "contracted_revenue_usd"]
        # a notice no longer than the lock-in does not change the certain months
        assert v.loc["musk", "expected_revenue_usd"] == pytest.approx(v.loc["seed", "expected_revenue_usd"])

    def test_variants_at_the_valuation_date(self):
        # in force with no notice served at 2026-10-09 (5 months paid): the filings' 3-month notice
        # now makes months 1-8 certain, the 6-month lock with 1 month's notice months 1-6
        v = lease.variant_summary(Parameters()).set_index("variant")
        assert v["certain_months"].to_dict() == {"filing": 8, "musk": 8, "seed": 6}
        assert v.loc["filing", "expected_revenue_usd"] > v.loc["seed", "expected_revenue_usd"]

    def test_hazard_grid_keys_are_exact(self):
        g = lease.hazard_grid(Parameters(), np.array([0.0, 0.005, 0.03]))
        assert sorted(g["h_bp"].unique()) == [0, 50, 300]
