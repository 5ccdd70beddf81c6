"""The parameters appendix's model (``chapters/parameters.md``, :mod:`colossus.pages.parameters`)."""
from __future__ import annotations

import pytest

from colossus.inputs.loading import from_injected
from colossus.pages import parameters as appendix

from .pagecheck import BUILDS, assert_narrative, check, injected

PAGE = "chapters/parameters.md"


@pytest.fixture(scope="module", params=BUILDS)
def built(request):
    parameters, label = injected(request.param)
    return parameters, label, appendix.page(parameters, label, "", "undated", "0.1.0")


def test_glues_what_the_page_refers_to(built):
    check(built[2], PAGE)


def test_the_chapter_is_narrative_plus_a_call():
    assert_narrative(PAGE, 9)   # the parameters cell (5), the page (3), one cell that shows its output


def test_scenario_fingerprint_and_tables(built):
    parameters, label, pg = built
    assert pg.text == {"scenario_label": label, "fingerprint": from_injected(parameters).fingerprint}
    assert "| Parameter" in pg.tables["tbl-parameters-values"].data
    assert "<table" in pg.tables["tbl-parameters-key-numbers"].data


@pytest.mark.parametrize("given, shown", [
    ("", '<blockquote class="colossus-description">(no description given)</blockquote>'),
    ("My view <script>", '<blockquote class="colossus-description">My view &lt;script&gt;</blockquote>'),
])
def test_description_is_escaped_or_says_there_is_none(given, shown):
    assert appendix.description(given).data == shown
