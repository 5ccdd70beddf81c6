"""The scenarios chapter's model (``chapters/scenarios.md``, :mod:`colossus.pages.scenarios`)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from colossus.inputs.loading import from_injected
from colossus.model import keynumbers, sensitivity
from colossus.pages import scenarios
from colossus.words import report

from .pagecheck import BUILDS, assert_narrative, check, injected

PAGE = "chapters/scenarios.md"


@pytest.fixture(scope="module", params=BUILDS)
def built(request):
    parameters, label = injected(request.param)
    return request.param, parameters, scenarios.page(parameters, label, "", "2026-12-03", "0.1.0")


def test_glues_what_the_page_refers_to(built):
    check(built[2], PAGE)


def test_the_chapter_is_narrative_plus_a_call():
    assert_narrative(PAGE, 9)   # the parameters cell (5), the page (3), one cell that shows its output


def test_which_column_is_this_build(built):
    which, parameters, pg = built
    soup = BeautifulSoup(pg.tables["tbl-scenarios-key-numbers"].data, "html.parser")
    headings = [th.get_text() for th in soup.select("thead th")]
    if which == "far":
        assert pg.text["build_is"] == "none of the three scenarios, so it has a column of its own"
        assert headings[-1] == "this build"
    else:
        assert pg.text["build_is"] == f"the {which} scenario: its column is marked"
        assert f"{which} (this build)" in headings and "this build" not in headings
    n = keynumbers.compute(from_injected(parameters)).numbers
    assert pg.text["n_keys"] == str(len(n) - 1)
    rows = [th.get_text() for th in soup.select("tbody th")]
    assert rows[-1] == "parameter_fingerprint" and len(rows) == len(n)


def test_anchor_note_follows_the_anchor(built):
    which, _, pg = built
    if which == "far":   # anchored at 2026Q1, the scenarios at the latest reported quarter
        assert pg.text["anchor_note"].startswith("The scenarios' quarterly models start from Q2 2026")
        assert "this build's starts from Q1 2026 (`model.anchor_quarter`)" in pg.text["anchor_note"]
    else:
        assert pg.text["anchor_note"].startswith("Every column's quarterly model starts from Q2 2026, the latest")


def test_weighted_values_by_hand(built):
    """(2 base + bull + bear) / 4, each output written in its unit."""
    _, _, pg = built
    by = sensitivity.scenario_key_numbers()
    mean = {k: (2 * by["base"][k] + by["bull"][k] + by["bear"][k]) / 4 for k in scenarios.WEIGHTED}
    assert pg.text["weights_text"] == "2 for base, 1 for bull, 1 for bear"
    assert pg.text["weighted_text"] == (
        f"{report.usd(mean['npv_expected_revenue_usd'])} for the present value of the expected lease revenue; "
        f"{report.usd(mean['anthropic_net_contribution_usd'])} for Anthropic's net contribution; and "
        f"${mean['lease_durable_value_per_share_usd']:,.2f} a share for the lease's durable value")
    fig = pg.figures["fig-scenarios-weights"]
    assert fig.finding.startswith("At the starting weights the weighted values are ")
    assert list(fig.data["output"]) == scenarios.WEIGHTED


def test_movers_name_one_assumption_per_output(built):
    _, _, pg = built
    movers = pg.text["movers"]
    for label in sensitivity.MAIN_OUTPUTS.values():
        assert (f"{label} moves most with " in movers or f"{label} does not exist in this build" in movers
                or f"moves {label[:1].lower() + label[1:]} in this build" in movers), label
    assert pg.figures["fig-scenarios-tornado"].finding == movers
    assert pg.text["invalid"] == "" or pg.text["invalid"].startswith("Left out because")


def test_download_link():
    html_text = scenarios.download_link().data
    assert 'href="../data/key_numbers_by_scenario.csv" download' in html_text
