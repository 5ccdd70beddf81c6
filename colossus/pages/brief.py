"""The one-page brief (``brief.md``, printed by ``make brief``): its provenance line, the
summary's three answers and headline table (the same objects as the summary page:
:func:`colossus.words.answers.summary`), two small charts and the disclaimer.
"""
from __future__ import annotations

from IPython.display import HTML

from ..figures import charts_brief
from ..inputs import facts
from ..model import offset
from ..words import answers, brief_text
from .page import Build, Figure, Page

CHAPTER = "The brief"
TABLE = "tbl-brief-headline-numbers"
QUARTERS_SOURCE = "SpaceX Form 10-Q for the quarter ended June 30, 2026 (Note 18); the losses-offset model"
VALUES_SOURCE = "SpaceX S-1/A and 424B4 (June 2026), lease terms; the lease model"


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the brief glues, for the parameters a build injects.

    >>> pg = page({}, "base", "", "2026-12-03", "0.1.0")
    >>> sorted(pg.figures), pg.figures["fig-brief-values"].title
    (['fig-brief-quarters', 'fig-brief-values'], 'What the lease is worth')
    """
    build = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    p = build.parameters
    s = answers.summary(p, build_date)
    n = s.numbers
    lease, offset_answer, _ = s.answers
    facts_as_of = str(facts.facts()["as_of"].astype(str).max())
    quarters = offset.quarterly_table(p)
    values = brief_text.lease_values(n)
    return Page(
        CHAPTER, build.provenance(CHAPTER),
        tables={TABLE: HTML(answers.headline_table_html(n, TABLE))},
        figures={
            "fig-brief-quarters": Figure(
                charts_brief.quarterly_income_chart(quarters),
                "AI segment operating income, with and without the lease", offset_answer.sentence, QUARTERS_SOURCE,
                quarters[["quarter", "ai_operating_income_usd", "ai_operating_income_without_anthropic_usd"]]),
            "fig-brief-values": Figure(charts_brief.lease_value_bars(values), "What the lease is worth",
                                       lease.sentence, VALUES_SOURCE, values),
        },
        objects={
            "brief-provenance": HTML(brief_text.provenance_html(scenario_label, n["parameter_fingerprint"],
                                                                build_date, build_version, facts_as_of)),
            "brief-answers": HTML(answers.cards_html(list(s.answers))),
            "brief-disclaimer": HTML(brief_text.disclaimer_html()),
        },
    )
