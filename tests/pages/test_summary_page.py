"""The summary page's model (``intro.md``, :mod:`colossus.pages.summary`), without a book build."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from colossus.inputs import facts, reported
from colossus.inputs.loading import from_injected
from colossus.pages import brief, summary
from colossus.words import answers

from .pagecheck import BUILDS, assert_narrative, check, injected

PAGE = "intro.md"


@pytest.fixture(scope="module", params=BUILDS)
def built(request):
    parameters, label = injected(request.param)
    return request.param, parameters, summary.page(parameters, label, "", "2026-12-03", "0.1.0+g0123456789")


def test_glues_what_the_page_refers_to(built):
    check(built[2], PAGE)


def test_the_chapter_is_narrative_plus_a_call():
    assert_narrative(PAGE, 8)   # the parameters cell (5) and the page (3)


def test_explanations_are_the_answers_and_the_table_marks_this_build(built):
    which, parameters, pg = built
    s = answers.summary(from_injected(parameters), "2026-12-03")
    assert [pg.text[k] for k in ("lease_explained", "offset_explained", "ipo_explained")] == \
        [a.explanation for a in s.answers]
    soup = BeautifulSoup(pg.tables["tbl-intro-headline-numbers"].data, "html.parser")
    headings = [th.get_text() for th in soup.select("thead th")]
    assert headings[:4] == ["Key number", *(f"{s} (this build)" if s == which else s for s in ("base", "bull", "bear"))]
    assert ("this build" in headings) is (which == "far")
    cards = BeautifulSoup(pg.objects["intro-answers"].data, "html.parser")
    assert [p.get_text() for p in cards.select(".colossus-answer-question")] == \
        ["Lease economics", "Losses offset by rent", "IPO positioning"]


def test_counts_and_dates_of_the_facts():
    pg = summary.page({}, "base", "", "2026-12-03", "0.1.0")
    assert pg.text["n_facts"] == str(len(facts.facts())) and pg.text["n_reported"] == str(len(reported.load()))
    # the facts are as of 9 October 2026 (BRIEF.md section 8), later than any reported quarter's filing
    assert pg.text["facts_as_of"] == "9 October 2026"
    assert pg.text["build_line"] == "This build is version 0.1.0, of 2026-12-03 (the commit's date)."
    undated = summary.page({}, "base", "", "undated", "0.1.0")
    assert undated.text["build_line"] == ("This build is version 0.1.0; it was built outside a git checkout, "
                                          "so it has no commit date.")


def test_the_summary_and_the_brief_compute_the_answers_once():
    """One parameter set and date: the same key numbers and answers for both pages."""
    s = answers.summary(from_injected({}), "2026-12-03")
    assert answers.summary(from_injected({}), "2026-12-03") is s
    intro = summary.page({}, "base", "", "2026-12-03", "0.1.0")
    one_page = brief.page({}, "base", "", "2026-12-03", "0.1.0")
    assert intro.objects["intro-answers"].data == one_page.objects["brief-answers"].data \
        == answers.cards_html(list(s.answers))
    # a different date ages the share price differently: computed anew, not taken from the first
    assert answers.summary(from_injected({}), "2027-06-30") is not s
