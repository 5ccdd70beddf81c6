"""colossus.inputs.reported: data/reported_quarters.csv, validated on load; and a new reported
quarter as one data edit (issue 14).

The synthetic quarter below is made up for the test, marked as such in every row, and
written only to a copy of data/ in a temporary folder; it is never shipped.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from colossus.inputs import config, reported
from colossus.inputs.errors import DataError
from tests.conftest import run_build
from tests.book.test_build import text_of

ROOT = Path(__file__).resolve().parents[2]
HEADER = "quarter,entity,measure,value,source,as_of,note\n"
GOOD = "2026Q2,ai,revenue_usd,2561000000,spacex10q2026q2,2026-06-30,\n"


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "reported_quarters.csv"
    path.write_text(text)
    reported._load_cached.cache_clear()
    try:
        return reported.load(path)
    finally:
        reported._load_cached.cache_clear()


# --------------------------------------------------------------------------- validation

class TestValidation:
    def test_the_shipped_file_loads(self):
        t = reported.load()
        assert list(t.columns) == reported.COLUMNS + ["line"]
        assert set(t["entity"]) <= set(reported.ENTITIES) and set(t["measure"]) <= set(reported.MEASURES)
        assert not t.duplicated(["quarter", "entity", "measure"]).any()

    def test_header_is_exact(self):
        assert (config.REPORTED_QUARTERS_CSV.read_text().splitlines()[0]
                == "quarter,entity,measure,value,source,as_of,note")

    @pytest.mark.parametrize("row, where, needle", [
        ("2026Q5,ai,revenue_usd,1,spacex10q2026q2,2026-06-30,\n", "line 3, column quarter", "YYYYQn"),
        ("2026-Q2,ai,revenue_usd,1,spacex10q2026q2,2026-06-30,\n", "line 3, column quarter", "YYYYQn"),
        ("2026Q3,xai,revenue_usd,1,spacex10q2026q2,2026-09-30,\n", "line 3, column entity", "'xai'"),
        ("2026Q3,ai,revenue,1,spacex10q2026q2,2026-09-30,\n", "line 3, column measure", "'revenue'"),
        ("2026Q3,ai,revenue_usd,abc,spacex10q2026q2,2026-09-30,\n", "line 3, column value", "not a number"),
        ("2026Q3,ai,revenue_usd,nan,spacex10q2026q2,2026-09-30,\n", "line 3, column value", "finite"),
        ("2026Q3,ai,revenue_usd,1,nosuchsource,2026-09-30,\n", "line 3, column source", "sources.bib"),
        ("2026Q3,ai,revenue_usd,1,spacex10q2026q2,2026-09-31,\n", "line 3, column as_of", "YYYY-MM-DD"),
        ("2026Q3,ai,revenue_usd,1,spacex10q2026q2,Sept 2026,\n", "line 3, column as_of", "YYYY-MM-DD"),
        ("2026Q3,ai,revenue_usd,-5,spacex10q2026q2,2026-09-30,\n", "line 3, column value", "negative"),
        (GOOD, "line 3", "given twice (lines 2 and 3)"),
        ("2026Q3,ai,revenue_usd,1\n", "line 3", "4 fields, expected 7"),
    ])
    def test_bad_row_named_by_file_line_and_column(self, tmp_path, row, where, needle):
        with pytest.raises(DataError) as err:
            load_text(tmp_path, HEADER + GOOD + row)
        msg = str(err.value)
        assert f"reported_quarters.csv {where}" in msg and needle in msg, msg

    def test_wrong_columns(self, tmp_path):
        with pytest.raises(DataError, match="line 1: columns must be exactly"):
            load_text(tmp_path, "quarter,entity,value\n2026Q2,ai,1\n")

    def test_leasing_revenue_above_revenue(self, tmp_path):
        with pytest.raises(DataError, match="new_cloud_revenue_usd .* more than the AI segment's revenue"):
            load_text(tmp_path, HEADER + GOOD + "2026Q2,ai,new_cloud_revenue_usd,3e9,spacex10q2026q2,2026-06-30,\n")

    def test_every_problem_is_reported_at_once(self, tmp_path):
        text = HEADER + "2026Q9,xai,revenue_usd,1,spacex10q2026q2,2026-06-30,\n"
        with pytest.raises(DataError) as err:
            load_text(tmp_path, text)
        assert "column quarter" in str(err.value) and "column entity" in str(err.value)


def test_quoted_note_keeps_line_numbers(tmp_path):
    text = (HEADER + GOOD + '2026Q2,ai,operating_income_usd,-1,spacex10q2026q2,2026-06-30,"a, b"\n'
            + "2026Q2,ai,capex_usd,x,spacex10q2026q2,2026-06-30,\n")
    with pytest.raises(DataError, match="line 4, column value"):
        load_text(tmp_path, text)


class TestLookups:
    def test_anchor_quarters_need_all_three_figures(self):
        # Q2 2025 has the AI segment's revenue and income and SpaceX's income
        assert reported.anchor_quarters() == ["2025Q2", "2026Q1", "2026Q2"]
        assert reported.latest_anchor_quarter() == "2026Q2"

    def test_figure_and_cite(self):
        assert reported.figure("2026Q2", "space", "operating_income_usd") == -542e6
        assert reported.figure("2026Q1", "space", "revenue_usd") is None
        assert reported.cite("2026Q2", "ai", "new_cloud_revenue_usd") == "{cite:p}`spacexq2release2026`"
        with pytest.raises(KeyError):
            reported.source("2026Q1", "space", "revenue_usd")

    def test_no_anchor_quarter_is_a_data_error(self, tmp_path):
        t = load_text(tmp_path, HEADER + GOOD)
        with pytest.raises(DataError, match="no quarter has all of"):
            reported.latest_anchor_quarter(t)


# --------------------------------------------------------------------------- bad data stops the build

def _data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    return data


def _numbers(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLOSSUS_DATA_DIR": str(data)}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "numbers.py"), *args],
                          capture_output=True, text=True, env=env, cwd="/")


def test_numbers_refuses_a_bad_row(tmp_path):
    data = _data_copy(tmp_path)
    with open(data / "reported_quarters.csv", "a") as fh:
        fh.write("2026Q3,ai,revenue_usd,lots,spacex10q2026q2,2026-09-30,bad on purpose\n")
    n = len((data / "reported_quarters.csv").read_text().splitlines())
    proc = _numbers(data)
    assert proc.returncode == 2, proc.stderr
    assert f"reported_quarters.csv line {n}, column value" in proc.stderr and "Traceback" not in proc.stderr


def test_build_refuses_a_bad_row_and_keeps_the_book(tmp_path):
    data = _data_copy(tmp_path)
    with open(data / "reported_quarters.csv", "a") as fh:
        fh.write("2026Q3,ai,revenue_usd,1e9,spacex10q2026q2,2026-09-30,\n"
                 "2026Q3,ai,revenue_usd,2e9,spacex10q2026q2,2026-09-30,\n")
    out = tmp_path / "html"
    out.mkdir()
    (out / "index.html").write_text("the last good book")
    proc = run_build(["--out", str(out)], tmp_path / "work", {"COLOSSUS_DATA_DIR": str(data)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "reported_quarters.csv line" in proc.stderr and "given twice" in proc.stderr
    assert "unchanged" in proc.stderr
    assert (out / "index.html").read_text() == "the last good book"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_anchor_quarter_must_be_reported(tmp_path):
    proc = _numbers(config.DATA_DIR, "--set", "model.anchor_quarter=2025Q4")
    assert proc.returncode == 2
    assert "model.anchor_quarter: got '2025Q4'" in proc.stderr and "allowed: latest, 2025Q2" in proc.stderr


# --------------------------------------------------------------------------- a new quarter is one data edit

#: A made-up third quarter of 2026: round numbers, a synthetic source, never shipped.
SYNTHETIC_Q3 = {("ai", "revenue_usd"): 5.0e9, ("ai", "new_cloud_revenue_usd"): 3.9e9,
                ("ai", "operating_income_usd"): -0.4e9, ("spacex", "operating_income_usd"): 1.1e9,
                ("spacex", "revenue_usd"): 11.0e9}


def add_synthetic_q3(data: Path) -> None:
    with open(data / "sources.bib", "a") as fh:
        fh.write("\n@misc{synthetictestq3,\n  author = {{Test suite}},\n  title = {Synthetic quarter for a test, "
                 "not a source},\n  year = {2026}\n}\n")
    with open(data / "reported_quarters.csv", "a") as fh:
        for (entity, measure), value in SYNTHETIC_Q3.items():
            fh.write(f"2026Q3,{entity},{measure},{value:.0f},synthetictestq3,2026-09-30,"
                     f"SYNTHETIC test row (tests/inputs/test_reported.py); never shipped\n")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("synthetic")
    data = _data_copy(tmp)
    add_synthetic_q3(data)
    latest = _numbers(data)
    at_q2 = _numbers(data, "--set", "model.anchor_quarter=2026Q2")
    assert latest.returncode == 0, latest.stderr
    assert at_q2.returncode == 0, at_q2.stderr
    return tmp, data, json.loads(latest.stdout), json.loads(at_q2.stdout)


def test_shipped_data_has_no_synthetic_row():
    assert "synthetic" not in config.REPORTED_QUARTERS_CSV.read_text().lower()
    assert "2026Q3" not in set(reported.load()["quarter"])


def test_the_anchor_moves_to_the_new_quarter(synthetic):
    _, _, n, _ = synthetic
    assert n["anchor_quarter"] == "2026Q3"
    assert n["forecast_first_quarter"] == "2026Q4"
    assert n["backtest_quarters"] == ["2026Q2", "2026Q3"] and n["backtest_count"] == 2
    assert n["backtest_latest_quarter"] == "2026Q3"
    assert n["backtest_2026q3_ai_operating_income_reported_usd"] == -0.4e9
    assert n["backtest_2026q3_spacex_operating_income_reported_usd"] == 1.1e9


def test_old_backtest_names_keep_working(synthetic):
    _, _, n, _ = synthetic
    base = json.loads(_numbers(config.DATA_DIR).stdout)
    for key in [k for k in base if k.startswith("backtest_2026q2_")]:
        assert n[key] == pytest.approx(base[key]), key


def test_anchoring_at_q2_reproduces_the_q3_backtest(synthetic):
    _, _, n, at_q2 = synthetic
    assert at_q2["anchor_quarter"] == "2026Q2" and at_q2["forecast_first_quarter"] == "2026Q3"
    for m in ("ai_revenue", "ai_operating_income", "spacex_operating_income"):
        assert at_q2[f"forecast_first_{m}_usd"] == pytest.approx(n[f"backtest_2026q3_{m}_model_usd"], rel=1e-12)
    # the default data anchors at Q2 2026 too: the same forecast
    base = json.loads(_numbers(config.DATA_DIR).stdout)
    assert base["forecast_first_ai_operating_income_usd"] == pytest.approx(at_q2["forecast_first_ai_operating_income_usd"])


def test_mean_absolute_error_over_both_quarters(synthetic):
    _, _, n, _ = synthetic
    for m in ("ai_revenue", "ai_operating_income", "spacex_operating_income"):
        errors = [abs(n[f"backtest_{q}_{m}_error_usd"]) for q in ("2026q2", "2026q3")]
        assert n[f"backtest_mean_abs_error_{m}_usd"] == pytest.approx(sum(errors) / 2)


def test_the_book_says_so(synthetic):
    tmp, data, n, _ = synthetic
    out = tmp / "html"
    proc = run_build(["--out", str(out)], tmp / "work", {"COLOSSUS_DATA_DIR": str(data)})
    assert proc.returncode == 0, proc.stderr[-4000:]
    offset_page = text_of((out / "chapters" / "offset.html").read_text())
    intro = text_of((out / "intro.html").read_text())
    assert "2 quarters are back-tested (Q2 2026 from Q1 2026 and Q3 2026 from Q2 2026)" in offset_page
    assert re.search(r"Q3 2026 ?, the latest quarter SpaceX has reported", offset_page)
    assert "In Q3 2026 the AI segment reported revenue of $5 billion" in offset_page
    assert re.search(r"The model starts from Q3 2026, the latest quarter SpaceX has reported\. Over the modelled "
                     r"quarters, Q4 2026 to", intro)
    assert "in Q3 2026 against an operating loss of $400 million reported by SpaceX" in intro
    assert "it is the newest of 2 quarters back-tested so far" in intro
    assert "In Q4 2026, the first forecast quarter of full rent" in intro
    assert "from Q1 2026" not in intro.replace("Run from Q1 2026", "")
    csv = (out / "data" / "ai_segment_quarterly.csv").read_text().splitlines()
    rows = [line.split(",")[:2] for line in csv if line[:1].isdigit()]
    assert ["2026Q3", "True"] in rows and ["2026Q4", "False"] in rows
    assert not any(q == "2026Q3" and r == "False" for q, r in rows)
