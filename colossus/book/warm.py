"""A warm build server: kernels and Sphinx kept loaded between builds of one work folder.

Rebuilding with new assumptions is what readers do most, and most of a rebuild's time
went to starting things, not to the book: each build started a Python kernel per worker
and imported pandas, Altair and the package into it (about 1.5 s of wall time on two
cores), then started Sphinx in a new process and imported Sphinx, MyST-NB, the theme and
sphinxcontrib-bibtex (about 1 s). None of that depends on the parameters.

So the first build of a work folder starts a small server beside itself (``python -m
colossus.book.warm serve``, in its own session, its output in a log file) and every later
build of that folder talks to it:

* **chapters** are executed by the server's process pool, whose workers keep their warm
  kernels (:func:`colossus.book.execute.execute_chapter`; the user namespace is cleared before
  every chapter and execution counts renumbered, as within one build, so an executed
  chapter is the same bytes whichever kernel ran it);
* **Sphinx** runs in a process forked from a fork server that has already imported the
  Sphinx extensions the book uses (:data:`SPHINX_PRELOAD`); every run is a new process
  with the build's environment, so no Sphinx state carries over from one build to the
  next;
* the **vendor files** of a cold build are prepared in the same pool.

The server is keyed by the package code, the data, the pinned dependencies, the Python
executable and the work folder (:func:`server_key`): a change to any of them makes the
next build start a new server, and an old one is never asked to run new code. It stops
by itself when it has been idle for ``COLOSSUS_WARM_IDLE`` seconds (default 900) or when
its work folder is deleted; ``python -m colossus.book.warm stop`` stops the one of the current
work folder. ``COLOSSUS_WARM=0`` turns it off: everything then runs in the build's own
processes, as before. Any trouble reaching the server (it failed to start, it died) is
logged and the build goes on without it.

The wait for a new server is on a signal, never on a clock: the build reads one line
("ready") from the server's standard output, written once it listens.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..inputs import config

ENV_SWITCH = "COLOSSUS_WARM"
ENV_IDLE = "COLOSSUS_WARM_IDLE"
DEFAULT_IDLE_S = 900.0

#: Imported once by the Sphinx fork server: the extensions, with Pygments' lexers built.
SPHINX_PRELOAD = ["colossus.book.sphinx_preload"]


class Unavailable(RuntimeError):
    """The warm server could not be started or reached; the build runs without it."""


def enabled() -> bool:
    """Whether builds use the warm server (``COLOSSUS_WARM``, on unless ``0``).

    >>> import os
    >>> old = os.environ.pop("COLOSSUS_WARM", None)
    >>> enabled()
    True
    >>> os.environ["COLOSSUS_WARM"] = "0"; enabled()
    False
    >>> _ = os.environ.pop("COLOSSUS_WARM") if old is None else os.environ.__setitem__("COLOSSUS_WARM", old)
    """
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "no", "off", "false")


def server_key() -> str:
    """What a server must share with a build to serve it: the package code, the data, the
    pinned dependencies (all in :func:`colossus.book.keys.code_hash` and ``data_hash``), the
    Python executable and the work folder."""
    from .keys import _sha, code_hash, data_hash

    return _sha(code_hash(), data_hash(), sys.executable, str(config.WORK_DIR.resolve()))[:16]


def address(key: str | None = None) -> str:
    """The server's Unix socket, in a folder only this user can enter (short enough for
    the 107-byte limit of a socket path, whatever the work folder's path)."""
    folder = Path(tempfile.gettempdir()) / f"colossus-warm-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    return str(folder / f"{key or server_key()}.sock")


def _authkey(key: str) -> bytes:
    return hashlib.sha256(f"colossus-warm:{key}".encode()).digest()


# --------------------------------------------------------------------------- client

class Client:
    """Calls into a running server; one connection per call, so threads may share it."""

    def __init__(self, key: str, addr: str):
        self.key, self.address = key, addr

    def call(self, *request):
        """Send ``request`` and return the server's answer; a job's own exception (a
        :class:`colossus.book.keys.BuildError`) is raised here. :class:`Unavailable` when the
        server cannot be reached or drops the connection."""
        from multiprocessing.connection import Client as Conn

        try:
            with Conn(self.address, family="AF_UNIX", authkey=_authkey(self.key)) as conn:
                conn.send(request)
                status, value = conn.recv()
        except (OSError, EOFError) as exc:
            raise Unavailable(f"the warm server stopped answering: {type(exc).__name__}: {exc}") from None
        if status == "error":
            raise value
        return value

    def execute_chapter(self, source: str, name: str, injected: dict, dest: str) -> tuple[float, float]:
        from .keys import FAIL_CHAPTER_ENV

        return self.call("execute", source, name, injected, dest, os.environ.get(FAIL_CHAPTER_ENV))

    def prepare_vendor(self, stage: str) -> float:
        return self.call("vendor", stage)

    def sphinx(self, argv: list[str], env: dict, log_path: str) -> int:
        return self.call("sphinx", argv, env, log_path)

    def check(self, resolved) -> dict:
        """:func:`colossus.book.build.check` in the server's process (with this build's
        ``SOURCE_DATE_EPOCH``: the date the warnings count from)."""
        return self.call("check", os.environ.get("SOURCE_DATE_EPOCH"), resolved)

    def data_files(self, site: str, resolved) -> None:
        """:func:`colossus.book.build.write_data_files` in the server's process (with this
        build's ``SOURCE_DATE_EPOCH``: the date the files state)."""
        return self.call("data_files", os.environ.get("SOURCE_DATE_EPOCH"), site, resolved)


def connect(log=print, start: bool = True) -> Client | None:
    """The warm server of this work folder, started now if none runs (``start=False``: only
    one already running); ``None`` when the server is switched off or cannot be started
    (the build then runs without it)."""
    if not enabled():
        return None
    key = server_key()
    addr = address(key)
    client = Client(key, addr)
    try:
        if client.call("ping") == key:
            return client
    except Unavailable:
        pass
    if not start:
        return None
    try:
        _start(key, addr)
        if client.call("ping") == key:
            log("[build] warm server started: later builds of this folder reuse its kernels and Sphinx")
            return client
    except (Unavailable, OSError) as exc:
        log(f"[build] warm server unavailable ({exc}); building without it")
    return None


def _start(key: str, addr: str) -> None:
    """Start a server in its own session and wait for its "ready" line (a signal: the line
    is written once the socket listens; end of file means it failed to start)."""
    config.WORK_DIR.mkdir(parents=True, exist_ok=True)
    log_path = config.WORK_DIR / "warm-server.log"
    with open(log_path, "ab") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "colossus.book.warm", "serve", addr, key],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log_file,
                                cwd=str(config.ROOT), start_new_session=True, env=dict(os.environ))
    line = proc.stdout.readline().decode().strip()
    proc.stdout.close()
    if line != "ready":
        tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
        raise Unavailable("it did not start" + (": " + " | ".join(tail) if tail else ""))


def stop() -> bool:
    """Stop the server of this work folder, if one runs; True if one was stopped."""
    try:
        Client(server_key(), address()).call("stop")
        return True
    except Unavailable:
        return False


class LocalSphinx:
    """Sphinx runs forked from a process of this build's own that has already imported the
    extensions (:data:`SPHINX_PRELOAD`), for a build with no warm server that runs Sphinx
    more than once: a site runs it once per scenario, and each run would import them all
    again (about a second each). ``start()`` loads them in the background, beside the
    chapters; :meth:`sphinx` has the signature of :meth:`Client.sphinx`, so that
    :func:`colossus.book.stage.run_sphinx` takes either."""

    def __init__(self):
        import multiprocessing as mp

        self.ctx = mp.get_context("forkserver")
        self.ctx.set_forkserver_preload(SPHINX_PRELOAD)
        self._loading = threading.Thread(target=self._load, daemon=True)

    def _load(self) -> None:
        p = self.ctx.Process(target=int)
        p.start()
        p.join()

    def start(self) -> "LocalSphinx":
        """Load the extensions in the background (in a thread here: call it after this
        process has forked any worker it needs)."""
        if not self._loading.is_alive() and self._loading.ident is None:
            self._loading.start()
        return self

    def sphinx(self, argv: list[str], env: dict, log_path: str) -> int:
        try:
            p = self.ctx.Process(target=_sphinx_child, args=(argv, env, log_path))
            p.start()
            p.join()
        except OSError as exc:
            raise Unavailable(f"Sphinx could not be forked: {exc}") from None
        return p.exitcode


# --------------------------------------------------------------------------- server

def _execute_job(source, name, injected, dest, fail):
    """Run in a pool worker: the build's test switch, then the chapter."""
    from .execute import execute_chapter
    from .keys import FAIL_CHAPTER_ENV

    if fail:
        os.environ[FAIL_CHAPTER_ENV] = fail
    else:
        os.environ.pop(FAIL_CHAPTER_ENV, None)
    return execute_chapter(source, name, injected, dest)


def _vendor_job(stage):
    from .build import prepare_vendor

    return prepare_vendor(stage)


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _sphinx_child(argv: list[str], env: dict, log_path: str) -> None:
    """Forked from the Sphinx fork server: one Sphinx run with the build's environment,
    its output in ``log_path``; the process exits with Sphinx's status."""
    os.environ.clear()
    os.environ.update(env)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    from sphinx.cmd.build import build_main

    code = build_main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class Server:
    def __init__(self, addr: str, key: str, idle_s: float):
        import concurrent.futures as cf
        import multiprocessing as mp

        from .execute import warm_worker

        self.addr, self.key, self.idle_s = addr, key, idle_s
        self.last = time.monotonic()
        self.busy = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.env_lock = threading.Lock()
        # The pool forks its workers at the first submission: before any thread starts.
        self.pool = cf.ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                                           mp_context=mp.get_context("fork"), initializer=warm_worker)
        self.pool.submit(int).result()
        self.sphinx_ctx = mp.get_context("forkserver")
        self.sphinx_ctx.set_forkserver_preload(SPHINX_PRELOAD)

    @contextlib.contextmanager
    def build_date(self, epoch: str | None):
        """The build's ``SOURCE_DATE_EPOCH`` (or none) in this process while it works for
        that build (one build at a time: the build lock; the lock here keeps two requests
        of one build from mixing)."""
        with self.env_lock:
            saved = os.environ.get("SOURCE_DATE_EPOCH")
            _set_env("SOURCE_DATE_EPOCH", epoch)
            try:
                yield
            finally:
                _set_env("SOURCE_DATE_EPOCH", saved)

    def _warm_sphinx(self) -> None:
        p = self.sphinx_ctx.Process(target=int)
        p.start()
        p.join()

    def handle(self, request):
        kind, *args = request
        if kind == "ping":
            return self.key
        if kind == "info":
            return {"key": self.key, "pid": os.getpid(), "idle_s": self.idle_s}
        if kind == "stop":
            self._close()   # no new connection, kernels shut; the process exits once this is answered
            return True
        if kind == "execute":
            return self.pool.submit(_execute_job, *args).result()
        if kind == "vendor":
            return self.pool.submit(_vendor_job, *args).result()
        if kind == "check":   # here, not in the pool: this process keeps pandas and the model loaded
            from .build import check

            epoch, resolved = args
            with self.build_date(epoch):
                return check(resolved)
        if kind == "data_files":
            from .build import write_data_files

            epoch, site, resolved = args
            with self.build_date(epoch):
                return write_data_files(Path(site), resolved)
        if kind == "sphinx":
            argv, env, log_path = args
            p = self.sphinx_ctx.Process(target=_sphinx_child, args=(argv, env, log_path))
            p.start()
            p.join()
            return p.exitcode
        raise ValueError(f"unknown request {kind!r}")

    def _serve_one(self, conn) -> None:
        with self.lock:
            self.busy += 1
        try:
            with conn:
                request = conn.recv()
                try:
                    answer = ("ok", self.handle(request))
                except Exception as exc:  # the job's own error goes back to the build
                    answer = ("error", exc)
                conn.send(answer)
            if request and request[0] == "stop":
                os._exit(0)
        except (OSError, EOFError):
            pass
        finally:
            with self.lock:
                self.busy -= 1
                self.last = time.monotonic()

    def should_stop(self) -> str | None:
        """Why the server should stop now, or None: idle too long, a pool worker died (a new
        server starts afresh), or the work folder is gone."""
        with self.lock:
            if self.busy == 0 and time.monotonic() - self.last > self.idle_s:
                return "idle"
        if getattr(self.pool, "_broken", False):
            return "a worker died"
        if not config.WORK_DIR.exists():
            return "work folder deleted"
        return None

    def _watch(self) -> None:
        while not self.stopping.wait(2.0):
            if self.should_stop():
                self._close()
                os._exit(0)

    def _close(self) -> None:
        """Stop listening (the socket goes first, so no build connects after this) and shut
        the pool's workers, whose finalisers shut their kernels down."""
        self.stopping.set()
        try:
            os.unlink(self.addr)
        except OSError:
            pass
        try:
            self.listener.close()
        except (OSError, AttributeError):
            pass
        self.pool.shutdown(wait=True, cancel_futures=True)

    def serve(self) -> None:
        from multiprocessing.connection import Listener

        try:
            os.unlink(self.addr)
        except OSError:
            pass
        listener = self.listener = Listener(self.addr, family="AF_UNIX", authkey=_authkey(self.key))
        threading.Thread(target=self._warm_sphinx, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        while not self.stopping.is_set():
            try:
                conn = listener.accept()
            except (OSError, EOFError):
                if self.stopping.is_set():
                    break
                continue
            threading.Thread(target=self._serve_one, args=(conn,), daemon=True).start()
        threading.Event().wait()   # stopping: the thread that stops the server ends the process


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"] and len(argv) == 3:
        idle = float(os.environ.get(ENV_IDLE) or DEFAULT_IDLE_S)
        Server(argv[1], argv[2], idle).serve()
        return 0
    if argv == ["stop"]:
        print("stopped the warm server" if stop() else "no warm server runs for this work folder")
        return 0
    print("usage: python -m colossus.book.warm serve ADDRESS KEY | stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
