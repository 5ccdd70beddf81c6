"""The summary page (``intro.md``): the three answers as cards, the headline numbers under
base, bull and bear (and this build), the three answers explained, and how old the facts
are. The answers and the key numbers are :func:`colossus.words.answers.summary`, computed
once for this page and the brief (:mod:`colossus.pages.brief`).
"""
from __future__ import annotations

from IPython.display import HTML

from ..inputs import facts, reported
from ..words import answers, ipo_text, summary_text
from .page import Build, Page

CHAPTER = "Colossus for rent"
TABLE = "tbl-intro-headline-numbers"


def facts_dates() -> tuple[str, str, int, int]:
    """``(latest as-of date, latest event date, number of facts, number of reported
    quarterly figures)``: the latest as-of date among the facts table and the reported
    quarters, as ISO dates.

    >>> as_of, event, n_facts, n_reported = facts_dates()
    >>> len(as_of) == len(event) == 10 and n_facts > 0 and n_reported > 0
    True
    """
    table = facts.facts()
    quarterly = reported.load()
    latest = max(table["as_of"].astype(str).max(), quarterly["as_of"].astype(str).max() if len(quarterly) else "")
    _, events, _ = facts.load_all()
    return latest, str(events["date"].max()), len(table), len(quarterly)


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the summary page glues, for the parameters a build injects.

    >>> pg = page({}, "base", "", "2026-12-03", "0.1.0")
    >>> pg.text["build_line"]
    "This build is version 0.1.0, of 2026-12-03 (the commit's date)."
    >>> sorted(pg.tables), sorted(pg.objects)
    (['tbl-intro-headline-numbers'], ['intro-answers'])
    """
    build = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    s = answers.summary(build.parameters, build_date)
    lease, offset, ipo = s.answers
    as_of, latest_event, n_facts, n_reported = facts_dates()
    return Page(
        CHAPTER, build.provenance(CHAPTER),
        text={
            "lease_explained": lease.explanation,
            "offset_explained": offset.explanation,
            "ipo_explained": ipo.explanation,
            "facts_as_of": ipo_text.when(as_of),
            "latest_event": ipo_text.when(latest_event),
            "build_line": summary_text.build_line(build_version, build_date),
            "n_facts": f"{n_facts}",
            "n_reported": f"{n_reported}",
        },
        tables={TABLE: HTML(answers.headline_table_html(s.numbers, TABLE))},
        objects={"intro-answers": HTML(answers.cards_html(list(s.answers)))},
    )
