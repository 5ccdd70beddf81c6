"""colossus.model.costs: the cost formulas with hand-checked values."""
import numpy as np
import pytest

from colossus.model import costs
from colossus.inputs.params import Parameters


class TestDepreciation:
    @pytest.mark.parametrize("gpus, capex, years, expected", [
        (220_000, 40_000.0, 5.0, 146_666_666.67),   # 8.8e9 / 60
        (1, 12_000.0, 1.0, 1_000.0),
        (1_000, 60_000.0, 4.0, 1_250_000.0),        # 6e7 / 48
    ])
    def test_values(self, gpus, capex, years, expected):
        assert costs.monthly_depreciation_usd(gpus, capex, years) == pytest.approx(expected, abs=0.01)


class TestPower:
    @pytest.mark.parametrize("mw, price, expected", [
        (300.0, 70.0, 15_330_000.0),   # 300 x 730 x 70
        (1.0, 100.0, 73_000.0),
        (300.0, 0.0, 0.0),             # free power
    ])
    def test_values(self, mw, price, expected):
        assert costs.monthly_power_cost_usd(mw, price) == pytest.approx(expected)


class TestCostOfServing:
    def test_base_case_total(self):
        # 325,000 GPUs x 40,000 / 60 months; 440 MW x 730 h x 70 $/MWh; 40M other
        c = costs.monthly_cost_of_serving_usd(Parameters())
        assert c["depreciation_usd"] == pytest.approx(216_666_666.67, abs=0.01)
        assert c["power_usd"] == pytest.approx(22_484_000.0)
        assert c["cash_cost_usd"] == pytest.approx(22_484_000.0 + 40_000_000.0)
        assert c["total_usd"] == pytest.approx(279_150_666.67, abs=0.01)

    def test_margin_hand_worked(self):
        # (1.25e9 - 279,150,666.67) / 1.25e9
        c = costs.monthly_cost_of_serving_usd(Parameters())
        assert costs.operating_margin(1.25e9, c["total_usd"]) == pytest.approx(0.776679467, abs=1e-9)

    def test_breakdown_separates_cash_from_sunk(self):
        t = costs.cost_breakdown(Parameters()).set_index("Component")
        assert list(t.index) == ["Power", "Other operating costs", "Cash cost of serving", "Replacement compute",
                                 "Depreciation", "Operating profit at full rent"]
        assert t.loc["Depreciation", "Kind"].startswith("accounting")
        assert t.loc["Cash cost of serving", "USD million per month"] == "62.5"
        # 0.25 x 325,000 x 730 x 2.35 = 139,384,375
        assert t.loc["Replacement compute", "USD million per month"] == "139.4"


class TestReplacement:
    @pytest.mark.parametrize("share, gpus, rate, expected", [
        (0.0, 325_000, 2.35, 0.0),                 # idle anyway: nothing to buy back
        (1.0, 1_000, 2.0, 1_460_000.0),            # 1,000 x 730 x 2
        (0.25, 325_000, 2.35, 139_384_375.0),
    ])
    def test_values(self, share, gpus, rate, expected):
        assert costs.monthly_replacement_cost_usd(share, gpus, rate) == pytest.approx(expected)


class TestPayback:
    @pytest.mark.parametrize("capex, rent, cash, expected", [
        (300.0, [50.0, 50.0, 100.0, 100.0], 0.0, 4.0),   # exactly at month 4
        (75.0, [50.0, 50.0], 0.0, 1.5),                  # mid-month 2
        (500.0, [100.0], 0.0, None),                     # not within the term: nothing extrapolated
        (90.0, [60.0, 60.0], 15.0, 2.0),                 # net 45 a month
        (1.0, [10.0], 10.0, None),                       # no margin: never
        (0.0, [10.0], 0.0, 0.0),                         # nothing to pay back
    ])
    def test_values(self, capex, rent, cash, expected):
        got = costs.payback_months(capex, np.array(rent), cash)
        assert got == (pytest.approx(expected) if expected is not None else None)

    def test_base_case(self):
        # months 1-2 at 625M - 62.484M; then 1,187.516M a month to 13B
        first_two = 2 * (625e6 - 62.484e6)
        expected = 2 + (13e9 - first_two) / (1.25e9 - 62.484e6)
        p = Parameters()
        from colossus.model import lease
        rent = lease.schedule(p)["rent_usd"].to_numpy()
        assert costs.payback_months(13e9, rent, 62.484e6) == pytest.approx(expected)

    @pytest.mark.parametrize("payback, surv, expected", [
        (2.5, [1.0, 0.9, 0.81], 0.81),    # alive in month 3
        (2.0, [1.0, 0.9, 0.81], 0.9),     # completes exactly at the end of month 2
        (None, [1.0], None),
    ])
    def test_alive_probability(self, payback, surv, expected):
        got = costs.payback_alive_probability(payback, np.array(surv))
        assert got == (pytest.approx(expected) if expected is not None else None)


class TestPerMw:
    def test_rent_per_mw_month(self):
        assert costs.usd_per_mw_month(1.25e9, 300.0) == pytest.approx(4_166_666.67, abs=0.01)

    def test_market_per_mw_month(self):
        # 2.35 $/GPU-h x 730 h x 733.33 GPUs/MW
        assert costs.market_usd_per_mw_month(2.35, 220_000 / 300) == pytest.approx(1_258_033.33, abs=0.01)


class TestMarginGrid:
    def test_monotone(self):
        g = costs.margin_grid(Parameters(), np.array([30_000.0, 50_000.0]), np.array([4.0, 6.0]))
        m = g.set_index(["capex_per_gpu_usd", "depreciation_years"])["operating_margin"]
        assert m[(30_000.0, 6.0)] > m[(30_000.0, 4.0)] > m[(50_000.0, 4.0)]
        assert m[(30_000.0, 6.0)] > m[(50_000.0, 6.0)]
