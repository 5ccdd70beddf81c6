"""The methodology appendix's model (``chapters/methodology.md``, :mod:`colossus.pages.methodology`)."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from colossus.inputs import config
from colossus.inputs.loading import from_injected
from colossus.pages import methodology

from .pagecheck import BUILDS, assert_narrative, check, injected

PAGE = "chapters/methodology.md"


@pytest.mark.parametrize("build", BUILDS)
def test_glues_what_the_page_refers_to(build):
    parameters, label = injected(build)
    check(methodology.page(parameters, label, "", "2026-12-03", "0.1.0"), PAGE)


def test_the_chapter_is_narrative_plus_a_call():
    assert_narrative(PAGE, 9)   # the parameters cell (5), the page (3), one cell that shows its output


def test_no_benchmark_no_tables(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "BENCH_JSON", tmp_path / "none.json")
    pg = methodology.page({}, "base", "", "undated", "0.1.0")
    assert pg.tables == {"tbl-methodology-build-times": None, "tbl-methodology-build-phases": None}
    assert "make bench" in pg.text["bench_status"]


def test_a_benchmark_is_tabled(monkeypatch, tmp_path):
    path = tmp_path / "bench.json"
    path.write_text(json.dumps({"cold_s": 20.0, "one_param_s": 6.0, "runs": {"cold_s": 3, "one_param_s": 3},
                                "ratios": {"one_param_vs_cold": 0.3}, "targets_met": {"one_param_vs_cold": True},
                                "cores": 2, "machine": "x86_64", "date": "2026-12-01",
                                "phases": {"cold_s": {"execute_s": 9.0}, "one_param_s": {"execute_s": 2.5}}}))
    monkeypatch.setattr(config, "BENCH_JSON", path)
    pg = methodology.page({}, "base", "", "undated", "0.1.0")
    times = BeautifulSoup(pg.tables["tbl-methodology-build-times"].data, "html.parser").get_text(" ")
    assert "Cold build (empty caches)" in times and "0.30x cold build" in times and "<= 0.5x" in times
    phases = BeautifulSoup(pg.tables["tbl-methodology-build-phases"].data, "html.parser").get_text(" ")
    assert "execute the chapters" in phases and "2.5" in phases and "20.0" in phases
    assert pg.text["bench_status"].startswith("Measured on 2 cores (x86_64) on 2026-12-01")
    assert "(every target met)" in pg.text["bench_status"]


@pytest.mark.parametrize("build", BUILDS)
def test_citation_names_version_date_and_fingerprint(build):
    parameters, label = injected(build)
    fp = from_injected(parameters).fingerprint
    html_text = methodology.cite(methodology.page(parameters, label, "", "2026-12-03", "0.1.0")).data
    text = BeautifulSoup(html_text, "html.parser").get_text()
    assert f"(2026). Colossus for rent: xAI's compute lease to Anthropic. Version 0.1.0, dated 2026-12-03; " \
           f"scenario {' '.join(label.split())}, parameter fingerprint {fp}." in text
    assert f"@misc{{colossus_lease_{fp}," in text and "  year    = {2026}," in text


def test_an_undated_build_is_cited_as_such():
    text = methodology.cite(methodology.page({}, "base", "", "undated", "0.1.0")).data
    assert "(n.d.)" in text and "Version 0.1.0, undated;" in text and "year    = {n.d.}" in text
