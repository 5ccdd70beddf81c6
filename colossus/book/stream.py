"""Sphinx started while the chapters execute (the build's side of
:mod:`colossus.book.sphinx_stream`).

A build used to execute every chapter and only then start Sphinx, which started up,
read every page and wrote every page one after the other. Starting up and reading need
only the pages that are ready, so a :class:`StreamedSphinx` starts Sphinx as soon as the
sources can be staged (at once, or once a cold build's vendor files are there): the
chapters still executing are staged as placeholders, and each is put in place and
announced on a FIFO the moment it is done. Sphinx reads it then. What is left after the
last chapter is reading that chapter and writing the pages.

Failure stays a build failure with its own message: a failed chapter or a failed check
sends ``abort`` (Sphinx stops before it writes anything, and its error is not reported),
and if the build dies the FIFO closes, which stops Sphinx the same way. Only the build
holds the FIFO's write end; the processes that execute the chapters are started before
it is opened, so none of them keeps Sphinx waiting after the build is gone.
"""
from __future__ import annotations

import concurrent.futures as cf
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import warm
from .keys import Chapter, log
from .sphinx_stream import ABORT, ENV_FIFO, ENV_PENDING
from .stage import docname, run_sphinx, set_aside, stage_chapter, stage_sources

if TYPE_CHECKING:
    from .build import Plan

FIFO_NAME = "sphinx-stream.fifo"
ENV_SWITCH = "COLOSSUS_STREAM"


def enabled() -> bool:
    """Whether Sphinx starts beside the chapters (``COLOSSUS_STREAM``, on unless ``0``).

    >>> import os
    >>> old = os.environ.pop("COLOSSUS_STREAM", None)
    >>> enabled()
    True
    >>> os.environ["COLOSSUS_STREAM"] = "0"; enabled()
    False
    >>> _ = os.environ.pop("COLOSSUS_STREAM") if old is None else os.environ.__setitem__("COLOSSUS_STREAM", old)
    """
    return os.environ.get(ENV_SWITCH, "1").strip() != "0"


class StreamedSphinx:
    """One Sphinx run of plan ``p`` that reads the chapters of ``pending`` as they finish.

    ``start()`` stages the sources and starts Sphinx (in a thread here, the work itself in
    the warm ``server``'s fork or a process of its own); ``chapter_done(ch)`` stages one
    executed chapter and announces it; ``finish()`` waits for Sphinx and returns its
    phases; ``abort()`` stops it. Raises :class:`colossus.book.warm.Unavailable` from
    ``finish()`` when the server stopped answering (the build then runs Sphinx again,
    unstreamed)."""

    def __init__(self, p: "Plan", server: "warm.Client | None", pending: list[Chapter]):
        self.p, self.server = p, server
        self.pending = {ch.name: ch for ch in pending}
        self.done: set[str] = set()
        self.aborted = False
        self.fd: int | None = None
        self.pool: cf.ThreadPoolExecutor | None = None
        self.future: cf.Future | None = None
        #: Called first by ``start()``: what the staged sources wait for (the build's checks).
        self.prepare = lambda: None

    @property
    def started(self) -> bool:
        return self.future is not None

    @property
    def live(self) -> bool:
        """Started and not stopped: the build waits for this run instead of starting one."""
        return self.started and not self.aborted

    def start(self) -> None:
        """Stage the sources (a placeholder for each chapter not done yet) and start Sphinx."""
        self.prepare()
        p = self.p
        src = p.stage / "src"
        waiting = {name: ch for name, ch in self.pending.items() if name not in self.done}
        stage_sources(src, p.resolved, p.executed, p.chs, p.switcher, pending=frozenset(waiting))
        set_aside([p.stage / "html", p.stage / "doctrees", p.stage / "data-files"], p.stage)
        fifo = p.stage / FIFO_NAME
        try:
            fifo.unlink(missing_ok=True)
            os.mkfifo(fifo, 0o600)
            # read and write: opening never blocks, and the FIFO lives until the build closes it
            self.fd = os.open(fifo, os.O_RDWR)
        except OSError as exc:   # a file system without FIFOs: Sphinx runs after the chapters
            log(f"[build] Sphinx cannot start beside the chapters ({exc}); it runs after them")
            self.aborted = True
            self.future = cf.Future()
            return
        env = {ENV_FIFO: str(fifo), ENV_PENDING: json.dumps(sorted(docname(ch) for ch in waiting.values()))}
        self.pool = cf.ThreadPoolExecutor(max_workers=1)
        self.future = self.pool.submit(run_sphinx, src, p.stage / "html", p.stage / "doctrees", self.server,
                                       extra_env=env, fallback=False)

    def chapter_done(self, ch: Chapter) -> None:
        """Chapter ``ch`` is executed: once Sphinx runs, stage it and tell Sphinx (once; a
        chapter done before ``start()`` is staged by it, and one this run does not wait
        for is ignored)."""
        if ch.name not in self.pending or ch.name in self.done:
            return
        self.done.add(ch.name)
        if self.live:
            stage_chapter(self.p.stage / "src", ch, self.p.executed)
            self._say(docname(ch))

    def _say(self, line: str) -> None:
        try:
            os.write(self.fd, (line + "\n").encode())
        except OSError:
            pass   # Sphinx is gone; finish() reports why

    def finish(self) -> dict:
        """Wait for Sphinx; its phases (see :func:`colossus.book.stage.run_sphinx`)."""
        try:
            return self.future.result()
        finally:
            self._close()

    def abort(self) -> None:
        """Stop Sphinx (it writes nothing) and wait for it; its own error is not reported."""
        if not self.live:
            return
        self.aborted = True
        self._say(ABORT)
        try:
            self.future.result()
        except Exception:  # noqa: BLE001 - the build reports why it stopped, not Sphinx
            pass
        finally:
            self._close()

    def _close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            Path(self.p.stage / FIFO_NAME).unlink(missing_ok=True)
        if self.pool is not None:
            self.pool.shutdown(wait=True)
