"""colossus.book.stream and sphinx_stream: Sphinx reads each chapter as it is announced,
writes the same bytes whatever order the chapters come in, and stops, writing nothing,
when the build says ``abort`` or goes away."""
import concurrent.futures as cf
import json
import os
import shutil

import pytest

from colossus.book import sphinx_stream
from colossus.book.keys import BuildError, chapters
from colossus.book.stage import docname, run_sphinx, staged_name

from ..conftest import tree_digest

pytestmark = pytest.mark.book


def test_announcements_come_through_a_fifo_and_end_with_it(tmp_path):
    """The FIFO as the build holds it (read and write, so opening never blocks): lines
    arrive in order, the time blocked is counted, and closing the build's end is the end."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR)
    os.write(fd, b"chapters/lease\nintro\n")
    waited = [0.0]
    lines = sphinx_stream._announcements(str(fifo), waited)
    assert [next(lines), next(lines)] == ["chapters/lease", "intro"]
    os.close(fd)
    assert list(lines) == []
    assert waited[0] >= 0.0
    with pytest.raises(RuntimeError, match="still pending: intro"):
        list(sphinx_stream.read_order(["intro"], {"intro"}, iter([])))


def _streamed(src, out, pending, announce, tmp_path):
    """Sphinx on ``src`` with the ``pending`` pages as placeholders, announced (staged from
    ``announce``: ``[(docname, staged name, bytes)]`` in that order, or ``abort``) while it runs."""
    fifo = tmp_path / "stream.fifo"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR)
    env = {sphinx_stream.ENV_FIFO: str(fifo), sphinx_stream.ENV_PENDING: json.dumps(sorted(pending))}
    try:
        with cf.ThreadPoolExecutor(max_workers=1) as pool:
            job = pool.submit(run_sphinx, src, out / "html", out / "doctrees", None, extra_env=env)
            for item in announce:
                if item == sphinx_stream.ABORT:
                    os.write(fd, b"abort\n")
                    continue
                name, rel, data = item
                (src / rel).write_bytes(data)
                os.write(fd, (name + "\n").encode())
            return job.result()
    finally:
        os.close(fd)


def test_chapters_read_in_any_order_give_the_same_book(book, tmp_path):
    """The built fixture's staged sources: Sphinx reading every executed chapter as it is
    announced, in the reverse of its own order, writes byte for byte what one plain run
    writes. (A page that Sphinx read before its announcement would be an empty file and
    fail the build.)"""
    staged = book.work / "stage" / "src"
    plain_src, streamed_src = tmp_path / "plain-src", tmp_path / "streamed-src"
    shutil.copytree(staged, plain_src)
    shutil.copytree(staged, streamed_src)
    run_sphinx(plain_src, tmp_path / "plain" / "html", tmp_path / "plain" / "doctrees")

    executed = [ch for ch in chapters() if ch.executable]
    announce = []
    for ch in sorted(executed, key=docname, reverse=True):
        announce.append((docname(ch), staged_name(ch), (streamed_src / staged_name(ch)).read_bytes()))
        (streamed_src / staged_name(ch)).write_bytes(b"")
    phases = _streamed(streamed_src, tmp_path / "streamed", {docname(ch) for ch in executed}, announce, tmp_path)
    assert "sphinx_read_s" in phases
    plain, streamed = tmp_path / "plain" / "html", tmp_path / "streamed" / "html"
    assert tree_digest(streamed) == tree_digest(plain)
    assert len(list(plain.rglob("*.html"))) >= 10


def test_abort_stops_sphinx_before_it_writes(book, tmp_path):
    staged = book.work / "stage" / "src"
    src = tmp_path / "src"
    shutil.copytree(staged, src)
    lease = next(ch for ch in chapters() if ch.name == "lease")
    (src / staged_name(lease)).write_bytes(b"")
    with pytest.raises(BuildError, match="stopped before every chapter was executed"):
        _streamed(src, tmp_path / "out", {docname(lease)}, [sphinx_stream.ABORT], tmp_path)
    assert not list((tmp_path / "out" / "html").rglob("*.html"))
