"""The build pipeline: validate -> execute chapters -> Jupyter Book -> publish.

1. **Validate** the scenario, parameter file and ``--set`` overrides, and the facts
   tables, before anything runs. Bad input: a message naming the key, exit code 2.
2. **Execute** every chapter that has code (MyST-markdown notebooks in ``chapters/``)
   with the validated parameters injected (papermill's parameterizer) in warm kernels
   (one a worker, modules preloaded, namespace cleared between chapters), into a cache under
   ``_build/.work``. An executed chapter is keyed on the *content* of the parameters,
   the chapter source, the package code, the data and the pinned dependencies; one
   entry per key, so a scenario built before is not executed again. Independent chapters
   run in parallel. A failing cell stops the build naming the chapter and the cell.
3. **Build** the book with Jupyter Book's Sphinx configuration (generated from
   ``_config.yml`` by ``jupyter_book.config``, without sphinx-thebe, with execution off)
   from a staging folder holding the executed copies; the sources are never touched.
4. **Publish** atomically: the finished site, with ``data/key_numbers.json`` and
   ``data/parameters.json``, is assembled next to ``--out`` and swapped in by rename. A
   failure at any step leaves the previous ``--out`` exactly as it was.

The steps live in :mod:`~colossus.book.keys` (what a build is keyed on),
:mod:`~colossus.book.execute` (chapters in warm kernels) and :mod:`~colossus.book.stage`
(staging and Sphinx); this module plans, runs and publishes. Their names stay importable
from here.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..inputs import config
from . import warm
from ..inputs.errors import DataError
from ..inputs.loading import ParameterError, Resolved, check_anchor, resolve
from ..inputs.params import flatten
from ..words import bench_text
from .execute import execute_chapter, warm_worker
from .keys import (BOOK_KEY_FILE, KEEP_CACHED_BOOKS, BuildError, Chapter, _sha, _tree_hash, _write_if_changed,
                   chapter_key, chapters, code_hash, data_hash, injected_parameters, log)
from .stage import (_jupyter_book_config, remember_stale, remove, run_sphinx, set_aside, stage_sources, stale_inputs,
                    sync_static, warnings)
from .stream import StreamedSphinx, enabled as stream_enabled

def write_data_files(site: Path, resolved: Resolved) -> None:
    from ..model.keynumbers import key_numbers

    data_dir = site / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    numbers = key_numbers(resolved.parameters, resolved.label)
    (data_dir / "key_numbers.json").write_text(json.dumps(numbers, indent=2, sort_keys=False) + "\n")
    payload = {"scenario": resolved.label, "description": resolved.description,
               "parameter_fingerprint": resolved.fingerprint,
               "parameters": flatten(resolved.parameters)}
    (data_dir / "parameters.json").write_text(json.dumps(payload, indent=2) + "\n")
    # The quarterly model as CSV, with its provenance in '#' comment lines
    # (read back with pandas.read_csv(path, comment="#")).
    from ..model import offset

    header = "".join(f"# {line}\n" for line in (
        "AI segment (xAI) and SpaceX operating income by quarter, with and without the Anthropic lease (USD per quarter); "
        "reported=True rows are reported quarters (data/reported_quarters.csv) with only their reported figures, "
        "the others the model from the quarter after the anchor",
        f"scenario: {' '.join(resolved.label.split())}",
        f"parameter_fingerprint: {resolved.fingerprint}",
        f"date: {config.source_date()} (the commit's date)",
        f"source: colossus {config.version()}, chapters/offset (the Colossus lease book)",
    ))
    csv = offset.quarterly_csv(offset.published_quarters(resolved.parameters))
    (data_dir / "ai_segment_quarterly.csv").write_text(header + csv)
    # Every key number under the base, bull and bear scenarios and this build, side by side.
    from ..model import sensitivity

    by_scenario = sensitivity.scenario_key_numbers()
    side = sensitivity.scenario_table({**by_scenario, "this build": numbers}, list(numbers))
    header = "".join(f"# {line}\n" for line in (
        "Key numbers of the Colossus lease under the base, bull and bear scenarios (data/scenarios/) "
        "and this build, one row per key number (as in key_numbers.json)",
        f"scenario: {' '.join(resolved.label.split())} (the column this_build)",
        f"parameter_fingerprint: {resolved.fingerprint}",
        "scenario_fingerprints: " + ", ".join(f"{name} {by_scenario[name]['parameter_fingerprint']}"
                                              for name in sensitivity.SCENARIOS),
        f"date: {config.source_date()} (the commit's date)",
        f"source: colossus {config.version()}, chapters/scenarios (the Colossus lease book)",
    ))
    (data_dir / "key_numbers_by_scenario.csv").write_text(header + sensitivity.scenario_csv(side))


def publish(site: Path, out: Path) -> None:
    """Swap ``site`` in as ``out``: the old one is moved aside only once the new one is
    complete, and restored if the swap fails."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(site, out)
    except BaseException:
        if old.exists():
            os.replace(old, out)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _copy_site(src: Path, out: Path) -> Path:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    shutil.rmtree(tmp)
    try:
        shutil.copytree(src, tmp, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def _prune(folder: Path, keep: int) -> None:
    entries = sorted((p for p in folder.iterdir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for p in entries[keep:]:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()


@contextlib.contextmanager
def _lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- the build

@dataclass
class BuildReport:
    out: Path
    executed: list[str]
    cached: list[str]
    book_from: str        # "sphinx", "cache" or "current"
    seconds: float


@dataclass(frozen=True)
class Switcher:
    """A book that is one scenario of a multi-scenario site (``make site``): the banner
    links each page to the same page of the other scenarios (``../<name>/<page>.html``)."""
    names: tuple[str, ...]
    current: str


@dataclass
class Plan:
    """What one book needs: its chapters' cache keys, what is left to execute, its key."""
    resolved: Resolved
    out: Path
    chs: list
    injected: dict
    executed: dict
    todo: list
    cached: list
    book_key: str
    stage: Path
    switcher: Switcher | None = None

    def book_cached(self) -> bool:
        """Whether this book is in the book cache (published without Sphinx)."""
        return (config.WORK_DIR / "books" / self.book_key).exists()

    def current(self) -> bool:
        """Is ``out`` already this book? (The book key covers the data files, and a book is
        only ever published after its data validated, so no validation is needed.)"""
        marker = self.out / BOOK_KEY_FILE
        return marker.exists() and marker.read_text() == self.book_key and (self.out / "index.html").exists()


def plan(resolved: Resolved, out: Path, switcher: Switcher | None = None, stage_name: str = "stage") -> Plan:
    """The cache keys and the work left for one book (nothing is run or written)."""
    work = config.WORK_DIR
    chs = chapters()
    injected = injected_parameters(resolved)
    code, data = code_hash(), data_hash()
    keys = {ch.name: chapter_key(ch, injected, code, data) for ch in chs if ch.executable}
    executed = {name: work / "notebooks" / f"{name}-{key}.ipynb" for name, key in keys.items()}
    todo = [ch for ch in chs if ch.executable and not executed[ch.name].exists()]
    cached = [ch.name for ch in chs if ch.executable and ch not in todo]
    static_inputs = [config.BOOK_CONFIG, config.BOOK_TOC, config.SOURCES_BIB,
                     config.ROOT / "scripts" / "colossus.css"] + [ch.source for ch in chs if not ch.executable]
    book_key = _sha(json.dumps(keys, sort_keys=True), _tree_hash(static_inputs), code, resolved.label,
                    resolved.fingerprint, repr(switcher))[:20]
    return Plan(resolved, Path(out).resolve(), chs, injected, executed, todo, cached, book_key,
                work / stage_name, switcher)


def _vendor_ready() -> bool:
    vendor = config.WORK_DIR / "vendor"
    return vendor.is_dir() and len(list(vendor.glob("*"))) >= 2


def validate_data() -> None:
    """Facts, events, conflicts, the filings behind the facts and the reported quarters
    must validate before anything runs; then the caches. Data that validated before in
    this work folder (the same bytes, checked by the same code) is not read again."""
    stamp = config.WORK_DIR / "validated" / _sha(data_hash(), code_hash())[:20]
    if not stamp.exists():
        from ..inputs import reported
        from ..inputs.facts import filings, load_all

        load_all()
        filings()
        reported.load()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    make_work_folders()


def make_work_folders() -> None:
    """The caches' folders: the executed chapters and the built books. Made before any
    chapter runs (with a warm server the checks run beside the chapters)."""
    for d in (config.WORK_DIR / "notebooks", config.WORK_DIR / "books"):
        d.mkdir(parents=True, exist_ok=True)


def make_book(p: Plan, lap, server: "warm.Client | None" = None,
              streamed: StreamedSphinx | None = None) -> tuple[Path, str]:
    """The built site for plan ``p`` in the book cache (Sphinx runs only for a book never
    built before): ``(its folder, "cache" or "sphinx")``. ``lap(name)`` records phases;
    Sphinx runs in the warm ``server`` when one is given (:mod:`colossus.book.warm`).
    ``streamed``: a Sphinx run already started beside the chapters
    (:mod:`colossus.book.stream`), waited for here."""
    book_cache = config.WORK_DIR / "books"
    cached_book = book_cache / p.book_key
    if cached_book.exists():
        os.utime(cached_book)
        log(f"[build] {p.resolved.label}: this book was built before; publishing the cached copy")
        return cached_book, "cache"
    t0 = time.perf_counter()
    data_files = p.stage / "data-files"
    if streamed is None or not streamed.live:
        _stage_for_sphinx(p)
    lap("stage_s")
    log(f"[build] {p.resolved.label}: Jupyter Book: building HTML from the executed chapters ...")
    # the data files (key numbers, parameters, CSVs) are computed here while Sphinx runs in
    # its own process: they do not depend on it
    with cf.ThreadPoolExecutor(max_workers=1) as side:
        data_job = side.submit(_data_files, data_files, p.resolved, server)
        side.submit(remove, p.stage)   # the last run's output, set aside: deleted while Sphinx works
        try:
            phases = streamed.finish() if streamed is not None and streamed.live else None
        except warm.Unavailable as exc:   # the server died under the streamed run: once more, here
            log(f"[build] {exc}; running Sphinx here")
            phases = None
            _stage_for_sphinx(p, keep_data_files=True)
        if phases is None:
            phases = run_sphinx(p.stage / "src", p.stage / "html", p.stage / "doctrees",
                                server if streamed is None else None)
        lap.phases.update(phases)
        lap("sphinx_s")
        data_job.result()
    sync_static(p.stage / "src" / "_static", p.stage / "html" / "_static")
    tmp_book = Path(tempfile.mkdtemp(prefix=".book-", dir=book_cache))
    try:
        shutil.rmtree(tmp_book)
        # the staged output is not used again (the next run sets it aside): moved, not copied
        try:
            os.replace(p.stage / "html", tmp_book)
        except OSError:   # another file system
            shutil.copytree(p.stage / "html", tmp_book)
        for junk in [*tmp_book.rglob(".buildinfo"), *tmp_book.rglob(".doctrees")]:
            if junk.is_dir():
                shutil.rmtree(junk)
            else:
                junk.unlink()
        lap("copy_s")
        shutil.copytree(data_files, tmp_book, dirs_exist_ok=True)
        lap("data_files_s")
        (tmp_book / BOOK_KEY_FILE).write_text(p.book_key)
        os.replace(tmp_book, cached_book)
    finally:
        shutil.rmtree(tmp_book, ignore_errors=True)
    _prune(book_cache, KEEP_CACHED_BOOKS)
    log(f"[build] {p.resolved.label}: Jupyter Book done in {time.perf_counter() - t0:.1f}s")
    return cached_book, "sphinx"


def _stage_for_sphinx(p: Plan, keep_data_files: bool = False) -> None:
    """Stage every page and clear the last run's output (``keep_data_files``: all but the
    data files, being written for this run).

    Sphinx starts from nothing every time: an incremental run over an earlier output
    writes other bytes (cache-busting ?v= suffixes on files that now exist, a search index
    merged with the old one) than a cold one, and one commit builds to one set of bytes.
    Every page is re-read anyway whenever the parameters change."""
    stage_sources(p.stage / "src", p.resolved, p.executed, p.chs, p.switcher)
    set_aside([p.stage / "html", p.stage / "doctrees"] + ([] if keep_data_files else [p.stage / "data-files"]),
              p.stage)


def publish_copy(source: Path, out: Path) -> None:
    """Copy a built book from the cache next to ``out`` and swap it in (see :func:`publish`)."""
    site = _copy_site(source, out)
    try:
        publish(site, out)
    finally:
        shutil.rmtree(site, ignore_errors=True)  # already renamed to `out` when all went well


class Laps:
    """Phase timer: ``lap(name)`` adds the time since the last lap to ``phases[name]``."""

    def __init__(self):
        self.t0 = self.last = time.perf_counter()
        self.phases: dict[str, float] = {}

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(self.phases.get(name, 0.0) + now - self.last, 3)
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.t0


def check(resolved: Resolved) -> dict:
    """What a build checks before it publishes: the anchor against the reported quarters
    (when :func:`colossus.inputs.loading.resolve` deferred it) and the data files; returns
    the parameters' warnings and the stale market inputs the banner names
    (``{"warnings": [...], "stale": [...]}``). Run by the warm server when there is one
    (its process has pandas and the model loaded), else here."""
    if not resolved.anchors_checked:
        check_anchor(resolved.parameters, resolved.origins)
    validate_data()
    return {"warnings": warnings(resolved), "stale": stale_inputs(resolved)}


def _checks(resolved: Resolved, warn: bool, said: Path, server: "warm.Client | None" = None) -> None:
    """:func:`check`, in the warm ``server`` when one is given; the warnings are printed
    (``warn``) and kept in ``said`` for a later unchanged rebuild, and the stale inputs are
    remembered for the banner."""
    found = None
    if server is not None:
        try:
            found = server.check(resolved)
        except warm.Unavailable as exc:
            log(f"[build] {exc}; checking here")
    if found is None:
        found = check(resolved)
    remember_stale(resolved, found["stale"])
    if warn:
        for line in found["warnings"]:
            log(line)
        said.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(said, "".join(line + "\n" for line in found["warnings"]).encode())


def _data_files(site: Path, resolved: Resolved, server) -> None:
    """:func:`write_data_files`, in the warm ``server`` when it can (else here)."""
    if isinstance(server, warm.Client):
        try:
            return server.data_files(str(site), resolved)
        except warm.Unavailable as exc:
            log(f"[build] {exc}; writing the data files here")
    write_data_files(site, resolved)


def build(resolved: Resolved, out: Path = config.DEFAULT_OUT, jobs: int | None = None,
          switcher: Switcher | None = None, warn: bool = False) -> BuildReport:
    """Build the book for ``resolved`` parameters into ``out`` (see module docstring).

    ``warn``: print the parameters' warnings (:func:`colossus.book.stage.warnings`). When
    ``out`` is already this book, nothing is read but the hashed files: the anchor check
    and the warnings were made when the book was built (the book's key covers the data and
    the parameters), and the warnings are printed again from the work folder."""
    lap = Laps()
    work = config.WORK_DIR
    with _lock(work / "build.lock"):
        p = plan(resolved, out, switcher)
        log(f"[build] scenario {resolved.label} · parameters {resolved.fingerprint} · "
            f"{len(p.executed)} chapters ({len(p.cached)} cached, {len(p.todo)} to execute)")
        said = work / "warnings" / f"{p.book_key}.txt"
        if p.current():
            if warn and said.exists():
                for line in said.read_text().splitlines():
                    log(line)
            log(f"[build] {p.out} is already this book; nothing to do")
            lap("validate_s")
            _log_phases(lap.phases, lap.total())
            return BuildReport(p.out, [c.name for c in p.todo], p.cached, "current", lap.total())
        vendor_stage = None if _vendor_ready() else p.stage / "src"
        server = warm.connect(log) if (p.todo or vendor_stage is not None or not p.book_cached()) else None
        # Sphinx starts while the chapters execute and reads each as it is done
        streamed = (StreamedSphinx(p, server, p.todo)
                    if p.todo and not p.book_cached() and stream_enabled() else None)
        if streamed is not None:
            # the banner names the stale market inputs: the checks find them
            streamed.prepare = lambda: checks.result() if checks is not None else None
        with cf.ThreadPoolExecutor(max_workers=1) as side:
            # The checks (the anchor, the warnings, the data files) read the data with pandas.
            # With a warm server the chapters run in its processes, so the checks run here
            # meanwhile; a failed check still stops the build before anything is published,
            # with its own message. Without one, the chapters run in processes forked from
            # this one, and the checks come first.
            checks = side.submit(_checks, resolved, warn, said, server) if server is not None else None
            if checks is None:
                _checks(resolved, warn, said)
            lap("validate_s")
            try:
                try:
                    timing = _execute_all(p.todo, p.injected, p.executed, jobs, vendor_stage, server, streamed,
                                          quiet=lambda: checks is not None and cf.wait([checks]))
                except BuildError:
                    if checks is not None:
                        checks.result()   # bad input is reported as such (exit 2), not as a failed chapter
                    raise
                if checks is not None:
                    checks.result()
            except BaseException:
                if streamed is not None:
                    streamed.abort()
                raise
        lap("execute_s")
        lap.phases.update({k: round(v, 3) for k, v in timing.items()})
        source, how = make_book(p, lap, server, streamed)
        publish_copy(source, p.out)
        _prune(work / "notebooks", 200)
        lap("publish_s")
    _log_phases(lap.phases, lap.total())
    log(f"[build] published {p.out}/index.html in {lap.total():.1f}s")
    return BuildReport(p.out, [c.name for c in p.todo], p.cached, how, lap.total())


#: The phases a build reports (``[build] phases {...}``, read by ``make bench``), in order.
PHASE_LABELS = bench_text.PHASE_LABELS   # the phases' names, worded where the book shows them


def _log_phases(phases: dict, total: float) -> None:
    """One line for people and one for ``make bench``: where this build's time went."""
    shown = " · ".join(f"{k[:-2].replace('_', ' ')} {v:.1f}s" for k, v in phases.items() if v >= 0.05)
    log(f"[build] time: {shown}")
    log("[build] phases " + json.dumps({**phases, "total_s": round(total, 3)}, sort_keys=True))


def prepare_vendor(stage: str) -> float:
    """Fill the vendor cache (Vega bundle, Jupyter Book's Sphinx config): seconds of work
    that depend only on installed versions and _config.yml, run beside the chapters."""
    from ..figures.bundle import write_vega_bundle

    t0 = time.perf_counter()
    stage_path = Path(stage)
    stage_path.mkdir(parents=True, exist_ok=True)
    _write_if_changed(stage_path / "_config.yml", config.BOOK_CONFIG.read_bytes())
    write_vega_bundle(stage_path / "_static", config.WORK_DIR / "vendor")
    _jupyter_book_config(stage_path)
    return time.perf_counter() - t0


def _chapter_times(update: dict[str, float] | None = None) -> dict[str, float]:
    """How long each chapter took to execute last time in this work folder (to schedule the
    longest first), or, with ``update``, record it. Only the order of work depends on it."""
    path = config.WORK_DIR / "chapter-times.json"
    if update is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(path, (json.dumps(update, sort_keys=True) + "\n").encode())
        return update
    try:
        return {str(k): float(v) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def runners(server: "warm.Client | None", jobs: int, n: int):
    """Where chapters run: ``(pool, run_chapter, run_vendor)``. With a warm ``server``, its
    kernels do the work and a thread here waits on each of the ``n`` chapters (and the vendor
    files); else a pool of ``jobs`` processes of this build's own, each with a warm kernel."""
    if server is not None:
        return cf.ThreadPoolExecutor(max_workers=n + 1), server.execute_chapter, server.prepare_vendor
    return cf.ProcessPoolExecutor(max_workers=jobs, initializer=warm_worker), execute_chapter, prepare_vendor


def _execute_all(todo: list[Chapter], injected: dict, executed: dict[str, Path], jobs: int | None,
                 stage: Path | None = None, server: "warm.Client | None" = None,
                 streamed: StreamedSphinx | None = None, quiet=None) -> dict:
    """Execute ``todo`` in parallel, longest first; the vendor cache is filled beside them.
    With a warm ``server`` (:mod:`colossus.book.warm`) its pool and kernels do the work; else a
    pool of this build's own. Returns CPU-side timings: ``{"chapters_s": sum of chapter
    times, "kernels_s": sum of kernel starts, "vendor_s": vendor files}`` (the wall time
    is measured by the caller).

    ``streamed`` (:mod:`colossus.book.stream`) is started once every chapter is submitted
    (so no process of the pool holds its FIFO) and the vendor files are there, and is
    told of each chapter as it is done; if the warm server dies, it is stopped and the
    chapters run here, unstreamed, once ``quiet()`` has waited for this process's other
    threads (a process forked while another thread holds a lock can hang)."""
    timing = {"chapters_s": 0.0, "kernels_s": 0.0, "vendor_s": 0.0}
    if not todo and stage is None:
        return timing
    make_work_folders()   # the checks that also make them may still be running (warm server)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) + (stage is not None)))
    took = _chapter_times()
    # longest first (by the time each took last, else by its size): two workers finish together
    todo = sorted(todo, key=lambda ch: (took.get(ch.name, 0.0), ch.source.stat().st_size), reverse=True)
    for ch in todo:
        log(f"[execute] {ch.name}: started")
    errors = []
    pool_cm, run_chapter, run_vendor = runners(server, jobs, len(todo))
    with pool_cm as pool:
        futures = {pool.submit(run_chapter, str(ch.source), ch.name,
                               injected if ch.parameterized else {}, str(executed[ch.name])): ch
                   for ch in todo[:1]}
        if stage is not None:
            futures[pool.submit(run_vendor, str(stage))] = None
        futures.update({pool.submit(run_chapter, str(ch.source), ch.name,
                                    injected if ch.parameterized else {}, str(executed[ch.name])): ch
                        for ch in todo[1:]})
        if streamed is not None and stage is None:
            streamed.start()
        for fut in cf.as_completed(futures):
            ch = futures[fut]
            try:
                if ch is None:
                    secs = fut.result()
                    timing["vendor_s"] += secs
                    log(f"[prepare] vendor files in {secs:.1f}s")
                    if streamed is not None and not errors:
                        streamed.start()
                    continue
                secs, kernel = fut.result()
                took[ch.name] = round(secs, 2)
                timing["chapters_s"] += secs
                timing["kernels_s"] += kernel
                log(f"[execute] {ch.name}: done in {secs:.1f}s")
                if streamed is not None:
                    streamed.chapter_done(ch)
            except BuildError as exc:
                errors.append(str(exc))
                log(f"[execute] {ch.name}: FAILED")
            except warm.Unavailable as exc:
                errors.append(None)
                log(f"[execute] {ch.name if ch else 'vendor files'}: {exc}")
    _chapter_times(took)
    if None in errors:   # the warm server died under us: run everything here instead
        if streamed is not None:
            streamed.abort()
        if quiet is not None:
            quiet()   # no other thread of this process runs while the local pool forks its workers
        return _execute_all(todo, injected, executed, jobs, stage, None)
    if errors:
        raise BuildError("\n".join(errors))
    return timing


# --------------------------------------------------------------------------- CLI

def add_parameter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default="base",
                        help="scenario in data/scenarios/ (default: base)")
    parser.add_argument("--params", metavar="FILE", default=None,
                        help="your own YAML parameter file, layered on the scenario")
    parser.add_argument("--set", metavar="KEY=VALUE", action="append", default=[],
                        help="override one parameter, e.g. lease.monthly_rent_usd=1.0e9 (repeatable)")


def resolve_from_args(args: argparse.Namespace, anchors: bool = True) -> Resolved:
    return resolve(args.scenario, args.params, args.set, anchors=anchors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/build.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_parameter_arguments(parser)
    parser.add_argument("--out", default=str(config.DEFAULT_OUT), help="output folder (default: _build/html)")
    parser.add_argument("--jobs", type=int, default=None, help="chapters executed in parallel (default: cores)")
    args = parser.parse_args(argv)
    try:
        resolved = resolve_from_args(args, anchors=False)   # the anchor is checked by build()
    except (ParameterError, DataError) as exc:
        log(f"error: {exc}\nNothing was built; {args.out} is unchanged.")
        return 2
    try:
        build(resolved, Path(args.out), args.jobs, warn=True)
    except (ParameterError, DataError) as exc:
        log(f"error: {exc}\nNothing was built; {args.out} is unchanged.")
        return 2
    except BuildError as exc:
        log(f"error: the build failed; {args.out} is unchanged.\n{exc}")
        return 1
    return 0
