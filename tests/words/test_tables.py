"""Every table is numbered ("Table 2.1"), captioned and has a stable anchor named for what
it shows (``tbl-<chapter>-<what>``), the same whatever the parameters: the chapters glue
their tables and place them with the ``{glued-table}`` directive (colossus.book.sphinx_tables)."""
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from colossus.book.sphinx_tables import split_html_table
from tests.conftest import run_build

pytestmark = pytest.mark.book

# The pages with tables, their tables' anchors in page order, and the chapter number of
# numbered pages (None: an unnumbered page, whose tables are numbered through the book).
EXPECTED = {
    "intro.html": (None, ["tbl-intro-headline-numbers"]),
    "chapters/deal.html": (1, ["tbl-deal-events", "tbl-deal-terms", "tbl-deal-conflicts"]),
    "chapters/lease.html": (2, ["tbl-lease-cost-breakdown", "tbl-lease-readings"]),
    "chapters/offset.html": (3, ["tbl-offset-cash", "tbl-offset-walkforward", "tbl-offset-backtest", "tbl-offset-attribution"]),
    "chapters/ipo.html": (4, ["tbl-ipo-market-inputs", "tbl-ipo-sum-of-parts", "tbl-ipo-shares", "tbl-ipo-cursor-sources"]),
    "chapters/scenarios.html": (5, ["tbl-scenarios-key-numbers"]),
    "chapters/parameters.html": (None, ["tbl-parameters-values", "tbl-parameters-key-numbers"]),
    # the build-times and build-phases tables exist only where `make bench` has been run
    "chapters/methodology.html": (None, ["tbl-methodology-build-times", "tbl-methodology-build-phases"]),
}
OPTIONAL = {"tbl-methodology-build-times", "tbl-methodology-build-phases"}
# Pages outside the table of contents (the one-page brief): Sphinx numbers tables along the
# toctree, so theirs are captioned and anchored but carry no number.
UNNUMBERED = {"brief.html": ["tbl-brief-headline-numbers"]}


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("genindex.html", "search.html"))


def _tables(site: Path, rel: str) -> list[dict]:
    """Every table in a page's article: its anchor, its number and its caption's text."""
    soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one(".bd-article") or soup
    out = []
    for t in article.find_all("table"):
        cap = t.find("caption", recursive=False)
        number = cap.select_one(".caption-number") if cap else None
        text = cap.select_one(".caption-text") if cap else None
        link = cap.select_one("a.headerlink") if cap else None
        out.append({"id": t.get("id") or "", "classes": t.get("class", []),
                    "number": number.get_text(strip=True) if number else "",
                    "caption": text.get_text(" ", strip=True) if text else "",
                    "link": link.get("href") if link else None,
                    "nested": t.find_parent("table") is not None})
    return out


@pytest.fixture(scope="module")
def base_site(book, tmp_path_factory) -> Path:
    """The same book under the base parameters (its own output; the fixture's work dir)."""
    out = tmp_path_factory.mktemp("base-tables") / "html"
    proc = run_build(["--out", str(out)], book.work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _check_site(site: Path) -> dict[str, list[dict]]:
    found = {rel: _tables(site, rel) for rel in _pages(site)}
    problems = []
    for rel, tables in found.items():
        for i, t in enumerate(tables):
            where = f"{rel} table {i + 1} ({t['id'] or 'no id'})"
            if not t["id"].startswith("tbl-"):
                problems.append(f"{where}: anchor does not start with tbl-")
            if rel in UNNUMBERED:
                if t["number"]:
                    problems.append(f"{where}: a page outside the contents numbers its table {t['number']!r}")
            elif not re.fullmatch(r"Table (\d+\.)?\d+", t["number"]):
                problems.append(f"{where}: no numbered caption ({t['number']!r})")
            if not t["caption"]:
                problems.append(f"{where}: empty caption")
            if t["link"] != f"#{t['id']}":
                problems.append(f"{where}: caption links to {t['link']!r}")
            if "colossus-table" not in t["classes"] or t["nested"]:
                problems.append(f"{where}: classes {t['classes']}, nested {t['nested']}")
    assert not problems, "\n".join(problems)
    ids = [t["id"] for tables in found.values() for t in tables]
    assert len(ids) == len(set(ids)), f"duplicate table anchors: {ids}"
    numbers = [t["number"] for rel, tables in found.items() if rel not in UNNUMBERED for t in tables]
    assert len(numbers) == len(set(numbers)), f"duplicate table numbers: {numbers}"
    return found


def test_every_table_is_numbered_captioned_and_anchored(book):
    found = _check_site(book.out)
    with_tables = {rel: [t["id"] for t in tables] for rel, tables in found.items() if tables}
    want = {rel: ids for rel, (_, ids) in EXPECTED.items()} | UNNUMBERED
    for rel, ids in want.items():
        got = with_tables.get(rel, [])
        assert got == ids or (got == [i for i in ids if i not in OPTIONAL]), (rel, got)
    assert set(with_tables) <= set(want), f"tables on unexpected pages: {set(with_tables) - set(want)}"
    for rel, (chapter, _) in EXPECTED.items():
        if chapter is not None:   # per chapter, in page order: Table 2.1, Table 2.2, ...
            assert [t["number"] for t in found[rel]] == [f"Table {chapter}.{i}" for i in
                                                         range(1, len(found[rel]) + 1)], rel


def test_table_anchors_and_numbers_are_stable_across_parameters(book, base_site):
    """The bear book fixture (with its own file and overrides) and a base build give every
    table the same anchor, number and place."""
    bear = {rel: [(t["id"], t["number"]) for t in tables] for rel, tables in _check_site(book.out).items()}
    base = {rel: [(t["id"], t["number"]) for t in tables] for rel, tables in _check_site(base_site).items()}
    assert bear == base


def test_split_html_table_keeps_rows_and_cell_attributes():
    from colossus.words import report, summary_text
    import pandas as pd

    attrs, caption, body = split_html_table(report.html_table(pd.DataFrame({"a": ["<x>"]}), caption="A & B").data)
    assert "colossus-table" in attrs["class"] and caption == "A & B"
    assert "<caption>" not in body and "&lt;x&gt;" in body and body.strip().endswith("</tbody>")
    html = summary_text.side_by_side_html({"base": {"x": 1.5}}, ["x"], {"base": "base"}, {"x": "X"},
                                          lambda k, v: f"{v:.1f}", "tbl-t", "A table")
    attrs, caption, body = split_html_table(html)
    assert attrs["id"] == "tbl-t" and caption == "A table" and 'data-key="x"' in body
    with pytest.raises(ValueError):
        split_html_table("<table><tr><td><table></table></td></tr></table>")
