"""The brief's page model (``brief.md``, :mod:`colossus.pages.brief`), without a book build
(``tests/book/test_brief.py`` prints the built brief)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from colossus.inputs.loading import from_injected
from colossus.model import keynumbers
from colossus.pages import brief

from .pagecheck import BUILDS, assert_narrative, check, injected

PAGE = "brief.md"


@pytest.fixture(scope="module", params=BUILDS)
def built(request):
    parameters, label = injected(request.param)
    return parameters, label, brief.page(parameters, label, "", "2026-12-03", "0.1.0")


def test_glues_what_the_page_refers_to(built):
    check(built[2], PAGE)


def test_the_chapter_is_narrative_plus_a_call():
    assert_narrative(PAGE, 8)   # the parameters cell (5) and the page (3)


def test_provenance_names_the_build(built):
    parameters, label, pg = built
    p = from_injected(parameters)
    text = BeautifulSoup(pg.objects["brief-provenance"].data, "html.parser").get_text()
    assert f"parameters {p.fingerprint}" in text and "dated 2026-12-03" in text and "colossus 0.1.0" in text
    assert f"Scenario {' '.join(label.split())} " in text and "facts as of 2026-10-09" in text
    assert pg.provenance.fingerprint == p.fingerprint and pg.provenance.chapter == "The brief"
    assert "Not investment advice." in pg.objects["brief-disclaimer"].data


def test_the_lease_values_are_the_key_numbers(built):
    parameters, _, pg = built
    n = keynumbers.compute(from_injected(parameters)).numbers
    values = pg.figures["fig-brief-values"].data
    assert list(values["usd"]) == [n["contracted_revenue_usd"], n["expected_revenue_usd"],
                                   n["npv_expected_revenue_usd"], n["lease_durable_value_usd"]]
    assert list(values["label"])[0] == "Contracted rent"
    quarters = pg.figures["fig-brief-quarters"].data
    assert list(quarters.columns) == ["quarter", "ai_operating_income_usd", "ai_operating_income_without_anthropic_usd"]
