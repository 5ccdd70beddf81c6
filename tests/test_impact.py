"""colossus.impact: hand-checked values."""
import pytest

from colossus import impact, params
from colossus.keynumbers import key_numbers


@pytest.mark.parametrize("rent, loss, expected", [
    (3.75e9, 2.47e9, 3.75 / 2.47),   # base: Q1 2026 loss of the AI segment
    (3.0, 3.0, 1.0),
    (1.0, 0.0, None),                # nothing to cover
])
def test_loss_coverage(rent, loss, expected):
    got = impact.loss_coverage(rent, loss)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_base_case_numbers():
    n = key_numbers(params.resolve().parameters)
    assert n["quarterly_rent_usd"] == 3.75e9
    assert n["rent_uplift_of_spacex_q1_2026_revenue"] == pytest.approx(3.75e9 / 4.69e9)
    assert n["rent_value_at_neocloud_multiple_usd"] == pytest.approx(15e9 * 6.5)
    assert n["rent_value_share_of_ipo_valuation"] == pytest.approx(97.5e9 / 1.75e12)


@pytest.mark.parametrize("key, number", [
    ("spacex.q1_2026_revenue_usd=9.38e9", "rent_uplift_of_spacex_q1_2026_revenue"),
    ("valuation.neocloud_ev_revenue_multiple=13", "rent_value_at_neocloud_multiple_usd"),
    ("valuation.ipo_valuation_usd=3.5e12", "rent_value_share_of_ipo_valuation"),
    ("xai.q1_2026_operating_loss_usd=4.94e9", "quarterly_rent_share_of_xai_q1_2026_loss"),
])
def test_every_company_parameter_moves_a_number(key, number):
    base = key_numbers(params.resolve().parameters)[number]
    moved = key_numbers(params.resolve(sets=[key]).parameters)[number]
    assert moved == pytest.approx(base * 2) or moved == pytest.approx(base / 2)
