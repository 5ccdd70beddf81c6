"""Staging the executed chapters for Jupyter Book and running Sphinx: the banner every
page carries, the Sphinx configuration generated from ``_config.yml``, the staged sources,
the static files and the Sphinx run (in the warm server's fork when there is one).
"""
from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import time
from typing import TYPE_CHECKING
from pathlib import Path

from ..inputs import config
from . import warm
from ..inputs.loading import Resolved
from .keys import BuildError, Chapter, _sha, _write_if_changed, log

if TYPE_CHECKING:
    from .build import Switcher



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
    stale = stale_inputs(resolved)
    if stale:
        flag += (' &middot; <strong class="colossus-stale" title="' + html.escape("; ".join(stale)) + '">'
                 f'market inputs older than {config.STALE_AFTER_DAYS} days</strong>')
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


_STALE: dict[tuple[str, str], list[str]] = {}


def stale_inputs(resolved: Resolved) -> list[str]:
    """Dated market inputs more than :data:`config.STALE_AFTER_DAYS` days older than the
    book's date (the commit's):
    found once per parameter set and date in this process, or as remembered from the warm
    server's check (:func:`remember_stale`), so that a build need not load the model for it."""
    key = (resolved.fingerprint, config.source_date())
    if key not in _STALE:
        from ..model.valuation import stale_market_inputs

        _STALE[key] = stale_market_inputs(resolved.parameters, config.source_date())
    return list(_STALE[key])


def remember_stale(resolved: Resolved, stale: list[str]) -> None:
    """Keep ``stale`` (found by :func:`stale_inputs` in another process) for ``resolved``."""
    _STALE[(resolved.fingerprint, config.source_date())] = list(stale)




def warnings(resolved: Resolved) -> list[str]:
    """A warning for each parameter outside the range the scenarios explore, and for each
    dated market input older than the book's date by more than
    :data:`config.STALE_AFTER_DAYS` days."""
    lines = [f"warning: {item}: outside the range the bull and bear scenarios explore; "
             "the build goes on and its banner says so" for item in resolved.outside]
    days = config.STALE_AFTER_DAYS
    lines += [f"warning: {item} before the book's date {config.source_date()}: market inputs older than {days} "
              "days; the build goes on and its banner says so" for item in stale_inputs(resolved)]
    return lines


def warn_outside(resolved: Resolved) -> None:
    """Print :func:`warnings`."""
    for line in warnings(resolved):
        log(line)


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
    conf["extensions"] = ["colossus.book.sphinx_speed", "colossus.book.sphinx_stream"] + [
        e for e in conf["extensions"] if e not in ("sphinx_thebe", "sphinx_comments")]
    conf.pop("thebe_config", None)
    conf["nb_execution_mode"] = "off"
    conf["html_static_path"] = ["_static"]
    from ..figures.bundle import BUNDLE_NAME
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


def staged_name(ch: Chapter) -> str:
    """Where chapter ``ch`` goes in the Sphinx source folder (an executed chapter as a
    notebook).

    >>> from pathlib import Path
    >>> staged_name(Chapter("lease", config.ROOT / "chapters" / "lease.md", True, True))
    'chapters/lease.ipynb'
    >>> staged_name(Chapter("bibliography", config.ROOT / "chapters" / "bibliography.md", False, False))
    'chapters/bibliography.md'
    """
    rel = ch.source.relative_to(config.ROOT)
    return (rel.with_suffix(".ipynb") if ch.executable else rel).as_posix()


def docname(ch: Chapter) -> str:
    """Sphinx's name for chapter ``ch``'s page.

    >>> docname(Chapter("lease", config.ROOT / "chapters" / "lease.md", True, True))
    'chapters/lease'
    """
    return ch.source.relative_to(config.ROOT).with_suffix("").as_posix()


def stage_sources(stage: Path, resolved: Resolved, executed: dict[str, Path], chs: list[Chapter],
                  switcher: "Switcher | None" = None, pending: frozenset[str] = frozenset()) -> None:
    """Fill the Sphinx source folder: executed notebooks, plain pages, config, static.

    ``pending``: names of chapters still executing; each gets a placeholder file (Sphinx
    finds its pages by their files) until :func:`stage_chapter` puts the notebook there."""
    from ..figures.bundle import write_vega_bundle

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
        if ch.name in pending:
            placeholder = stage / staged_name(ch)
            if not placeholder.exists():
                put(staged_name(ch), b"")
            wanted.add(placeholder)
        else:
            put(staged_name(ch), (executed[ch.name] if ch.executable else ch.source).read_bytes())
    put("conf.py", sphinx_conf(stage, resolved, switcher).encode())
    for f in list(stage.rglob("*")):  # drop pages that are no longer in the book
        if f.is_file() and f not in wanted:
            f.unlink()


def set_aside(folders: list[Path], stage: Path) -> list[Path]:
    """Move ``folders`` (a last run's output) out of the way, at once, to ``stage/.old-*``;
    returns where they went, for :func:`remove` to delete later (deleting some thousands
    of files took a third of a second before Sphinx could start).

    >>> import tempfile
    >>> stage = Path(tempfile.mkdtemp())
    >>> (stage / "html").mkdir(); (stage / "html" / "index.html").write_text("old")
    3
    >>> [p.name.startswith(".old-html-") for p in set_aside([stage / "html", stage / "doctrees"], stage)]
    [True]
    >>> (stage / "html").exists(), len(list(stage.glob(".old-*")))
    (False, 1)
    >>> remove(stage); list(stage.iterdir())
    []
    """
    moved = []
    for folder in folders:
        if folder.exists():
            dest = stage / f".old-{folder.name}-{os.getpid()}-{time.monotonic_ns()}"
            os.replace(folder, dest)
            moved.append(dest)
    return moved


def remove(stage: Path) -> None:
    """Delete what :func:`set_aside` moved out of the way in ``stage``."""
    for old in stage.glob(".old-*"):
        shutil.rmtree(old, ignore_errors=True)


def stage_chapter(stage: Path, ch: Chapter, executed: dict[str, Path]) -> None:
    """Put executed chapter ``ch`` in the Sphinx source folder ``stage`` (whole: written
    beside and renamed)."""
    dest = stage / staged_name(ch)
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.copyfile(executed[ch.name], tmp)
    os.replace(tmp, dest)


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


def run_sphinx(stage: Path, html_dir: Path, doctrees: Path, server: "warm.Client | None" = None,
               extra_env: dict | None = None, fallback: bool = True) -> dict:
    """Run Sphinx on the staged sources. Every date Sphinx writes (the footer's "Last
    updated") is the commit's: ``SOURCE_DATE_EPOCH`` (which Sphinx honours) is set from
    :func:`config.source_epoch`, so one commit builds to the same bytes on any day.
    Returns Sphinx's phases in seconds (see :mod:`colossus.book.sphinx_speed`).

    ``extra_env`` is added to Sphinx's environment (a streamed run's FIFO,
    :mod:`colossus.book.stream`). When the warm ``server`` stops answering, Sphinx runs
    here instead, unless ``fallback`` is false: then :class:`colossus.book.warm.Unavailable`
    is raised."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
           "-d", str(doctrees), "-j", "1", str(stage), str(html_dir)]
    from .sphinx_speed import PHASES_FILE

    env = dict(os.environ)
    epoch = config.source_epoch()
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    env["COLOSSUS_SPHINX_T0"] = repr(time.time())
    env.update(extra_env or {})
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
            if not fallback:
                raise
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
        waited = m.get("waited", 0.0)
        return {"sphinx_start_s": round(start, 3), "sphinx_read_s": round(read_end - start - waited, 3),
                **({"sphinx_wait_s": round(waited, 3)} if waited else {}),
                "sphinx_write_s": round(m["write_end"] - read_end, 3),
                "sphinx_fix_s": round(m["end"] - m["write_end"], 3)}
    except (OSError, ValueError, KeyError):
        return {}


# --------------------------------------------------------------------------- publishing

