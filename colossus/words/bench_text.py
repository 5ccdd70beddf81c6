"""The build benchmark as the methodology appendix shows it: ``_build/bench.json``
(written by ``make bench``, :mod:`colossus.book.bench`) read back as a table of
measurements against their targets, a table of where a build's time goes, and a sentence
on the machine and the targets. With no benchmark on the machine, no tables and a sentence
that says how to run one.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..inputs import config

if TYPE_CHECKING:  # pandas is imported where a table is made: the build imports this module's
    import pandas as pd  # phase names on its no-op path, which must stay light

#: The phases of a build, as its ``[build] phases`` line names them (:mod:`colossus.book.build`).
PHASE_LABELS = {
    "validate_s": "validate parameters and facts, hash the inputs",
    "execute_s": "execute the chapters (wall time, in parallel)",
    "kernels_s": "  of which: start the kernels (CPU, summed over workers)",
    "chapters_s": "  of which: run the chapters' cells (CPU, summed over workers)",
    "vendor_s": "  beside them: vendor files, Vega bundle and Jupyter Book config (cold only)",
    "stage_s": "stage the executed chapters for Sphinx",
    "sphinx_s": "Sphinx (Jupyter Book), after the last chapter was executed",
    "sphinx_start_s": "  Sphinx's own phases, from its start beside the chapters: start, load extensions",
    "sphinx_read_s": "  read the pages (parse notebooks, resolve citations), each once it is executed",
    "sphinx_wait_s": "  wait for the chapters still executing",
    "sphinx_write_s": "  write the pages, search index and static files",
    "sphinx_fix_s": "  HTML fixes (accessibility) and end of run",
    "copy_s": "move the site into the book cache",
    "data_files_s": "add the key numbers, parameters and CSVs (written while Sphinx runs)",
    "publish_s": "copy to the output folder and swap it in",
}


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
    import pandas as pd

    return pd.DataFrame(rows)


def phase_table() -> pd.DataFrame | None:
    """Where the time of a cold and of a one-parameter build goes (medians of each phase
    over the benchmark's runs, from the builds' own ``[build] phases`` lines), or None."""
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
    import pandas as pd

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
