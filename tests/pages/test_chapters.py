"""Every page of the book is narrative plus a few calls (issue 17): at most 40 lines of
code in its cells, and no decision in them (no ``if``, conditional expression, loop,
comprehension or f-string). Whatever a page computes, words or decides lives in its page
model (:mod:`colossus.pages`), where it is tested without a book build."""
from __future__ import annotations

import ast
import re

import pytest

from colossus.inputs import config

MAX_CODE_LINES = 40
PAGES = sorted([config.ROOT / "intro.md", config.ROOT / "brief.md", *config.CHAPTERS_DIR.glob("*.md")])
DECISIONS = (ast.If, ast.IfExp, ast.For, ast.While, ast.JoinedStr, ast.ListComp, ast.SetComp, ast.DictComp,
             ast.GeneratorExp, ast.Try, ast.Match, ast.BoolOp)


def code_cells(text: str) -> list[str]:
    """The code of each ``{code-cell}`` of a MyST notebook, without its ``:key: value`` options.

    >>> code_cells("x\\n```{code-cell} ipython3\\n:tags: [parameters]\\n\\na = 1\\n```\\n")
    ['\\na = 1\\n']
    """
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)
    return [re.sub(r"\A(:[a-z_-]+:[^\n]*\n)+", "", c) for c in cells]


def code_lines(cells: list[str]) -> int:
    return sum(1 for c in cells for line in c.splitlines() if line.strip() and not line.strip().startswith("#"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_at_most_40_lines_of_code(page):
    n = code_lines(code_cells(page.read_text()))
    assert n <= MAX_CODE_LINES, f"{page.name}: {n} lines of code"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_decision_in_a_chapter(page):
    found = [(type(node).__name__, getattr(node, "lineno", 0))
             for cell in code_cells(page.read_text()) for node in ast.walk(ast.parse(cell))
             if isinstance(node, DECISIONS)]
    assert found == [], f"{page.name}: {found}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_with_code_builds_its_page_model(page):
    """A page with code calls its page model once and glues it; the parameters cell holds
    only literals."""
    cells = code_cells(page.read_text())
    if not cells:
        pytest.skip("no code")
    body = "\n".join(cells)
    assert len(re.findall(r"\bpage\s*=\s*\w+\.page\(", body)) == 1, page.name
    assert "page.glue()" in body
    params = [c for c in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", page.read_text(), re.S)
              if ":tags: [parameters]" in c]
    for cell in params:
        for node in ast.walk(ast.parse(re.sub(r"\A(:[a-z_-]+:[^\n]*\n)+", "", cell))):
            if isinstance(node, ast.Assign):
                ast.literal_eval(node.value)


def test_the_checks_can_fail():
    cells = code_cells("```{code-cell} ipython3\nx = [i for i in y]\nz = f'{x}' if x else ''\n```\n")
    kinds = {type(n).__name__ for c in cells for n in ast.walk(ast.parse(c)) if isinstance(n, DECISIONS)}
    assert kinds == {"ListComp", "JoinedStr", "IfExp"}
    assert code_lines(code_cells("```{code-cell} ipython3\n" + "a = 1\n" * 41 + "```\n")) == 41
