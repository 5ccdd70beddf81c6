"""The page model of the chapter "The deal" (``chapters/deal.md``).

:func:`page` returns what the chapter shows: the counts of events, facts, sources and
conflicts, the timeline chart (:mod:`colossus.figures.deal`), the events table, the contract
terms as each source tells them and the conflicts between sources, with what this build's
model uses (:mod:`colossus.words.sources`, :mod:`colossus.words.deal_text`).
"""
from __future__ import annotations

from ..figures import deal as deal_charts
from ..inputs import facts
from ..model import keynumbers
from ..words import deal_text, report, sources
from .page import Build, Figure, Page

CHAPTER = "The deal"


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the chapter "The deal" shows, for the literals of its parameters cell.

    >>> pg = page({}, "base", "", "2026-12-03", "0.1.0")
    >>> pg.text["contracted_revenue"], sorted(pg.figures), len(pg.tables)
    ('$45 billion', ['fig-deal-timeline'], 3)
    """
    b = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    p = b.parameters
    pg = Page(CHAPTER, b.provenance(CHAPTER))
    n = keynumbers.compute(p).numbers
    fx, events, conflicts = facts.load_all()
    pg.text.update({
        "n_events": f"{len(events)}",
        "n_facts": f"{len(fx)}",
        "n_sources": f"{fx['source'].nunique()}",
        "n_conflicts": f"{len(conflicts)}",
        "contracted_revenue": report.usd(n["contracted_revenue_usd"]),
        "first_event": facts.event_date(events.iloc[0]),
        "last_event": facts.event_date(events.iloc[-1]),
    })
    pg.figures["fig-deal-timeline"] = Figure(
        deal_charts.timeline_chart(events),
        title="The xAI-Anthropic compute deal and the SpaceX IPO, event by event",
        finding=deal_text.timeline_finding(events),
        source="data/events.csv, each event with its source", data=events)
    pg.tables.update({
        "tbl-deal-events": report.markdown_table(deal_text.events_table(events), escape_columns=("Who", "Event")),
        "tbl-deal-terms": report.markdown_table(sources.terms_table()),
        "tbl-deal-conflicts": report.markdown_table(sources.conflicts_table(
            {"deal_value": deal_text.deal_value_note(n["contracted_revenue_usd"])}, p, n)),
    })
    return pg
