"""Build benchmark: how long the pipeline takes, and how that compares with stock
``jupyter-book build`` executing the same chapters.

``make bench`` (``scripts/bench.py``) measures medians over repeated runs and writes
``_build/bench.json``; the methodology appendix shows it.
"""
from __future__ import annotations

import json

import pandas as pd

from ..inputs import config

#: Targets as ratios within one run (machines differ; a ratio measured in one run does not):
#: measurement -> (what it is divided by, the largest ratio that meets the target).
RATIO_TARGETS = {
    "unchanged_s": ("cold_s", 0.05),
    "one_param_s": ("cold_s", 0.5),
    "cold_s": ("stock_force_s", 0.6),
    "site_s": ("cold_s", 1.8),
}
#: Targets in seconds on 2 cores, where an issue states one (issue 16: a deck in 20 s, a
#: one-page brief in 15 s).
ABSOLUTE_TARGETS = {"slides_s": 20.0, "brief_s": 15.0}
RATIO_NAMES = {"unchanged_s": "unchanged_vs_cold", "one_param_s": "one_param_vs_cold", "cold_s": "cold_vs_stock",
               "site_s": "site_vs_cold"}
LABELS = {
    "cold_s": "Cold build (empty caches)",
    "unchanged_s": "Rebuild, nothing changed",
    "one_param_s": "Rebuild after one parameter changes",
    "switch_back_s": "Switch back to a scenario built before",
    "stock_force_s": "Stock jupyter-book build, execute_notebooks: force",
    "figures_s": "make figures on a built book (book up to date + every figure as SVG, PNG, CSV)",
    "pdf_s": "make pdf on a built book (book up to date + the whole book printed to PDF)",
    "site_s": "make site from empty caches (base, bull and bear in one site)",
    "slides_s": "make slides on a built book (book up to date + the deck)",
    "brief_s": "make brief on a built book (book up to date + the one-page PDF)",
}


def load() -> dict | None:
    if not config.BENCH_JSON.exists():
        return None
    try:
        return json.loads(config.BENCH_JSON.read_text())
    except (OSError, ValueError):
        return None


def table() -> pd.DataFrame | None:
    """The benchmark as a table (measurement, median seconds, runs, target), or None."""
    data = load()
    if not data:
        return None
    rows = []
    for key, label in LABELS.items():
        if key not in data:
            continue
        ratio = target_text = met_text = ""
        if key in RATIO_TARGETS:
            base, limit = RATIO_TARGETS[key]
            name = RATIO_NAMES[key]
            if name in data.get("ratios", {}):
                ratio = f"{data['ratios'][name]:.2f}x {LABELS[base].split(' (')[0].split(',')[0].lower()}"
            target_text = f"<= {limit:g}x"
            met = data.get("targets_met", {}).get(name)
            met_text = "" if met is None else ("yes" if met else "no")
        elif key in ABSOLUTE_TARGETS:
            target_text = f"<= {ABSOLUTE_TARGETS[key]:g} s"
            met = data.get("targets_met", {}).get(key)
            met_text = "" if met is None else ("yes" if met else "no")
        rows.append({"Measurement": label, "Median (s)": f"{data[key]:.1f}",
                     "Runs": str(data.get("runs", {}).get(key, "")), "Ratio": ratio,
                     "Target": target_text, "Met": met_text})
    return pd.DataFrame(rows)


def phase_table() -> pd.DataFrame | None:
    """Where the time of a cold and of a one-parameter build goes (medians of each phase
    over the benchmark's runs, from the builds' own ``[build] phases`` lines), or None."""
    from .build import PHASE_LABELS

    data = load()
    phases = (data or {}).get("phases") or {}
    if not phases:
        return None
    rows = []
    for key, label in PHASE_LABELS.items():
        values = {run: phases.get(run, {}).get(key) for run in ("cold_s", "one_param_s")}
        if all(v is None for v in values.values()):
            continue
        rows.append({"Phase": label,
                     "Cold (s)": "" if values["cold_s"] is None else f"{values['cold_s']:.1f}",
                     "One parameter (s)": "" if values["one_param_s"] is None else f"{values['one_param_s']:.1f}"})
    rows.append({"Phase": "whole build (wall)", "Cold (s)": f"{data['cold_s']:.1f}",
                 "One parameter (s)": f"{data['one_param_s']:.1f}"})
    return pd.DataFrame(rows)


def status_text() -> str:
    data = load()
    if not data:
        return ("No benchmark has been run on the machine that built this book; "
                "run `make bench` and rebuild to show it here.")
    met = data.get("targets_met", {})
    verdict = ("every target met" if met and all(met.values()) else
               "targets not met: " + ", ".join(k.replace("_", " ") for k, ok in met.items() if not ok) if met else
               "no targets checked")
    return (f"Measured on {data.get('cores', '?')} cores ({data.get('machine', 'unknown machine')}) "
            f"on {data.get('date', 'an unknown date')}, medians of repeated runs; targets are ratios within "
            f"the same run, because machines differ ({verdict}).")


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
    with tempfile.TemporaryDirectory(prefix="colossus-bench-") as tmp:
        tmp = Path(tmp)
        for i in range(runs):
            work, out = tmp / f"cold-work-{i}", tmp / f"cold-out-{i}"
            env = {**os.environ, "COLOSSUS_WORK_DIR": str(work)}
            samples["cold_s"].append(_timed([sys.executable, build_py, "--out", str(out)], env,
                                            phases=phase_runs["cold_s"]))
            log(f"[bench] cold {i + 1}/{runs}: {samples['cold_s'][-1]:.1f}s")
        env = {**os.environ, "COLOSSUS_WORK_DIR": str(tmp / f"cold-work-{runs - 1}")}
        out = str(tmp / f"cold-out-{runs - 1}")
        for i in range(runs):
            samples["unchanged_s"].append(_timed([sys.executable, build_py, "--out", out], env))
            log(f"[bench] unchanged {i + 1}/{runs}: {samples['unchanged_s'][-1]:.1f}s")
        for i in range(runs):
            h = f"lease.monthly_notice_probability={0.03 + (i + 1) * 1e-4:.4f}"
            samples["one_param_s"].append(_timed([sys.executable, build_py, "--out", out, "--set", h], env,
                                                 phases=phase_runs["one_param_s"]))
            log(f"[bench] one parameter {i + 1}/{runs}: {samples['one_param_s'][-1]:.1f}s")
        for i in range(runs):
            _timed([sys.executable, build_py, "--out", out, "--scenario", "bear"], env)
            samples["switch_back_s"].append(_timed([sys.executable, build_py, "--out", out], env))
            log(f"[bench] switch back {i + 1}/{runs}: {samples['switch_back_s'][-1]:.1f}s")
        scripts = config.ROOT / "scripts"
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
        for i in range(runs):
            work = tmp / f"site-work-{i}"
            samples["site_s"].append(_timed([sys.executable, str(scripts / "site.py"), "--out", str(tmp / f"site-{i}")],
                                            {**os.environ, "COLOSSUS_WORK_DIR": str(work)}))
            log(f"[bench] site {i + 1}/{runs}: {samples['site_s'][-1]:.1f}s")
        if include_stock:
            jb = str(Path(sys.executable).with_name("jupyter-book"))
            for i in range(runs):
                src = tmp / f"stock-{i}"
                _stock_book(src)
                samples["stock_force_s"].append(_timed([jb, "build", str(src)], dict(os.environ)))
                log(f"[bench] stock jupyter-book force {i + 1}/{runs}: {samples['stock_force_s'][-1]:.1f}s")
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
