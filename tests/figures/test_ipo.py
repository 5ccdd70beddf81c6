"""colossus.figures.ipo: the charts of "IPO positioning" validate, carry the build's numbers,
and their controls start on this build's values.
"""
import numpy as np
import pandas as pd
import pytest

from colossus.figures import charts
from colossus.figures import ipo as ipo_figures
from colossus.inputs import facts
from colossus.inputs.params import Parameters
from colossus.model import valuation, valuation_lease, valuation_parts

P = Parameters()
N = valuation.valuation_numbers(P)
PRICE = P.valuation.share_price_usd


# --------------------------------------------------------------------------- charts

def _data_values(spec: dict) -> list[dict]:
    """Every inline data row of a spec (top level and layers, datasets included)."""
    rows = []
    for values in spec.get("datasets", {}).values():
        rows += values
    return rows


def ipo_charts() -> dict:
    prices = facts.share_prices()
    _, events, _ = facts.load_all()
    refs = pd.DataFrame({"label": ["IPO price", "first close", "price analysed"],
                         "price_usd": [P.valuation.ipo_price_usd, P.valuation.first_close_usd, PRICE]})
    both = pd.concat([valuation_parts.sotp(P, v).assign(leasing=v) for v in valuation_parts.LEASING_VIEWS],
                     ignore_index=True)
    cents = int(round(PRICE * 100))
    grid = valuation_parts.price_grid(P, valuation_parts.price_axis(PRICE))
    comps = facts.multiples()
    comps = comps[~comps["label"].str.contains("EBITDA")].drop_duplicates("company", keep="last")
    comps = comps.assign(
        share_price_usd=valuation_parts.multiple_range(P, comps["multiple"])["share_price_usd"].to_numpy())
    curve = valuation_parts.multiple_range(P, np.linspace(0.0, 120.0, 13))
    values = pd.DataFrame({"label": ["Durable", "Contracted rent", "Story"],
                           "usd": [N["lease_durable_value_usd"], N["lease_contracted_revenue_usd"],
                                   N["lease_story_value_usd"]], "kind": ["durable", "cash", "story"]})
    heat = valuation_lease.lease_value_grid(P, charts.axis_with([0.0, 0.05], 0.03, 4),
                                            charts.axis_with([0.0, 0.2], 0.10, 4))
    return {
        "share_price": ipo_figures.share_price_chart(prices, events[events["date"] >= "2026-06-11"], refs),
        "sotp": ipo_figures.sotp_chart(both, refs, facts.analyst_targets()),
        "ai_multiple": ipo_figures.ai_multiple_chart(grid, curve, comps, cents),
        "lease_values": ipo_figures.lease_values_chart(values),
        "cliff": ipo_figures.cliff_chart(valuation_lease.cliff_table(P)),
        "heatmap": ipo_figures.lease_value_heatmap(heat),
    }


CHARTS = ipo_charts()


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_spec_validates_and_is_described(name):
    spec = CHARTS[name].to_dict(validate=True)
    assert spec.get("description")


@pytest.mark.parametrize("name, key, value", [
    ("share_price", "price_usd", PRICE),                                  # the build's price as a rule
    ("share_price", "price_usd", 225.64),                                 # the reported high
    ("sotp", "usd", N["sotp_value_per_share_usd"]),                       # the durable SOTP label
    ("sotp", "usd", N["sotp_value_per_share_story_usd"]),                 # the story SOTP label
    ("sotp", "usd", 300.0),                                               # Morgan Stanley's target
    ("ai_multiple", "implied_ai_multiple", N["price_implied_ai_ev_revenue_multiple"]),
    ("lease_values", "usd", N["lease_durable_value_usd"]),
    ("lease_values", "usd", N["lease_story_value_usd"]),
    ("cliff", "cliff_per_share_usd", N["termination_cliff_per_share_usd"]),
    ("cliff", "share_of_price", N["termination_cliff_share_of_share_price"]),
    ("heatmap", "durable_value_per_share_usd", N["lease_durable_value_per_share_usd"]),
])
def test_chart_data_carries_the_builds_numbers(name, key, value):
    rows = _data_values(CHARTS[name].to_dict())
    assert any(key in r and r[key] is not None and r[key] == pytest.approx(value, rel=1e-12) for r in rows), (name, key)


def test_price_slider_starts_on_the_builds_price_and_hits_it():
    spec = CHARTS["ai_multiple"].to_dict()
    slider = {p["name"]: p for p in spec["params"]}["share_price"]
    assert slider["value"] == PRICE and slider["bind"]["input"] == "range"
    build = [r for r in _data_values(spec) if r.get("is_build")]
    assert len(build) == 1 and build[0]["price_cents"] == round(PRICE * 100)


def test_price_slider_counts_in_dollars_and_reaches_whole_dollars():
    # the slider moves in whole dollars, so $150.00 can be picked, and a row exists for it
    spec = CHARTS["ai_multiple"].to_dict()
    bind = {p["name"]: p for p in spec["params"]}["share_price"]["bind"]
    assert bind["step"] == 1 and float(bind["min"]).is_integer() and "USD" in bind["name"]
    grid = valuation_parts.price_grid(P, valuation_parts.price_axis(PRICE))
    assert 15000 in set(grid["price_cents"]) and round(PRICE * 100) in set(grid["price_cents"])
    assert set(range(100, int(grid["share_price_usd"].max()) * 100 + 1, 100)) <= set(grid["price_cents"])


def test_sotp_switch_is_a_radio_on_the_two_views():
    spec = CHARTS["sotp"].to_dict()
    found = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    params = {p["name"]: p for p in found}
    assert params["leasing_view"]["bind"]["options"] == ["durable", "story"]
    assert params["leasing_view"]["value"] == "durable"        # the story value is never the headline


def test_heatmap_outlines_exactly_the_builds_cell():
    rows = [r for r in _data_values(CHARTS["heatmap"].to_dict()) if r.get("is_build")]
    assert len(rows) == 1 and (rows[0]["h"], rows[0]["r"]) == (0.03, 0.10)
