"""The build pipeline: validate -> execute chapters -> Jupyter Book -> publish.

1. **Validate** the scenario, parameter file and ``--set`` overrides, and the facts
   tables, before anything runs. Bad input: a message naming the key, exit code 2.
2. **Execute** every chapter that has code (MyST-markdown notebooks in ``chapters/``)
   with the validated parameters injected (papermill's parameterizer) in warm kernels
   (one a worker, modules preloaded, namespace cleared between chapters), into a cache under
   ``_build/.work``. An executed chapter is keyed on the *content* of the parameters,
   the chapter source, the package code, the data and the pinned dependencies; one
   entry per key, so a scenario built before is not executed again. Independent chapters
   run in parallel. A failing cell stops the build naming the chapter and the cell.
3. **Build** the book with Jupyter Book's Sphinx configuration (generated from
   ``_config.yml`` by ``jupyter_book.config``, without sphinx-thebe, with execution off)
   from a staging folder holding the executed copies; the sources are never touched.
4. **Publish** atomically: the finished site, with ``data/key_numbers.json`` and
   ``data/parameters.json``, is assembled next to ``--out`` and swapped in by rename. A
   failure at any step leaves the previous ``--out`` exactly as it was.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import fcntl
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..inputs import config
from . import warm
from ..inputs.errors import DataError
from ..inputs.loading import ParameterError, Resolved, resolve
from ..inputs.params import flatten
from ..words import bench_text

#: Environment variable, for tests only: a chapter name whose execution gets a failing
#: cell appended, to prove that a failure mid-build leaves the published book intact.
FAIL_CHAPTER_ENV = "COLOSSUS_TEST_FAIL_CHAPTER"
BOOK_KEY_FILE = ".book-key"
KEEP_CACHED_BOOKS = 8


MATHJAX_STATIC = "mathjax/tex-svg.js"


def mathjax_file() -> Path:
    """MathJax 3 ``tex-svg.js`` (self-contained: SVG output needs no font files), from the
    sphinx-mathjax-offline wheel, so that formulas render with no CDN."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        path = Path(distribution("sphinx-mathjax-offline").locate_file(
            "sphinx-mathjax-offline/static/mathjax/tex-svg.js"))
    except PackageNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise BuildError("MathJax is missing: install the pinned dependencies (make install)")
    return path


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


#: What every chapter imports: loaded once per warm kernel, before any chapter runs.
WARM_IMPORTS = ("import numpy, pandas, altair, myst_nb, IPython.display\n"
                "import colossus.figures.charts, colossus.model.keynumbers, colossus.words.report, colossus.inputs.facts, colossus.inputs.params")

#: Run in a warm kernel before each chapter: defines no name of its own.
RESET_CODE = "__import__('colossus.book.build').book.build.reset_user_namespace(get_ipython())"


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

def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def banner_html(resolved: Resolved, switcher: "Switcher | None" = None) -> str:
    """The line shown at the top of every page: which assumptions produced it, and whether
    any of them lies outside the range the scenarios explore. In a multi-scenario site
    (``switcher``) it also links the same page of every other scenario: ``{root}`` and
    ``{page}`` are filled in per page by the generated ``conf.py``, and the page's anchor is
    kept by the page's script (:mod:`colossus.book.a11y`)."""
    outside = resolved.outside
    flag = ""
    if outside:
        names = ", ".join(item.split(" = ")[0] for item in outside)
        flag = (' &middot; <strong class="colossus-outside" title="' + html.escape(names) + '">'
                f'outside the explored range ({len(outside)} parameter{"s" if len(outside) > 1 else ""})</strong>')
    stale = _stale(resolved)
    if stale:
        from ..model.valuation import STALE_AFTER_DAYS

        flag += (' &middot; <strong class="colossus-stale" title="' + html.escape("; ".join(stale)) + '">'
                 f'market inputs older than {STALE_AFTER_DAYS} days</strong>')
    # the commit's date and version, never the wall clock (see config.source_date)
    build = (f' &middot; <span class="colossus-build">dated <time class="colossus-date">'
             f'{html.escape(config.source_date())}</time> &middot; version <span class="colossus-version">'
             f'{html.escape(config.version())}</span></span>')
    switch = ""
    if switcher is not None:
        links = [f'<strong aria-current="page">{html.escape(name)}</strong>' if name == switcher.current else
                 f'<a class="colossus-switch" hreflang="en" href="{{root}}../{html.escape(name)}/{{page}}">'
                 f'{html.escape(name)}</a>' for name in switcher.names]
        switch = (' &middot; <nav class="colossus-switcher" aria-label="Scenario">switch scenario: '
                  + " | ".join(links) + '</nav>')
    return (f'Scenario <strong class="colossus-scenario">{html.escape(resolved.label)}</strong>'
            f' &middot; parameters <code class="colossus-fingerprint">{resolved.fingerprint}</code>'
            + flag + build + ' &middot; <a href="{pathto}">see the parameters used</a>' + switch)


def _stale(resolved: Resolved) -> list[str]:
    """Dated market inputs more than 45 days older than the book's date (the commit's)."""
    from ..model.valuation import stale_market_inputs

    return stale_market_inputs(resolved.parameters, config.source_date())


def warn_outside(resolved: Resolved) -> None:
    """Print a warning for each parameter outside the range the scenarios explore, and for
    each dated market input older than the book's date by more than 45 days."""
    for item in resolved.outside:
        log(f"warning: {item}: outside the range the bull and bear scenarios explore; "
            "the build goes on and its banner says so")
    for item in _stale(resolved):
        log(f"warning: {item} before the book's date {config.source_date()}: market inputs older than 45 days; "
            "the build goes on and its banner says so")


def _jupyter_book_config(stage: Path) -> dict:
    """Jupyter Book's Sphinx configuration for ``_config.yml``, cached by the file's content
    and Jupyter Book's version (computing it imports and validates for over a second)."""
    from importlib.metadata import version

    key = _sha((stage / "_config.yml").read_bytes(), version("jupyter-book"))[:16]
    cached = config.WORK_DIR / "vendor" / f"jb-config-{key}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    from jupyter_book.config import get_final_config

    conf, _ = get_final_config(user_yaml=stage / "_config.yml", sourcedir=stage,
                               cli_config={"latex_individualpages": False},
                               validate=True, raise_on_invalid=True)
    conf = json.loads(json.dumps(conf))  # plain data only
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.with_suffix(".tmp").write_text(json.dumps(conf, sort_keys=True))
    cached.with_suffix(".tmp").replace(cached)
    return conf


def sphinx_conf(stage: Path, resolved: Resolved, switcher: "Switcher | None" = None) -> str:
    """conf.py from ``_config.yml`` via Jupyter Book's own config code, minus sphinx-thebe
    (it writes a CDN URL into every page and declares THEBE_JS_URL twice) and with
    execution off."""
    conf = _jupyter_book_config(stage)
    conf["extensions"] = ["colossus.book.sphinx_speed"] + [
        e for e in conf["extensions"] if e not in ("sphinx_thebe", "sphinx_comments")]
    conf.pop("thebe_config", None)
    conf["nb_execution_mode"] = "off"
    conf["html_static_path"] = ["_static"]
    from ..figures.charts import BUNDLE_NAME
    conf["html_js_files"] = [BUNDLE_NAME]
    conf["mathjax_path"] = MATHJAX_STATIC  # relative: served from _static, not a CDN
    # MathJax's menu can switch on speech, whose rule engine fetches from a CDN: no menu.
    conf["mathjax3_config"] = {"options": {"enableMenu": False}}
    conf["html_css_files"] = ["colossus.css"]
    # The footer's "Last updated" is the commit's date (run_sphinx sets SOURCE_DATE_EPOCH),
    # written as the banner writes it; with no commit date there is no such line.
    conf["html_last_updated_fmt"] = "%Y-%m-%d" if config.source_epoch() is not None else None
    opts = dict(conf.get("html_theme_options", {}))
    opts["launch_buttons"] = {}
    opts.pop("repository_url", None)
    opts["analytics"] = {}
    # The summary page gives its width to the three answer cards: no in-page contents
    # column there (its few sections are in the page itself); every other page keeps it.
    opts["secondary_sidebar_items"] = {"**": ["page-toc.html"], "intro": []}

    conf["html_theme_options"] = opts
    # Empty, the theme's script logs "Got invalid theme mode" on every page.
    # The banner is a config value too, so that Sphinx rewrites every page when it changes.
    conf["html_context"] = {**conf.get("html_context", {}), "default_mode": "light",
                            "colossus_banner": banner_html(resolved, switcher)}
    conf["exclude_patterns"] = sorted(set(conf.get("exclude_patterns", [])) | {"conf.py", "_config.yml"})
    # The staged folder holds only the book's pages; the orphan pages (EXTRA_PAGES) are not
    # in _toc.yml, so only_build_toc_files must not exclude them.
    conf["external_toc_exclude_missing"] = False
    lines = ["# Generated by colossus.book.build from _config.yml; do not edit."]
    lines += [f"{k} = {conf[k]!r}" for k in sorted(conf)]
    # The banner links to the parameters appendix relative to each page.
    banner = banner_html(resolved, switcher)
    lines += [
        "",
        "def _colossus_banner(app, pagename, templatename, context, doctree):",
        f"    text = {banner!r}",
        "    href = context['pathto']('chapters/parameters')",
        "    root = '../' * pagename.count('/')",
        "    text = text.replace('{root}', root).replace('{page}', pagename + '.html')",
        "    context['theme_announcement'] = text.replace('{pathto}', href)",
        "",
        "def setup(app):",
        "    from colossus.book.a11y import on_build_finished",
        "    app.connect('html-page-context', _colossus_banner)",
        "    app.connect('build-finished', on_build_finished)",
    ]
    return "\n".join(lines) + "\n"


def stage_sources(stage: Path, resolved: Resolved, executed: dict[str, Path], chs: list[Chapter],
                  switcher: "Switcher | None" = None) -> None:
    """Fill the Sphinx source folder: executed notebooks, plain pages, config, static."""
    from ..figures.charts import write_vega_bundle

    wanted: set[Path] = set()

    def put(rel: str, data: bytes) -> None:
        _write_if_changed(stage / rel, data)
        wanted.add(stage / rel)

    put("_config.yml", config.BOOK_CONFIG.read_bytes())
    put("_toc.yml", config.BOOK_TOC.read_bytes())
    put("data/sources.bib", config.SOURCES_BIB.read_bytes())
    put("_static/colossus.css", (config.ROOT / "scripts" / "colossus.css").read_bytes())
    wanted.add(write_vega_bundle(stage / "_static", config.WORK_DIR / "vendor"))
    put(f"_static/{MATHJAX_STATIC}", mathjax_file().read_bytes())
    for ch in chs:
        rel = str(ch.source.relative_to(config.ROOT))
        if ch.executable:
            put(str(Path(rel).with_suffix(".ipynb")), executed[ch.name].read_bytes())
        else:
            put(rel, ch.source.read_bytes())
    put("conf.py", sphinx_conf(stage, resolved, switcher).encode())
    for f in list(stage.rglob("*")):  # drop pages that are no longer in the book
        if f.is_file() and f not in wanted:
            f.unlink()


def sync_static(src_static: Path, html_static: Path) -> list[str]:
    """Copy the book's own static files into the built site where they differ.

    Sphinx copies static files only when some page is out of date, so a change to the
    CSS alone would otherwise never reach the site. Returns the names copied."""
    copied = []
    for f in sorted(src_static.rglob("*")):
        if not f.is_file():
            continue
        dest = html_static / f.relative_to(src_static)
        if not dest.exists() or dest.read_bytes() != f.read_bytes():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest)
            copied.append(str(f.relative_to(src_static)))
    return copied


def run_sphinx(stage: Path, html_dir: Path, doctrees: Path, server: "warm.Client | None" = None) -> dict:
    """Run Sphinx on the staged sources. Every date Sphinx writes (the footer's "Last
    updated") is the commit's: ``SOURCE_DATE_EPOCH`` (which Sphinx honours) is set from
    :func:`config.source_epoch`, so one commit builds to the same bytes on any day.
    Returns Sphinx's phases in seconds (see :mod:`colossus.book.sphinx_speed`)."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
           "-d", str(doctrees), "-j", "1", str(stage), str(html_dir)]
    from .sphinx_speed import PHASES_FILE

    env = dict(os.environ)
    epoch = config.source_epoch()
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    env["COLOSSUS_SPHINX_T0"] = repr(time.time())
    marks_file = doctrees / PHASES_FILE
    marks_file.unlink(missing_ok=True)
    returncode, output = None, ""
    if server is not None:
        log_path = doctrees.parent / "sphinx.log"
        doctrees.mkdir(parents=True, exist_ok=True)
        try:
            returncode = server.sphinx(cmd[3:], env, str(log_path))
            output = log_path.read_text(errors="replace")
        except warm.Unavailable as exc:
            log(f"[build] {exc}; running Sphinx here")
    if returncode is None:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        returncode, output = proc.returncode, proc.stderr or proc.stdout
    if returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise BuildError(f"Jupyter Book (Sphinx) failed:\n{tail}")
    try:
        m = json.loads(marks_file.read_text())
        start = m.get("read_start", m["inited"])
        read_end = m.get("read_end", start)
        return {"sphinx_start_s": round(start, 3), "sphinx_read_s": round(read_end - start, 3),
                "sphinx_write_s": round(m["write_end"] - read_end, 3),
                "sphinx_fix_s": round(m["end"] - m["write_end"], 3)}
    except (OSError, ValueError, KeyError):
        return {}


# --------------------------------------------------------------------------- publishing

def write_data_files(site: Path, resolved: Resolved) -> None:
    from ..model.keynumbers import key_numbers

    data_dir = site / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    numbers = key_numbers(resolved.parameters, resolved.label)
    (data_dir / "key_numbers.json").write_text(json.dumps(numbers, indent=2, sort_keys=False) + "\n")
    payload = {"scenario": resolved.label, "description": resolved.description,
               "parameter_fingerprint": resolved.fingerprint,
               "parameters": flatten(resolved.parameters)}
    (data_dir / "parameters.json").write_text(json.dumps(payload, indent=2) + "\n")
    # The quarterly model as CSV, with its provenance in '#' comment lines
    # (read back with pandas.read_csv(path, comment="#")).
    from ..model import offset

    header = "".join(f"# {line}\n" for line in (
        "AI segment (xAI) and SpaceX operating income by quarter, with and without the Anthropic lease (USD per quarter); "
        "reported=True rows are reported quarters (data/reported_quarters.csv) with only their reported figures, "
        "the others the model from the quarter after the anchor",
        f"scenario: {' '.join(resolved.label.split())}",
        f"parameter_fingerprint: {resolved.fingerprint}",
        f"date: {config.source_date()} (the commit's date)",
        f"source: colossus {config.version()}, chapters/offset (the Colossus lease book)",
    ))
    csv = offset.quarterly_csv(offset.published_quarters(resolved.parameters))
    (data_dir / "ai_segment_quarterly.csv").write_text(header + csv)
    # Every key number under the base, bull and bear scenarios and this build, side by side.
    from ..model import sensitivity

    by_scenario = sensitivity.scenario_key_numbers()
    side = sensitivity.scenario_table({**by_scenario, "this build": numbers}, list(numbers))
    header = "".join(f"# {line}\n" for line in (
        "Key numbers of the Colossus lease under the base, bull and bear scenarios (data/scenarios/) "
        "and this build, one row per key number (as in key_numbers.json)",
        f"scenario: {' '.join(resolved.label.split())} (the column this_build)",
        f"parameter_fingerprint: {resolved.fingerprint}",
        "scenario_fingerprints: " + ", ".join(f"{name} {by_scenario[name]['parameter_fingerprint']}"
                                              for name in sensitivity.SCENARIOS),
        f"date: {config.source_date()} (the commit's date)",
        f"source: colossus {config.version()}, chapters/scenarios (the Colossus lease book)",
    ))
    (data_dir / "key_numbers_by_scenario.csv").write_text(header + sensitivity.scenario_csv(side))


def publish(site: Path, out: Path) -> None:
    """Swap ``site`` in as ``out``: the old one is moved aside only once the new one is
    complete, and restored if the swap fails."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(site, out)
    except BaseException:
        if old.exists():
            os.replace(old, out)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _copy_site(src: Path, out: Path) -> Path:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    shutil.rmtree(tmp)
    try:
        shutil.copytree(src, tmp, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def _prune(folder: Path, keep: int) -> None:
    entries = sorted((p for p in folder.iterdir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for p in entries[keep:]:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()


@contextlib.contextmanager
def _lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- the build

@dataclass
class BuildReport:
    out: Path
    executed: list[str]
    cached: list[str]
    book_from: str        # "sphinx", "cache" or "current"
    seconds: float


@dataclass(frozen=True)
class Switcher:
    """A book that is one scenario of a multi-scenario site (``make site``): the banner
    links each page to the same page of the other scenarios (``../<name>/<page>.html``)."""
    names: tuple[str, ...]
    current: str


@dataclass
class Plan:
    """What one book needs: its chapters' cache keys, what is left to execute, its key."""
    resolved: Resolved
    out: Path
    chs: list
    injected: dict
    executed: dict
    todo: list
    cached: list
    book_key: str
    stage: Path
    switcher: Switcher | None = None

    def book_cached(self) -> bool:
        """Whether this book is in the book cache (published without Sphinx)."""
        return (config.WORK_DIR / "books" / self.book_key).exists()

    def current(self) -> bool:
        """Is ``out`` already this book? (The book key covers the data files, and a book is
        only ever published after its data validated, so no validation is needed.)"""
        marker = self.out / BOOK_KEY_FILE
        return marker.exists() and marker.read_text() == self.book_key and (self.out / "index.html").exists()


def plan(resolved: Resolved, out: Path, switcher: Switcher | None = None, stage_name: str = "stage") -> Plan:
    """The cache keys and the work left for one book (nothing is run or written)."""
    work = config.WORK_DIR
    chs = chapters()
    injected = injected_parameters(resolved)
    code, data = code_hash(), data_hash()
    keys = {ch.name: chapter_key(ch, injected, code, data) for ch in chs if ch.executable}
    executed = {name: work / "notebooks" / f"{name}-{key}.ipynb" for name, key in keys.items()}
    todo = [ch for ch in chs if ch.executable and not executed[ch.name].exists()]
    cached = [ch.name for ch in chs if ch.executable and ch not in todo]
    static_inputs = [config.BOOK_CONFIG, config.BOOK_TOC, config.SOURCES_BIB,
                     config.ROOT / "scripts" / "colossus.css"] + [ch.source for ch in chs if not ch.executable]
    book_key = _sha(json.dumps(keys, sort_keys=True), _tree_hash(static_inputs), code, resolved.label,
                    resolved.fingerprint, repr(switcher))[:20]
    return Plan(resolved, Path(out).resolve(), chs, injected, executed, todo, cached, book_key,
                work / stage_name, switcher)


def _vendor_ready() -> bool:
    vendor = config.WORK_DIR / "vendor"
    return vendor.is_dir() and len(list(vendor.glob("*"))) >= 2


def validate_data() -> None:
    """Facts, events, conflicts, the filings behind the facts and the reported quarters
    must validate before anything runs; then the caches."""
    from ..inputs import reported
    from ..inputs.facts import filings, load_all

    load_all()
    filings()
    reported.load()
    for d in (config.WORK_DIR / "notebooks", config.WORK_DIR / "books"):
        d.mkdir(parents=True, exist_ok=True)


def make_book(p: Plan, lap, server: "warm.Client | None" = None) -> tuple[Path, str]:
    """The built site for plan ``p`` in the book cache (Sphinx runs only for a book never
    built before): ``(its folder, "cache" or "sphinx")``. ``lap(name)`` records phases;
    Sphinx runs in the warm ``server`` when one is given (:mod:`colossus.book.warm`)."""
    book_cache = config.WORK_DIR / "books"
    cached_book = book_cache / p.book_key
    if cached_book.exists():
        os.utime(cached_book)
        log(f"[build] {p.resolved.label}: this book was built before; publishing the cached copy")
        return cached_book, "cache"
    t0 = time.perf_counter()
    stage_sources(p.stage / "src", p.resolved, p.executed, p.chs, p.switcher)
    lap("stage_s")
    log(f"[build] {p.resolved.label}: Jupyter Book: building HTML from the executed chapters ...")
    # Sphinx starts from nothing every time: an incremental run over an earlier output
    # writes other bytes (cache-busting ?v= suffixes on files that now exist, a search
    # index merged with the old one) than a cold one, and one commit builds to one set of
    # bytes. Every page is re-read anyway whenever the parameters change.
    for old in (p.stage / "html", p.stage / "doctrees"):
        shutil.rmtree(old, ignore_errors=True)
    lap.phases.update(run_sphinx(p.stage / "src", p.stage / "html", p.stage / "doctrees", server))
    lap("sphinx_s")
    sync_static(p.stage / "src" / "_static", p.stage / "html" / "_static")
    tmp_book = Path(tempfile.mkdtemp(prefix=".book-", dir=book_cache))
    try:
        shutil.rmtree(tmp_book)
        shutil.copytree(p.stage / "html", tmp_book, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
        lap("copy_s")
        write_data_files(tmp_book, p.resolved)
        lap("data_files_s")
        (tmp_book / BOOK_KEY_FILE).write_text(p.book_key)
        os.replace(tmp_book, cached_book)
    finally:
        shutil.rmtree(tmp_book, ignore_errors=True)
    _prune(book_cache, KEEP_CACHED_BOOKS)
    log(f"[build] {p.resolved.label}: Jupyter Book done in {time.perf_counter() - t0:.1f}s")
    return cached_book, "sphinx"


def publish_copy(source: Path, out: Path) -> None:
    """Copy a built book from the cache next to ``out`` and swap it in (see :func:`publish`)."""
    site = _copy_site(source, out)
    try:
        publish(site, out)
    finally:
        shutil.rmtree(site, ignore_errors=True)  # already renamed to `out` when all went well


class Laps:
    """Phase timer: ``lap(name)`` adds the time since the last lap to ``phases[name]``."""

    def __init__(self):
        self.t0 = self.last = time.perf_counter()
        self.phases: dict[str, float] = {}

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(self.phases.get(name, 0.0) + now - self.last, 3)
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.t0


def build(resolved: Resolved, out: Path = config.DEFAULT_OUT, jobs: int | None = None,
          switcher: Switcher | None = None) -> BuildReport:
    """Build the book for ``resolved`` parameters into ``out`` (see module docstring)."""
    lap = Laps()
    work = config.WORK_DIR
    with _lock(work / "build.lock"):
        p = plan(resolved, out, switcher)
        log(f"[build] scenario {resolved.label} · parameters {resolved.fingerprint} · "
            f"{len(p.executed)} chapters ({len(p.cached)} cached, {len(p.todo)} to execute)")
        if p.current():
            log(f"[build] {p.out} is already this book; nothing to do")
            lap("validate_s")
            _log_phases(lap.phases, lap.total())
            return BuildReport(p.out, [c.name for c in p.todo], p.cached, "current", lap.total())
        validate_data()
        vendor_stage = None if _vendor_ready() else p.stage / "src"
        server = warm.connect(log) if (p.todo or vendor_stage is not None or not p.book_cached()) else None
        lap("validate_s")
        timing = _execute_all(p.todo, p.injected, p.executed, jobs, vendor_stage, server)
        lap("execute_s")
        lap.phases.update({k: round(v, 3) for k, v in timing.items()})
        source, how = make_book(p, lap, server)
        publish_copy(source, p.out)
        _prune(work / "notebooks", 200)
        lap("publish_s")
    _log_phases(lap.phases, lap.total())
    log(f"[build] published {p.out}/index.html in {lap.total():.1f}s")
    return BuildReport(p.out, [c.name for c in p.todo], p.cached, how, lap.total())


#: The phases a build reports (``[build] phases {...}``, read by ``make bench``), in order.
PHASE_LABELS = bench_text.PHASE_LABELS


def _log_phases(phases: dict, total: float) -> None:
    """One line for people and one for ``make bench``: where this build's time went."""
    shown = " · ".join(f"{k[:-2].replace('_', ' ')} {v:.1f}s" for k, v in phases.items() if v >= 0.05)
    log(f"[build] time: {shown}")
    log("[build] phases " + json.dumps({**phases, "total_s": round(total, 3)}, sort_keys=True))


def prepare_vendor(stage: str) -> float:
    """Fill the vendor cache (Vega bundle, Jupyter Book's Sphinx config): seconds of work
    that depend only on installed versions and _config.yml, run beside the chapters."""
    from ..figures.charts import write_vega_bundle

    t0 = time.perf_counter()
    stage_path = Path(stage)
    stage_path.mkdir(parents=True, exist_ok=True)
    _write_if_changed(stage_path / "_config.yml", config.BOOK_CONFIG.read_bytes())
    write_vega_bundle(stage_path / "_static", config.WORK_DIR / "vendor")
    _jupyter_book_config(stage_path)
    return time.perf_counter() - t0


def _execute_all(todo: list[Chapter], injected: dict, executed: dict[str, Path], jobs: int | None,
                 stage: Path | None = None, server: "warm.Client | None" = None) -> dict:
    """Execute ``todo`` in parallel, longest first; the vendor cache is filled beside them.
    With a warm ``server`` (:mod:`colossus.book.warm`) its pool and kernels do the work; else a
    pool of this build's own. Returns CPU-side timings: ``{"chapters_s": sum of chapter
    times, "kernels_s": sum of kernel starts, "vendor_s": vendor files}`` (the wall time
    is measured by the caller)."""
    timing = {"chapters_s": 0.0, "kernels_s": 0.0, "vendor_s": 0.0}
    if not todo and stage is None:
        return timing
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) + (stage is not None)))
    todo = sorted(todo, key=lambda ch: ch.source.stat().st_size, reverse=True)
    for ch in todo:
        log(f"[execute] {ch.name}: started")
    errors = []
    if server is not None:
        pool_cm = cf.ThreadPoolExecutor(max_workers=len(todo) + 1)
        run_chapter, run_vendor = server.execute_chapter, server.prepare_vendor
    else:
        pool_cm = cf.ProcessPoolExecutor(max_workers=jobs, initializer=warm_worker)
        run_chapter, run_vendor = execute_chapter, prepare_vendor
    with pool_cm as pool:
        futures = {pool.submit(run_chapter, str(ch.source), ch.name,
                               injected if ch.parameterized else {}, str(executed[ch.name])): ch
                   for ch in todo[:1]}
        if stage is not None:
            futures[pool.submit(run_vendor, str(stage))] = None
        futures.update({pool.submit(run_chapter, str(ch.source), ch.name,
                                    injected if ch.parameterized else {}, str(executed[ch.name])): ch
                        for ch in todo[1:]})
        for fut in cf.as_completed(futures):
            ch = futures[fut]
            try:
                if ch is None:
                    secs = fut.result()
                    timing["vendor_s"] += secs
                    log(f"[prepare] vendor files in {secs:.1f}s")
                    continue
                secs, kernel = fut.result()
                timing["chapters_s"] += secs
                timing["kernels_s"] += kernel
                log(f"[execute] {ch.name}: done in {secs:.1f}s")
            except BuildError as exc:
                errors.append(str(exc))
                log(f"[execute] {ch.name}: FAILED")
            except warm.Unavailable as exc:
                errors.append(None)
                log(f"[execute] {ch.name if ch else 'vendor files'}: {exc}")
    if None in errors:   # the warm server died under us: run everything here instead
        return _execute_all(todo, injected, executed, jobs, stage, None)
    if errors:
        raise BuildError("\n".join(errors))
    return timing


# --------------------------------------------------------------------------- CLI

def add_parameter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default="base",
                        help="scenario in data/scenarios/ (default: base)")
    parser.add_argument("--params", metavar="FILE", default=None,
                        help="your own YAML parameter file, layered on the scenario")
    parser.add_argument("--set", metavar="KEY=VALUE", action="append", default=[],
                        help="override one parameter, e.g. lease.monthly_rent_usd=1.0e9 (repeatable)")


def resolve_from_args(args: argparse.Namespace) -> Resolved:
    return resolve(args.scenario, args.params, args.set)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/build.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_parameter_arguments(parser)
    parser.add_argument("--out", default=str(config.DEFAULT_OUT), help="output folder (default: _build/html)")
    parser.add_argument("--jobs", type=int, default=None, help="chapters executed in parallel (default: cores)")
    args = parser.parse_args(argv)
    try:
        resolved = resolve_from_args(args)
    except (ParameterError, DataError) as exc:
        log(f"error: {exc}\nNothing was built; {args.out} is unchanged.")
        return 2
    try:
        warn_outside(resolved)   # reads the facts (the dates of the market inputs): inside the try
        build(resolved, Path(args.out), args.jobs)
    except (ParameterError, DataError) as exc:
        log(f"error: {exc}\nNothing was built; {args.out} is unchanged.")
        return 2
    except BuildError as exc:
        log(f"error: the build failed; {args.out} is unchanged.\n{exc}")
        return 1
    return 0
