"""The warm server (colossus/book/warm.py): builds through it are the same bytes as builds
without it, a rebuild reuses its kernels, and it stops when asked."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from colossus.book import warm

from ..conftest import ROOT, run_build, tree_digest

ON = {"COLOSSUS_WARM": "1"}


def _warm_call(work, *request):
    """Ask the server of work folder ``work`` (from a subprocess, so that this process's
    configuration is not touched)."""
    code = ("import json, sys; from colossus.book import warm; "
            "c = warm.Client(warm.server_key(), warm.address()); "
            "print(json.dumps(c.call(*json.loads(sys.argv[1]))))")
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(request)], capture_output=True, text=True,
                          env={**os.environ, "COLOSSUS_WORK_DIR": str(work)}, cwd=str(ROOT))
    return proc


@pytest.fixture(scope="module")
def warm_builds(book, tmp_path_factory):
    """A cold build with another parameter set (it starts the server), then the shared
    book's exact arguments again, through that server's warm kernels and Sphinx."""
    tmp = tmp_path_factory.mktemp("warm")
    work = tmp / "work"
    other = [a.replace(str(book.out), str(tmp / "first")) for a in book.args] + [
        "--set", "lease.monthly_notice_probability=0.051"]
    first = run_build(other, work, extra_env=ON)
    args = [a.replace(str(book.out), str(tmp / "html")) for a in book.args]
    second = run_build(args, work, extra_env=ON)
    info = _warm_call(work, "info")
    yield {"first": first, "second": second, "out": tmp / "html", "work": work, "info": info}
    _warm_call(work, "stop")


def test_first_build_starts_the_server(warm_builds):
    first = warm_builds["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    assert "warm server started" in first.stderr


def test_rebuild_uses_the_warm_kernels(warm_builds):
    second = warm_builds["second"]
    assert second.returncode == 0, second.stderr[-3000:]
    assert "warm server started" not in second.stderr
    phases = json.loads(second.stderr.split("[build] phases ", 1)[1].splitlines()[0])
    assert phases["kernels_s"] == 0.0        # no kernel started: the server's were warm
    assert phases["chapters_s"] > 0           # and the chapters did run again


def test_warm_build_is_the_same_bytes_as_a_cold_one(book, warm_builds):
    assert warm_builds["second"].returncode == 0
    assert tree_digest(warm_builds["out"]) == tree_digest(book.out)


def test_stop_shuts_the_server(warm_builds):
    info = warm_builds["info"]
    assert info.returncode == 0, info.stderr
    pid = json.loads(info.stdout)["pid"]
    stopped = _warm_call(warm_builds["work"], "stop")
    assert stopped.returncode == 0 and json.loads(stopped.stdout) is True
    again = _warm_call(warm_builds["work"], "ping")
    assert again.returncode != 0 and "Unavailable" in again.stderr
    assert not os.path.exists(warm.address(json.loads(info.stdout)["key"]))
    del pid


def test_switched_off_by_environment(monkeypatch):
    monkeypatch.setenv("COLOSSUS_WARM", "0")
    assert warm.connect() is None


def test_local_sphinx_runs_sphinx_in_a_fork_of_a_preloaded_process(tmp_path):
    """A build without a server (a site) forks its Sphinx runs from a process of its own
    that has the extensions loaded: a small project builds, its output goes to the log,
    and Sphinx's exit status comes back (2 for a project with no conf.py)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("project = 'x'\n")
    (src / "index.rst").write_text("Title\n=====\n\nText.\n")
    local = warm.LocalSphinx().start()
    log = tmp_path / "sphinx.log"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
    assert local.sphinx(["-b", "html", "-q", str(src), str(tmp_path / "html")], env, str(log)) == 0
    assert "Text." in (tmp_path / "html" / "index.html").read_text()
    (src / "conf.py").unlink()
    assert local.sphinx(["-b", "html", str(src), str(tmp_path / "html2")], env, str(log)) == 2
    assert "conf.py" in log.read_text()
