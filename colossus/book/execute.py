"""Executing a chapter: warm kernels (one a worker, modules preloaded, namespace cleared
between chapters), papermill's parameters injected, the first failing cell named, and the
executed notebook tidied for readers (content-derived cell ids, no run-time noise).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..inputs import config
from .keys import FAIL_CHAPTER_ENV, BuildError, _sha



#: What every chapter imports: loaded once per warm kernel, before any chapter runs.
WARM_IMPORTS = ("import numpy, pandas, altair, myst_nb, IPython.display\n"
                "import colossus.pages.page, colossus.pages.summary, colossus.pages.deal, colossus.pages.lease, "
                "colossus.pages.offset, colossus.pages.ipo, colossus.pages.scenarios")

#: Run in a warm kernel before each chapter: defines no name of its own.
RESET_CODE = "__import__('colossus.book.execute').book.execute.reset_user_namespace(get_ipython())"


def reset_user_namespace(shell) -> None:
    """What ``%reset -f`` does to an IPython ``shell`` (every user name, the output cache
    and the input history go; imported modules stay), without its full garbage
    collection, which took 0.1 s of a small chapter's 0.2 s. Unreachable objects are
    still collected by Python's automatic collector.

    >>> from IPython.core.interactiveshell import InteractiveShell
    >>> shell = InteractiveShell.instance()
    >>> _ = shell.run_cell("leftover = 1")
    >>> reset_user_namespace(shell)
    >>> "leftover" in shell.user_ns
    False
    >>> import gc; gc.collect.__name__
    'collect'
    """
    import gc

    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        shell.reset(new_session=False)
    finally:
        gc.collect = collect


_WARM: dict = {}   # this worker process's kernel: {"km": KernelManager, "dir": str}


def _warm_kernel():
    """This worker's kernel, started on first use with :data:`WARM_IMPORTS` loaded.

    Each worker process of the build keeps one kernel for all the chapters it executes:
    starting a kernel and importing pandas/Altair costs about a second a chapter. The
    kernel talks over IPC sockets in a folder of its own, so kernels started in parallel
    cannot race for a TCP port. Between chapters the user namespace is reset (see
    :func:`execute_chapter`); modules stay imported. The kernel is shut down when the
    worker exits (a multiprocessing finaliser).
    """
    if "km" in _WARM:
        return _WARM["km"]
    from multiprocessing import util

    from jupyter_client.manager import KernelManager

    t0 = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="colossus-kernel-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(folder) / "k"))
    with _quiet_stderr(Path(folder) / "kernel.log"):
        km.start_kernel(cwd=folder)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive(WARM_IMPORTS, timeout=300, output_hook=lambda msg: None)
        except Exception:
            kc.stop_channels()
            raise
    if reply["content"]["status"] != "ok":
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise BuildError(f"the chapters' kernel could not import the book's modules: "
                         f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def _shutdown() -> None:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        shutil.rmtree(folder, ignore_errors=True)

    util.Finalize(km, _shutdown, exitpriority=10)
    # The client stays connected for every chapter of this worker: a new client waits for
    # the kernel to answer and then 0.2 s more for stray output (jupyter_client's
    # wait_for_ready), which was most of a small chapter's time.
    _WARM.update(km=km, kc=kc, dir=folder, start_s=time.perf_counter() - t0)
    return km


def warm_worker() -> None:
    """Process-pool initialiser: start this worker's kernel before its first chapter."""
    try:
        _warm_kernel()
    except Exception:  # reported, with its cause, when a chapter needs the kernel
        _WARM.clear()


def _first_error(nb) -> tuple[int, dict] | None:
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, out
    return None


def _renumber(nb) -> None:
    """Execution counts from 1 in each chapter, whatever ran before in the kernel, so the
    executed notebook does not depend on which chapters shared a worker."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is None:
            continue
        n += 1
        cell["execution_count"] = n
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = n


def execute_chapter(source: str, name: str, injected: dict, dest: str) -> tuple[float, float]:
    """Run one chapter in this worker's warm kernel (parameters injected as papermill
    does); write the executed notebook to ``dest``. Returns (seconds taken, seconds this
    worker spent starting its kernel, once per worker, else 0). Raises BuildError naming
    the cell."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.parameterize import parameterize_notebook

    t0 = time.perf_counter()
    nb = read_myst_markdown_notebook(Path(source).read_text(encoding="utf-8"), path=source)
    if os.environ.get(FAIL_CHAPTER_ENV) == name:
        nb.cells.append(nbformat.v4.new_code_cell(
            f"raise RuntimeError('failure injected by {FAIL_CHAPTER_ENV} for a test')"))
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    for cell in nb.cells:  # as papermill's loader does: every cell has a tags list
        cell.metadata.setdefault("tags", [])
    nb.metadata["papermill"] = {}   # parameterize_notebook records the parameters here; tidied away
    if injected:
        nb = parameterize_notebook(nb, injected, kernel_name="python3", language="python")
    content_cell_ids(nb, name)
    try:
        km = _warm_kernel()
    except Exception as exc:
        raise BuildError(f"chapter {name!r}: the kernel did not start: {type(exc).__name__}: {exc}") from None
    folder = _WARM["dir"]
    try:
        with _quiet_stderr(Path(folder) / "kernel.log"):
            kc = _WARM["kc"]
            # The previous chapter's names go before this one runs (modules stay).
            reset = kc.execute_interactive(RESET_CODE, silent=True, store_history=False, timeout=60,
                                           output_hook=lambda msg: None)
            if reset["content"]["status"] != "ok":
                raise RuntimeError("the kernel's namespace could not be reset")
            client = NotebookClient(nb, km=km, timeout=600, kernel_name="python3", allow_errors=False,
                                    resources={"metadata": {"path": folder}})
            client.kc = kc      # the worker's connected client: no new connection per chapter
            client.execute()
    except CellExecutionError as exc:
        found = _first_error(nb)
        index, out = found if found else (-1, {"ename": type(exc).__name__, "evalue": str(exc)[:200]})
        first = nb.cells[index].source.strip().splitlines() if index >= 0 else []
        raise BuildError(
            f"chapter {name!r} ({Path(source).relative_to(config.ROOT)}): cell {index} failed with "
            f"{out.get('ename')}: {out.get('evalue')}\n  cell begins: {first[0] if first else ''}") from None
    except Exception as exc:  # kernel died, timeout, bad notebook
        with contextlib.suppress(Exception):
            _WARM["kc"].stop_channels()
        _WARM.clear()          # a fresh kernel for the next chapter of this worker
        kernel_log = (Path(folder) / "kernel.log").read_text(errors="replace").strip().splitlines()[-8:]
        raise BuildError(f"chapter {name!r}: execution failed: {type(exc).__name__}: {exc}"
                         + ("\n  kernel log: " + "\n    ".join(kernel_log) if kernel_log else "")) from None
    _renumber(nb)
    _tidy_for_readers(nb)
    tmp_dest = Path(dest).with_suffix(".tmp")
    nbformat.write(nb, tmp_dest)
    os.replace(tmp_dest, dest)
    return time.perf_counter() - t0, _WARM.pop("start_s", 0.0)


def content_cell_ids(nb, name: str) -> None:
    """Give every cell an id derived from its content (chapter, position, type, source)
    instead of nbformat's and papermill's random ones, so that one commit's downloadable
    notebooks are the same bytes in every build.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
    ...                                      nbformat.v4.new_code_cell("x = 1")])
    >>> content_cell_ids(nb, "lease"); a = [c.id for c in nb.cells]
    >>> content_cell_ids(nb, "lease"); a == [c.id for c in nb.cells] and a[0] != a[1]
    True
    >>> len(a[0])
    16
    """
    for i, cell in enumerate(nb.cells):
        cell["id"] = _sha(name, str(i), cell.cell_type, cell.source)[:16]


@contextlib.contextmanager
def _quiet_stderr(path: Path):
    """Send this worker's (and its kernel's) stderr to a file during execution: the
    kernel's start-up chatter is not build progress. Restored afterwards."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "wb") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _tidy_for_readers(nb) -> None:
    """Hide plumbing from readers: remove the parameters cells (the parameters are shown
    in the appendix and the page banner), hide other code behind a 'show' toggle, drop
    papermill's timing metadata so identical inputs give identical files."""
    for cell in nb.cells:
        meta = cell.setdefault("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        tags = meta.setdefault("tags", [])
        if cell.cell_type != "code":
            if not tags:
                meta.pop("tags")
            continue
        if "parameters" in tags or "injected-parameters" in tags:
            if "remove-cell" not in tags:
                tags.append("remove-cell")
        elif not {"remove-cell", "remove-input", "hide-input", "hide-cell", "show-input"} & set(tags):
            tags.append("hide-input")
    nb.metadata.pop("papermill", None)


# --------------------------------------------------------------------------- staging
