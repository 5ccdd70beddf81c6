"""A Sphinx extension that makes the book's Sphinx run cheaper without changing a byte
of its output.

sphinxcontrib-bibtex resolves every citation (about 160 in this book) through pybtex's
plugin lookup, and each lookup scans every installed package's entry points
(``importlib.metadata.entry_points``): measured with cProfile, 2.7 s of a 5.8 s Sphinx
build. The installed entry points cannot change while one Sphinx process runs, so this
extension memoises pybtex's lookup per ``(group, name)``. Plugins registered at run time
(``pybtex.plugin.register_plugin``) are still looked up first, as before, because only the
entry-point scan is cached.

It also memoises pybtex's formatting of an entry (:func:`cache_formatted_entries`): each
entry was formatted twice a run, and again by every run; the warm server's Sphinx fork
server formats the book's sources once, before any run (:func:`preformat`).

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


def _style_key(style) -> tuple:
    """What a pybtex formatting style's output depends on besides the entry and its label."""
    return (type(style).__module__, type(style).__qualname__, getattr(style, "abbreviate_names", None),
            getattr(style, "min_crossrefs", None),
            *(f"{type(part).__module__}.{type(part).__qualname__}"
              for part in (getattr(style, "label_style", None), getattr(style, "name_style", None),
                           getattr(style, "sorting_style", None))))


def _entry_key(entry) -> tuple:
    """An entry's content: its key, type, fields and every part of every person's name."""
    persons = tuple((role, tuple((tuple(p.first_names), tuple(p.middle_names), tuple(p.prelast_names),
                                  tuple(p.last_names), tuple(p.lineage_names)) for p in people))
                    for role, people in sorted(entry.persons.items()))
    return (entry.key, entry.type, tuple(sorted((k, str(v)) for k, v in entry.fields.items())), persons)


def cache_formatted_entries() -> bool:
    """Memoise pybtex's ``format_entry`` by style, label and the entry's content; returns
    True if patched now.

    sphinxcontrib-bibtex formats every entry twice (once for the reference list, once for
    its tooltip, with the same style), and every Sphinx run formats the same sources
    again. An entry formatted with the same style and label is the same text, so the
    second time is looked up; :func:`preformat` fills the memo in the warm server's Sphinx
    fork server, so that each forked run finds it filled. An entry whose formatting fails
    (a missing field) is not memoised, and a call with ``bib_data`` (cross-references) is
    not memoised either.

    >>> from pybtex.database import Entry, Person
    >>> from pybtex.plugin import find_plugin
    >>> cache_formatted_entries() in (True, False)
    True
    >>> style = find_plugin("pybtex.style.formatting", "alpha")()
    >>> e = Entry("misc", fields={"title": "A title", "year": "2026"}, persons={"author": [Person("Doe, Jane")]})
    >>> e.key = "doe2026"
    >>> first = style.format_entry("Doe26", e)
    >>> style.format_entry("Doe26", e) is first, style.format_entry("Doe27", e) is first
    (True, False)
    """
    from pybtex.style.formatting import BaseStyle

    original = BaseStyle.format_entry
    if getattr(original, "_colossus_cached", False):
        return False
    memo: dict[tuple, object] = {}

    @functools.wraps(original)
    def format_entry(self, label, entry, bib_data=None):
        if bib_data is not None:
            return original(self, label, entry, bib_data=bib_data)
        key = (_style_key(self), label, _entry_key(entry))
        found = memo.get(key)
        if found is None:
            found = memo[key] = original(self, label, entry)
        return found

    format_entry._colossus_cached = True
    format_entry._colossus_memo = memo
    BaseStyle.format_entry = format_entry
    return True


def preformat(bibfiles: list, style_name: str = "alpha", encoding: str = "utf-8-sig") -> int:
    """Format every entry of ``bibfiles`` as a bibliography with ``:all:`` does (sorted and
    labelled by the style), filling the memo of :func:`cache_formatted_entries`; the number
    of entries formatted (0 when the files cannot be read: the run formats them itself)."""
    from pybtex.database.input.bibtex import Parser
    from pybtex.plugin import find_plugin

    cache_formatted_entries()
    try:
        parser = Parser(encoding)
        for path in bibfiles:
            parser.parse_file(str(path))
        entries = list(parser.data.entries.values())
        style = find_plugin("pybtex.style.formatting", style_name)()
        ordered = list(style.sort(entries))
        for label, entry in zip(style.format_labels(ordered), ordered):
            style.format_entry(label, entry)
        return len(ordered)
    except Exception:  # noqa: BLE001 - only a head start; the run formats what it needs
        return 0


PHASES_FILE = "colossus-phases.json"


def setup(app):
    import json
    import os
    import time
    from pathlib import Path

    cache_entry_points()
    cache_formatted_entries()
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
