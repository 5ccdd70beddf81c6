"""Two builds of one commit from the same inputs, each with empty caches, one of them on
another day (libfaketime, ``faketime "2027-03-01 00:00:00"``), give the same bytes: every
file of the published tree (html, js, json, csv, ipynb, ``searchindex.js``,
``objects.inv``, the static files), numbers and chart data included (every random draw is
seeded from the parameters). No output states the day it was built, in any of the date
formats the pages use, and no output (site, PDF, figures) names the folder it was built in.

The date and version a book states come from the commit (``config.source_date``,
``config.version``), never from the wall clock: so one commit builds to the same bytes on
any day. The tests check that no page shows today's date (unless the commit is today's),
and that a third build with ``SOURCE_DATE_EPOCH`` set states that date everywhere a date
is stated (banner, How to cite, the quarterly CSV) and nowhere the commit's."""
import json
import re

import pytest

from ..conftest import run_build

pytestmark = pytest.mark.book

SPEC = re.compile(r"var spec = (\{.*?\});\n", re.S)


def chart_data(site):
    out = {}
    for page in sorted(site.rglob("*.html")):
        specs = SPEC.findall(page.read_text())
        if specs:
            out[str(page.relative_to(site))] = [json.loads(s.replace("<\\/", "</")) for s in specs]
    return out


FAKE_DAY = "2027-03-01"


@pytest.fixture(scope="module")
def second_build(book, tmp_path_factory):
    """The book fixture's build again, cold (a fresh work dir), on another day."""
    import shutil

    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.fail("faketime not found: install Debian's faketime (make test-deps)")
    tmp = tmp_path_factory.mktemp("again")
    args = book.args[:-1] + [str(tmp / "html")]
    proc = run_build(args, tmp / "work", prefix=[faketime, f"{FAKE_DAY} 00:00:00"])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "0 cached" in proc.stderr
    return tmp / "html"


def _files(site):
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())


def test_whole_tree_identical_on_another_day(book, second_build):
    """Every published file, byte for byte, between a build today and one on FAKE_DAY."""
    first, second = _files(book.out), _files(second_build)
    assert first == second, sorted(set(first) ^ set(second))
    kinds = {rel.rsplit(".", 1)[-1] for rel in first}
    assert {"html", "js", "json", "csv", "ipynb", "inv", "css"} <= kinds, kinds
    assert "searchindex.js" in first and "objects.inv" in first
    differ = [rel for rel in first if (book.out / rel).read_bytes() != (second_build / rel).read_bytes()]
    assert not differ, differ


def date_forms(day) -> set[str]:
    """Every way a page could write ``day``: ISO, Sphinx's default "Dec 02, 2026", and the
    other English forms themes and babel use.

    >>> sorted(date_forms(__import__("datetime").date(2027, 3, 1)))[:4]
    ['01 Mar 2027', '01 March 2027', '01.03.2027', '03/01/2027']
    """
    import datetime

    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    b, B, d, y = day.strftime("%b"), day.strftime("%B"), day.day, day.year
    return {day.isoformat(), day.strftime("%Y/%m/%d"), day.strftime("%m/%d/%Y"), day.strftime("%d.%m.%Y"),
            f"{b} {d:02d}, {y}", f"{b} {d}, {y}", f"{B} {d:02d}, {y}", f"{B} {d}, {y}",
            f"{d:02d} {b} {y}", f"{d} {b} {y}", f"{d:02d} {B} {y}", f"{d} {B} {y}", day.strftime("%Y%m%d")}


def _texts(site):
    for p in sorted(site.rglob("*")):
        if p.is_file() and p.suffix in (".html", ".js", ".json", ".csv", ".ipynb", ".txt") and "_static" not in p.parts:
            yield str(p.relative_to(site)), p.read_text(encoding="utf-8", errors="replace")


def test_no_output_states_the_day_it_was_built(book, second_build):
    """Neither today (for the first build) nor FAKE_DAY (for the second) in any date form;
    the footer's "Last updated" states the commit's date, as the banner does."""
    from colossus.inputs import config

    stated = config.source_date()
    for site, days in ((book.out, _today() - {stated}), (second_build, {FAKE_DAY} - {stated})):
        forms = set().union(*(date_forms(day) for day in days)) if days else set()
        found = [(rel, form) for rel, text in _texts(site) for form in forms if form in text]
        assert not found, found[:10]
    footer = re.findall(r"Last updated on ([^.<]*)\.", book.page("chapters/lease.html"))
    assert footer == [stated], footer


@pytest.mark.parametrize("name", ["key_numbers.json", "parameters.json"])
def test_identical_json(book, second_build, name):
    assert (book.out / "data" / name).read_bytes() == (second_build / "data" / name).read_bytes()


def test_identical_chart_data(book, second_build):
    first, second = chart_data(book.out), chart_data(second_build)
    assert first and first == second
    assert sum(len(v) for v in first.values()) >= 6   # 5 on the lease page, the timeline


def test_notebook_cell_ids_come_from_content(book, second_build):
    """The downloadable notebooks carry content-derived cell ids, the same in both builds."""
    nbs = sorted((book.out / "_sources").rglob("*.ipynb"))
    assert len(nbs) >= 6
    for nb in nbs:
        ids = [c["id"] for c in json.loads(nb.read_text())["cells"]]
        assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids), nb.name


def _today() -> set[str]:
    import datetime

    return {datetime.date.today().isoformat(), datetime.datetime.now(datetime.timezone.utc).date().isoformat()}


def test_no_page_states_the_wall_clock_date(book):
    from colossus.inputs import config

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
    from colossus.inputs import config

    commit_date = config.source_date()
    for page in sorted(dated_build.rglob("*.html")):
        if "_static" in page.parts or page.name in ("genindex.html", "index.html"):
            continue
        dates = set(re.findall(r'<time class="colossus-date">([^<]*)</time>', page.read_text()))
        assert dates == {EPOCH_DATE}, f"{page.relative_to(dated_build)}: banner dates {dates}"
    assert commit_date != EPOCH_DATE
    assert f"date: {EPOCH_DATE}" in (dated_build / "data" / "ai_segment_quarterly.csv").read_text()
    cite = (dated_build / "chapters" / "methodology.html").read_text()
    assert re.search(r'<pre class="colossus-bibtex"[^>]*>[^<]*date\s*=\s*\{' + EPOCH_DATE, cite)


def test_seed_is_a_parameter():
    from colossus.inputs import loading
    from colossus.model.keynumbers import key_numbers
    a = key_numbers(loading.resolve(sets=["simulation.seed=1"]).parameters)
    b = key_numbers(loading.resolve(sets=["simulation.seed=2"]).parameters)
    assert a["mc_mean_revenue_usd"] != b["mc_mean_revenue_usd"]
    assert a["expected_revenue_usd"] == b["expected_revenue_usd"]


def _local_paths(book) -> list[str]:
    import tempfile

    from ..conftest import ROOT

    return sorted({str(ROOT), str(book.out), str(book.work), str(book.out.parent), tempfile.gettempdir() + "/pytest-"})


def _offenders(paths, needles):
    found = []
    for p in paths:
        data = p.read_bytes()
        if p.suffix == ".pdf":   # text, links and metadata live in compressed streams too
            from pypdf import PdfReader

            reader = PdfReader(str(p))
            data += repr(reader.metadata).encode()
            for page in reader.pages:
                data += (page.extract_text() or "").encode()
                data += repr(page.get("/Annots") and [a.get_object() for a in page["/Annots"]]).encode()
        found += [f"{p}: {n}" for n in needles if n.encode() in data]
    return found


def test_no_output_names_the_build_folder(book, printed, figures_out):
    """No file of the site, the PDF or the exported figures contains an absolute local path
    (the checkout, the output or work folder, the temporary folders of this test run)."""
    needles = _local_paths(book)
    _, fig_dir = figures_out
    outputs = [p for p in book.out.rglob("*") if p.is_file()] + [printed[0]["path"]] + \
              [p for p in fig_dir.rglob("*") if p.is_file()]
    assert len(outputs) > 50
    found = _offenders(outputs, needles)
    assert not found, found[:10]


def test_the_path_check_finds_a_path(book, tmp_path):
    leak = tmp_path / "leak.html"
    leak.write_text(f'<a href="file://{book.out}/x.html">x</a>')
    assert _offenders([leak], _local_paths(book))
