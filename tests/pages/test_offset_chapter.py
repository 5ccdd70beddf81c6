"""The chapter "Losses offset by rent": its charts, its phrases and its built page and CSV.

The model itself is tested in ``test_offset.py``; here the question is whether the
chapter shows that model's numbers, and whether its sentences follow their signs.
"""
from __future__ import annotations

import io
import json
import re

import numpy as np
import pandas as pd
import pytest

from colossus.figures import offset as offset_charts
from colossus.inputs import facts, loading
from colossus.model import offset
from colossus.words import offset_text as say
from colossus.inputs.params import Parameters
from colossus.inputs.loading import validate


# --------------------------------------------------------------------------- charts

def _rows(spec: dict) -> list[dict]:
    return [r for data in spec.get("datasets", {}).values() for r in data]


@pytest.fixture(scope="module")
def far():
    """Far from the base: every GPU-hour bought back, a high rent, no other tenants."""
    return validate({"xai": {"replacement_share": 1.0}, "lease": {"monthly_rent_usd": 2.0e8},
                     "tenants": {"google_monthly_rent_usd": 0.0, "reflection_monthly_rent_usd": 0.0}})


@pytest.mark.parametrize("measure", ["ai_operating_income_usd", "spacex_operating_income_usd"])
@pytest.mark.parametrize("which", ["base", "far"])
def test_history_chart_carries_the_model_and_the_reported_figures(which, measure, far):
    p = Parameters() if which == "base" else far
    table, cliff = offset.quarterly_table(p), offset.notice_cliff_grid(p)
    reported = facts.reported_ai_segment() if measure.startswith("ai") else facts.reported_spacex_quarters()
    spec = offset_charts.offset_history_chart(reported, table, cliff, measure).to_dict()
    assert spec["description"]
    rows = _rows(spec)
    expected = {round(v / 1e9, 9) for v in table[measure]}
    shown = {round(r["usd_bn"], 9) for r in rows if r.get("series") == "With the lease, expected"}
    assert shown == expected
    without = measure.replace("_usd", "_without_anthropic_usd").replace("income_without", "income_without")
    assert {round(r["usd_bn"], 9) for r in rows if r.get("series") == "Without the Anthropic lease"} == \
        {round(v / 1e9, 9) for v in table[without]}
    cliff_rows = [r for r in rows if r.get("series") == "With the lease, notice as on the slider"]
    assert len(cliff_rows) == len(cliff)
    assert {r["notice_index"] for r in cliff_rows} == set(cliff["notice_index"])
    reported_q = reported[reported["period_kind"] == "quarter"]
    assert {round(r["usd_bn"], 9) for r in rows if r.get("series") == "Reported"} == \
        {round(v / 1e9, 9) for v in reported_q["operating_income_usd"]}
    slider = [prm for prm in spec["params"] if prm["name"] == "notice_index"][0]
    assert slider["value"] == 0 and slider["bind"]["max"] == int(cliff["notice_index"].max())


def test_fan_chart_carries_the_quantiles(far):
    for p in (Parameters(), far):
        fan = offset.quarterly_fan(p)
        spec = offset_charts.offset_fan_chart(fan).to_dict()
        assert spec["description"]
        rows = _rows(spec)
        assert {round(r["p05_bn"], 9) for r in rows if "p05_bn" in r} == {round(v / 1e9, 9) for v in fan["p05_usd"]}
        assert {round(r["usd_bn"], 9) for r in rows if r.get("series") == "Median"} == \
            {round(v / 1e9, 9) for v in fan["p50_usd"]}


def test_waterfall_chart_carries_the_steps(far):
    for p in (Parameters(), far):
        q = offset.default_waterfall_quarter(p)
        steps = offset.waterfall(p, q)
        spec = offset_charts.offset_waterfall_chart(steps, q).to_dict()
        assert q in spec["description"]
        rows = _rows(spec)
        assert [round(r["amount_bn"], 9) for r in rows if "amount_bn" in r] == [round(v / 1e9, 9) for v in steps["amount_usd"]]


# --------------------------------------------------------------------------- phrases

class TestOffsetPhrase:
    @pytest.mark.parametrize("ratio, starts", [
        (2.0, "more than covers"), (1.0, "exactly covers"), (0.5, "covers 50%"), (0.0, "offsets none"),
        (-0.3, "deepens"), (None, "has no loss to offset"),
    ])
    def test_direction_follows_the_sign(self, ratio, starts):
        assert say.offset_phrase(ratio).startswith(starts)
        assert say.offset_phrase(ratio).count(":") == 0


class TestGrowth:
    @pytest.mark.parametrize("rate, text", [
        (0.05, "grows 5.0% a quarter"), (-0.05, "falls 5.0% a quarter"), (0.0, "stays flat"),
    ])
    def test_verb_follows_the_sign(self, rate, text):
        assert say.growth_phrase(rate) == text
        assert "-" not in say.growth_phrase(rate)

    @pytest.mark.parametrize("x0, g, must, must_not", [
        (5.3e8, 0.08, ["grow 8.0% a quarter", "operating profit of $530 million"], ["deepens", "loss"]),
        (5.3e8, -0.1, ["shrink 10.0% a quarter"], ["deepens", "-10"]),
        (-1.94e9, 0.15, ["operating loss of $1.94 billion", "15.0% a quarter deepens"], ["grow 15", "profit"]),
        (-1.94e9, -0.1, ["narrows 10.0% a quarter"], ["deepens", "-10"]),
        (0.0, 0.15, ["stay at zero"], ["deepens"]),
    ])
    def test_other_segments_growth_follows_the_anchor_sign(self, x0, g, must, must_not):
        text = say.other_segments_sentence(x0, g)
        for m in must:
            assert m in text
        for m in must_not:
            assert m not in text
        assert "set in this build" not in text
        assert "set in this build" in say.other_segments_sentence(x0, g, anchors_from_facts=False)


class TestBreakeven:
    def test_never(self):
        assert say.breakeven_phrase(None, "2029Q2") == \
            "makes an operating loss in every modelled quarter, through Q2 2029"

    def test_quarter(self):
        assert say.breakeven_phrase("2027Q1", "2029Q2") == "first makes no operating loss in Q1 2027"

    @pytest.mark.parametrize("stays, text", [
        (False, "already makes no operating loss in this build's anchor quarter, Q1 2026"),
        (True, "makes no operating loss from this build's anchor quarter, Q1 2026, on"),
    ])
    def test_anchor_quarter_is_not_presented_as_a_first(self, stays, text):
        assert say.breakeven_phrase("2026Q1", "2029Q2", "2026Q1", stays) == text

    @pytest.mark.parametrize("with_q, without_q, with_inc, without_inc, must, must_not", [
        # the bull build with the anchor loss set to 0: no loss anywhere
        ("2026Q1", "2026Q1", [1.0, 2.0], [1.0, 1.0],
         ["With or without the lease", "from this build's anchor quarter, Q1 2026, on", "does not change"],
         ["first makes", "With the lease, the segment"]),
        ("2026Q3", "2026Q3", [-1.0, -1.0, 1.0], [-1.0, -1.0, 1.0],
         ["With or without the lease", "first makes no operating loss in Q3 2026", "does not change"], ["anchor"]),
        (None, None, [-1.0], [-1.0], ["With or without the lease", "every modelled quarter"], ["does not change"]),
        ("2026Q4", None, [-1.0, 1.0], [-1.0, -1.0], ["With the lease, the segment first", "without it"],
         ["With or without"]),
    ])
    def test_comparison(self, with_q, without_q, with_inc, without_inc, must, must_not):
        text = say.breakeven_comparison(with_q, without_q, "2029Q2", "2026Q1", with_inc, without_inc)
        for m in must:
            assert m in text
        for m in must_not:
            assert m not in text


class TestLossCover:
    def test_no_loss_says_so_once_and_never_covers(self):
        text = say.loss_cover_sentence([], [], 14)
        assert "no operating loss" in text and "cover" not in text and "none of the" not in text

    @pytest.mark.parametrize("loss, off, total, said, text", [
        (["2026Q1", "2026Q2"], [], 2, True, "The net contribution of the lease covers that loss in no quarter."),
        (["2026Q2"], [], 3, False,
         "Without the lease the segment would make a loss in 1 of the 3 modelled quarters, and the net "
         "contribution of the lease does not cover it."),
        (["2026Q2", "2026Q3"], ["2026Q3"], 3, False,
         "Without the lease the segment would make a loss in 2 of the 3 modelled quarters, and the net "
         "contribution of the lease covers it in 1 of them (Q3 2026)."),
    ])
    def test_counts(self, loss, off, total, said, text):
        assert say.loss_cover_sentence(loss, off, total, said) == text


class TestWidestSpread:
    def test_single(self):
        assert say.widest_spread_sentence(["2026Q3", "2026Q4"], [-3e9, -4e9], [-2e9, -2.5e9]).startswith(
            "The spread is widest in Q4 2026:")

    @pytest.mark.parametrize("widths", [
        [1.0e9, 1.0e9, 1.0e9],                 # exact tie
        [1.0e9, 1.0e9 * (1 + 1e-12), 1.0e9],   # tie within the relative tolerance
        [1.0001e9, 1.0e9, 1.0002e9],           # tie to the displayed precision ($1 billion)
    ])
    def test_ties_name_every_quarter(self, widths):
        q = ["2026Q3", "2026Q4", "2027Q1"]
        p05 = [-3.0e9, -4.0e9, -5.0e9]
        text = say.widest_spread_sentence(q, p05, [a + w for a, w in zip(p05, widths)])
        assert "widest, at $1 billion, in Q3 2026 to Q1 2027; in Q3 2026 it runs from" in text

    def test_none(self):
        assert say.widest_spread_sentence(["2026Q3"], [1.0], [1.0]).startswith("In no quarter do the 5th and 95th percentiles differ")


class TestIncomePhrase:
    @pytest.mark.parametrize("x, text", [
        (-2.47e9, "an operating loss of $2.47 billion"), (2.47e9, "an operating profit of $2.47 billion"),
        (0.0, "no operating profit or loss"), (1.0e5, "no operating profit or loss"),
    ])
    def test_sign(self, x, text):
        assert say.income_phrase(x) == text


class TestAboveBelow:
    @pytest.mark.parametrize("model, reported, text", [
        (2.0e9, 2.5e9, "$500 million below"), (-1.0e9, -1.5e9, "$500 million above"),
        (-1.5e9, -1.0e9, "$500 million below"), (1.0, 1.0, "equal to"),
    ])
    def test_gap(self, model, reported, text):
        assert say.above_below(model, reported) == text

    @pytest.mark.parametrize("gap, text", [(3e8, "overstates x by $300 million"),
                                           (-3e8, "understates x by $300 million"), (0.0, "matches x")])
    def test_over_under(self, gap, text):
        assert say.over_under(gap, "x") == text

    def test_error_share_none(self):
        assert "zero" in say.error_share_phrase(None)
        assert say.error_share_phrase(-0.25) == "25% of the reported figure"


class TestExplanations:
    @pytest.mark.parametrize("gap, others, ramp, ramp_months, expected, contracted, must, must_not", [
        (-4.5e8, 0.0, 1.25e9, 2, 3e9, 3e9, ["no other tenant", "close the gap on its own"], ["excess", "termination"]),
        (-2.0e9, 3e8, 5e8, 1, 1e9, 1e9, ["already counts $300 million", "would not close"], ["excess"]),
        (-2.0e9, 0.0, 0.0, 0, 3e9, 3e9, ["No ramp month falls in the quarter", "ramp cannot explain"], ["excess"]),
        # the bear build with certain termination: the ramp is in the quarter, the rent is not expected
        (-1.74e9, 0.0, 0.0, 2, 0.0, 2e9, ["expects no Anthropic rent", "termination assumptions",
                                          "that rent alone would close the gap", "The ramp falls in the quarter"],
         ["No ramp", "excess"]),
        (-3.0e9, 0.0, 0.0, 2, 0.0, 2e9, ["that rent alone would not close the gap"], ["No ramp"]),
        (-1.0e9, 0.0, 1e8, 1, 6e8, 1.2e9, ["expects $600 million of the $1.2 billion", "would not close the gap"],
         ["No ramp"]),
        (-5.0e8, 0.0, 1e8, 1, 6e8, 1.2e9, ["would close the gap on its own"], ["No ramp"]),
        (-2.0e9, 0.0, 0.0, 2, 3e9, 3e9, ["remove nothing from the expected rent"], ["No ramp"]),
        (4.0e8, 3e8, 0.0, 0, 3e9, 3e9, ["started later", "excess", "No ramp month"], ["shortfall"]),
        (4.0e8, 0.0, 2e8, 1, 3e9, 3e9, ["excess is Anthropic's rent", "already removes $200 million"], ["shortfall"]),
        (4.0e8, 0.0, 0.0, 2, 2e9, 3e9, ["already hold back $1 billion", "remove nothing"], ["shortfall", "No ramp"]),
        (0.0, 1e9, 1e9, 1, 1e9, 1e9, ["Nothing is left"], ["shortfall", "excess"]),
    ])
    def test_revenue(self, gap, others, ramp, ramp_months, expected, contracted, must, must_not):
        text = say.revenue_gap_explanation(gap, others, ramp, ramp_months, expected, contracted)
        for m in must:
            assert m in text
        for m in must_not:
            assert m not in text

    @pytest.mark.parametrize("gap, growth, lease_cost, must", [
        (7e7, 2e8, 4e8, "on its own"), (5e8, 1e8, 4e8, "adds only $100 million"),
        (5e8, -1e8, 4e8, "removes $100 million"), (-3e8, 1e8, 4e8, "grew faster"),
        (-3e8, 1e8, 0.0, "costs the model does not carry"), (2e8, 0.0, 0.0, "fell by more"),
        (0.0, 1e8, 1e8, "Nothing is left"),
    ])
    def test_cost(self, gap, growth, lease_cost, must):
        text = say.cost_gap_explanation(gap, growth, lease_cost)
        assert must in text and "$-" not in text and "-$" not in text
        assert "anchor set in this build" not in text

    @pytest.mark.parametrize("gap, growth, lease_cost, anchor_gap, factor, must, must_not", [
        # bull, anchor loss 0: -2.47e9 * 1.02 = -2.5194e9 of a -2.91e9 gap; the rest, -3.906e8, grew faster;
        # cost growth on the reported anchor: 1.636e7 + 2.47e9 * 0.02 = 6.576e7
        (-2.91e9, 1.636e7, 6.92e7, -2.47e9, 1.02,
         ["$2.47 billion below the reported", "lowers the model's operating cost in the quarter by $2.52 billion",
          "mostly reflects the anchor set in this build", "The rest: costs grew faster",
          "adds $65.8 million since the reported anchor quarter"], ["Nothing else"]),
        # the anchor raises cost by $1 billion but the model understates cost: not "mostly"
        (-2.0e8, 1e8, 4e8, 1.0e9, 1.0, ["raises the model's operating cost in the quarter by $1 billion",
                                        "The rest: costs grew faster"], ["mostly"]),
        # a small anchor part: named, but not "mostly"
        (1.0e9, 2e8, 4e8, 1.0e8, 1.0, ["raises the model's operating cost in the quarter by $100 million",
                                       "The rest: the assumed cost growth adds only $200 million"], ["mostly"]),
        (1.0e9, 1e8, 4e8, 1.0e9, 1.0, ["mostly reflects", "Nothing else is left"], ["The rest"]),
    ])
    def test_cost_with_the_anchor_set_in_the_build(self, gap, growth, lease_cost, anchor_gap, factor, must,
                                                   must_not):
        text = say.cost_gap_explanation(gap, growth, lease_cost, anchor_gap, factor)
        for m in must:
            assert m in text
        for m in must_not:
            assert m not in text
        assert "$-" not in text and "-$" not in text

    @pytest.mark.parametrize("anthropic, others, text", [
        (3e9, 1e9, "Anthropic brings 75% of the two together"),
        (3e9, 0.0, "the other tenants bring nothing, so all of it is Anthropic"),
        (-1e9, 1e9, "Anthropic's part is negative, as its rent does not cover the cash cost of serving it and "
                    "the compute xAI must buy back"),
        (0.0, 0.0, "neither brings anything"),
        (0.0, 1e9, "Anthropic brings 0% of the two together"),
    ])
    def test_split(self, anthropic, others, text):
        assert say.contribution_split(anthropic, others) == text

    @pytest.mark.parametrize("rent, cash, text", [
        # build A: rent covers the cash cost; the buy-back makes the part negative
        (4.0e9, 2.5e9, "covers the cash cost of serving it but not that and the compute xAI must buy back"),
        (1.0e9, 1.5e9, "does not cover even the cash cost of serving it"),
    ])
    def test_split_negative_reason(self, rent, cash, text):
        got = say.contribution_split(-6.66e8, 0.0, rent, cash)
        assert got.endswith(text) and got.count(":") == 0


class TestQuarters:
    @pytest.mark.parametrize("quarters, text", [
        ([], ""), (["2026Q4"], "Q4 2026"), (["2026Q4", "2027Q1"], "Q4 2026 to Q1 2027"),
        (["2026Q2", "2026Q4", "2027Q1"], "Q2 2026 and Q4 2026 to Q1 2027"),
    ])
    def test_runs(self, quarters, text):
        assert say.quarter_runs(quarters) == text

    def test_offset_quarters_agree_with_the_key_number(self, far):
        """The chapter lists the quarters with an offset ratio of at least 1; their count is
        the model's ``quarters_offset``."""
        for p in (Parameters(), far, validate({"xai": {"replacement_share": 0.0}})):
            t = offset.quarterly_table(p)
            listed = [q for q, r in zip(t["quarter"], t["offset_ratio"]) if r is not None and r >= 1]
            assert len(listed) == offset.offset_numbers(p)["quarters_offset"]

    @pytest.mark.parametrize("values, must", [
        ([-1.0, -1.0], "an operating loss in every modelled quarter"),
        ([-1.0, 1.0], "still the case in the last"),
        ([1.0, -1.0], "a loss again from"),
    ])
    def test_profit_quarters(self, values, must):
        assert must in say.profit_quarters_phrase(["2026Q1", "2026Q2"], values)


# --------------------------------------------------------------------------- the built page and CSV

def _text_of(html: str) -> str:
    t = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    t = re.sub(r"<pre.*?</pre>", " ", t, flags=re.S)          # the hidden code cells
    t = re.sub(r"<[^>]+>", " ", t)
    t = t.replace("&#36;", "$").replace("&nbsp;", " ").replace("&amp;", "&")
    return re.sub(r"\s+", " ", t)


def _book_parameters(book) -> Parameters:
    r = loading.resolve("bear", book.params_file, ["lease.monthly_rent_usd=1.0e9", "lease.gpus=200000"])
    assert r.fingerprint == book.key_numbers["parameter_fingerprint"]
    return r.parameters


@pytest.mark.book
def test_offset_page_reads_clean(book):
    html = book.page("chapters/offset.html")
    text = _text_of(html)
    assert "Losses offset by rent" in text
    for bad in [" nan", "NaN", "None", " inf", "$-", "{glue", "glue:", "n/a"]:
        assert bad not in text, f"{bad!r} on the offset page"
    assert "parameters = {" not in html


@pytest.mark.book
def test_offset_page_shows_this_builds_numbers(book):
    from colossus.words import report
    p = _book_parameters(book)
    n = book.key_numbers
    text = _text_of(book.page("chapters/offset.html"))
    t = offset.quarterly_table(p)
    if (t["ai_operating_income_without_anthropic_usd"] >= 0).all():   # no loss: the breakeven is not compared
        assert say.loss_cover_sentence([], [], len(t)) in text
    else:
        a = offset.anchor(p)
        assert say.breakeven_comparison(n["ai_breakeven_quarter"], n["ai_breakeven_quarter_without_anthropic"],
                                        n["last_quarter"], n["anchor_quarter"],
                                        [a.operating_income_usd] + t["ai_operating_income_usd"].tolist(),
                                        t["ai_operating_income_without_anthropic_usd"].tolist()) in text
    assert report.usd(n["backtest_2026q2_ai_revenue_model_usd"]) in text
    # the walk-forward's track record, as the chapter words it
    w = offset.walk_forward(p)
    pairs = list(dict.fromkeys(zip(w["quarter"], w["anchor_quarter"])))
    assert say.track_record_sentence(pairs, offset.track_record(w), offset.not_backtested()) in text
    assert f"{say.quarter_name(n['anchor_quarter'])} , the latest quarter SpaceX has reported" in text \
        or f"{say.quarter_name(n['anchor_quarter'])}, the latest quarter SpaceX has reported" in text
    wq = offset.default_waterfall_quarter(p)
    assert say.quarter_name(wq) in text


@pytest.mark.book
def test_quarterly_csv_published_with_provenance(book):
    path = book.out / "data" / "ai_segment_quarterly.csv"
    raw = path.read_text()
    header = [line for line in raw.splitlines() if line.startswith("#")]
    fp = book.key_numbers["parameter_fingerprint"]
    assert any(fp in line for line in header)
    assert any("bear + mine.yml + 2 overrides" in line for line in header)
    assert any(line.startswith("# date: ") for line in header)
    got = pd.read_csv(io.StringIO(raw), comment="#")
    assert list(got.columns) == offset.QUARTERLY_COLUMNS
    want = offset.published_quarters(_book_parameters(book))[offset.QUARTERLY_COLUMNS]
    assert got["quarter"].tolist() == want["quarter"].tolist()
    # the reported quarters up to the anchor, then the forecast from the quarter after it
    assert got["reported"].tolist() == [True] * 3 + [False] * (len(got) - 3)
    assert got.loc[got["quarter"] == "2026Q2", "ai_operating_income_usd"].tolist() == [-1257e6]
    for col in offset.QUARTERLY_COLUMNS[2:]:
        expected = np.array([np.nan if v is None else float(v) for v in want[col]])
        np.testing.assert_allclose(got[col].to_numpy(dtype=float), expected, rtol=1e-12, equal_nan=True,
                                   err_msg=col)
