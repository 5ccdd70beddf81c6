"""colossus.pages.ipo (and ipo_lease): the page model of "IPO positioning", without a book build.

Every name the chapter's markdown glues is produced, nothing produced is unused, no name
twice; the values are text under the base, bull and bear scenarios and a far-from-base
build; a few values are checked by hand; and the chapter itself is narrative plus a call.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
from IPython.display import Markdown

from colossus.figures import charts
from colossus.inputs import facts
from colossus.inputs.loading import resolve
from colossus.model import keynumbers
from colossus.pages import ipo
from colossus.pages.page import Figure, Page
from colossus.words import ipo_text, report

CHAPTER = Path(__file__).resolve().parents[2] / "chapters" / "ipo.md"
FAR_SETS = ("lease.monthly_rent_usd=3.0e8", "lease.gpus=110000", "lease.monthly_notice_probability=0.18",
            "model.anchor_quarter=2026Q1")


def glued_names(md: str) -> dict[str, set[str]]:
    """The names the chapter's prose and directives take from glue, by kind."""
    return {
        "text": set(re.findall(r"\{glue:text\}`([^`:]+)`", md)),
        "markdown": set(re.findall(r"\{glue:md\}`([^`:]+)(?::myst)?`", md)),
        "tables": set(re.findall(r"^```\{glued-table\} (\S+)", md, re.M)),
        "figures": set(re.findall(r"^```\{glue:figure\} (\S+)", md, re.M)),
    }


def code_cells(md: str) -> list[str]:
    return re.findall(r"```\{code-cell\} ipython3\n(.*?)\n```", md, re.S)


def build(scenario: str = "base", sets: tuple[str, ...] = (), date: str = "2026-12-03") -> Page:
    r = resolve(scenario, sets=sets)
    return ipo.page(r.parameters.model_dump(mode="json"), r.label, r.description, date, "0.1.0+gtest")


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {"base": build(), "bull": build("bull"), "bear": build("bear"), "far": build(sets=FAR_SETS)}


@pytest.fixture(scope="module")
def base(pages) -> Page:
    return pages["base"]


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("name", ["base", "bull", "bear", "far"])
def test_every_glued_name_is_produced_and_none_unused(pages, name):
    want = glued_names(CHAPTER.read_text())
    pg = pages[name]
    got = {"text": set(pg.text), "markdown": set(pg.markdown), "tables": set(pg.tables), "figures": set(pg.figures)}
    assert got == want
    assert not pg.objects


@pytest.mark.parametrize("name", ["base", "bull", "bear", "far"])
def test_no_name_twice_and_values_are_text(pages, name):
    pg = pages[name]
    assert len(pg.names()) == len(set(pg.names()))
    assert all(isinstance(v, str) and v for v in pg.text.values())
    assert all(isinstance(v, str) and v for v in pg.markdown.values())
    assert all(isinstance(t, Markdown) and t.data.startswith("| ") for t in pg.tables.values())


@pytest.mark.parametrize("name", ["base", "bull", "bear", "far"])
def test_figures_carry_title_finding_source_and_data(pages, name):
    for fig_id, f in pages[name].figures.items():
        assert isinstance(f, Figure) and f.title and f.finding and f.source, fig_id
        assert isinstance(f.data, pd.DataFrame) and len(f.data), fig_id
        # the chart with its provenance is a valid Vega-Lite spec
        spec = charts.with_provenance(f.chart, fig_id=fig_id, title=f.title, finding=f.finding, source=f.source,
                                      data=f.data, slider=f.slider, provenance=pages[name].provenance).to_dict()
        assert spec["usermeta"]["colossus"]["id"] == fig_id


def test_sliders_are_on_the_two_interactive_figures(base):
    sliders = {k: f.slider.param for k, f in base.figures.items() if f.slider is not None}
    assert sliders == {"fig-ipo-sum-of-parts": "leasing_view", "fig-ipo-ai-multiple": "share_price"}


def test_provenance_names_the_chapter_and_the_build(base):
    assert base.chapter == "IPO positioning"
    assert base.provenance.chapter == "IPO positioning" and base.provenance.date == "2026-12-03"
    assert base.provenance.version == "0.1.0+gtest"


# --------------------------------------------------------------------------- values, by hand

def test_base_values_by_hand(base):
    t = base.text
    assert t["price"] == "$162.57"
    assert t["valuation_date"] == "9 October 2026"
    assert t["valuation_date_is"] == "the date of the price analysed"
    assert t["price_date"] == "9 October 2026"
    # 13,046,262,963 outstanding + the Cursor shares of the base case: 13.57 billion diluted
    assert t["shares_diluted"] == "13.57 billion"
    assert t["m_neocloud"] == "6.5x" and t["m_ai_lab"] == "21.0x"
    # products $3.84 billion + 12 x (Anthropic $1.25 billion + others $1.07 billion) = $31.68 billion
    assert t["revenue_parts"] == "$3.84 billion + 12 x ($1.25 billion + $1.07 billion) = $31.7 billion a year"
    assert t["h_build"] == report.pct(0.03) and t["r_build"] == report.pct(0.10)
    assert t["first_close_vs_ipo"] == ipo_text.relative_to(facts.value("ipo_first_close"), facts.value("ipo_price"))


def test_base_values_follow_the_key_numbers(base):
    n = keynumbers.compute(resolve("base").parameters).numbers
    t = base.text
    assert t["vd"] == report.usd(n["lease_durable_value_usd"])
    assert t["vd_share"] == ipo_text.per_share(n["lease_durable_value_per_share_usd"])
    assert t["vs_share"] == ipo_text.per_share(n["lease_story_value_per_share_usd"])
    assert t["sotp_story"] == ipo_text.per_share(n["sotp_value_per_share_story_usd"]) + " a share"
    assert t["cliff_story"] == ipo_text.per_share(n["termination_cliff_story_per_share_usd"])


def test_targets_count_and_range_come_from_the_facts(base):
    t = facts.analyst_targets()
    banks = t[t["kind"] == "target"]
    assert base.text["n_targets"] == str(len(banks))
    assert base.text["target_low"] == ipo_text.per_share(banks["usd_per_share"].min())
    assert base.text["target_high"] == ipo_text.per_share(banks["usd_per_share"].max())


def test_reference_prices_are_cited_when_the_build_uses_them(base):
    assert base.markdown["ipo_price"] == "&#36;135.00 " + facts.cite("ipo_price")
    assert "this build's value" not in base.markdown["first_close"]


def test_a_price_set_for_the_build_is_flagged_with_the_reported_one():
    pg = build(sets=("valuation.ipo_price_usd=140", "valuation.as_of=2026-12-31"))
    assert pg.markdown["ipo_price"] == ("&#36;140.00 (this build's value; reported: &#36;135.00 "
                                        + facts.cite("ipo_price") + ")")
    assert pg.text["valuation_date"] == "31 December 2026"
    assert pg.text["valuation_date_is"] == "set for this build; the price analysed is of 9 October 2026"


def test_far_build_words_follow_its_numbers(pages):
    far, base = pages["far"], pages["base"]
    n = keynumbers.compute(resolve("base", sets=FAR_SETS).parameters).numbers
    # a $300 million rent on 110,000 GPUs with an 18% monthly notice chance: another lease, other words
    assert far.text["vd"] == report.usd(n["lease_durable_value_usd"]) != base.text["vd"]
    assert far.text["vs"] == report.usd(n["lease_story_value_usd"]) == "$23.4 billion"   # 6.5 x 12 x $300m
    assert far.text["h_build"] == report.pct(0.18)
    assert far.text["grid_range"] != base.text["grid_range"]
    assert far.text["verdict"] != base.text["verdict"]


def test_an_undated_build_has_no_ages():
    pg = build(date="undated")
    assert pg.provenance.date == "undated"
    assert pg.text["stale_sentence"] == ipo_text.stale_phrase([], 45)


# --------------------------------------------------------------------------- the chapter

def test_chapter_is_narrative_plus_one_call():
    cells = code_cells(CHAPTER.read_text())
    assert cells[0].startswith(":tags: [parameters]")
    code = [line for c in cells for line in c.splitlines() if line.strip() and not line.startswith(":")]
    assert len(code) <= 40
    tree = ast.parse("\n".join(c for c in cells[1:]))
    banned = (ast.If, ast.IfExp, ast.JoinedStr, ast.For, ast.While, ast.ListComp, ast.GeneratorExp,
              ast.DictComp, ast.SetComp, ast.FunctionDef)
    assert not [type(node).__name__ for node in ast.walk(tree) if isinstance(node, banned)]
    assert "ipo.page(parameters, scenario_label, scenario_description, build_date, build_version)" in cells[1]
