"""Two builds from the same inputs, each with empty caches, give identical numbers,
parameters and chart data (every random draw is seeded from the parameters), and
byte-identical pages.

The date and version a book states come from the commit (``config.source_date``,
``config.version``), never from the wall clock: so one commit builds to the same bytes on
any day. The tests check that no page shows today's date (unless the commit is today's),
and that a third build with ``SOURCE_DATE_EPOCH`` set states that date everywhere a date
is stated (banner, How to cite, the quarterly CSV) and nowhere the commit's."""
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
    """Every page is byte-identical too (no timestamps or random ids in outputs)."""
    rels = sorted(str(p.relative_to(book.out)) for p in book.out.rglob("*")
                  if p.is_file() and p.suffix in (".html", ".js", ".csv", ".json") and "_static" not in p.parts)
    assert len(rels) >= 8
    differ = [rel for rel in rels if (book.out / rel).read_bytes() != (second_build / rel).read_bytes()]
    assert not differ, differ


def _today() -> set[str]:
    import datetime

    return {datetime.date.today().isoformat(), datetime.datetime.now(datetime.timezone.utc).date().isoformat()}


def test_no_page_states_the_wall_clock_date(book):
    from colossus import config

    stated = config.source_date()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stated), stated   # a git checkout: the commit's date
    for today in _today() - {stated}:
        found = [str(p.relative_to(book.out)) for p in book.pages() if today in p.read_text()]
        assert not found, f"today's date {today} on {found}"
    assert stated in book.page("chapters/lease.html")


EPOCH, EPOCH_DATE = "981158400", "2001-02-03"   # a day that is neither today nor the commit's


@pytest.fixture(scope="module")
def dated_build(book, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dated")
    args = book.args[:-1] + [str(tmp / "html")]
    proc = run_build(args, tmp / "work", {"SOURCE_DATE_EPOCH": EPOCH})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return tmp / "html"


def test_source_date_epoch_sets_every_stated_date(book, dated_build):
    from colossus import config

    commit_date = config.source_date()
    for page in sorted(dated_build.rglob("*.html")):
        if "_static" in page.parts or page.name in ("genindex.html", "index.html"):
            continue
        dates = set(re.findall(r'<time class="colossus-date">([^<]*)</time>', page.read_text()))
        assert dates == {EPOCH_DATE}, f"{page.relative_to(dated_build)}: banner dates {dates}"
    assert commit_date != EPOCH_DATE
    assert f"date: {EPOCH_DATE}" in (dated_build / "data" / "ai_segment_quarterly.csv").read_text()
    cite = (dated_build / "chapters" / "methodology.html").read_text()
    assert re.search(r'<pre class="colossus-bibtex">[^<]*date\s*=\s*\{' + EPOCH_DATE, cite)


def test_seed_is_a_parameter():
    from colossus import params
    from colossus.keynumbers import key_numbers
    a = key_numbers(params.resolve(sets=["simulation.seed=1"]).parameters)
    b = key_numbers(params.resolve(sets=["simulation.seed=2"]).parameters)
    assert a["mc_mean_revenue_usd"] != b["mc_mean_revenue_usd"]
    assert a["expected_revenue_usd"] == b["expected_revenue_usd"]
