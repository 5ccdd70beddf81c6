"""The IPO positioning chapter: its phrases and its rendered page (its charts are tested in
``tests/figures/test_ipo.py``, its page model in ``test_ipo_page.py``).

Phrase tables are worked by hand: the inputs, the words expected and why (a sign flip, a
value that does not exist, a boundary where a comparison turns).
"""
import re

import pandas as pd
import pytest

from colossus.words import sources
from colossus.inputs import facts
from colossus.words import ipo_parts_text, ipo_text, ipo_value_text, report
from colossus.model import valuation_parts


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
        assert fragment in ipo_parts_text.sotp_phrase(sotp, price)


class TestImpliedAi:
    @pytest.mark.parametrize("value, multiple, revenue, fragment", [
        (1.7625e12, 93.553, 18.84e9, "leaves $1.76 trillion for the AI segment, 93.6x its annualised revenue"),
        (-2.0e11, -10.6, 18.84e9, "does not cover the other parts: it leaves -$200 billion"),   # price too low
        (0.0, 0.0, 18.84e9, "leaves nothing for the AI segment"),                            # boundary
        (5.0e9, None, 0.0, "no revenue to read a multiple on"),                              # no multiple
    ])
    def test_value(self, value, multiple, revenue, fragment):
        assert fragment in ipo_parts_text.implied_ai_phrase(value, multiple, revenue)

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
        reading = valuation_parts.ai_reading(multiple, 6.5, 21.0)   # sqrt(6.5 x 21) = 11.683
        assert ipo_parts_text.reading_phrase(reading, multiple, 6.5, 21.0).startswith(expected_start)

    def test_reading_without_multiple_or_range(self):
        assert "no AI revenue" in ipo_parts_text.reading_phrase(None, None, 6.5, 21.0)
        assert "no range" in ipo_parts_text.reading_phrase(None, 12.0, 25.0, 21.0)


class TestStoryPhrases:
    @pytest.mark.parametrize("story, durable, ratio, fragment", [
        (97.5e9, 20.9e9, 97.5 / 20.9, "4.7x the durable value"),
        (10.0e9, 20.9e9, 10 / 20.9, "0.5x the durable value: here the multiple says less"),
        (97.5e9, 0.0, None, "durable value is nil"),
        (97.5e9, -3.0e9, None, "durable value is negative"),
        (0.0, 20.9e9, 0.0, "nothing, against a positive durable value"),
    ])
    def test_story_vs_durable(self, story, durable, ratio, fragment):
        assert fragment in ipo_value_text.story_vs_durable_phrase(story, durable, ratio)

    @pytest.mark.parametrize("durable, why, expected_end", [
        # far build A: V_d = -$596 million, rent 300 > cash 172.5 but < cash + replacement 421.4
        (-596e6, ipo_text.REASON_REPLACEMENT, "durable value is negative: " + ipo_text.REASON_REPLACEMENT),
        # far build C: nil because nothing is expected to be paid, not because of costs
        (0.0, ipo_text.REASON_NO_RENT, "durable value is nil: " + ipo_text.REASON_NO_RENT),
        (0.0, "", "durable value is nil"),
    ])
    def test_story_vs_durable_ends_on_its_reason(self, durable, why, expected_end):
        # the reason ends the phrase: the chapter starts a new sentence after it, so nothing
        # about the contract's cash can read as describing the reason
        text = ipo_value_text.story_vs_durable_phrase(23.4e9, durable, None, why)
        assert text.endswith(expected_end) and "serving it costs more" not in text

    @pytest.mark.parametrize("story, fragment", [
        (97.5e9, "more than the $45 billion of rent"),     # 97.5 > 45: above the undiscounted cash
        (45.0e9, "as much as the $45 billion"),            # boundary: equal to the gross rent
        (40.0e9, "less than the $45 billion of rent the rest of the contract would pay, undiscounted, but more than"),
        (37.5e9, "within the $37.5 billion"),              # boundary: equal to the most the net cash can be
        (0.0, "nil, so it claims none"),                   # no story at all: not "within"
    ])
    def test_story_vs_cash(self, story, fragment):
        assert fragment in ipo_value_text.story_vs_cash_phrase(story, 45.0e9, 37.5e9)



class TestCliffAndVerdict:
    @pytest.mark.parametrize("cliff, fragment", [
        (1.5569, "would take $1.56 a share off the value: 1.0% of the price analysed"),
        (-0.12, "would add $0.12 a share to the value (1.0% of the price analysed"),   # sign flip: shares shown positive
        (0.0, "would not change the value per share"),
    ])
    def test_cliff(self, cliff, fragment):
        sign = 1 if cliff > 0 else -1
        text = ipo_value_text.cliff_phrase(cliff, sign * 0.0103, sign * 0.0115, sign * 0.0097)
        assert fragment in text and "-0." not in text and "-1." not in text

    def test_negative_cliff_far_build_a(self):
        # A: -$0.0444 a share over $18 (0.247%), $135 (0.033%) and $161 (0.028%): the last two
        # are nonzero and round to 0.0%, so they read "less than 0.1%"; the reason is computed
        text = ipo_value_text.cliff_phrase(-0.0444, -0.0444 / 18, -0.0444 / 135, -0.0444 / 161, ipo_text.REASON_REPLACEMENT)
        assert "(0.2% of the price analysed, less than 0.1% of the IPO price and less than 0.1% of the first close)" in text
        assert text.endswith(": " + ipo_text.REASON_REPLACEMENT) and "0.0%" not in text

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
        assert fragment in ipo_value_text.verdict(durable, story, price)

    @pytest.mark.parametrize("durable, implied, why, fragment", [
        (20.9e9, 1.76e12, "", "covers 1.2% of it"),                       # 20.9 / 1760 = 1.19%
        (0.5e9, 1.76e12, "", "covers less than 0.1% of it"),              # 0.028%: never "0.0%"
        (30.0e9, 20.0e9, "", "covers all of it"),
        # C: nil because no month is expected to be paid, not because of costs
        (0.0, 1.86e12, ipo_text.REASON_NO_RENT, "it is worth nothing, because the lease is certain to end"),
        (-1.0e9, 1.76e12, ipo_text.REASON_CASH, "it is worth less than nothing, because its rent does not cover even"),
        (-596e6, 32.8e9, ipo_text.REASON_REPLACEMENT, "worth less than nothing, because its rent covers the cash cost"),
        (20.9e9, 0.0, "", "implies no value for the AI segment"),
        (20.9e9, -5.0e10, "", "implies no value for the AI segment"),
    ])
    def test_lease_share_of_ai(self, durable, implied, why, fragment):
        text = ipo_value_text.lease_share_of_ai_phrase(durable, implied, why)
        assert fragment in text and "once its costs are counted" not in text


class TestDurableReason:
    @pytest.mark.parametrize("durable, rent, cash, repl, months, expected", [
        (20.9e9, 1.25e9, 62.484e6, 139.384e6, 23.85, ""),                        # base: positive, no reason
        (0.0, 1.25e9, 115.04e6, 334.5225e6, 0.0, ipo_text.REASON_NO_RENT),       # C: h = 1, no notice period
        (0.0, 1.25e9, 115.04e6, 334.5225e6, 10.0, ipo_text.REASON_BALANCED),     # nil with rent expected
        (-5.0e9, 1.0e8, 1.5e8, 0.0, 20.0, ipo_text.REASON_CASH),                 # 100 < 150 cash
        (-596e6, 3.0e8, 172.484e6, 248.93e6, 5.48, ipo_text.REASON_REPLACEMENT),  # A: 172.5 <= 300 < 421.4
        (-1.0, 1.0e8, 1.0e8, 0.0, 5.0, ipo_text.REASON_LOW_MONTHS),              # boundary: rent = cash, no repl
        (-1.0, 2.0e8, 1.0e8, 1.0e8, 5.0, ipo_text.REASON_LOW_MONTHS),            # boundary: rent = cash + repl
        (-1.0, 1.99e8, 1.0e8, 1.0e8, 5.0, ipo_text.REASON_REPLACEMENT),          # just below cash + repl
    ])
    def test_table(self, durable, rent, cash, repl, months, expected):
        assert ipo_text.durable_reason(durable, rent, cash, repl, months) == expected

    def test_far_build_a_from_the_model(self):
        from colossus.model import keynumbers
        from colossus.inputs.loading import validate
        p = validate({"lease": {"monthly_rent_usd": 3.0e8, "gpus": 110000, "monthly_notice_probability": 0.18,
                                "lock_months": 0, "notice_months": 1, "ramp_months": 0, "end": "2028-02"},
                      "costs": {"capex_per_gpu_usd": 90000, "other_opex_usd_per_month": 1.5e8},
                      "market": {"gpu_hour_usd": 3.1}, "xai": {"replacement_share": 1.0},
                      "finance": {"discount_rate_annual": 0.3}})
        n = keynumbers.compute(p).numbers
        # cash 172.484M < rent 300M < cash + replacement 421.414M: the lease's cash margin is
        # positive, the compute given up is what makes V_d negative
        assert n["lease_monthly_cash_cost_usd"] < 3.0e8 < n["lease_monthly_cash_cost_usd"] + n["lease_monthly_replacement_cost_usd"]
        assert n["lease_durable_value_usd"] < 0
        assert ipo_text.durable_reason(n["lease_durable_value_usd"], 3.0e8, n["lease_monthly_cash_cost_usd"],
                                       n["lease_monthly_replacement_cost_usd"],
                                       n["expected_months_paid"]) == ipo_text.REASON_REPLACEMENT


@pytest.mark.parametrize("x, expected", [
    (0.0123, "1.2%"),
    (0.00033, "less than 0.1%"),        # A's cliff over the IPO price: nonzero, rounds to 0.0%
    (-0.00033, "less than 0.1%"),       # the magnitude is shown
    (0.0, "0.0%"),                      # zero is zero
    (0.0005, "0.1%"),                   # boundary: rounds up to 0.1%
    (1.0, "100.0%"),
])
def test_share_text(x, expected):
    assert ipo_text.share_text(x) == expected


@pytest.mark.parametrize("as_of, expected", [
    ("2026-04", "April 2026"),           # cursor_option_price
    ("2026-03-31", "31 March 2026"),     # coreweave_price_sales_2026
    ("2026", "2026"),
])
def test_when(as_of, expected):
    assert ipo_text.when(as_of) == expected


def test_typed_dates_match_the_facts():
    assert ipo_text.when(facts.fact("cursor_option_price")["as_of"]) == "April 2026"
    assert ipo_text.when(facts.fact("coreweave_price_sales_2026")["as_of"]) == "31 March 2026"


class TestRunRatePhrase:
    @pytest.mark.parametrize("expected_rent, contracted, fragment", [
        (28.57e9, 45.0e9, None),              # base: 63.5% expected, no caveat
        (22.25e9, 44.5e9, None),              # boundary: exactly half, no caveat
        (22.0e9, 44.5e9, "expected to pay 49.4% of its contracted rent"),   # 22 / 44.5
        (1.6455e9, 6.6e9, "expected to pay 24.9% of its contracted rent"),  # A: 1.6455 / 6.6
        (0.0, 44.5e9, "none of its contracted rent is expected to be paid"),  # C
        (1.0e9, 0.0, "pays no rent at all"),  # a contract that pays nothing: the run rate is caveated
    ])
    def test_when_it_applies(self, expected_rent, contracted, fragment):
        text = ipo_parts_text.run_rate_phrase(expected_rent, contracted, 15.0e9, 1.76e12, 3.84e9, 1.76e12 / 3.84e9)
        if fragment is None:
            assert text == ""
        else:
            assert fragment in text and "counts the Anthropic lease at its full run rate, $15 billion a year" in text
            assert text.endswith("On the products revenue alone ($3.84 billion) the same $1.76 trillion is 458.3x.")

    def test_products_multiple_from_valuation(self):
        # A: 32.784 billion over 3.84 billion of products = 8.5375x
        m = valuation_parts.implied_multiple(32.784e9, 3.84e9)
        assert m == pytest.approx(8.5375)
        assert ipo_parts_text.run_rate_phrase(1.6455e9, 6.6e9, 3.6e9, 32.784e9, 3.84e9, m).endswith(
            "the same $32.8 billion is 8.5x.")

    def test_no_products_or_no_value(self):
        assert ipo_parts_text.run_rate_phrase(0.0, 44.5e9, 15.0e9, 1.0e12, 0.0, None).endswith(
            "Without the lease the AI segment has no revenue to read a multiple on.")
        assert ipo_parts_text.run_rate_phrase(0.0, 44.5e9, 15.0e9, -1.0e9, 3.84e9, -0.26).endswith(
            "none of its contracted rent is expected to be paid.")


@pytest.mark.parametrize("low, high, why, fragment", [
    (0.52, 2.79, "", "positive in every cell"),
    (0.0, 2.79, "", "never negative"),
    (-0.5, 1.2, ipo_text.REASON_CASH, "negative in some cells, positive in others"),   # no reason: mixed
    (-1.44, -0.12, "", "negative in every cell"),
    (-0.20, -0.04, ipo_text.REASON_REPLACEMENT, "negative in every cell: " + ipo_text.REASON_REPLACEMENT),  # A
])
def test_grid_range_phrase(low, high, why, fragment):
    text = ipo_value_text.grid_range_phrase(low, high, why)
    assert fragment in text and "serving the lease costs more" not in text
    if low >= 0 or high >= 0:
        assert why == "" or why not in text


@pytest.mark.parametrize("cursor, expected", [
    (389.3e6, "389.3 million new shares, 2.9% of the diluted count"),   # 389.3M / 13,435.6M = 2.90%
    (0.0, "no new shares (the parameter is set to zero)"),
])
def test_cursor_phrase(cursor, expected):
    assert ipo_parts_text.cursor_phrase(cursor, 13_046_262_963.0 + cursor).startswith(expected)


def test_sourced_flags_a_value_that_is_not_the_reported_one():
    assert sources.sourced("$135.00", 135.0, 135.0, "[c]", reported_text="$135.00") == "$135.00 [c]"
    assert "this build's value; reported: $135.00 [c]" in sources.sourced("$140.00", 140.0, 135.0, "[c]", reported_text="$135.00")


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


def test_offset_and_ipo_pages_count_the_same_other_tenants(book):
    # one set of tenants everywhere: the figure the offset chapter adds is the one the IPO
    # chapter's sum of the parts and implied multiple count
    k = book.key_numbers
    assert k["other_tenants_total_contribution_usd"] == k["other_tenants_contribution_usd"]
    same = report.usd(k["other_tenants_contribution_usd"])
    assert same in _text(book.page("chapters/offset.html"))
    assert same in _text(book.page("chapters/ipo.html"))


def test_ipo_page_states_dates_and_no_bare_today(book):
    text = _text(book.page("chapters/ipo.html"))
    k = book.key_numbers
    when = pd.Timestamp(k["valuation_date"]).strftime("%-d %B %Y")
    assert f"Every value in this chapter is at {when}" in text
    assert "days before this book" in text
    for word in ("today", "now"):
        assert not re.search(rf"\b{word}\b", text, flags=re.I), word
    assert "Leaving them out" in text and ipo_text.per_share(k["termination_cliff_upper_bound_per_share_usd"]) in text
