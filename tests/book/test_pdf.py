"""``make pdf``: the built book printed by headless Chromium into one PDF, read back with
pypdf. The PDF holds every page of the table of contents in order, each with the banner
(scenario and fingerprint), the numbered titles, the figure captions, and no code toggles,
sliders or chart menus."""
import re

import pytest

from ..conftest import ROOT

pytestmark = [pytest.mark.book, pytest.mark.browser]


def test_every_page_in_toc_order(printed):
    from colossus.book.keys import EXTRA_PAGES, chapters
    from colossus.book.pdf import toc_pages

    result, reader, texts = printed
    rels = [rel for rel, *_ in result["pages"]]
    assert rels == toc_pages()
    assert len(rels) == len(chapters()) - len(EXTRA_PAGES)  # every page of _toc.yml, not the brief
    assert len(reader.pages) > len(rels)
    firsts = [first for _, _, first, _ in result["pages"]]
    assert firsts == sorted(firsts) and firsts[0] == result["contents_pages"] + 1 == 2
    assert [o.title for o in reader.outline] == ["Contents"] + [title for _, title, *_ in result["pages"]]


def test_banner_on_the_first_page_of_each_chapter(book, printed):
    result, _, texts = printed
    fingerprint = book.key_numbers.get("parameter_fingerprint") or \
        re.search(r'colossus-fingerprint">([0-9a-f]+)<', book.page("chapters/lease.html")).group(1)
    from colossus.inputs import config

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

    from colossus.book.pdf import CHROMIUM, CHROMIUM_ARGS

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


def _links(reader):
    """Every link annotation of the PDF: ("dest", target page index) or ("uri", uri)."""
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = []
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if annot.get("/Dest") is not None:
                dest = annot["/Dest"]
                assert not isinstance(dest, str), f"p. {i + 1}: a named destination the joined PDF lacks: {dest}"
                out.append((i, "dest", pages[dest[0].idnum]))
            else:
                out.append((i, "uri", str(annot["/A"].get_object().get("/URI", ""))))
    return out


def test_cross_references_are_links_inside_the_pdf(printed):
    """No link points into the folder the book was printed from: cross-references and
    citations go to the page of their target inside the PDF (citations to the pages of
    the References, not only to its first page)."""
    result, reader, _ = printed
    links = _links(reader)
    assert not [l for l in links if l[1] == "uri" and l[2].startswith("file:")], "file:// links left"
    internal = [l for l in links if l[1] == "dest"]
    assert len(internal) >= 100 and result["links"]["internal"] == len(internal)
    refs = next(p for p in result["pages"] if p[0] == "chapters/bibliography.html")
    first, n = refs[2] - 1, refs[3]
    to_refs = {target for _, _, target in internal if first <= target < first + n}
    assert len(to_refs) >= min(n, 2), "every citation lands on the first page of the References"
    params = next(p for p in result["pages"] if p[0] == "chapters/parameters.html")
    banner_links = [l for l in internal if l[2] == params[2] - 1]
    assert len(banner_links) >= len(result["pages"]) - 1   # "see the parameters used" on each page


def test_site_files_are_relative_or_under_the_base_url(book, tmp_path):
    """A link to a file of the site that is not printed becomes relative to the site, or
    absolute under --base-url; the same book prints the same links from any folder."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject

    from colossus.book.pdf import relink, site_target

    assert site_target((book.out / "data" / "x.json").as_uri(), book.out.as_uri() + "/") == ("data/x.json", "")

    class _Writer:            # one page with one link to a data file of the site
        def __init__(self):
            from pypdf import PdfWriter
            from pypdf.generic import DictionaryObject, NameObject, TextStringObject

            self.w = PdfWriter()
            self.w.add_blank_page(100, 100)
            action = DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                       NameObject("/URI"): TextStringObject((book.out / "data" / "key_numbers.json").as_uri())})
            annot = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                                      NameObject("/Rect"): ArrayObject(), NameObject("/A"): action})
            self.w.pages[0][NameObject("/Annots")] = ArrayObject([self.w._add_object(annot)])

    for base, expected in ((None, "data/key_numbers.json"),
                           ("https://example.org/colossus/", "https://example.org/colossus/data/key_numbers.json")):
        w = _Writer().w
        counts = relink(w, book.out, ["index.html"], {}, base)
        uri = str(w.pages[0]["/Annots"][0].get_object()["/A"]["/URI"])
        assert uri == expected and sum(counts.values()) == 1
    path = tmp_path / "one.pdf"
    with open(path, "wb") as fh:
        w.write(fh)
    assert PdfReader(str(path)).pages


def test_base_url_is_checked(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), "--base-url", "ftp:/x",
                           "--out", str(tmp_path / "x.pdf")], capture_output=True, text=True)
    assert proc.returncode == 2 and "--base-url" in proc.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_printed_contents_lists_every_page_with_its_page_number(printed):
    result, _, texts = printed
    contents = " ".join(texts[:result["contents_pages"]])
    assert "Contents" in contents
    for rel, title, first, _ in result["pages"]:
        assert f"{title} p. {first}" in contents, (title, first)


def test_one_numbering_and_the_provenance_on_every_page(book, printed):
    """Every page of the PDF carries the scenario, the fingerprint, the date and its place
    in one numbering ("page i of n"), not a count restarting in each chapter."""
    from colossus.inputs import config

    _, reader, texts = printed
    n = len(reader.pages)
    fp = book.key_numbers["parameter_fingerprint"]
    for i, text in enumerate(texts, start=1):
        assert f"page {i} of {n}" in text, i
        assert fp in text and config.source_date() in text and "Scenario bear" in text, i


def test_no_web_instruction_in_print(printed):
    """Captions and prose print no instruction for the screen (sliders, clicks, hovering):
    what is screen-only is hidden, and a print-only phrase says what the printed chart shows."""
    _, _, texts = printed
    whole = " ".join(texts)
    for phrase in ("slider sets", "slider picks", "on the slider", "slider serves", "click a bar", "Hover",
                   "Move the slider", "with the sliders", "weighted by the sliders", "switch values",
                   "from the chart menu"):
        assert phrase not in whole, phrase
    assert re.search(r"at this build.s monthly notice probability", whole)
    assert "if no notice is served" in whole and "weighted by the starting weights" in whole


def test_exported_captions_carry_no_screen_instruction(figures_out):
    figs, _ = figures_out
    for f in figs:
        assert "slider" not in f.caption.lower() and "click" not in f.caption.lower(), (f.id, f.caption)
