"""A Sphinx extension that reads each chapter as soon as it has been executed.

A build starts Sphinx while the chapters are still executing (:class:`colossus.book.stream.
StreamedSphinx`): Sphinx starts, loads its extensions and reads the pages that need no
execution while the kernels work, and then reads each executed chapter the moment the
build announces it. Only the writing is left once the last chapter is done.

How it waits is a signal, never a clock: the build names, in ``COLOSSUS_SPHINX_PENDING``,
the pages whose notebooks are not staged yet (their files are placeholders) and holds a
FIFO open (``COLOSSUS_SPHINX_STREAM``) on which it writes one page name, a line, once that
page's executed notebook is in place. A line ``abort``, or the end of the FIFO (the build
closed it, or died), stops Sphinx with an error before it writes anything.

What Sphinx writes does not depend on the order it reads pages in (a build that reads
them in reverse or shuffled order is byte for byte the same; ``tests/book/test_stream.py``
checks it), so reading them as they come keeps one commit's bytes. The reading itself
is what :meth:`sphinx.builders.Builder._read_serial` does for each page: the ``env-purge-doc``
event, :meth:`~sphinx.environment.BuildEnvironment.clear_doc`, then
:meth:`~sphinx.builders.Builder.read_doc`. The pages read are handed back to Sphinx at
``env-updated`` (as an extension may), so they are written as usual.

Without ``COLOSSUS_SPHINX_STREAM`` the extension does nothing.
"""
from __future__ import annotations

import json
import os
import time

ENV_FIFO = "COLOSSUS_SPHINX_STREAM"
ENV_PENDING = "COLOSSUS_SPHINX_PENDING"
#: The line that stops a streamed Sphinx run (a chapter failed, or the build stopped).
ABORT = "abort"


def read_order(docnames: list[str], pending: set[str], announced) -> "list[str]":
    """The pages in the order they can be read: those not pending first (in Sphinx's
    order), then each pending one as ``announced`` (an iterator of page names) names it.
    Raises RuntimeError when the announcements stop (or say :data:`ABORT`) with pages
    still pending; a name that is not pending is ignored.

    >>> list(read_order(["a", "b", "c"], {"b"}, iter(["b"])))
    ['a', 'c', 'b']
    >>> list(read_order(["a", "b"], {"a", "b"}, iter(["x", "b", "a"])))
    ['b', 'a']
    >>> list(read_order(["a"], set(), None))   # nothing pending: no announcement is read
    ['a']
    >>> list(read_order(["a", "b"], {"b"}, iter(["abort"])))
    Traceback (most recent call last):
    ...
    RuntimeError: the build stopped before every chapter was executed (still pending: b)
    """
    left = [d for d in docnames if d in pending]
    yield from (d for d in docnames if d not in pending)
    if not left:
        return
    for name in announced:
        if name == ABORT:
            break
        if name in left:
            left.remove(name)
            yield name
        if not left:
            return
    if left:
        raise RuntimeError("the build stopped before every chapter was executed (still pending: "
                           + ", ".join(left) + ")")


def _announcements(path: str, waited: list[float]):
    """Page names read from the FIFO at ``path``, one a line; the time spent blocked on it
    is added to ``waited[0]``."""
    with open(path, encoding="utf-8") as fifo:
        while True:
            t0 = time.perf_counter()
            line = fifo.readline()
            waited[0] += time.perf_counter() - t0
            if not line:
                return
            yield line.strip()


def setup(app):
    fifo = os.environ.get(ENV_FIFO)
    if not fifo:
        return {"parallel_read_safe": True, "parallel_write_safe": True}
    pending = set(json.loads(os.environ.get(ENV_PENDING) or "[]"))
    read: list[str] = []
    app.colossus_stream_waited = 0.0

    def read_as_they_come(app_, env, docnames):
        waited = [0.0]
        builder = app_.builder
        for docname in read_order(list(docnames), pending & set(docnames), _announcements(fifo, waited)):
            app_.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
            builder.read_doc(docname)
            read.append(docname)
        app_.colossus_stream_waited = waited[0]
        docnames[:] = []   # read here: Sphinx's own loop has nothing left to read

    def hand_back(app_, env):
        return list(read)

    # last among the handlers, so that the list of pages is final
    app.connect("env-before-read-docs", read_as_they_come, priority=900)
    app.connect("env-updated", hand_back)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
