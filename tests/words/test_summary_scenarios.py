"""The summary page (the book's root) and the chapter "Scenarios and sensitivity", built.

Uses the session ``book`` (bear + a parameter file + overrides), so this build is none of
the three scenarios and gets a column of its own.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from colossus.words import summary_text

from ..conftest import ROOT

pytestmark = pytest.mark.book


def _soup(book, rel: str) -> BeautifulSoup:
    return BeautifulSoup(book.page(rel), "html.parser")


def _prose(book, rel: str) -> str:
    soup = _soup(book, rel)
    for tag in soup.select("script, style, div.cell_input"):
        tag.decompose()
    return (soup.select_one("article") or soup).get_text(" ", strip=True)


@pytest.fixture(scope="module")
def numbers_py() -> dict[str, dict]:
    out = {}
    for name in ("base", "bull", "bear"):
        proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "numbers.py"), "--scenario", name],
                              capture_output=True, text=True, check=True)
        out[name] = json.loads(proc.stdout)
    return out


@pytest.mark.parametrize("rel", ["intro.html", "chapters/scenarios.html"])
def test_pages_exist_and_read_clean(book, rel):
    text = _prose(book, rel)
    assert len(text) > 1000
    for bad in (r"\bnan\b", r"\bNone\b", r"\binf\b", r"\$-", r"\{glue", r"glue:", r"\bNaN\b"):
        assert not re.search(bad, text), f"{rel}: {bad!r} in the prose"


def test_root_redirects_to_the_summary(book):
    assert "intro.html" in book.page("index.html")
    text = _prose(book, "intro.html")
    for needle in ("Lease economics", "Losses offset by rent", "IPO positioning", "not investment advice",
                   "Facts are as of", "The three answers explained"):
        assert needle in text


def test_summary_opens_with_the_three_answers_as_cards(book):
    """Each answer opens with its lead number (the key number, as the headline table writes
    it), one sentence and the link to its chapter; the explanation follows, never in bold."""
    soup = _soup(book, "intro.html")
    cards = soup.select(".colossus-answers .colossus-answer")
    assert [c.select_one(".colossus-answer-question").get_text() for c in cards] == [
        "Lease economics", "Losses offset by rent", "IPO positioning"]
    for card, chapter in zip(cards, ("chapters/lease.html", "chapters/offset.html", "chapters/ipo.html")):
        lead = card.select_one(".colossus-answer-number")
        key = lead["data-key"]
        assert lead.get_text() == summary_text.headline(key, book.key_numbers[key])
        sentence = card.select_one(".colossus-answer-sentence").get_text()
        assert sentence.endswith(".") and len(re.findall(r"[.!?](?:\s+[A-Z]|$)", sentence)) == 1, sentence
        assert card.select_one("a")["href"] == chapter and (book.out / chapter).exists()
    article = soup.select_one("article")
    assert not [p for p in article.find_all("p") if p.find_parent(["strong", "b"]) or
                (p.find(["strong", "b"]) and len(p.find(["strong", "b"]).get_text()) > 0.5 * len(p.get_text()))]


def _cells(book, rel: str, table_id: str) -> dict[tuple[str, str], tuple[object, str]]:
    table = _soup(book, rel).find("table", id=table_id)
    assert table is not None, f"no table #{table_id} on {rel}"
    return {(td["data-scenario"], td["data-key"]): (json.loads(td["data-value"]), td.get_text(strip=True))
            for td in table.find_all("td")}


@pytest.mark.parametrize("name", ["base", "bull", "bear"])
def test_summary_numbers_equal_numbers_py(book, numbers_py, name):
    cells = _cells(book, "intro.html", "tbl-intro-headline-numbers")
    want = numbers_py[name]
    for key in summary_text.HEADLINES:
        value, text = cells[(name, key)]
        assert value == pytest.approx(want[key], rel=1e-12) if isinstance(value, float) else value == want[key], key
        assert text == summary_text.headline(key, want[key]), key
    assert cells[(name, "parameter_fingerprint")][0] == want["parameter_fingerprint"]


def test_summary_marks_this_build(book):
    cells = _cells(book, "intro.html", "tbl-intro-headline-numbers")
    head = [th.get_text(strip=True) for th in _soup(book, "intro.html").find(
        "table", id="tbl-intro-headline-numbers").find("thead").find_all("th")]
    assert head == ["Key number", "base", "bull", "bear", "this build"]
    fp = book.key_numbers["parameter_fingerprint"]
    assert cells[("this build", "parameter_fingerprint")][0] == fp
    assert cells[("this build", "npv_expected_revenue_usd")][0] == pytest.approx(
        book.key_numbers["npv_expected_revenue_usd"], rel=1e-12)


def test_scenarios_table_and_csv(book, numbers_py):
    cells = _cells(book, "chapters/scenarios.html", "tbl-scenarios-key-numbers")
    raw = (book.out / "data" / "key_numbers_by_scenario.csv").read_text()
    header = [line for line in raw.splitlines() if line.startswith("#")]
    fp = book.key_numbers["parameter_fingerprint"]
    assert any(fp in line for line in header)
    assert any("bear + mine.yml + 2 overrides" in line for line in header)
    assert any(line.startswith("# date: ") for line in header)
    assert any(line.startswith("# source: ") for line in header)
    got = pd.read_csv(io.StringIO(raw), comment="#", dtype=str, keep_default_na=False).set_index("key")
    assert list(got.columns) == ["base", "bull", "bear", "this_build"]
    for name in ("base", "bull", "bear"):
        for key, value in numbers_py[name].items():
            cell = got.loc[key, name]
            if value is None:
                assert cell == ""
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                assert float(cell) == pytest.approx(value, rel=1e-12), (name, key)
            elif isinstance(value, list):      # backtest_quarters: space-separated quarters
                assert cell.split() == value
            else:
                assert cell == str(value)
            if key != "scenario":
                assert cells[(name, key)][0] == value or cells[(name, key)][0] == pytest.approx(value, rel=1e-12)
    assert float(got.loc["npv_expected_revenue_usd", "this_build"]) == pytest.approx(
        book.key_numbers["npv_expected_revenue_usd"], rel=1e-12)
    # linked from the chapter with a relative link that works from file://
    assert 'href="../data/key_numbers_by_scenario.csv"' in book.page("chapters/scenarios.html")


def test_scenarios_chapter_has_its_charts(book):
    page = book.page("chapters/scenarios.html")
    assert "Tornado chart" in page and "w_base" in page
    assert "5. Scenarios and sensitivity" in _prose(book, "chapters/scenarios.html") or \
        "Scenarios and sensitivity" in _prose(book, "chapters/scenarios.html")
