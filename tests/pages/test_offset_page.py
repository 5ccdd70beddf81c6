"""The page model of "Losses offset by rent" (colossus.pages.offset), without a book build.

The chapter's markdown is parsed for every name it glues; the page model must produce each
of them, once, and nothing the chapter does not use, under the base, bull and bear
scenarios and a far-from-base build anchored at an older quarter. A few values are checked
by hand against the reported quarters and the parameters.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from IPython.display import Markdown

from colossus.inputs import loading
from colossus.pages import offset as offset_page
from colossus.pages.page import Figure

CHAPTER = Path(__file__).resolve().parents[2] / "chapters" / "offset.md"
#: The far-from-base build of the reference books (/work/notes/refbuild.sh).
FAR_SETS = ("lease.monthly_rent_usd=3.0e8", "lease.gpus=110000", "lease.monthly_notice_probability=0.18",
            "model.anchor_quarter=2026Q1")
SCENARIOS = {"base": ("base", ()), "bull": ("bull", ()), "bear": ("bear", ()), "far": ("base", FAR_SETS)}


def _chapter_names() -> dict[str, set[str]]:
    """Every glued name the chapter's prose and directives use, by kind."""
    text = CHAPTER.read_text()
    return {
        "text": set(re.findall(r"\{glue:text\}`([^`:]+)`", text)),
        "markdown": set(re.findall(r"\{glue:md\}`([^`:]+)(?::myst)?`", text)),
        "tables": set(re.findall(r"^```\{glued-table\} (\S+)$", text, re.M)),
        "figures": set(re.findall(r"^```\{glue:figure\} (\S+)$", text, re.M)),
    }


def _code_cells() -> list[str]:
    return re.findall(r"```\{code-cell\} ipython3\n(.*?)\n```", CHAPTER.read_text(), re.S)


@pytest.fixture(scope="module", params=list(SCENARIOS))
def built(request):
    scenario, sets = SCENARIOS[request.param]
    r = loading.resolve(scenario, sets=sets)
    injected = r.parameters.model_dump(mode="json")
    return request.param, offset_page.page(injected, r.label, r.description, "2026-12-03", "0.1.0+gtest")


@pytest.fixture(scope="module")
def base():
    return offset_page.page({}, "base", "", "2026-12-03", "0.1.0")


@pytest.fixture(scope="module")
def far():
    r = loading.resolve("base", sets=FAR_SETS)
    return offset_page.page(r.parameters.model_dump(mode="json"), r.label, r.description, "2026-12-03", "0.1.0")


# --------------------------------------------------------------------------- the chapter

def test_chapter_is_narrative_plus_a_few_calls():
    cells = _code_cells()
    code = [line for cell in cells for line in cell.splitlines()
            if line.strip() and not line.startswith(":tags:")]
    assert len(code) <= 40
    calls = "\n".join(cells[1:])
    assert not re.search(r"\bif\b|\bfor\b|\bwhile\b|\belse\b", calls)
    assert not re.search(r"\bf\"|\bf'", calls)
    assert "offset.page(parameters, scenario_label, scenario_description, build_date, build_version)" in calls
    assert cells[0].startswith(":tags: [parameters]")


def test_the_chapter_uses_names_of_each_kind():
    names = _chapter_names()
    assert all(names.values()), names


# --------------------------------------------------------------------------- every name, once

def test_every_name_the_chapter_uses_is_produced_and_nothing_else(built):
    _, pg = built
    want = _chapter_names()
    got = {"text": set(pg.text), "markdown": set(pg.markdown), "tables": set(pg.tables),
           "figures": set(pg.figures)}
    want["text"] |= set(offset_page.UNUSED_GLUES)   # glued before the page model, kept byte-identical
    for kind in want:
        assert got[kind] == want[kind], (kind, got[kind] ^ want[kind])
    assert pg.objects == {}


def test_the_unused_glues_are_unused():
    used = set().union(*_chapter_names().values())
    assert not used & set(offset_page.UNUSED_GLUES)


def test_no_name_twice(built):
    _, pg = built
    names = pg.names()
    assert len(names) == len(set(names))


def test_values_are_strings_and_tables_markdown(built):
    label, pg = built
    for name, value in {**pg.text, **pg.markdown}.items():
        assert isinstance(value, str) and value, (label, name)
        assert "None" not in value and "nan" not in value.split(), (label, name, value)
    for name, table in pg.tables.items():
        assert isinstance(table, Markdown) and table.data.startswith("| "), (label, name)
    for fig_id, f in pg.figures.items():
        assert isinstance(f, Figure)
        assert all(isinstance(s, str) and s for s in (f.title, f.finding, f.source)), (label, fig_id)
        assert f.data is not None and len(f.data), (label, fig_id)


def test_provenance_is_the_builds(built):
    label, pg = built
    assert pg.chapter == "Losses offset by rent"
    assert pg.provenance.chapter == "Losses offset by rent"
    assert pg.provenance.date == "2026-12-03" and pg.provenance.version == "0.1.0+gtest"


def test_glue_glues_every_name_once(base, monkeypatch):
    import myst_nb

    glued = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: glued.append((name, value, display)))
    base.glue()
    assert sorted(n for n, _, _ in glued) == sorted(base.names())
    assert not any(display for _, _, display in glued)
    figure = dict((n, v) for n, v, _ in glued)["fig-offset-cash"]
    assert repr(figure) == "<figure fig-offset-cash>"


# --------------------------------------------------------------------------- by hand

def test_base_values_by_hand(base):
    t, md = base.text, base.markdown
    # the anchor is the latest reported quarter; the model runs Q3 2026 to Q2 2029 (lease.end)
    assert (t["anchor_q"], t["first_q"], t["last_q"], t["n_quarters"]) == ("Q2 2026", "Q3 2026", "Q2 2029", "12")
    assert t["anchor_why"] == "the latest quarter SpaceX has reported"
    # 25% of 325,000 GPUs x 730 h x $2.35 = $139.4 million a month
    assert t["monthly_replacement"] == "$139 million"
    assert t["market_rate"] == "$2.35"
    # reported Q2 2026: AI revenue $2.561 billion, an operating loss of $1.257 billion (10-Q, Note 18)
    assert md["anchor_revenue"] == "$2.56 billion {cite:p}`spacex10q2026q2` (Note 18)"
    assert md["anchor_income"] == "loss of $1.26 billion {cite:p}`spacex10q2026q2` (Note 18)"
    assert md["anchor_leasing"] == "$1.6 billion {cite:p}`spacexq2release2026` is set aside as leasing"
    assert t["ai_word_2026q2"] == "loss"
    assert md["later_quarters"] == " "          # no quarter reported after Q2 2026 is stored
    assert t["hazard_chance"].startswith(("a ", "an "))
    assert t["bt_q"] == "Q2 2026" and t["bt_from"] == "Q1 2026"
    assert base.figures["fig-offset-quarter-waterfall"].title.endswith(t["wf_quarter"])
    assert base.figures["fig-offset-ai-segment-quarters"].finding == t["ffq_sentence"]
    assert base.figures["fig-offset-termination-fan"].finding == t["fan_sentence"]
    assert base.figures["fig-offset-backtest"].finding == t["track_record"]


def test_far_build_says_what_it_set(far):
    t, md = far.text, far.markdown
    assert t["anchor_q"] == "Q1 2026" and t["first_q"] == "Q2 2026"
    assert t["anchor_why"] == "set in this build (model.anchor_quarter); the latest reported quarter is Q2 2026"
    # Q1 2026 reports no new cloud revenue: nothing is set aside
    assert md["anchor_leasing"] == "nothing is set aside as leasing (none is reported for Q1 2026)"
    # an 18% monthly chance of a notice
    assert t["hazard_chance"] == "an 18.0% chance"
    assert "set in this build" not in t["x_anchor_note"]


def test_anchor_set_in_the_build_is_flagged():
    pg = offset_page.page({"xai": {"anchor_operating_income_usd": -2.0e9}}, "base", "", "2026-12-03", "0.1.0")
    assert pg.markdown["anchor_income"] == "loss of $2 billion (set in this build, `xai.anchor_operating_income_usd`)"
    assert "(xai.anchor_operating_income_usd)" in pg.text["x_anchor_note"]
