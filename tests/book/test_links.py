"""Link check of the built site: every internal link and anchor resolves.

A small link checker over the built HTML (no network): each ``href``/``src`` that is not
an external URL must name a file that exists, and each ``#fragment`` an element id in
that file.
"""
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.book

EXTERNAL = ("http:", "https:", "mailto:", "javascript:", "data:", "tel:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append(a[key])


def parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8", errors="replace"))
    return c


def broken_links(site: Path) -> list[str]:
    pages = {p.resolve(): parse(p) for p in site.rglob("*.html")}
    problems = []
    for page, c in pages.items():
        for link in c.links:
            if link.startswith(EXTERNAL) or link.startswith("{"):
                continue
            parts = urlsplit(link)
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site.resolve())}: {link}"
            if not target.exists():
                problems.append(f"{where} -> missing file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{where} -> no anchor #{parts.fragment}")
    return problems


def test_no_broken_internal_links_or_anchors(book):
    problems = broken_links(book.out)
    assert not problems, "\n".join(problems[:40])


def test_checker_finds_breakage(tmp_path):
    """The checker itself: a missing page and a missing anchor are both reported."""
    (tmp_path / "a.html").write_text('<a href="b.html#here">x</a><a href="gone.html">y</a><a href="#top">z</a>'
                                     '<p id="top"></p>')
    (tmp_path / "b.html").write_text('<p id="elsewhere"></p>')
    problems = broken_links(tmp_path)
    assert any("gone.html" in p for p in problems) and any("#here" in p for p in problems)
    assert not any("#top" in p for p in problems)


def test_json_files_linked_from_parameters_page_exist(book):
    links = parse(book.out / "chapters" / "parameters.html").links
    assert "../data/key_numbers.json" in links and "../data/parameters.json" in links
