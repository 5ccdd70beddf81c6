"""The methodology appendix (``chapters/methodology.md``): the build benchmark
(:mod:`colossus.words.bench_text`) and how to cite this build (:mod:`colossus.words.citation`).
"""
from __future__ import annotations

from IPython.display import HTML

from ..words import bench_text, citation, report
from .page import Build, Page

CHAPTER = "Methodology: how this book is built and checked"


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the methodology appendix glues: the benchmark's sentence and its two
    tables (``None``, no table, when no benchmark was run on the machine that built the book).

    >>> sorted(page({}, "base", "", "undated", "0.1.0").names())
    ['bench_status', 'tbl-methodology-build-phases', 'tbl-methodology-build-times']
    """
    build = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    table, phases = bench_text.table(), bench_text.phase_table()
    return Page(
        CHAPTER, build.provenance(CHAPTER),
        text={"bench_status": bench_text.status_text()},
        tables={"tbl-methodology-build-times": None if table is None else report.html_table(table),
                "tbl-methodology-build-phases": None if phases is None else report.html_table(phases)},
    )


def cite(page: Page) -> HTML:
    """How to cite the build ``page`` was made for (its scenario, fingerprint, date and
    version), shown under "How to cite".

    >>> 'note    = {Scenario base, parameter fingerprint ' in cite(page({}, "base", "", "undated", "0.1.0")).data
    True
    """
    prov = page.provenance
    return HTML(citation.citation_html(prov.scenario, prov.fingerprint, prov.date, prov.version))
