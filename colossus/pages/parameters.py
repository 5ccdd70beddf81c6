"""The parameters appendix (``chapters/parameters.md``): this build's scenario and
fingerprint, its description, every parameter with its range and source
(:func:`colossus.words.sources.parameter_table`) and the key numbers of this build.
"""
from __future__ import annotations

from IPython.display import HTML

from ..model import keynumbers
from ..words import report
from ..words.sources import parameter_table
from .page import Build, Page

CHAPTER = "Parameters"


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the parameters appendix glues.

    >>> pg = page({}, "base", "", "undated", "0.1.0")
    >>> pg.text["scenario_label"], sorted(pg.tables)
    ('base', ['tbl-parameters-key-numbers', 'tbl-parameters-values'])
    """
    build = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    p = build.parameters
    return Page(
        CHAPTER, build.provenance(CHAPTER),
        text={"scenario_label": scenario_label, "fingerprint": p.fingerprint},
        tables={"tbl-parameters-values": report.markdown_table(parameter_table(p)),
                "tbl-parameters-key-numbers": report.html_table(keynumbers.key_numbers_table(p))},
    )


def description(scenario_description: str) -> HTML:
    """The scenario's description (free text from a file, escaped), or that it has none.

    >>> description("").data, description("<b>bold</b>").data
    ('<blockquote class="colossus-description">(no description given)</blockquote>', '<blockquote class="colossus-description">&lt;b&gt;bold&lt;/b&gt;</blockquote>')
    """
    return report.paragraph(scenario_description or "(no description given)")
