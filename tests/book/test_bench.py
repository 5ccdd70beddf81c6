"""colossus.book.bench: the benchmark harness, without timing anything.

Performance lives in ``make bench`` (medians of three, ratios within one run), never in a
timed assertion here: a loaded machine must not fail the suite. These tests replace the
clock and the subprocesses with a recorder, and check that the harness runs every
measurement as a user would, computes the ratios and their verdicts, keeps each build's
phases, and that the Methodology tables read its JSON."""
import json

import pytest

from colossus.book import bench

FAKE = {"cold": 20.0, "unchanged": 0.5, "one_param": 9.0, "switch_back": 0.6, "figures": 3.0, "pdf": 12.0,
        "stock": 40.0, "site": 30.0, "slides": 8.0, "brief": 4.0}


@pytest.fixture
def recorded(monkeypatch, tmp_path):
    """bench.run with every command recorded and given a fixed duration (no clock)."""
    calls = []

    def fake_timed(cmd, env, cwd=None, phases=None):
        text = " ".join(cmd)
        if "jupyter-book" in text:
            kind = "stock"
        elif "figures.py" in text:
            kind = "figures"
        elif "pdf.py" in text:
            kind = "pdf"
        elif "site.py" in text:
            kind = "site"
        elif "slides.py" in text:
            kind = "slides"
        elif "brief.py" in text:
            kind = "brief"
        elif "--set" in text:
            kind = "one_param"
        elif "cold-out" in text and not any(c[0] == "cold" and c[1] == env.get("COLOSSUS_WORK_DIR") for c in calls):
            kind = "cold"
        else:
            kind = "rebuild"
        calls.append((kind, env.get("COLOSSUS_WORK_DIR"), cmd))
        if phases is not None:
            phases.append({"execute_s": 1.0 if kind == "one_param" else 2.0, "sphinx_s": 3.0})
        return FAKE["unchanged"] if kind == "rebuild" else FAKE[kind]

    monkeypatch.setattr(bench, "_timed", fake_timed)
    out = tmp_path / "bench.json"
    result = bench.run(runs=3, out_json=out, include_stock=True, log=lambda m: None)
    return result, json.loads(out.read_text()), calls


def test_writes_every_measurement(recorded):
    res, on_disk, _ = recorded
    assert res == on_disk
    assert on_disk["unchanged_s"] == FAKE["unchanged"] and on_disk["one_param_s"] == FAKE["one_param"]
    for key in ["cold_s", "unchanged_s", "one_param_s", "switch_back_s", "stock_force_s", "figures_s", "pdf_s",
                "site_s", "slides_s", "brief_s", "cores", "ratios", "phases", "targets_met"]:
        assert key in on_disk, key
    assert on_disk["runs"]["cold_s"] == 3 and on_disk["cold_s"] == FAKE["cold"]


def test_cold_builds_have_empty_caches_and_one_parameter_builds_new_values(recorded):
    _, _, calls = recorded
    colds = [c for c in calls if c[0] == "cold"]
    assert len({work for _, work, _ in colds}) == 3                     # a fresh work dir each
    sets = [c[2][c[2].index("--set") + 1] for c in calls if c[0] == "one_param"]
    assert len(sets) == 3 and len(set(sets)) == 3                         # never a value built before


def test_ratios_and_verdicts(recorded):
    res, _, _ = recorded
    assert res["ratios"] == {"unchanged_vs_cold": round(0.5 / 20, 3), "one_param_vs_cold": round(9 / 20, 3),
                             "cold_vs_stock": round(20 / 40, 3), "site_vs_cold": round(30 / 20, 3)}
    assert res["targets_met"] == {"unchanged_vs_cold": True, "one_param_vs_cold": True, "cold_vs_stock": True,
                                  "site_vs_cold": True, "slides_s": True, "brief_s": True}
    assert res["slides_s"] == FAKE["unchanged"] + FAKE["slides"]
    assert res["brief_s"] == FAKE["unchanged"] + FAKE["brief"]
    assert res["phases"]["cold_s"] == {"execute_s": 2.0, "sphinx_s": 3.0}
    assert res["phases"]["one_param_s"]["execute_s"] == 1.0


@pytest.mark.parametrize("one_param, met", [(10.0, True), (10.01, False), (15.0, False)])
def test_one_parameter_target_is_half_a_cold_build(monkeypatch, tmp_path, one_param, met):
    monkeypatch.setitem(FAKE, "one_param", one_param)
    monkeypatch.setattr(bench, "_timed", lambda cmd, env, cwd=None, phases=None: (
        FAKE["one_param"] if "--set" in cmd else FAKE["stock"] if "jupyter-book" in " ".join(cmd) else FAKE["cold"]))
    res = bench.run(runs=1, out_json=tmp_path / "b.json", include_stock=True, log=lambda m: None)
    assert res["targets_met"]["one_param_vs_cold"] is met


def test_tables_for_the_book(recorded, monkeypatch, tmp_path):
    _, on_disk, _ = recorded
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(on_disk))
    monkeypatch.setattr(bench.config, "BENCH_JSON", path)
    table = bench.table()
    assert list(table["Measurement"])[0] == "Cold build (empty caches)" and len(table) == 10
    assert set(table.loc[table["Measurement"].str.startswith("make brief"), "Target"]) == {"<= 15 s"}
    assert set(table["Met"]) >= {"yes"} and "<= 0.5x" in set(table["Target"])
    phases = bench.phase_table()
    assert list(phases.columns) == ["Phase", "Cold (s)", "One parameter (s)"]
    assert phases.iloc[-1]["Cold (s)"] == "20.0"
    assert "cores" in bench.status_text() and "every target met" in bench.status_text()


def test_nothing_measured_reads_as_such(monkeypatch, tmp_path):
    monkeypatch.setattr(bench.config, "BENCH_JSON", tmp_path / "none.json")
    assert bench.table() is None and bench.phase_table() is None
    assert "make bench" in bench.status_text()
