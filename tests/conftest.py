"""Shared fixtures: one real build of the book with non-default parameters.

The build runs as a user would run it (``scripts/build.py`` in a subprocess) into a
temporary folder with its own work directory, so no cache from a developer's earlier
build can hide a problem.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Builds in the tests run without the warm server (colossus.book.warm), each in its own work
# folder, as on a fresh machine; tests/book/test_warm.py switches it on where it is the subject.
os.environ["COLOSSUS_WARM"] = "0"
INJECTED_FILE = Path("/tmp/colossus-injected")
# Free text that tries HTML, MyST markup and a breakout from the string literal papermill injects.
HOSTILE = ('<script>alert("pwned")</script> & <b>bold</b> | {cite}`x` $1 $2 '
           '\\"); open("/tmp/colossus-injected", "w"); ("\n\' + \'\'\'')
BOOK_ARGS = ["--scenario", "bear", "--set", "lease.monthly_rent_usd=1.0e9", "--set", "lease.gpus=200000"]


@dataclass
class Book:
    out: Path
    work: Path
    args: list[str]
    params_file: Path
    stderr: str
    sources_before: str = ""

    def page(self, rel: str) -> str:
        return (self.out / rel).read_text(encoding="utf-8")

    def pages(self) -> list[Path]:
        return sorted(p for p in self.out.rglob("*.html") if "_static" not in p.parts)

    @property
    def key_numbers(self) -> dict:
        return json.loads((self.out / "data" / "key_numbers.json").read_text())


def run_build(args: list[str], work: Path, extra_env: dict | None = None,
              prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    """``scripts/build.py ARGS`` as a user runs it, with its own work dir; ``prefix`` runs it
    under another command (``faketime DAY``)."""
    env = {**os.environ, "COLOSSUS_WORK_DIR": str(work), **(extra_env or {})}
    return subprocess.run([*(prefix or []), sys.executable, str(ROOT / "scripts" / "build.py"), *args],
                          capture_output=True, text=True, env=env, cwd="/")


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Book:
    tmp = tmp_path_factory.mktemp("book")
    params_file = tmp / "mine.yml"
    params_file.write_text(
        "description: " + json.dumps(HOSTILE) + "\n"
        "parameters:\n  lease:\n    monthly_notice_probability: 0.05\n  costs:\n    capex_per_gpu_usd: 45000.0\n")
    args = BOOK_ARGS + ["--params", str(params_file), "--out", str(tmp / "html")]
    before = tree_digest(ROOT / "chapters")
    INJECTED_FILE.unlink(missing_ok=True)
    proc = run_build(args, tmp / "work")
    assert proc.returncode == 0, f"build failed:\n{proc.stderr[-4000:]}"
    return Book(tmp / "html", tmp / "work", args, params_file, proc.stderr, before)


@pytest.fixture(scope="session")
def printed(book, tmp_path_factory):
    """The book fixture printed to one PDF (``make pdf``'s code), once for every test module:
    ``(print_book's result, a pypdf reader, each PDF page's text)``."""
    import unicodedata

    from pypdf import PdfReader

    from colossus.book.pdf import print_book

    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    result = print_book(book.out, out)
    reader = PdfReader(str(out))
    # NFKC: Chromium's PDF text uses ligatures ("ﬀ" in "offset")
    texts = [" ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split()) for page in reader.pages]
    result["path"] = out
    return result, reader, texts


@pytest.fixture(scope="session")
def figures_out(book, tmp_path_factory):
    """Every figure of the book fixture exported (``make figures``'s code), once:
    ``(the figures, the folder)``."""
    from colossus.figures.export import write_figures

    out = tmp_path_factory.mktemp("figures") / "figures"
    return write_figures(book.out, out), out


def tree_digest(folder: Path) -> str:
    import hashlib
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's outcome as ``item.rep_<phase>`` (the browser tests screenshot failures)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
