"""What every page model's test checks: the glue names a chapter's markdown uses are
exactly those its page model produces, each once, and every glued text is a string, under
base, bull, bear and a build far from the base."""
from __future__ import annotations

import re
from pathlib import Path

from colossus.inputs import loading
from colossus.pages.page import Page

from ..conftest import ROOT

#: A build far from the base (the reference build "far" of issue 17): low rent, few GPUs, a
#: high chance of notice, and the model anchored before the latest reported quarter.
FAR = ["lease.monthly_rent_usd=3.0e8", "lease.gpus=110000", "lease.monthly_notice_probability=0.18",
       "model.anchor_quarter=2026Q1"]
BUILDS = ["base", "bull", "bear", "far"]

_ROLE = re.compile(r"\{glue(?::text|:md|:any|:figure)?\}`([^`:]+)(?::[^`]*)?`")
_DIRECTIVE = re.compile(r"^```\{(?:glue|glue:any|glue:figure|glue:md|glue:text|glued-table)\} +(\S+)", re.M)


def glue_names(page: str) -> list[str]:
    """Every glue name a page of the book (``intro.md``, ``chapters/scenarios.md``) refers to,
    by a role or a directive, in order (a name referred to twice is listed twice)."""
    text = (ROOT / page).read_text(encoding="utf-8")
    found = [(m.start(), m.group(1)) for m in _ROLE.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _DIRECTIVE.finditer(text)]
    return [name for _, name in sorted(found)]


def injected(build: str) -> tuple[dict, str]:
    """``(parameters, scenario label)`` as the build injects them into a chapter."""
    r = loading.resolve(sets=FAR) if build == "far" else loading.resolve(build)
    return r.parameters.model_dump(mode="json"), r.label


def check(pg: Page, page: str) -> None:
    """``pg`` glues exactly what ``page`` refers to, each name once, texts as strings."""
    names = pg.names()
    assert len(names) == len(set(names)), f"a name glued twice: {sorted(n for n in names if names.count(n) > 1)}"
    wanted = set(glue_names(page))
    assert set(names) == wanted, f"unused: {sorted(set(names) - wanted)}; missing: {sorted(wanted - set(names))}"
    for name, value in {**pg.text, **pg.markdown}.items():
        assert isinstance(value, str), name
    for name, fig in pg.figures.items():
        assert fig.title and fig.finding and fig.source, name


def code_lines(page: str) -> list[str]:
    """The lines of code in a page's code cells (without their ``:tags:`` options, comments
    and blank lines)."""
    text = (ROOT / page).read_text(encoding="utf-8")
    lines = []
    for body in re.findall(r"```\{code-cell\} ipython3\n(.*?)```", text, re.S):
        lines += [line for line in body.splitlines()
                  if line.strip() and not line.startswith(":") and not line.lstrip().startswith("#")]
    return lines


def assert_narrative(page: str, most: int) -> None:
    """A chapter is narrative plus a few calls: at most ``most`` lines of code, and no
    conditional, loop or f-string."""
    lines = code_lines(page)
    assert len(lines) <= most, lines
    code = "\n".join(lines)
    assert not re.search(r"\b(if|for|while|else)\b", code), code
    assert not re.search(r"\bf[\"']", code), code
