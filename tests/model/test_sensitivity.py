"""colossus.model.sensitivity: the tornado, the scenarios side by side and the weighted value.

Expected values are worked out by hand from toy outputs whose dependence on the
parameters is known, then checked against the model on known facts of its structure.
"""
from __future__ import annotations

import math

import pytest

from colossus.model import keynumbers, sensitivity
from colossus.inputs.params import Parameters, spec
from colossus.inputs.loading import ParameterError, validate


def rate_and_rent(p: Parameters) -> dict[str, float]:
    """A toy output: the discount rate, and the monthly rent (which no assumption sets)."""
    return {"rate": p.finance.discount_rate_annual, "rent": p.lease.monthly_rent_usd}


class TestTornadoTable:
    def test_hand_checked_changes_and_swing(self):
        # base 10%, bear 14%, bull 8%: +0.04 and -0.02, a swing of 0.06
        t = sensitivity.tornado_table(Parameters(), rate_and_rent, [spec("finance.discount_rate_annual")])
        row = t[t["output"] == "rate"].iloc[0]
        assert row["bear_change"] == pytest.approx(0.04)
        assert row["bull_change"] == pytest.approx(-0.02)
        assert row["swing"] == pytest.approx(0.06)
        assert (row["at_build"], row["at_bear"], row["at_bull"]) == pytest.approx((0.10, 0.14, 0.08))

    def test_an_assumption_that_does_not_enter_an_output_has_zero_swing(self):
        t = sensitivity.tornado_table(Parameters(), rate_and_rent, [spec("finance.discount_rate_annual")])
        row = t[t["output"] == "rent"].iloc[0]
        assert (row["bear_change"], row["bull_change"], row["swing"]) == (0.0, 0.0, 0.0)

    def test_same_sign_changes_span_from_zero(self):
        # a toy output (r - 0.11)^2 falls for both ends: at 14% +0.0009-0.0001, at 8% +0.0009-0.0001
        def bowl(p):
            return {"y": (p.finance.discount_rate_annual - 0.11) ** 2}
        t = sensitivity.tornado_table(Parameters(), bowl, [spec("finance.discount_rate_annual")])
        row = t.iloc[0]
        assert row["bear_change"] == pytest.approx(0.0009 - 0.0001)
        assert row["bull_change"] == pytest.approx(0.0009 - 0.0001)
        assert row["swing"] == pytest.approx(0.0008)  # max(0, 8e-4, 8e-4) - min(0, ...)

    def test_at_its_bear_value_the_bear_change_is_zero(self):
        p = validate({"finance": {"discount_rate_annual": 0.14}})
        t = sensitivity.tornado_table(p, rate_and_rent, [spec("finance.discount_rate_annual")])
        row = t[t["output"] == "rate"].iloc[0]
        assert row["bear_change"] == 0.0 and row["bull_change"] == pytest.approx(-0.06)

    def test_a_value_that_does_not_fit_is_flagged_not_raised(self):
        # the bear end of Reflection's contract (2027-06) cannot precede a start set later
        p = validate({"tenants": {"reflection_start": "2028-01", "reflection_end": "2029-06"}})
        t = sensitivity.tornado_table(p, rate_and_rent, [spec("tenants.reflection_end")])
        assert not t["valid"].any()
        assert t["bear_change"].isna().all() and (t["bull_change"] == 0.0).all()

    def test_model_signs(self):
        """With the real model: a likelier notice lowers the lease NPV, a rarer one raises
        it; net cash does not enter the NPV; a higher discount rate lowers the NPV and
        does not touch the undiscounted net contribution."""
        t = sensitivity.tornado_table(Parameters())
        row = lambda name, out: t[(t["parameter"] == name) & (t["output"] == out)].iloc[0]  # noqa: E731
        h = row("lease.monthly_notice_probability", "npv_expected_revenue_usd")
        assert h["bear_change"] < 0 < h["bull_change"]
        assert row("valuation.net_cash_usd", "npv_expected_revenue_usd")["swing"] == 0.0
        r = row("finance.discount_rate_annual", "npv_expected_revenue_usd")
        assert r["bear_change"] < 0 < r["bull_change"]
        assert row("finance.discount_rate_annual", "anthropic_net_contribution_usd")["swing"] == 0.0
        # more net cash leaves less of the price to AI: the bull (more cash) lowers the multiple
        m = row("valuation.net_cash_usd", "price_implied_ai_ev_revenue_multiple")
        assert m["bull_change"] < 0 < m["bear_change"]

    def test_sorted_by_swing_within_each_output(self):
        t = sensitivity.tornado_table(Parameters())
        assert list(dict.fromkeys(t["output"])) == list(sensitivity.MAIN_OUTPUTS)
        for _, rows in t.groupby("output", sort=False):
            swings = rows["swing"].tolist()
            assert swings == sorted(swings, reverse=True)
        assert len(t) == len(sensitivity.varied_assumptions()) * len(sensitivity.MAIN_OUTPUTS)


class TestMainOutputs:
    @pytest.mark.parametrize("data", [{}, {"lease": {"monthly_notice_probability": 0.08}},
                                      {"xai": {"products_revenue_run_rate_usd": 0.0}}])
    def test_equal_to_the_key_numbers(self, data):
        p = validate(data)
        n = keynumbers.key_numbers(p)
        for key, value in sensitivity.main_outputs(p).items():
            if n[key] is None:
                assert math.isnan(value)
            else:
                assert value == pytest.approx(n[key], rel=1e-12)


class TestWeightedValue:
    @pytest.mark.parametrize("weights, expected", [
        ({"base": 1, "bull": 1, "bear": 1}, 10.0),           # (10 + 20 + 0) / 3
        ({"base": 2, "bull": 1, "bear": 1}, 10.0),           # (20 + 20 + 0) / 4
        ({"base": 0, "bull": 3, "bear": 1}, 15.0),           # (60 + 0) / 4
        ({"base": 0.5, "bull": 0.5, "bear": 0}, 15.0),       # weights need not sum to one
    ])
    def test_hand_checked(self, weights, expected):
        assert sensitivity.weighted_value({"base": 10.0, "bull": 20.0, "bear": 0.0}, weights) == pytest.approx(expected)

    @pytest.mark.parametrize("weights", [{"base": 0, "bull": 0}, {"base": -1, "bull": 2}])
    def test_bad_weights(self, weights):
        with pytest.raises(ValueError):
            sensitivity.weighted_value({"base": 1.0, "bull": 2.0}, weights)

    def test_a_weighted_scenario_needs_a_value(self):
        with pytest.raises(ValueError, match="bear"):
            sensitivity.weighted_value({"base": 1.0, "bear": None}, {"base": 1, "bear": 1})
        assert sensitivity.weighted_value({"base": 1.0, "bear": None}, {"base": 1, "bear": 0}) == 1.0


class TestScenarioTable:
    def test_scenarios_equal_their_own_resolution(self):
        from colossus.inputs.loading import resolve
        got = sensitivity.scenario_key_numbers()
        assert list(got) == ["base", "bull", "bear"]
        for name in got:
            assert got[name] == keynumbers.key_numbers(resolve(name).parameters, name)
        table = sensitivity.scenario_table(got)
        assert list(table.columns) == ["base", "bull", "bear"]
        assert table.loc["npv_expected_revenue_usd", "bull"] > table.loc["npv_expected_revenue_usd", "bear"]

    def test_csv_round_trip(self):
        import io

        import pandas as pd
        table = sensitivity.scenario_table({"base": {"a": 1.5, "b": None}, "this build": {"a": 2.0, "b": None}})
        back = pd.read_csv(io.StringIO(sensitivity.scenario_csv(table)))
        assert list(back.columns) == ["key", "base", "this_build"]
        assert back.loc[0, "this_build"] == 2.0 and math.isnan(back.loc[1, "base"])


def test_with_value_validates():
    with pytest.raises(ParameterError):
        sensitivity.with_value(Parameters(), "finance.discount_rate_annual", 2.0)


def test_charts_validate():
    """Both chart functions return specs that validate, with a description; the weights
    spec computes the weighted mean from the three scenario values it holds."""
    import pandas as pd

    from colossus.figures import charts_scenarios
    p = Parameters()
    spec_t = charts_scenarios.tornado_chart(sensitivity.tornado_table(p)).to_dict()
    assert "lease.monthly_notice_probability" in spec_t["description"]
    values = pd.DataFrame([{"output": "npv_expected_revenue_usd", "label": "NPV", "base": 2e9, "bull": 3e9,
                            "bear": 1e9, "this build": 2e9}])
    spec_w = charts_scenarios.scenario_weights_chart(values, {"base": 2, "bull": 1, "bear": 1}).to_dict()
    assert spec_w["description"]
    assert {prm["name"] for prm in spec_w["params"]} == {"w_base", "w_bull", "w_bear"}
    assert "w_base * datum['base']" in str(spec_w)


def test_anchor_parameters_are_what_the_anchor_check_reads():
    """with_value skips the anchor check unless the changed parameter is one it reads: the
    list must name every parameter check_anchor reads (read from its source)."""
    import inspect
    import re

    from colossus.inputs import loading

    src = inspect.getsource(loading.check_anchor)
    read = {f"xai.{name}" for name in re.findall(r"\bX\.(\w+)", src)}
    read |= {f"model.{name}" for name in re.findall(r"\bp\.model\.(\w+)", src)}
    assert read and read <= sensitivity.ANCHOR_PARAMETERS
    assert "X = p.xai" in src


def test_with_value_still_checks_a_changed_anchor():
    from colossus.inputs.loading import ParameterError

    with pytest.raises(ParameterError, match="model.anchor_quarter"):
        sensitivity.with_value(Parameters(), "model.anchor_quarter", "2019Q1")
