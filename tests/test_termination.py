"""colossus.termination: the simulator against the closed form, edge cases, reclaiming."""
import time

import numpy as np
import pytest

from colossus import lease, termination
from colossus.params import Parameters


def _closed_form(rent, h, notice, lock):
    return lease.expected_revenue(rent, lease.survival(len(rent), h, notice, lock))


class TestSimulatorAgreesWithClosedForm:
    @pytest.mark.parametrize("h, notice, lock, ramp", [
        (0.03, 3, 0, 2),    # base: S-1 terms
        (0.03, 1, 6, 2),    # seed terms
        (0.08, 3, 0, 2),    # bear hazard
        (0.5, 0, 0, 0),     # very likely termination, nothing certain
        (0.01, 3, 12, 0),
    ])
    def test_mean_within_three_standard_errors(self, h, notice, lock, ramp):
        rent = lease.rent_schedule(1.25e9, 36, ramp, 0.5)
        rev = termination.simulate_revenue(rent, h, notice, lock, 100_000, seed=7)
        s = termination.summarize(rev, rent.sum())
        assert abs(s.mean_usd - _closed_form(rent, h, notice, lock)) <= 3 * s.std_error_usd

    def test_100k_paths_well_under_a_second(self):
        rent = lease.rent_schedule(1.25e9, 36, 2, 0.5)
        t0 = time.perf_counter()
        termination.simulate_revenue(rent, 0.03, 3, 0, 100_000, seed=1)
        assert time.perf_counter() - t0 < 0.5


class TestEdgeCases:
    def test_zero_hazard_every_path_runs_full_term(self):
        rent = np.array([1.0, 2.0, 3.0])
        assert np.all(termination.simulate_revenue(rent, 0.0, 0, 0, 1000, seed=1) == 6.0)

    def test_hazard_one_pays_exactly_the_certain_months(self):
        rent = np.array([1.0, 2.0, 3.0, 4.0])
        assert np.all(termination.simulate_revenue(rent, 1.0, 2, 0, 1000, seed=1) == 3.0)

    def test_termination_in_month_one(self):
        # no notice, no lock, certain notice: nothing is ever paid; closed form agrees
        rent = np.array([5.0, 5.0])
        assert np.all(termination.simulate_revenue(rent, 1.0, 0, 0, 100, seed=1) == 0.0)
        assert _closed_form(rent, 1.0, 0, 0) == 0.0

    def test_same_seed_same_draws(self):
        rent = lease.rent_schedule(1.0, 36, 2, 0.5)
        a = termination.simulate_revenue(rent, 0.05, 3, 0, 5000, seed=42)
        b = termination.simulate_revenue(rent, 0.05, 3, 0, 5000, seed=42)
        c = termination.simulate_revenue(rent, 0.05, 3, 0, 5000, seed=43)
        assert np.array_equal(a, b) and not np.array_equal(a, c)

    def test_percentiles_ordered(self):
        _, s = termination.simulate(Parameters())
        assert s.p5_usd <= s.p50_usd <= s.p95_usd and 0 <= s.full_term_share <= 1


class TestReclaim:
    def test_hand_worked(self):
        # 36 months, ramp 2 at 50%; after k = 12: forgone 24 x 1.25e9; own use 220k x 730 x 2.35 x 24
        t = termination.reclaim_cost(Parameters()).set_index("k")
        assert t.loc[12, "rent_forgone_usd"] == pytest.approx(24 * 1.25e9)
        assert t.loc[12, "own_use_value_usd"] == pytest.approx(220_000 * 730 * 2.35 * 24)
        assert t.loc[36, "rent_forgone_usd"] == 0 and t.loc[36, "net_cost_usd"] == 0
        assert t.loc[0, "rent_forgone_usd"] == pytest.approx(43.75e9)

    def test_break_even_at_the_implied_rate(self):
        # valuing a GPU-hour at exactly what Anthropic pays: reclaiming after the ramp is free
        implied = lease.implied_usd_per_gpu_hour(1.25e9, 220_000)
        t = termination.reclaim_cost(Parameters(), np.array([implied]))
        assert np.allclose(t.loc[t["k"] >= 2, "net_cost_usd"], 0.0, atol=1e-3)
