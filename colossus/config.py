"""Every path the project uses, resolved from this package's own location.

Chapters, scripts and tests import these names instead of building paths from the
current working directory, so everything runs from any folder.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent

DATA_DIR = ROOT / "data"
SCENARIOS_DIR = DATA_DIR / "scenarios"
FACTS_CSV = DATA_DIR / "facts.csv"
EVENTS_CSV = DATA_DIR / "events.csv"
CONFLICTS_YML = DATA_DIR / "conflicts.yml"
SOURCES_BIB = DATA_DIR / "sources.bib"

CHAPTERS_DIR = ROOT / "chapters"
BOOK_CONFIG = ROOT / "_config.yml"
BOOK_TOC = ROOT / "_toc.yml"

BUILD_DIR = ROOT / "_build"
DEFAULT_OUT = BUILD_DIR / "html"
#: Staging, caches and the build lock; never published. COLOSSUS_WORK_DIR moves it (the
#: tests use a fresh one per build so that caches cannot hide a problem).
WORK_DIR = Path(os.environ.get("COLOSSUS_WORK_DIR") or BUILD_DIR / ".work")
BENCH_JSON = BUILD_DIR / "bench.json"   # written by `make bench`, shown in the methodology appendix

#: Average hours in a month (8,760 h / 12), the convention GPU clouds quote against.
HOURS_PER_MONTH = 730.0
