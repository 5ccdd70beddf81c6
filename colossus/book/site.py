"""``make site``: every scenario of the book in one site, one click apart.

``_build/site/<scenario>/...`` holds a whole book per scenario (base, bull and bear from
``data/scenarios/``, plus "yours" when a parameter file or ``--set`` overrides are given,
layered on base). Each book keeps its own banner and fingerprint; the banner links every
page to the same page of the other scenarios (the page's script keeps the anchor), and the
root ``index.html`` opens base. It works from ``file://`` and offline, like the book.

Built with the caches and in parallel: the chapters of every scenario run in one pool of
warm kernels, then the scenarios' Sphinx runs go in parallel, each in a staging folder of
its own (so each keeps its incremental state), forked from one process that loaded
Sphinx's extensions while the chapters ran (:class:`colossus.book.warm.LocalSphinx`; the
warm server's, when one runs). The site is assembled beside ``--out`` and
swapped in whole, so a failure leaves the previous site as it was.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import html
import os
import shutil
import tempfile
from pathlib import Path

from . import build, stage, warm
from .stream import StreamedSphinx, enabled as stream_enabled
from ..inputs import config
from ..inputs.errors import DataError
from ..inputs.loading import ParameterError, Resolved, resolve

DEFAULT_SITE = config.BUILD_DIR / "site"
SCENARIOS = ("base", "bull", "bear")
YOURS = "yours"


def scenario_sets(params_file: str | None = None, sets: list[str] | None = None) -> dict[str, Resolved]:
    """The site's scenarios, validated: base, bull, bear, and "yours" (base + the file and
    overrides) when either is given.

    >>> list(scenario_sets())
    ['base', 'bull', 'bear']
    >>> list(scenario_sets(sets=["lease.gpus=200000"]))
    ['base', 'bull', 'bear', 'yours']
    """
    out = {name: resolve(name) for name in SCENARIOS}
    if params_file or sets:
        out[YOURS] = resolve("base", params_file, sets or [])
    return out


def root_page(default: str) -> str:
    """The site's root: opens the default scenario (a redirect that works from disk).

    >>> 'url=base/index.html' in root_page("base")
    True
    """
    target = f"{html.escape(default)}/index.html"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
            "<title>Colossus for rent: every scenario</title></head>"
            f"<body><p><a href=\"{target}\">Open the book ({html.escape(default)} scenario)</a></p></body></html>\n")


def build_site(scenarios: dict[str, Resolved], out: Path = DEFAULT_SITE, jobs: int | None = None) -> dict:
    """Build every scenario into ``out/<name>`` and the root page; returns
    ``{"scenarios": {name: "sphinx" | "cache" | "current"}, "executed": n, "seconds": s}``."""
    lap = build.Laps()
    out = Path(out).resolve()
    names = tuple(scenarios)
    with build._lock(config.WORK_DIR / "build.lock"):
        plans = {name: build.plan(r, out / name, build.Switcher(names, name), stage_name=f"stage-site-{name}")
                 for name, r in scenarios.items()}
        if (out / "index.html").exists() and all(p.current() for p in plans.values()):
            build.log(f"[site] {out} is already this site; nothing to do")
            return {"scenarios": {n: "current" for n in names}, "executed": 0, "seconds": lap.total()}
        build.validate_data()
        lap("validate_s")
        # one pool for every scenario's chapters; a chapter whose key two scenarios share runs
        # once. Scenario by scenario (each longest first), so that the first scenarios' Sphinx
        # runs can read and write while the later ones' chapters execute.
        todo, rank = {}, {}
        for i, p in enumerate(plans.values()):
            for ch in p.todo:
                dest = str(p.executed[ch.name])
                todo.setdefault(dest, (ch, p.injected if ch.parameterized else {}))
                rank.setdefault(dest, i)
        build.log(f"[site] {len(names)} scenarios · {len(todo)} chapter runs")
        vendor = None if build._vendor_ready() else plans[names[0]].stage / "src"
        # the work folder's warm build server when one runs (a book was built here before):
        # warm kernels, and Sphinx forked with its extensions loaded. A site never starts one:
        # from empty caches, starting it costs more than the site's own pool.
        server = warm.connect(build.log, start=False) if (todo or vendor is not None) else None
        # Without one, the scenarios' Sphinx runs are forked from a process of the site's own
        # that loads Sphinx's extensions while the chapters execute, so they are loaded once.
        # It starts loading once the chapters' pool has forked its workers: a process forked
        # while another thread of its parent holds a lock can deadlock.
        sphinx = server
        if server is None and not all(p.book_cached() for p in plans.values()):
            sphinx = warm.LocalSphinx()
        # each scenario's Sphinx run starts beside the chapters and reads its chapters as they
        # are done (colossus.book.stream)
        streams = ({name: StreamedSphinx(p, sphinx, p.todo) for name, p in plans.items()
                    if p.todo and not p.book_cached()} if stream_enabled() else {})
        waiting: dict[str, list] = {}
        for name, stream in streams.items():
            for ch in plans[name].todo:
                waiting.setdefault(str(plans[name].executed[ch.name]), []).append((stream, ch))
        try:
            order = sorted(todo.items(), key=lambda it: (rank[it[0]], -it[1][0].source.stat().st_size))
            _execute_many(order, jobs, vendor, server, list(streams.values()), waiting,
                          submitted=sphinx.start if isinstance(sphinx, warm.LocalSphinx) else None)
        except BaseException:
            for stream in streams.values():
                stream.abort()
            raise
        lap("execute_s")
        with cf.ThreadPoolExecutor(max_workers=max(1, len(plans))) as pool:
            made = dict(zip(plans, pool.map(lambda item: build.make_book(item[1], build.Laps(), sphinx,
                                                                         streams.get(item[0])), plans.items())))
        lap("sphinx_s")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        try:
            for name, (source, _) in made.items():
                shutil.copytree(source, tmp / name, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
            (tmp / "index.html").write_text(root_page(names[0]), encoding="utf-8")
            build.publish(tmp, out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        lap("publish_s")
    build.log(f"[site] published {out}/index.html ({', '.join(names)}) in {lap.total():.1f}s")
    return {"scenarios": {n: how for n, (_, how) in made.items()}, "executed": len(todo), "seconds": lap.total()}


def _execute_many(items: list, jobs: int | None, stage: Path | None, server: "warm.Client | None" = None,
                  streams: list | None = None, waiting: dict | None = None, submitted=None) -> None:
    """Execute ``[(dest, (chapter, injected)), ...]`` in one pool of warm kernels (the warm
    ``server``'s when given), in the order given, each scenario's longest chapters first;
    the vendor files are prepared beside them when missing. The ``streams``
    (:class:`colossus.book.stream.StreamedSphinx`) start once every chapter is submitted
    and the vendor files are there; ``waiting[dest]`` lists the ``(stream, chapter)`` told
    when ``dest`` is done. ``submitted()`` is called once every chapter is submitted (the
    pool's processes are forked then, before this process starts any thread)."""
    streams, waiting = streams or [], waiting or {}
    if not items and stage is None:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(items) + (stage is not None)))
    errors = []
    pool_cm, run_chapter, run_vendor = build.runners(server, jobs, len(items))
    with pool_cm as pool:
        futures = {}
        if stage is not None:
            futures[pool.submit(run_vendor, str(stage))] = None
        for dest, (ch, injected) in items:
            futures[pool.submit(run_chapter, str(ch.source), ch.name, injected, dest)] = dest
        if submitted is not None:
            submitted()
        if stage is None:
            for stream in streams:
                stream.start()
        for fut in cf.as_completed(futures):
            dest = futures[fut]
            try:
                fut.result()
                if dest is None:
                    if not errors:
                        for stream in streams:
                            stream.start()
                    continue
                for stream, ch in waiting.get(dest, []):
                    stream.chapter_done(ch)
            except build.BuildError as exc:
                errors.append(str(exc))
            except warm.Unavailable as exc:
                errors.append(None)
                build.log(f"[site] {exc}")
    if None in errors:   # the warm server died under us: run everything here instead
        for stream in streams:
            stream.abort()
        return _execute_many(items, jobs, stage, None)
    if errors:
        raise build.BuildError("\n".join(errors))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/site.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--params", metavar="FILE", default=None,
                        help="your own YAML parameter file: a fourth scenario, 'yours', layered on base")
    parser.add_argument("--set", metavar="KEY=VALUE", action="append", default=[],
                        help="override one parameter in 'yours' (repeatable)")
    parser.add_argument("--out", default=str(DEFAULT_SITE), help="output folder (default: _build/site)")
    parser.add_argument("--jobs", type=int, default=None, help="chapters executed in parallel (default: cores)")
    args = parser.parse_args(argv)
    try:
        scenarios = scenario_sets(args.params, args.set)
    except ParameterError as exc:
        build.log(f"error: {exc}\nNothing was built; {args.out} is unchanged.")
        return 2
    for r in scenarios.values():
        stage.warn_outside(r)
    try:
        build_site(scenarios, Path(args.out), args.jobs)
    except (ParameterError, DataError) as exc:
        build.log(f"error: {exc}\nNothing was built; {args.out} is unchanged.")
        return 2
    except build.BuildError as exc:
        build.log(f"error: the site failed; {args.out} is unchanged.\n{exc}")
        return 1
    return 0
