"""colossus.bench: the benchmark runs end to end and writes what the book shows.

One run of each measurement (``make bench`` takes medians of three). Only targets with a
wide margin are asserted here, so that a loaded CI machine does not fail the suite; the
full targets are checked by ``make bench`` and reported in the closing notes."""
import json

import pytest

from colossus import bench

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    res = bench.run(runs=1, out_json=out, include_stock=True, log=lambda m: None)
    return res, json.loads(out.read_text())


def test_writes_every_measurement(result):
    res, on_disk = result
    assert res == on_disk
    for key in ["cold_s", "unchanged_s", "one_param_s", "switch_back_s", "stock_force_s", "figures_s", "pdf_s", "cores"]:
        assert key in on_disk, key
    assert on_disk["cores"] >= 1 and on_disk["runs"]["cold_s"] == 1


def test_caching_works(result):
    res, _ = result
    assert res["unchanged_s"] < 3.0            # nothing to do
    assert res["switch_back_s"] < 3.0          # a book built before is published from the cache
    assert res["unchanged_s"] < res["one_param_s"] < res["cold_s"] * 1.5


def test_table_for_the_book(result, monkeypatch, tmp_path):
    _, on_disk = result
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(on_disk))
    monkeypatch.setattr(bench.config, "BENCH_JSON", path)
    table = bench.table()
    assert list(table["Measurement"])[0] == "Cold build (empty caches)" and len(table) == 7
    assert "cores" in bench.status_text()
