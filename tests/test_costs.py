"""colossus.costs: the cost formulas with hand-checked values."""
import numpy as np
import pytest

from colossus import costs
from colossus.params import Parameters


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
        c = costs.monthly_cost_of_serving_usd(Parameters())
        assert c["depreciation_usd"] == pytest.approx(146_666_666.67, abs=0.01)
        assert c["power_usd"] == pytest.approx(15_330_000.0)
        assert c["cash_cost_usd"] == pytest.approx(15_330_000.0 + 40_000_000.0)
        assert c["total_usd"] == pytest.approx(201_996_666.67, abs=0.01)

    def test_margin_hand_worked(self):
        # (1.25e9 - 201,996,666.67) / 1.25e9
        c = costs.monthly_cost_of_serving_usd(Parameters())
        assert costs.operating_margin(1.25e9, c["total_usd"]) == pytest.approx(0.838402667, abs=1e-9)

    def test_breakdown_sums(self):
        t = costs.cost_breakdown(Parameters())
        assert list(t["Component"])[:4] == ["Depreciation", "Power", "Other operating costs", "Total cost of serving"]


class TestPayback:
    @pytest.mark.parametrize("capex, rent, cash, full, expected", [
        (300.0, [50.0, 50.0, 100.0, 100.0], 0.0, None, 4.0),   # exactly at month 4
        (75.0, [50.0, 50.0], 0.0, None, 1.5),                  # mid-month 2
        (500.0, [100.0], 0.0, 100.0, 5.0),                     # after the term at full rent
        (90.0, [60.0, 60.0], 15.0, None, 2.0),                 # net 45 a month
        (1.0, [10.0], 10.0, None, None),                       # no margin: never
    ])
    def test_values(self, capex, rent, cash, full, expected):
        got = costs.payback_months(capex, np.array(rent), cash, full)
        assert got == (pytest.approx(expected) if expected is not None else None)

    def test_base_case(self):
        # months 1-2 net 625M - 55.33M; then 1,194.67M a month to 8.8B
        first_two = 2 * (625e6 - 55.33e6)
        expected = 2 + (8.8e9 - first_two) / (1.25e9 - 55.33e6)
        p = Parameters()
        from colossus import lease
        rent = lease.schedule(p)["rent_usd"].to_numpy()
        assert costs.payback_months(8.8e9, rent, 55.33e6, 1.25e9) == pytest.approx(expected)


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
