"""Build benchmark: how long the pipeline takes, and how that compares with stock
``jupyter-book build`` executing the same chapters.

``make bench`` (``scripts/bench.py``) measures medians over repeated runs and writes
``_build/bench.json``; the methodology appendix shows it.
"""
from __future__ import annotations

import json

import pandas as pd

from . import config

#: Targets on the 2-core reference machine, seconds.
TARGETS = {"cold_s": 20.0, "unchanged_s": 3.0, "one_param_s": 12.0}
LABELS = {
    "cold_s": "Cold build (empty caches)",
    "unchanged_s": "Rebuild, nothing changed",
    "one_param_s": "Rebuild after one parameter changes",
    "switch_back_s": "Switch back to a scenario built before",
    "stock_force_s": "Stock jupyter-book build, execute_notebooks: force",
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
        if key in data:
            target = TARGETS.get(key)
            if key == "stock_force_s":
                target_text = "pipeline cold build no slower"
            else:
                target_text = f"<= {target:g} s" if target else ""
            rows.append({"Measurement": label, "Median (s)": f"{data[key]:.1f}",
                         "Runs": str(data.get("runs", {}).get(key, "")), "Target": target_text})
    return pd.DataFrame(rows)


def status_text() -> str:
    data = load()
    if not data:
        return ("No benchmark has been run on the machine that built this book; "
                "run `make bench` and rebuild to show it here.")
    return (f"Measured on {data.get('cores', '?')} cores ({data.get('machine', 'unknown machine')}) "
            f"on {data.get('date', 'an unknown date')}, medians of repeated runs.")
