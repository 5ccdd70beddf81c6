"""What a chapter shows, as one typed object: the page model.

Each chapter of the book has a module here with one function, ``page``, that takes what the
build injects into the chapter's ``parameters`` cell and returns a :class:`Page`: every
value the prose glues, every table (its caption stays in the chapter's directive) and every
figure, computed by the model, worded by :mod:`colossus.words` and drawn by
:mod:`colossus.figures`. The chapter's cells are then the parameters cell and::

    page = offset.page(parameters, scenario_label, scenario_description, build_date, build_version)
    page.glue()

A page model is tested on its own, without a book build (``tests/pages``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..figures import charts
from ..inputs.params import Parameters
from ..inputs.loading import from_injected
from ..words import report


@dataclass(frozen=True)
class Build:
    """What the build injects into a chapter: the parameters (validated), the scenario's
    label and description, and the commit's date and version.

    >>> b = Build.of({}, "base", "", "2026-12-03", "0.1.0")
    >>> b.label, b.parameters.lease.gpus
    ('base', 325000)
    """
    parameters: Parameters
    label: str
    description: str
    date: str
    version: str

    @classmethod
    def of(cls, parameters: dict | None, scenario_label: str, scenario_description: str,
           build_date: str, build_version: str) -> "Build":
        """A :class:`Build` from the literals of a chapter's ``parameters`` cell."""
        return cls(from_injected(parameters), scenario_label, scenario_description, build_date, build_version)

    def provenance(self, chapter: str) -> charts.Provenance:
        """The provenance every figure of ``chapter`` carries (and the chapter's current one)."""
        return charts.set_provenance(scenario=self.label, fingerprint=self.parameters.fingerprint,
                                     date=self.date, version=self.version, chapter=chapter)


@dataclass
class Figure:
    """A chart with what it says about itself (see :func:`colossus.figures.charts.with_provenance`)."""
    chart: Any
    title: str
    finding: str
    source: str
    data: Any = None
    slider: charts.Slider | None = None


@dataclass
class Page:
    """Everything one chapter shows, under the names its prose and directives use.

    ``text`` is glued as plain text (``{glue:text}``), ``markdown`` as MyST (``{glue:md}``,
    which may hold citations), ``tables`` for ``{glued-table}`` (``None``: no table in this
    build), ``figures`` for ``{glue:figure}`` and ``objects`` as they are (an HTML block).
    """
    chapter: str
    provenance: charts.Provenance
    text: dict[str, str] = field(default_factory=dict)
    markdown: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def names(self) -> list[str]:
        """Every glued name, each once (a name used twice is a bug the test of each page checks)."""
        return [*self.text, *self.markdown, *self.tables, *self.figures, *self.objects]

    def glue(self) -> None:
        """Glue everything for the chapter's prose and directives."""
        from myst_nb import glue

        report.glue_values(self.text)
        for name, md in self.markdown.items():
            report.glue_markdown(name, md)
        for name, table in self.tables.items():
            report.glue_table(name, table)
        for fig_id, f in self.figures.items():
            charts.figure(f.chart, fig_id=fig_id, title=f.title, finding=f.finding, source=f.source,
                          data=f.data, slider=f.slider, provenance=self.provenance)
        for name, obj in self.objects.items():
            glue(name, obj, display=False)
