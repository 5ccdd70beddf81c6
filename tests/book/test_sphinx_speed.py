"""colossus.book.sphinx_speed: pybtex's formatting memoised, and filled in advance by the
warm server's Sphinx fork server for exactly what the book's bibliography formats."""
import shutil

import pytest

from colossus.book import sphinx_speed
from colossus.inputs import config

pytestmark = [pytest.mark.book,
              # the Sphinx run here is in this process: its extensions' deprecation notices are theirs
              pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")]


def test_preformat_covers_everything_the_bibliography_formats(book, tmp_path, monkeypatch):
    """After preformat (what the fork server does), a Sphinx run on the book's staged
    sources formats no entry itself: every one it asks for is found, which also shows
    that the preformatted entries are those the run would have made (the same style,
    labels and content)."""
    import pybtex.style.formatting as formatting
    from sphinx.cmd.build import build_main

    assert sphinx_speed.preformat([config.SOURCES_BIB]) >= 50
    memo = formatting.BaseStyle.format_entry._colossus_memo
    before = dict(memo)
    src = tmp_path / "src"
    shutil.copytree(book.work / "stage" / "src", src)
    assert build_main(["-b", "html", "-q", "-d", str(tmp_path / "doctrees"), str(src), str(tmp_path / "html")]) == 0
    assert "References" in (tmp_path / "html" / "chapters" / "bibliography.html").read_text()
    assert memo == before   # nothing new was formatted: every entry the run asked for was found


def test_preformat_of_a_missing_file_is_no_head_start(tmp_path):
    assert sphinx_speed.preformat([tmp_path / "none.bib"]) == 0
