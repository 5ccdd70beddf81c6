"""Build benchmark: how long the pipeline takes, and how that compares with stock
``jupyter-book build`` executing the same chapters.

``make bench`` (``scripts/bench.py``) measures medians over repeated runs and writes
``_build/bench.json``; the methodology appendix shows it.
"""
from __future__ import annotations

import json

from ..inputs import config

# The benchmark as the book shows it (its targets, tables and sentence) is
# colossus.words.bench_text; kept here for the callers of this module.
from ..words.bench_text import (ABSOLUTE_TARGETS, LABELS, RATIO_NAMES, RATIO_TARGETS,  # noqa: F401
                                load, phase_table, status_text, table)


# --------------------------------------------------------------------------- running it

def _timed(cmd: list[str], env: dict, cwd: str | None = None, phases: list | None = None) -> float:
    """Run ``cmd``; its wall time in seconds. A build's own ``[build] phases {...}`` line is
    appended to ``phases`` when given."""
    import subprocess
    import time

    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    if phases is not None:
        for line in proc.stderr.splitlines():
            if line.startswith("[build] phases "):
                phases.append(json.loads(line[len("[build] phases "):]))
    return secs


def _stock_book(dest) -> None:
    """The same chapters as a stock Jupyter Book that executes every notebook itself."""
    import shutil

    import yaml

    cfg = yaml.safe_load(config.BOOK_CONFIG.read_text())
    cfg["execute"] = {"execute_notebooks": "force", "timeout": 600}
    dest.mkdir(parents=True)
    (dest / "_config.yml").write_text(yaml.safe_dump(cfg))
    shutil.copy(config.BOOK_TOC, dest / "_toc.yml")
    shutil.copy(config.ROOT / "intro.md", dest / "intro.md")
    shutil.copytree(config.CHAPTERS_DIR, dest / "chapters")
    (dest / "data").mkdir()
    shutil.copy(config.SOURCES_BIB, dest / "data" / "sources.bib")


def run(runs: int = 3, out_json=None, include_stock: bool = True, log=print) -> dict:
    """Time the pipeline as a user runs it and write the medians to ``out_json``.

    cold_s        empty caches (a fresh work directory), new output folder
    unchanged_s   the same build again: nothing to do
    one_param_s   one parameter changed (to a value not built before); other caches warm
    switch_back_s back to a parameter set built before (the cached book is published)
    figures_s     ``make figures`` on that book: the (no-op) build plus every figure written
    pdf_s         ``make pdf`` on that book: the (no-op) build plus the PDF
    slides_s      ``make slides`` on that book: the (no-op) build plus the deck
    brief_s       ``make brief`` on that book: the (no-op) build plus the one-page PDF
    site_s        ``make site`` from empty caches: base, bull and bear in one site
    stock_force_s ``jupyter-book build`` with ``execute_notebooks: force`` on the same chapters
    """
    import datetime
    import os
    import platform
    import statistics
    import sys
    import tempfile
    from pathlib import Path

    out_json = Path(out_json or config.BENCH_JSON)
    build_py = str(config.ROOT / "scripts" / "build.py")
    samples: dict[str, list[float]] = {k: [] for k in LABELS}
    phase_runs: dict[str, list[dict]] = {"cold_s": [], "one_param_s": []}
    scripts = config.ROOT / "scripts"
    with tempfile.TemporaryDirectory(prefix="colossus-bench-") as tmp:
        tmp = Path(tmp)
        # One round after another, each measuring the builds its ratios compare (cold, then
        # unchanged, one parameter and switch back in the same work folder, then a site and
        # the stock build), so that a machine that slows down or speeds up during the
        # benchmark moves the two sides of a ratio together.
        for i in range(runs):
            work, out = tmp / f"cold-work-{i}", tmp / f"cold-out-{i}"
            env = {**os.environ, "COLOSSUS_WORK_DIR": str(work)}
            samples["cold_s"].append(_timed([sys.executable, build_py, "--out", str(out)], env,
                                            phases=phase_runs["cold_s"]))
            log(f"[bench] cold {i + 1}/{runs}: {samples['cold_s'][-1]:.1f}s")
            samples["unchanged_s"].append(_timed([sys.executable, build_py, "--out", str(out)], env))
            log(f"[bench] unchanged {i + 1}/{runs}: {samples['unchanged_s'][-1]:.1f}s")
            h = f"lease.monthly_notice_probability={0.03 + (i + 1) * 1e-4:.4f}"
            samples["one_param_s"].append(_timed([sys.executable, build_py, "--out", str(out), "--set", h], env,
                                                 phases=phase_runs["one_param_s"]))
            log(f"[bench] one parameter {i + 1}/{runs}: {samples['one_param_s'][-1]:.1f}s")
            _timed([sys.executable, build_py, "--out", str(out), "--scenario", "bear"], env)
            samples["switch_back_s"].append(_timed([sys.executable, build_py, "--out", str(out)], env))
            log(f"[bench] switch back {i + 1}/{runs}: {samples['switch_back_s'][-1]:.1f}s")
            _timed([sys.executable, "-m", "colossus.book.warm", "stop"], env)   # its kernels go before the site
            site_work = tmp / f"site-work-{i}"
            samples["site_s"].append(_timed([sys.executable, str(scripts / "site.py"), "--out", str(tmp / f"site-{i}")],
                                            {**os.environ, "COLOSSUS_WORK_DIR": str(site_work)}))
            log(f"[bench] site {i + 1}/{runs}: {samples['site_s'][-1]:.1f}s")
            if include_stock:
                jb = str(Path(sys.executable).with_name("jupyter-book"))
                src = tmp / f"stock-{i}"
                _stock_book(src)
                samples["stock_force_s"].append(_timed([jb, "build", str(src)], dict(os.environ)))
                log(f"[bench] stock jupyter-book force {i + 1}/{runs}: {samples['stock_force_s'][-1]:.1f}s")
        env = {**os.environ, "COLOSSUS_WORK_DIR": str(tmp / f"cold-work-{runs - 1}")}
        out = str(tmp / f"cold-out-{runs - 1}")
        for i in range(runs):
            t = _timed([sys.executable, build_py, "--out", out], env)
            t += _timed([sys.executable, str(scripts / "figures.py"), "--site", out,
                         "--out", str(tmp / f"figures-{i}")], env)
            samples["figures_s"].append(t)
            log(f"[bench] figures {i + 1}/{runs}: {t:.1f}s")
        for i in range(runs):
            t = _timed([sys.executable, build_py, "--out", out], env)
            t += _timed([sys.executable, str(scripts / "pdf.py"), "--site", out,
                         "--out", str(tmp / f"pdf-{i}" / "book.pdf")], env)
            samples["pdf_s"].append(t)
            log(f"[bench] pdf {i + 1}/{runs}: {t:.1f}s")
        for i in range(runs):
            t = _timed([sys.executable, build_py, "--out", out], env)
            t += _timed([sys.executable, str(scripts / "slides.py"), "--site", out,
                         "--out", str(tmp / f"slides-{i}")], env)
            samples["slides_s"].append(t)
            log(f"[bench] slides {i + 1}/{runs}: {t:.1f}s")
        for i in range(runs):
            t = _timed([sys.executable, build_py, "--out", out], env)
            t += _timed([sys.executable, str(scripts / "brief.py"), "--site", out,
                         "--out", str(tmp / f"brief-{i}")], env)
            samples["brief_s"].append(t)
            log(f"[bench] brief {i + 1}/{runs}: {t:.1f}s")
    result = {k: round(statistics.median(v), 2) for k, v in samples.items() if v}
    ratios, met = {}, {}
    for key, (base, limit) in RATIO_TARGETS.items():
        if key in result and base in result and result[base] > 0:
            name = RATIO_NAMES[key]
            ratios[name] = round(result[key] / result[base], 3)
            met[name] = result[key] / result[base] <= limit   # judged unrounded
    for key, limit in ABSOLUTE_TARGETS.items():
        if key in result:
            met[key] = result[key] <= limit
    phases = {}
    for run, lines in phase_runs.items():
        keys = sorted({k for line in lines for k in line})
        phases[run] = {k: round(statistics.median([line.get(k, 0.0) for line in lines]), 2) for k in keys}
    result.update({
        "ratios": ratios,
        "phases": phases,
        "cores": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "date": datetime.date.today().isoformat(),
        "runs": {k: len(v) for k, v in samples.items() if v},
        "samples": {k: [round(x, 2) for x in v] for k, v in samples.items() if v},
        "targets": {**{RATIO_NAMES[k]: limit for k, (_, limit) in RATIO_TARGETS.items()}, **ABSOLUTE_TARGETS},
        "targets_met": met,
    })
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(result, indent=2) + "\n")
    return result
