"""colossus.pages.deal: the page model of "The deal", without a book build.

Every name the chapter glues is produced under its kind and nothing else; every value is
a string under the base, bull and bear scenarios and far from them; the counts and tables
are those of the data files; the chapter's cells are only calls.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from colossus.inputs import facts
from colossus.pages import deal as deal_page
from colossus.pages.page import Page
from colossus.words import report

from .test_lease_page import FAR, injected, referenced

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ROOT / "chapters" / "deal.md"


@pytest.fixture(scope="module", params=["base", "bull", "bear", "far"])
def built(request) -> tuple[str, Page]:
    data = FAR if request.param == "far" else injected(request.param)
    return request.param, deal_page.page(data, request.param, "", "2026-12-03", "0.1.0")


@pytest.fixture(scope="module")
def base() -> Page:
    return deal_page.page({}, "base", "", "2026-12-03", "0.1.0")


def test_every_glued_name_the_chapter_uses_is_produced_under_its_kind(base):
    refs = referenced(CHAPTER.read_text())
    assert set(base.text) == refs["text"]
    assert set(base.markdown) == refs["markdown"]
    assert set(base.tables) == refs["tables"]
    assert set(base.figures) == refs["figures"]
    assert not base.objects


def test_every_value_is_a_string_and_no_name_twice(built):
    name, pg = built
    assert len(pg.names()) == len(set(pg.names()))
    assert all(isinstance(v, str) and v.strip() for v in [*pg.text.values(), *pg.markdown.values()])
    assert pg.provenance.chapter == "The deal" and pg.provenance.scenario == name
    f = pg.figures["fig-deal-timeline"]
    assert f.title and f.finding and f.source and f.chart.to_dict(validate=False)["description"]


def test_counts_and_tables_are_the_data_files(base):
    fx, events, conflicts = facts.load_all()
    assert base.text["n_events"] == str(len(events)) and base.text["n_facts"] == str(len(fx))
    assert base.text["n_conflicts"] == str(len(conflicts))
    assert base.text["n_sources"] == str(fx["source"].nunique())
    assert base.text["first_event"] == facts.event_date(events.iloc[0])
    assert base.text["last_event"] == facts.event_date(events.iloc[-1])
    assert base.figures["fig-deal-timeline"].finding.startswith(f"{len(events)} events from ")
    table = base.tables["tbl-deal-events"].data
    assert table.count("{cite:p}`") == len(events)
    # the model's contracted revenue is set beside the reported deal values
    assert report.escape(base.text["contracted_revenue"]) in base.tables["tbl-deal-conflicts"].data


def test_the_conflicts_table_moves_with_the_build():
    far = deal_page.page(FAR, "far", "", "2026-12-03", "0.1.0")
    assert far.text["contracted_revenue"] != deal_page.page({}, "b", "", "undated", "v").text["contracted_revenue"]
    note = report.escape(f"Model, this build: contracted revenue {far.text['contracted_revenue']}")
    assert note in far.tables["tbl-deal-conflicts"].data
    assert "**110,000**" in far.tables["tbl-deal-conflicts"].data


def test_the_chapter_is_narrative_plus_calls():
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", CHAPTER.read_text(), re.S)
    code = [line for cell in cells for line in cell.splitlines() if line.strip() and not line.startswith(":")]
    assert len(code) <= 40
    text = "\n".join(code)
    assert not re.search(r"\b(if|for|while|else|lambda)\b", text)
    assert not re.search(r"\bf[\"']", text)
