"""The IPO positioning chapter: its charts, its phrases and its rendered page.

Phrase tables are worked by hand: the inputs, the words expected and why (a sign flip, a
value that does not exist, a boundary where a comparison turns).
"""
import json
import re

import numpy as np
import pandas as pd
import pytest

from colossus import charts, facts, ipo_text, valuation
from colossus.params import Parameters

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
    both = pd.concat([valuation.sotp(P, v).assign(leasing=v) for v in valuation.LEASING_VIEWS], ignore_index=True)
    cents = int(round(PRICE * 100))
    grid = valuation.price_grid(P, charts.axis_with([100.0, 105.0, 150.0, 200.0], PRICE, 2))
    comps = facts.multiples()
    comps = comps[~comps["label"].str.contains("EBITDA")].drop_duplicates("company", keep="last")
    comps = comps.assign(share_price_usd=valuation.multiple_range(P, comps["multiple"])["share_price_usd"].to_numpy())
    curve = valuation.multiple_range(P, np.linspace(0.0, 120.0, 13))
    values = pd.DataFrame({"label": ["Durable", "Contracted rent", "Story"],
                           "usd": [N["lease_durable_value_usd"], N["lease_contracted_revenue_usd"],
                                   N["lease_story_value_usd"]], "kind": ["durable", "cash", "story"]})
    heat = valuation.lease_value_grid(P, charts.axis_with([0.0, 0.05], 0.03, 4), charts.axis_with([0.0, 0.2], 0.10, 4))
    return {
        "share_price": charts.share_price_chart(prices, events[events["date"] >= "2026-06-11"], refs),
        "sotp": charts.sotp_chart(both, refs, facts.analyst_targets()),
        "ai_multiple": charts.ai_multiple_chart(grid, curve, comps, cents),
        "lease_values": charts.lease_values_chart(values),
        "cliff": charts.cliff_chart(valuation.cliff_table(P)),
        "heatmap": charts.lease_value_heatmap(heat),
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
    slider = {p["name"]: p for p in spec["params"]}["price_cents"]
    assert slider["value"] == 15121 and slider["bind"]["input"] == "range"
    build = [r for r in _data_values(spec) if r.get("is_build")]
    assert len(build) == 1 and build[0]["price_cents"] == 15121


def test_sotp_switch_is_a_radio_on_the_two_views():
    spec = CHARTS["sotp"].to_dict()
    found = spec.get("params", []) + [p for layer in spec["layer"] for p in layer.get("params", [])]
    params = {p["name"]: p for p in found}
    assert params["leasing_view"]["bind"]["options"] == ["durable", "story"]
    assert params["leasing_view"]["value"] == "durable"        # the story value is never the headline


def test_heatmap_outlines_exactly_the_builds_cell():
    rows = [r for r in _data_values(CHARTS["heatmap"].to_dict()) if r.get("is_build")]
    assert len(rows) == 1 and (rows[0]["h"], rows[0]["r"]) == (0.03, 0.10)


# --------------------------------------------------------------------------- phrases

class TestRelativeTo:
    @pytest.mark.parametrize("x, ref, expected", [
        (151.21, 135.0, "12.0% above"),    # 151.21 / 135 - 1 = 0.12007
        (110.0, 151.21, "27.3% below"),    # 110 / 151.21 - 1 = -0.27253
        (135.0, 135.0, "level with"),      # equal
        (135.04, 135.0, "level with"),     # +0.03%, shows as 0.0%: never "0.0% above"
        (270.0, 135.0, "100.0% above"),
    ])
    def test_table(self, x, ref, expected):
        assert ipo_text.relative_to(x, ref) == expected


class TestTargetsPhrase:
    @pytest.mark.parametrize("price, expected", [
        (151.21, "the price analysed is below every target, 26.2% below the lowest"),   # 151.21/205 - 1
        (205.0, "the price analysed is within the range of targets"),                   # the lowest itself
        (300.0, "the price analysed is within the range of targets"),                   # the highest itself
        (330.0, "the price analysed is above every target, 10.0% above the highest"),   # 330/300 - 1
    ])
    def test_table(self, price, expected):
        assert ipo_text.targets_phrase(price, 205.0, 300.0) == expected


class TestSotpPhrase:
    @pytest.mark.parametrize("sotp, price, fragment", [
        (27.58, 151.21, "81.8% below the price analysed: on these multiples the parts do not support"),
        (200.0, 100.0, "100.0% above the price analysed: on these multiples the parts are worth more"),
        (100.0, 100.0, "level with the price analysed: on these multiples the parts support the price, no more"),
        (0.0, 100.0, "$0.00 a share: net debt outweighs the parts"),          # boundary: nothing left
        (-4.0, 100.0, "-$4.00 a share: net debt outweighs the parts"),        # sign flip
    ])
    def test_table(self, sotp, price, fragment):
        assert fragment in ipo_text.sotp_phrase(sotp, price)


class TestImpliedAi:
    @pytest.mark.parametrize("value, multiple, revenue, fragment", [
        (1.7625e12, 93.553, 18.84e9, "leaves $1.76 trillion for the AI segment, 93.6x its annualised revenue"),
        (-2.0e11, -10.6, 18.84e9, "does not cover the other parts: it leaves -$200 billion"),   # price too low
        (0.0, 0.0, 18.84e9, "leaves nothing for the AI segment"),                            # boundary
        (5.0e9, None, 0.0, "no revenue to read a multiple on"),                              # no multiple
    ])
    def test_value(self, value, multiple, revenue, fragment):
        assert fragment in ipo_text.implied_ai_phrase(value, multiple, revenue)

    @pytest.mark.parametrize("multiple, expected_start", [
        (93.55, "That is above an AI lab's multiple (21.0x)"),
        (21.0, "That is between"),                  # the AI lab's multiple itself is inside the range
        (6.5, "That is between"),                   # so is the neocloud's
        (11.68, "That is between a neocloud's multiple (6.5x) and an AI lab's (21.0x), closer to a neocloud's"),
        (11.69, "That is between a neocloud's multiple (6.5x) and an AI lab's (21.0x), closer to an AI lab's"),
        (3.0, "That is below a neocloud's multiple"),
        (-1.0, "The price puts no value on the AI segment"),   # negative multiple: no "3x below" nonsense
    ])
    def test_reading(self, multiple, expected_start):
        reading = valuation.ai_reading(multiple, 6.5, 21.0)   # sqrt(6.5 x 21) = 11.683
        assert ipo_text.reading_phrase(reading, multiple, 6.5, 21.0).startswith(expected_start)

    def test_reading_without_multiple_or_range(self):
        assert "no AI revenue" in ipo_text.reading_phrase(None, None, 6.5, 21.0)
        assert "no range" in ipo_text.reading_phrase(None, 12.0, 25.0, 21.0)


class TestStoryPhrases:
    @pytest.mark.parametrize("story, durable, ratio, fragment", [
        (97.5e9, 20.9e9, 97.5 / 20.9, "4.7x the durable value"),
        (10.0e9, 20.9e9, 10 / 20.9, "0.5x the durable value: here the multiple says less"),
        (97.5e9, 0.0, None, "durable value is nil"),
        (97.5e9, -3.0e9, None, "durable value is negative"),
        (0.0, 20.9e9, 0.0, "nothing, against a positive durable value"),
    ])
    def test_story_vs_durable(self, story, durable, ratio, fragment):
        assert fragment in ipo_text.story_vs_durable_phrase(story, durable, ratio)

    @pytest.mark.parametrize("story, fragment", [
        (97.5e9, "more than the $45 billion of rent"),     # 97.5 > 45: above the undiscounted cash
        (45.0e9, "as much as the $45 billion"),            # boundary: equal to the gross rent
        (40.0e9, "less than the $45 billion of rent the whole contract would pay, undiscounted, but more than"),
        (37.5e9, "within the $37.5 billion"),              # boundary: equal to the most the net cash can be
        (0.0, "within the $37.5 billion"),
    ])
    def test_story_vs_cash(self, story, fragment):
        assert fragment in ipo_text.story_vs_cash_phrase(story, 45.0e9, 37.5e9)


class TestCliffAndVerdict:
    @pytest.mark.parametrize("cliff, fragment", [
        (1.5569, "would take $1.56 a share off the value: 1.0% of the price analysed"),
        (-0.12, "would add $0.12 a share to the value (1.0% of the price analysed"),   # sign flip: shares shown positive
        (0.0, "would not change the value per share"),
    ])
    def test_cliff(self, cliff, fragment):
        sign = 1 if cliff > 0 else -1
        text = ipo_text.cliff_phrase(cliff, sign * 0.0103, sign * 0.0115, sign * 0.0097)
        assert fragment in text and "-0." not in text and "-1." not in text

    @pytest.mark.parametrize("durable, story, price, fragment", [
        (1.5569, 7.2569, 151.21, "Even the story value, 4.8% of the price, leaves $143.95"),   # 151.21 - 7.2569
        (3.0, 1.0, 151.21, "The story value is smaller still"),       # story below durable: no "even"
        (75.6, 166.3, 151.21, "The story value alone, 110.0% of the price, would cover it"),
        (151.21, 160.0, 151.21, "can carry the whole price analysed: its durable value is $151.21"),
        (181.0, 200.0, 151.21, "the whole price analysed and more"),
        (0.0, 7.0, 151.21, "durable value is nil"),
        (-1.5, 7.0, 151.21, "durable value is negative (-$1.50 a share)"),
    ])
    def test_verdict(self, durable, story, price, fragment):
        assert fragment in ipo_text.verdict(durable, story, price)

    @pytest.mark.parametrize("durable, implied, fragment", [
        (20.9e9, 1.76e12, "covers 1.2% of it"),
        (30.0e9, 20.0e9, "covers all of it"),
        (0.0, 1.76e12, "worth nothing once its costs are counted"),
        (-1.0e9, 1.76e12, "worth less than nothing"),
        (20.9e9, 0.0, "implies no value for the AI segment"),
        (20.9e9, -5.0e10, "implies no value for the AI segment"),
    ])
    def test_lease_share_of_ai(self, durable, implied, fragment):
        assert fragment in ipo_text.lease_share_of_ai_phrase(durable, implied)


@pytest.mark.parametrize("low, high, fragment", [
    (0.52, 2.79, "positive in every cell"),
    (0.0, 2.79, "never negative"),
    (-0.5, 1.2, "negative in some cells, positive in others"),
    (-1.44, -0.12, "negative in every cell"),
])
def test_grid_range_phrase(low, high, fragment):
    assert fragment in ipo_text.grid_range_phrase(low, high)


@pytest.mark.parametrize("cursor, expected", [
    (389.3e6, "389.3 million new shares, 2.9% of the diluted count"),   # 389.3M / 13,435.6M = 2.90%
    (0.0, "no new shares (the parameter is set to zero)"),
])
def test_cursor_phrase(cursor, expected):
    assert ipo_text.cursor_phrase(cursor, 13_046_262_963.0 + cursor).startswith(expected)


def test_sourced_flags_a_value_that_is_not_the_reported_one():
    assert ipo_text.sourced("$135.00", 135.0, 135.0, "$135.00", "[c]") == "$135.00 [c]"
    assert "this build's value; reported: $135.00 [c]" in ipo_text.sourced("$140.00", 140.0, 135.0, "$135.00", "[c]")


@pytest.mark.parametrize("price, fragment", [
    (151.21, "the latest close in the facts"),
    (110.0, "a price set for this build, 27.3% below the latest close"),
])
def test_analysed_price_phrase(price, fragment):
    assert fragment in ipo_text.analysed_price_phrase(price, 151.21, "11 September 2026")


# --------------------------------------------------------------------------- the rendered page

def _text(html: str) -> str:
    body = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    body = re.sub(r"<style.*?</style>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def test_ipo_page_is_built_and_clean(book):
    html = book.page("chapters/ipo.html")
    text = _text(html)
    assert "IPO positioning" in text
    for bad in ("nan", "None", "inf", "$-", "{glue", "glue:", "n/a"):
        assert not re.search(rf"(?<![A-Za-z]){re.escape(bad)}(?![A-Za-z])", text), bad
    assert html.count('class="colossus-chart"') == 6


def test_ipo_page_shows_the_builds_numbers(book):
    text = _text(book.page("chapters/ipo.html"))
    k = book.key_numbers
    assert ipo_text.per_share(k["lease_durable_value_per_share_usd"]) in text
    assert ipo_text.per_share(k["sotp_value_per_share_usd"]) in text
    assert f"{k['price_implied_ai_ev_revenue_multiple']:.1f}x" in text
