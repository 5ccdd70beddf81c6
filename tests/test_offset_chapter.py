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

from colossus import charts, facts, offset, params
from colossus import offset_text as say
from colossus.params import Parameters, validate


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
    spec = charts.offset_history_chart(reported, table, cliff, measure).to_dict()
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
        spec = charts.offset_fan_chart(fan).to_dict()
        assert spec["description"]
        rows = _rows(spec)
        assert {round(r["p05_bn"], 9) for r in rows if "p05_bn" in r} == {round(v / 1e9, 9) for v in fan["p05_usd"]}
        assert {round(r["usd_bn"], 9) for r in rows if r.get("series") == "Median"} == \
            {round(v / 1e9, 9) for v in fan["p50_usd"]}


def test_waterfall_chart_carries_the_steps(far):
    for p in (Parameters(), far):
        q = offset.default_waterfall_quarter(p)
        steps = offset.waterfall(p, q)
        spec = charts.offset_waterfall_chart(steps, q).to_dict()
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


class TestBreakeven:
    def test_never(self):
        assert say.breakeven_phrase(None, "2029Q2") == \
            "makes an operating loss in every modelled quarter, through Q2 2029"

    def test_quarter(self):
        assert say.breakeven_phrase("2027Q1", "2029Q2") == "first makes no operating loss in Q1 2027"


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
    @pytest.mark.parametrize("gap, others, ramp, must, must_not", [
        (-4.5e8, 0.0, 1.25e9, ["no other tenant", "close the gap on its own"], ["excess"]),
        (-2.0e9, 3e8, 5e8, ["already counts $300 million", "would not close"], ["excess"]),
        (-2.0e9, 0.0, 0.0, ["ramp cannot explain"], ["excess"]),
        (4.0e8, 3e8, 0.0, ["started later", "excess"], ["shortfall"]),
        (4.0e8, 0.0, 2e8, ["excess is Anthropic's rent", "already removes $200 million"], ["shortfall"]),
        (0.0, 1e9, 1e9, ["Nothing is left"], ["shortfall", "excess"]),
    ])
    def test_revenue(self, gap, others, ramp, must, must_not):
        text = say.revenue_gap_explanation(gap, others, ramp)
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

    @pytest.mark.parametrize("anthropic, others, text", [
        (3e9, 1e9, "Anthropic brings 75% of the two together"),
        (3e9, 0.0, "the other tenants bring nothing, so all of it is Anthropic"),
        (-1e9, 1e9, "Anthropic's part is negative: its rent does not cover the cost of serving it"),
        (0.0, 0.0, "neither brings anything"),
        (0.0, 1e9, "Anthropic brings 0% of the two together"),
    ])
    def test_split(self, anthropic, others, text):
        assert say.contribution_split(anthropic, others) == text


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
        ([1.0, -1.0], "a loss again by"),
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
    r = params.resolve("bear", book.params_file, ["lease.monthly_rent_usd=1.0e9", "lease.gpus=200000"])
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
    from colossus import report
    p = _book_parameters(book)
    n = book.key_numbers
    text = _text_of(book.page("chapters/offset.html"))
    assert say.breakeven_phrase(n["ai_breakeven_quarter"], n["last_quarter"]) in text
    assert report.usd(n["backtest_2026q2_ai_revenue_model_usd"]) in text
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
    assert any(line.startswith("# build_date: ") for line in header)
    got = pd.read_csv(io.StringIO(raw), comment="#")
    assert list(got.columns) == offset.QUARTERLY_COLUMNS
    want = offset.quarterly_table(_book_parameters(book))[offset.QUARTERLY_COLUMNS]
    assert got["quarter"].tolist() == want["quarter"].tolist()
    for col in offset.QUARTERLY_COLUMNS[1:]:
        expected = np.array([np.nan if v is None else float(v) for v in want[col]])
        np.testing.assert_allclose(got[col].to_numpy(dtype=float), expected, rtol=1e-12, equal_nan=True,
                                   err_msg=col)
