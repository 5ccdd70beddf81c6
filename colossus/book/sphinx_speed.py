"""A Sphinx extension that makes the book's Sphinx run cheaper without changing a byte
of its output.

sphinxcontrib-bibtex resolves every citation (about 160 in this book) through pybtex's
plugin lookup, and each lookup scans every installed package's entry points
(``importlib.metadata.entry_points``): measured with cProfile, 2.7 s of a 5.8 s Sphinx
build. The installed entry points cannot change while one Sphinx process runs, so this
extension memoises pybtex's lookup per ``(group, name)``. Plugins registered at run time
(``pybtex.plugin.register_plugin``) are still looked up first, as before, because only the
entry-point scan is cached.

It also times Sphinx's own phases (start-up, reading, writing, the finishing hooks) and
writes them to ``colossus-phases.json`` in the doctree folder, which the build reports
(:func:`colossus.book.build.build`) and ``make bench`` shows in the Methodology appendix.

Loaded by the generated ``conf.py`` (see :func:`colossus.book.stage.sphinx_conf`), first among
the extensions.
"""
from __future__ import annotations

import functools


def cache_entry_points() -> bool:
    """Memoise pybtex's entry-point scan; returns True if it was patched now.

    >>> import pybtex.plugin
    >>> cache_entry_points() in (True, False)
    True
    >>> first = pybtex.plugin.entry_points(group="pybtex.backends", name="plaintext")
    >>> first == pybtex.plugin.entry_points(group="pybtex.backends", name="plaintext")
    True
    >>> cache_entry_points()   # idempotent
    False
    """
    import pybtex.plugin as plugin

    if getattr(plugin.entry_points, "_colossus_cached", False):
        return False
    original = plugin.entry_points

    @functools.lru_cache(maxsize=None)
    def _scan(group: str, name: str | None) -> tuple:
        return tuple(original(group=group, name=name) if name is not None else original(group=group))

    def entry_points(*, group: str, name: str | None = None):
        return _scan(group, name)

    entry_points._colossus_cached = True
    plugin.entry_points = entry_points
    return True


PHASES_FILE = "colossus-phases.json"


def setup(app):
    import json
    import os
    import time
    from pathlib import Path

    cache_entry_points()
    # seconds since the Sphinx process started (the build passes its start time)
    t0 = float(os.environ.get("COLOSSUS_SPHINX_T0") or time.time())
    marks: dict[str, float] = {"setup": time.time() - t0}

    def mark(name):
        def _hook(*_args):
            marks.setdefault(name, time.time() - t0)
        return _hook

    app.connect("builder-inited", mark("inited"))
    app.connect("env-before-read-docs", mark("read_start"))
    app.connect("env-updated", mark("read_end"))
    app.connect("build-finished", mark("write_end"), priority=100)

    def _save(app_, exception):
        marks["end"] = time.time() - t0
        # a streamed run's wait for the chapters (colossus.book.sphinx_stream)
        marks["waited"] = getattr(app_, "colossus_stream_waited", 0.0)
        if exception is None:
            Path(app_.doctreedir, PHASES_FILE).write_text(json.dumps(marks))

    app.connect("build-finished", _save, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
