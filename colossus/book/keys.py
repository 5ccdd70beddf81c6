"""What a build is keyed on, and what every step of it shares: the chapters, the
parameters injected into them, the content hashes of the code and the data, the log and the
build's error. (The pipeline is :mod:`colossus.book.build`.)
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..inputs import config
from ..inputs.loading import Resolved



#: Environment variable, for tests only: a chapter name whose execution gets a failing
#: cell appended, to prove that a failure mid-build leaves the published book intact.
FAIL_CHAPTER_ENV = "COLOSSUS_TEST_FAIL_CHAPTER"
BOOK_KEY_FILE = ".book-key"
KEEP_CACHED_BOOKS = 8


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and why."""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- hashing

def _sha(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _name(path: Path) -> str:
    """A path as the hashes name it: relative to the repository, or, for the data folder
    when COLOSSUS_DATA_DIR moves it elsewhere, as ``data/...``."""
    for root, prefix in ((config.DATA_DIR, "data"), (config.ROOT, "")):
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        return str(Path(prefix) / rel) if prefix else str(rel)
    return str(path)


def _tree_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(_name(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def code_hash() -> str:
    """Package code and pinned dependencies: a change here re-executes every chapter."""
    files = list(config.PACKAGE_DIR.rglob("*.py")) + [config.ROOT / "constraints.txt"]
    return _tree_hash([f for f in files if f.exists()])


def data_hash() -> str:
    files = [f for f in config.DATA_DIR.rglob("*") if f.is_file()]
    if config.BENCH_JSON.exists():
        files.append(config.BENCH_JSON)
    return _tree_hash(files)


# --------------------------------------------------------------------------- chapters

@dataclass(frozen=True)
class Chapter:
    name: str          # e.g. "lease"
    source: Path       # chapters/lease.md
    executable: bool   # has code cells
    parameterized: bool  # has a `parameters` cell: executed per parameter set


#: Pages built with the book but not in ``_toc.yml`` (so not in the left menu): the
#: one-page brief, which ``make brief`` prints (:mod:`colossus.book.brief`). Each is an orphan
#: (``orphan: true`` in its front matter).
EXTRA_PAGES = ("brief",)


def chapters() -> list[Chapter]:
    """Chapters listed in ``_toc.yml``, in order; the root page too; then :data:`EXTRA_PAGES`."""
    import yaml

    toc = yaml.safe_load(config.BOOK_TOC.read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    files += list(EXTRA_PAGES)
    out = []
    for f in files:
        path = config.ROOT / f"{f}.md"
        if not path.exists():
            raise BuildError(f"_toc.yml lists {f!r} but {path.relative_to(config.ROOT)} does not exist")
        text = path.read_text(encoding="utf-8")
        out.append(Chapter(Path(f).name if f.startswith("chapters/") else f, path, "```{code-cell}" in text,
                           re.search(r"^:tags: \[([^\]]*,\s*)?parameters\s*[,\]]", text, re.M) is not None))
    return out


def injected_parameters(resolved: Resolved) -> dict:
    """What papermill injects into each chapter's ``parameters`` cell (literals only)."""
    return {
        "parameters": resolved.parameters.model_dump(mode="json"),
        "scenario_label": resolved.label,
        "scenario_description": resolved.description,
        # what a page states about its own provenance: the commit's date and version,
        # never the wall clock, so one commit builds to the same bytes on any day
        "build_date": config.source_date(),
        "build_version": config.version(),
    }


def chapter_key(ch: Chapter, injected: dict, code: str, data: str) -> str:
    """Content key of an executed chapter. A chapter without a parameters cell does not
    depend on the parameters, so one executed copy serves every scenario."""
    injected = injected if ch.parameterized else {}
    failing = "fail" if os.environ.get(FAIL_CHAPTER_ENV) == ch.name else ""
    return _sha(ch.source.read_bytes(), json.dumps(injected, sort_keys=True), code, data, failing)[:20]


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
