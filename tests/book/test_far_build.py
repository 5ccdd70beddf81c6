"""A build far from the base case, read as a reader would read it (issue 7).

Every parameter group is moved well away from base (and outside the explored range), so
a sentence typed for the base case, a number computed once and pasted, or a direction word
that was never conditional shows up here: no base figure that depends on the changed
parameters may survive in the prose, and nothing may read "nan", "None" or "a 8%".
"""
from __future__ import annotations

import json
import re

import pytest

from colossus.inputs import loading
from colossus.words import report
from colossus.model.keynumbers import key_numbers
from tests.conftest import run_build
from tests.book.test_build import text_of

FAR = ["lease.monthly_rent_usd=3.0e8", "lease.gpus=110000", "lease.monthly_notice_probability=0.18",
       "lease.lock_months=0", "lease.notice_months=1", "lease.ramp_months=0", "lease.end=2028-02",
       "costs.capex_per_gpu_usd=90000", "costs.other_opex_usd_per_month=1.5e8", "market.gpu_hour_usd=3.1",
       "xai.replacement_share=1", "xai.revenue_growth_qoq=-0.05", "xai.cost_growth_qoq=0.15",
       "tenants.google_monthly_rent_usd=0", "tenants.reflection_monthly_rent_usd=0",
       "spacex.other_segments_growth_qoq=-0.1", "valuation.share_price_usd=18",
       "valuation.net_cash_usd=-2e10", "finance.discount_rate_annual=0.3"]
CHAPTERS = ["chapters/lease.html", "chapters/offset.html", "chapters/ipo.html"]


@pytest.fixture(scope="module")
def far_book(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("far")
    args = [a for s in FAR for a in ("--set", s)] + ["--out", str(tmp / "html")]
    proc = run_build(args, tmp / "work")
    assert proc.returncode == 0, proc.stderr[-4000:]
    return tmp / "html", proc.stderr


def _prose(html: str) -> str:
    """The page's text without its code cells and chart specs."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r'<div class="cell_input.*?</div>\s*</div>', " ", html, flags=re.S)
    return text_of(html)


def test_build_warns_outside_the_explored_range(far_book):
    out, stderr = far_book
    assert "outside the range the bull and bear scenarios explore" in stderr
    assert "outside the explored range" in (out / "chapters" / "lease.html").read_text()


@pytest.mark.parametrize("page", CHAPTERS)
def test_nothing_reads_as_missing_or_ungrammatical(far_book, page):
    text = _prose((far_book[0] / page).read_text())
    for bad in [r"\bnan\b", r"\bNone\b(?! of)", r"\binf\b", r"\$-", r"-\$0(?![.\d])", r"-0\.0\b", r"\{glue",
                r"\ba 8", r"\ba 11\b", r"\ba 18\b", r"\ban [2-79]", r"\ban 1[^18]", r"\.00 (million|billion)"]:
        m = re.search(bad, text)
        assert m is None, f"{page}: {bad!r} matches {text[max(0, m.start() - 80):m.end() + 80]!r}"


BASE_FIGURES = [  # key number, how the prose formats it
    ("expected_revenue_usd", report.usd), ("npv_expected_revenue_usd", report.usd),
    ("contracted_revenue_usd", report.usd), ("implied_usd_per_gpu_hour", report.usd),
    ("lease_monthly_cash_cost_usd", report.usd), ("lease_monthly_replacement_cost_usd", report.usd),
    ("revenue_median_usd", report.usd), ("lease_durable_value_usd", report.usd),
    ("lease_durable_value_per_share_usd", report.usd), ("sotp_value_per_share_usd", report.usd),
    ("anthropic_net_contribution_usd", report.usd), ("backtest_2026q2_ai_operating_income_model_usd", report.usd),
    ("full_term_probability", report.pct), ("lease_operating_margin", report.pct),
    ("price_implied_ai_ev_revenue_multiple", report.times),
]


@pytest.mark.parametrize("key, fmt", BASE_FIGURES, ids=[k for k, _ in BASE_FIGURES])
def test_no_base_figure_survives(far_book, key, fmt):
    base = key_numbers(loading.resolve().parameters)
    far = json.loads((far_book[0] / "data" / "key_numbers.json").read_text())
    assert far[key] != base[key], f"{key} did not move: choose a figure that depends on the far parameters"
    stale = fmt(base[key])
    if far[key] is not None and fmt(far[key]) == stale:
        pytest.skip(f"{key} reads the same after rounding")
    for page in CHAPTERS:
        text = _prose((far_book[0] / page).read_text())
        assert not re.search(re.escape(stale) + r"(?![\d.]| (?:million|billion|trillion))", text), f"base {key} {stale!r} still on {page}"
