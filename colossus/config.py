"""Every path the project uses, resolved from this package's own location.

Chapters, scripts and tests import these names instead of building paths from the
current working directory, so everything runs from any folder.
"""
from __future__ import annotations

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
WORK_DIR = BUILD_DIR / ".work"          # staging, caches, locks: never published
BENCH_JSON = BUILD_DIR / "bench.json"   # written by `make bench`, shown in the methodology appendix

#: Average hours in a month (8,760 h / 12), the convention GPU clouds quote against.
HOURS_PER_MONTH = 730.0
