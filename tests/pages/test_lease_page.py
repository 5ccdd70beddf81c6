"""colossus.pages.lease: the page model of "Lease economics", without a book build.

Every name the chapter's prose and directives glue is produced, under the right kind
(text, MyST, table, figure), and nothing else but the two values the chapter has always
glued without using; every value is a string under the base, bull and bear scenarios and
far from them; a few values are checked by hand; the chapter's cells are only calls.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from colossus.figures import charts
from colossus.inputs import facts, loading
from colossus.pages import lease as lease_page
from colossus.pages.page import Page
from colossus.words import sources

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ROOT / "chapters" / "lease.md"
#: Glued by the chapter since before its page model, though no sentence uses them: kept so
#: that the executed notebook (which a reader downloads) stays the same bytes.
UNUSED_BUT_KEPT = {"expected_revenue", "cost_total"}
FAR = {"lease": {"monthly_rent_usd": 3.0e8, "gpus": 110000, "monthly_notice_probability": 0.18},
       "model": {"anchor_quarter": "2026Q1"}}


def referenced(md: str) -> dict[str, set[str]]:
    """The glued names a chapter's markdown uses, by kind."""
    return {
        "text": set(re.findall(r"\{glue:text\}`([^`:]+)`", md)),
        "markdown": set(re.findall(r"\{glue:md\}`([^`:]+)(?::myst)?`", md)),
        "tables": set(re.findall(r"```\{glued-table\} (\S+)", md)),
        "figures": set(re.findall(r"```\{glue:figure\} (\S+)", md)),
    }


def injected(name: str) -> dict:
    return loading.resolve(name).parameters.model_dump(mode="json")


@pytest.fixture(scope="module", params=["base", "bull", "bear", "far"])
def built(request) -> tuple[str, Page]:
    data = FAR if request.param == "far" else injected(request.param)
    return request.param, lease_page.page(data, request.param, "", "2026-12-03", "0.1.0")


@pytest.fixture(scope="module")
def base() -> Page:
    return lease_page.page({}, "base", "", "2026-12-03", "0.1.0")


@pytest.fixture(scope="module")
def far() -> Page:
    return lease_page.page(FAR, "far", "", "2026-12-03", "0.1.0")


def test_every_glued_name_the_chapter_uses_is_produced_under_its_kind(base):
    refs = referenced(CHAPTER.read_text())
    assert refs["text"] and refs["markdown"] and refs["tables"] and refs["figures"]
    assert set(base.text) == refs["text"] | UNUSED_BUT_KEPT
    assert set(base.markdown) == refs["markdown"]
    assert set(base.tables) == refs["tables"]
    assert set(base.figures) == refs["figures"]
    assert not base.objects
    assert not UNUSED_BUT_KEPT & set().union(*refs.values())


def test_every_value_is_a_string_and_no_name_twice(built):
    _, pg = built
    names = pg.names()
    assert len(names) == len(set(names))
    for value in [*pg.text.values(), *pg.markdown.values()]:
        assert isinstance(value, str) and value.strip()
        assert "{" not in value.replace("{cite:p}", "") and "nan" not in value.split()
    for table in pg.tables.values():
        assert table is not None
    for fig_id, f in pg.figures.items():
        assert f.title and f.finding and f.source and f.data is not None
        spec = f.chart.to_dict(validate=False)
        assert spec["description"]
        if f.slider is not None:
            assert f.slider.param in charts._params(spec), fig_id


def test_the_provenance_is_this_chapters(built):
    name, pg = built
    assert pg.chapter == "Lease economics"
    assert pg.provenance.scenario == name and pg.provenance.chapter == "Lease economics"
    assert pg.provenance.date == "2026-12-03" and pg.provenance.version == "0.1.0"


def test_hand_checked_base_values(base):
    # 37 paid months from April 2026 to April 2029; $1.25 billion a month over 325,000 GPUs
    # billed 730 hours a month is 1.25e9 / (325,000 x 730) = $5.27 per GPU-hour
    assert base.text["lease_months"] == "37 months"
    assert base.text["hours_per_month"] == "730"
    assert base.text["implied_rate"] == "$5.27"
    assert base.text["gpus"] == "325,000"
    assert base.markdown["rent_sentence"] == (
        f"Anthropic pays {sources.formatted('lease_monthly_rent')} {facts.cite('lease_monthly_rent')} "
        "for the capacity of the cluster.")
    assert base.markdown["cite_capacity"] == facts.cite("lease_gpus_amended")
    assert base.markdown["cite_market"] == facts.cite("market_h100_reserved_1y")
    assert base.markdown["gpu_count_sentence"].endswith(
        "This build uses the filings' count. The appendix lists the conflict.")
    assert base.text["variant_gap_sentence"].endswith("This build follows the amended filings.")


def test_far_from_base_the_page_says_what_the_build_sets(far):
    # $300 million over 110,000 GPUs billed 730 hours: 3e8 / (110,000 x 730) = $3.74 per GPU-hour
    assert far.text["implied_rate"] == "$3.74"
    assert far.markdown["rent_sentence"] == (
        "This build has Anthropic paying $300 million a month for the capacity of the cluster; the reported "
        f"figure is {sources.formatted('lease_monthly_rent')} {facts.cite('lease_monthly_rent')}.")
    assert far.markdown["cite_capacity"] == "(set in this build)"
    assert far.markdown["cite_market"] == facts.cite("market_h100_reserved_1y")
    assert far.markdown["gpu_count_sentence"].endswith(
        "This build uses 110,000 GPUs, neither source's count. The appendix lists the conflict.")
    assert far.text["hazard_chance"] == "an 18.0%"


def test_a_market_rate_set_in_the_build_is_flagged():
    pg = lease_page.page({"market": {"gpu_hour_usd": 3.0}}, "x", "", "undated", "v")
    assert pg.markdown["cite_market"] == "(set in this build)"
    assert pg.text["market_rate"] == "$3.00"


def test_glue_glues_every_name_once(base, monkeypatch):
    import myst_nb

    glued = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, obj, display=True: glued.append(name))
    base.glue()
    assert sorted(glued) == sorted(base.names())


def test_the_chapter_is_narrative_plus_calls():
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", CHAPTER.read_text(), re.S)
    code = [line for cell in cells for line in cell.splitlines() if line.strip() and not line.startswith(":")]
    assert len(code) <= 40
    text = "\n".join(code)
    assert not re.search(r"\b(if|for|while|else|lambda)\b", text)
    assert not re.search(r"\bf[\"']", text)
    assert "page.glue()" in text
