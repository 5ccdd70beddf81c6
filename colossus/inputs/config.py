"""Every path the project uses, resolved from this package's own location.

Chapters, scripts and tests import these names instead of building paths from the
current working directory, so everything runs from any folder.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
ROOT = PACKAGE_DIR.parent

#: The data folder. COLOSSUS_DATA_DIR points the package at another copy (the tests add a
#: synthetic reported quarter to a copy in a temporary folder; nothing else changes).
DATA_DIR = Path(os.environ.get("COLOSSUS_DATA_DIR") or ROOT / "data").resolve()
SCENARIOS_DIR = DATA_DIR / "scenarios"
FACTS_CSV = DATA_DIR / "facts.csv"
EVENTS_CSV = DATA_DIR / "events.csv"
CONFLICTS_YML = DATA_DIR / "conflicts.yml"
SOURCES_BIB = DATA_DIR / "sources.bib"
FILINGS_CSV = DATA_DIR / "filings.csv"
#: Reported quarterly figures, one row a figure (:mod:`colossus.inputs.reported`).
REPORTED_QUARTERS_CSV = DATA_DIR / "reported_quarters.csv"

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

#: A dated market input older than this many days, against the book's date, is flagged
#: (in the banner, in the build's warnings and on the IPO page).
STALE_AFTER_DAYS = 45


# --------------------------------------------------------------------------- provenance

def _git(*args: str) -> str | None:
    import subprocess

    try:
        proc = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def source_epoch() -> int | None:
    """The moment a build states, in seconds since 1970 (UTC): ``SOURCE_DATE_EPOCH`` when
    set, else the commit time of the checkout, else None. :func:`source_date` is its day.

    >>> import os
    >>> saved = os.environ.get("SOURCE_DATE_EPOCH")
    >>> os.environ["SOURCE_DATE_EPOCH"] = "981158400"
    >>> source_epoch(), source_date()
    (981158400, '2001-02-03')
    >>> _ = os.environ.pop("SOURCE_DATE_EPOCH") if saved is None else os.environ.update(SOURCE_DATE_EPOCH=saved)
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return int(epoch)
    commit = _git("log", "-1", "--format=%ct")
    return int(commit) if commit and commit.isdigit() else None


def source_date() -> str:
    """The date a build states (ISO ``YYYY-MM-DD``): the commit date of the checkout, so two
    builds of one commit on different days are identical. ``SOURCE_DATE_EPOCH`` (the
    reproducible-builds convention) overrides it; without either, ``"undated"``."""
    import datetime

    epoch = source_epoch()
    if epoch is None:
        return "undated"
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).date().isoformat()


def version() -> str:
    """The version a build states: the package version and the short commit, with
    ``+dirty`` when the working tree has uncommitted changes to tracked files."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _v

    try:
        base = _v("colossus-lease")
    except PackageNotFoundError:
        base = "0.0.0"
    commit = _git("rev-parse", "--short=10", "HEAD")
    if commit is None:
        return base
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return f"{base}+g{commit}" + (".dirty" if dirty else "")
