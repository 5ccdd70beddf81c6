"""``make pdf``: the built book printed by headless Chromium into one PDF, read back with
pypdf. The PDF holds every page of the table of contents in order, each with the banner
(scenario and fingerprint), the numbered titles, the figure captions, and no code toggles,
sliders or chart menus."""
import re
import unicodedata

import pytest

from .conftest import ROOT

pytestmark = [pytest.mark.book, pytest.mark.browser]


@pytest.fixture(scope="module")
def printed(book, tmp_path_factory):
    from pypdf import PdfReader

    from colossus.pdf import print_book

    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    result = print_book(book.out, out)
    reader = PdfReader(str(out))
    # NFKC: Chromium's PDF text uses ligatures ("ﬀ" in "offset")
    texts = [" ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split()) for page in reader.pages]
    return result, reader, texts


def test_every_page_in_toc_order(printed):
    from colossus.build import chapters
    from colossus.pdf import toc_pages

    result, reader, texts = printed
    rels = [rel for rel, *_ in result["pages"]]
    assert rels == toc_pages()
    assert len(rels) == len(chapters())                    # every page of _toc.yml
    assert len(reader.pages) > len(rels)
    firsts = [first for _, _, first, _ in result["pages"]]
    assert firsts == sorted(firsts) and firsts[0] == 1
    assert [o.title for o in reader.outline] == [title for _, title, *_ in result["pages"]]


def test_banner_on_the_first_page_of_each_chapter(book, printed):
    result, _, texts = printed
    fingerprint = book.key_numbers.get("parameter_fingerprint") or \
        re.search(r'colossus-fingerprint">([0-9a-f]+)<', book.page("chapters/lease.html")).group(1)
    from colossus import config

    for rel, title, first, _ in result["pages"]:
        text = texts[first - 1]
        assert "bear + mine.yml + 2 overrides" in text, (rel, text[:300])
        assert fingerprint in text and config.source_date() in text, (rel, text[:300])


def test_numbered_titles(printed):
    result, _, texts = printed
    numbered = {rel: title for rel, title, *_ in result["pages"] if re.match(r"\d+\. ", title)}
    assert len(numbered) >= 4, numbered
    for rel, title, first, _ in result["pages"]:
        if rel in numbered:
            assert title in texts[first - 1], (rel, title)


TOGGLE = '<p class="collapsed admonition-title">Show code cell source</p>'


def test_no_code_toggles_sliders_or_menus(book, printed):
    _, _, texts = printed
    whole = "\n".join(texts)
    for screen_only in ("Hide code cell source", "Save as PNG", "View Source", "Ctrl+K",
                        "Toggle secondary sidebar", "see the parameters used Search"):
        assert screen_only not in whole, screen_only
    # the words may appear in prose (the summary page explains the toggles); never as toggles
    html = "".join(p.read_text(encoding="utf-8") for p in book.pages())
    in_prose = html.count("Show code cell source") - html.count(TOGGLE)
    assert html.count(TOGGLE) > 5 and whole.count("Show code cell source") <= in_prose


def test_figure_captions_print(book, printed):
    """Every figure caption on the site is in the PDF (when the site has numbered captions)."""
    _, _, texts = printed
    whole = " ".join(texts)
    captions = set()
    for page in book.pages():
        captions |= set(re.findall(r"Figure \d+\.\d+", page.read_text(encoding="utf-8")))
    if not captions:
        pytest.skip("the site has no numbered figure captions")
    missing = sorted(c for c in captions if c not in whole)
    assert not missing, missing


def test_print_is_light_even_in_dark_mode(book):
    """A reader in dark mode prints black text on white (the page switches to light)."""
    from playwright.sync_api import sync_playwright

    from colossus.pdf import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(color_scheme="dark")
            page.goto((book.out / "chapters" / "lease.html").as_uri())
            # the stylesheet alone (no beforeprint script) must already print light
            page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
            page.emulate_media(media="print")
            colors = page.evaluate("() => [getComputedStyle(document.body).backgroundColor,"
                                   " getComputedStyle(document.querySelector('.bd-article p')).color]")
        finally:
            browser.close()
    assert colors[0] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colors
    r, g, b = (int(x) for x in re.findall(r"\d+", colors[1])[:3])
    assert max(r, g, b) < 90, colors      # dark text


def test_make_pdf_target_exists():
    text = (ROOT / "Makefile").read_text()
    assert re.search(r"^pdf: book", text, re.M) and "scripts/pdf.py" in text
