"""Two builds from the same inputs, each with empty caches, give identical numbers,
parameters and chart data (every random draw is seeded from the parameters)."""
import json
import re

import pytest

from .conftest import run_build

pytestmark = pytest.mark.book

SPEC = re.compile(r"var spec = (\{.*?\});\n", re.S)


def chart_data(site):
    out = {}
    for page in sorted(site.rglob("*.html")):
        specs = SPEC.findall(page.read_text())
        if specs:
            out[str(page.relative_to(site))] = [json.loads(s.replace("<\\/", "</")) for s in specs]
    return out


@pytest.fixture(scope="module")
def second_build(book, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("again")
    args = book.args[:-1] + [str(tmp / "html")]
    proc = run_build(args, tmp / "work")          # a fresh work dir: nothing cached
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "0 cached" in proc.stderr
    return tmp / "html"


@pytest.mark.parametrize("name", ["key_numbers.json", "parameters.json"])
def test_identical_json(book, second_build, name):
    assert (book.out / "data" / name).read_bytes() == (second_build / "data" / name).read_bytes()


def test_identical_chart_data(book, second_build):
    first, second = chart_data(book.out), chart_data(second_build)
    assert first and first == second
    assert sum(len(v) for v in first.values()) >= 6   # 5 on the lease page, the timeline


def test_identical_page_text(book, second_build):
    """The chapters' HTML is byte-identical too (no timestamps or random ids in outputs)."""
    for rel in ["chapters/lease.html", "chapters/deal.html", "chapters/parameters.html"]:
        assert (book.out / rel).read_text() == (second_build / rel).read_text(), rel


def test_seed_is_a_parameter():
    from colossus import params
    from colossus.keynumbers import key_numbers
    a = key_numbers(params.resolve(sets=["simulation.seed=1"]).parameters)
    b = key_numbers(params.resolve(sets=["simulation.seed=2"]).parameters)
    assert a["mc_mean_revenue_usd"] != b["mc_mean_revenue_usd"]
    assert a["expected_revenue_usd"] == b["expected_revenue_usd"]
