"""colossus.model.termination: the simulator against the closed form, edge cases, reclaiming."""
import time

import numpy as np
import pytest

from colossus.model import lease, termination
from colossus.inputs.params import Parameters


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
        paid = termination.simulate_paid_months(len(rent), h, notice, lock, 100_000, seed=7)
        rev = termination.revenue_after(rent, paid)
        s = termination.summarize(rev, paid, len(rent))
        assert abs(s.mean_usd - _closed_form(rent, h, notice, lock)) <= 3 * s.std_error_usd

    def test_exact_mean_is_the_closed_form(self, h=0.05):
        rent = lease.rent_schedule(1.25e9, 36, 2, 0.5)
        d = termination.exact_distribution(rent, h, 3, 3)
        assert d.mean_usd == pytest.approx(_closed_form(rent, h, 3, 3))


class TestExactLaw:
    @pytest.mark.parametrize("months, h, notice, lock, expected", [
        (4, 0.5, 2, 0, {2: 0.5, 3: 0.25, 4: 0.25}),
        (3, 0.0, 0, 0, {3: 1.0}),                      # no notice ever: the full term
        (3, 1.0, 0, 0, {0: 1.0}),                      # ends before the first month
        (5, 1.0, 3, 3, {3: 1.0}),                      # only the certain months
        (2, 0.5, 6, 0, {2: 1.0}),                      # notice longer than the term
    ])
    def test_hand_worked(self, months, h, notice, lock, expected):
        law = termination.paid_months_law(months, h, notice, lock)
        assert dict(zip(law["paid_months"], law["probability"])) == pytest.approx(expected)
        assert law["probability"].sum() == pytest.approx(1.0)

    def test_quantiles_are_realised_outcomes(self):
        rent = lease.rent_schedule(1.0, 37, 2, 0.5)
        law = termination.revenue_law(rent, 0.03, 3, 3)
        outcomes = set(law["revenue_usd"])
        for q in (0.05, 0.5, 0.95):
            assert termination.law_quantile(law, q) in outcomes

    def test_quantile_definition(self):
        # P(R <= 3) = 0.5 >= 0.5, so the median is 3, and 4 from just above 0.5
        import pandas as pd
        law = pd.DataFrame({"revenue_usd": [3.0, 4.0, 9.0], "cumulative": [0.5, 0.8, 1.0]})
        assert termination.law_quantile(law, 0.5) == 3.0 and termination.law_quantile(law, 0.500001) == 4.0


class TestEdgeCases:
    def test_zero_hazard_every_path_runs_full_term(self):
        assert np.all(termination.simulate_paid_months(3, 0.0, 0, 0, 1000, seed=1) == 3)

    def test_hazard_one_pays_exactly_the_certain_months(self):
        assert np.all(termination.simulate_paid_months(4, 1.0, 2, 0, 1000, seed=1) == 2)

    def test_termination_in_month_one(self):
        # no notice, no lock, certain notice: nothing is ever paid; closed form agrees
        assert np.all(termination.simulate_paid_months(2, 1.0, 0, 0, 100, seed=1) == 0)
        assert _closed_form(np.array([5.0, 5.0]), 1.0, 0, 0) == 0.0

    def test_same_seed_same_draws(self):
        a = termination.simulate_paid_months(36, 0.05, 3, 0, 5000, seed=42)
        b = termination.simulate_paid_months(36, 0.05, 3, 0, 5000, seed=42)
        c = termination.simulate_paid_months(36, 0.05, 3, 0, 5000, seed=43)
        assert np.array_equal(a, b) and not np.array_equal(a, c)

    def test_percentiles_ordered(self):
        _, d = termination.distribution(Parameters())
        assert d.p5_usd <= d.p50_usd <= d.p95_usd and 0 <= d.full_term_probability <= 1


class TestReclaim:
    @staticmethod
    def _no_hazard(**lease):
        from colossus.inputs.loading import validate
        return validate({"lease": {"monthly_notice_probability": 0.0, **lease}, "finance": {"discount_rate_annual": 0.0}})

    def test_hand_worked_without_hazard_or_discount(self):
        # 37 months, ramp 2 at 50%; alive for sure; after k = 12: forgone 25 x 1.25e9;
        # own use 325k x 730 x v x 25 with v = 2.35 x 1.25 x 0.85
        p = self._no_hazard()
        t = termination.reclaim_cost(p).set_index("k")
        v = 2.35 * 1.25 * 0.85
        assert t.loc[12, "rent_forgone_usd"] == pytest.approx(25 * 1.25e9)
        assert t.loc[12, "own_use_value_usd"] == pytest.approx(325_000 * 730 * v * 25)
        assert t.loc[0, "rent_forgone_usd"] == pytest.approx(45e9)
        assert t.index.max() == 36 and t.loc[36, "rent_forgone_usd"] == pytest.approx(1.25e9)

    def test_conditional_on_being_alive(self):
        # with hazard, the value at k is conditional on S(k): at k = certain months the
        # forgone rent equals the undiscounted expected rent of the rest / S(k) with S(k) = 1
        from colossus.inputs.loading import validate
        p = validate({"finance": {"discount_rate_annual": 0.0}})
        t = termination.reclaim_cost(p).set_index("k")
        sched = lease.schedule(p)
        rest = (sched["rent_usd"] * sched["survival"]).to_numpy()[3:].sum()
        assert t.loc[3, "alive_probability"] == 1.0
        assert t.loc[3, "rent_forgone_usd"] == pytest.approx(rest)
        s10 = sched["survival"].iloc[9]
        rest10 = (sched["rent_usd"] * sched["survival"]).to_numpy()[10:].sum() / s10
        assert t.loc[10, "rent_forgone_usd"] == pytest.approx(rest10)

    def test_rows_only_where_alive(self):
        from colossus.inputs.loading import validate
        p = validate({"lease": {"monthly_notice_probability": 1.0}})
        t = termination.reclaim_cost(p)
        assert t["k"].tolist() == [0, 1, 2, 3]      # alive at k <= 3 only (certain months)

    def test_break_even_at_the_implied_rate(self):
        # valuing a GPU-hour at exactly what Anthropic pays: reclaiming after the ramp is free
        p = Parameters()
        implied = lease.implied_usd_per_gpu_hour(p.lease.monthly_rent_usd, p.lease.gpus)
        t = termination.reclaim_cost(p, np.array([implied]))
        assert np.allclose(t.loc[t["k"] >= 2, "net_cost_usd"], 0.0, atol=1e-2)


def test_tiny_hazard_does_not_overflow():
    """Regression (found by the property tests): h = 1e-114 made ``rng.geometric`` wrap
    around int64 and index the revenue with a negative month."""
    paid = termination.simulate_paid_months(3, 1.2467916985070808e-114, 0, 2, 1000, seed=0)
    assert (paid == 3).all()
