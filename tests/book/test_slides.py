"""``make slides``: the deck made from the book fixture, read back with python-pptx for its
numbers and text, and rendered as a reader's client would (LibreOffice Impress, headless)
to check that every slide draws, carries the fingerprint and keeps its text in its boxes."""
import json
import re
import shutil
import subprocess

import pytest

from colossus.book import slides
from colossus.figures import slideform
from colossus.figures.export import site_figures
from colossus.words.summary_text import HEADLINES, headline

pytestmark = [pytest.mark.book]


@pytest.fixture(scope="module")
def deck(book, tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return slides.build_deck(book.out, out)


def test_named_for_scenario_and_fingerprint_and_16_9(book, deck):
    from pptx import Presentation

    fp = book.key_numbers["parameter_fingerprint"]
    assert re.fullmatch(rf"colossus-bear-mine-yml-\d+-overrides-{fp}\.pptx", deck.name), deck.name
    p = Presentation(str(deck))
    assert abs(p.slide_width / p.slide_height - 16 / 9) < 0.01


def test_slides_in_order_with_the_fingerprint_on_each(book, deck):
    texts = slides.deck_text(deck)
    figs = slides.headline_figures(site_figures(book.out))
    assert len(figs) >= 4 and len(texts) == 1 + len(figs) + 2
    fp = book.key_numbers["parameter_fingerprint"]
    for i, slide_text in enumerate(texts):
        assert any(fp in t for t in slide_text), f"slide {i + 1} lacks the fingerprint"
    assert "Headline numbers" in texts[-2][0] and texts[-1][0] == "Sources"


def test_takeaways_are_the_books_own_sentences(book, deck):
    """A figure slide's title is the first sentence of its figure's finding as the page
    states it (aria-label), never a second copy of the wording."""
    import html

    texts = slides.deck_text(deck)
    for f, slide_text in zip(slides.headline_figures(site_figures(book.out)), texts[1:]):
        page = (book.out / f.page).read_text(encoding="utf-8")
        label = re.search(rf'id="{f.id}-chart"[^>]*aria-label="([^"]*)"', page)
        assert label and slide_text[0] == slideform.takeaway_of(html.unescape(label.group(1))), f.id
        assert html.unescape(label.group(1)).startswith(slide_text[0])


def test_figure_slides_name_the_filings_and_the_data_date(book, deck):
    """Each figure slide's footer names the filings its data come from (never the
    repository's files) and the data's as-of date; its picture is the slide form, as wide
    as the text; the sources slide lists the filings."""
    from pptx import Presentation

    from colossus.figures import slideform

    texts = slides.deck_text(deck)
    figs = slides.headline_figures(site_figures(book.out))
    for f, slide_text in zip(figs, texts[1:]):
        footer = next(t for t in slide_text if t.startswith(f.number + "."))
        assert "SEC EDGAR" in footer and "data/" not in footer and ".csv" not in footer, footer
        assert f"data as of {slideform.data_as_of(f.id, f.csv)}" in footer
    for slide in list(Presentation(str(deck)).slides)[1:1 + len(figs)]:
        pics = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pics) == 1 and abs(pics[0].width / 914400 - 12.3) < 0.01
    assert any("Form 10-Q" in t for t in texts[-1]) and not any("data/facts.csv" in t for t in texts[-1])


def test_headline_table_equals_key_numbers(book, deck):
    from pptx import Presentation

    numbers = book.key_numbers
    table = next(s.table for s in Presentation(str(deck)).slides[-2].shapes if s.has_table)
    header = [c.text for c in table.rows[0].cells]
    assert header[1:4] == ["base", "bull", "bear"] and header[-1] == "◀ this build"
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in list(table.rows)[1:]}
    checked = 0
    for key, (label, _) in HEADLINES.items():
        if key in numbers:
            assert rows[label][-1] == headline(key, numbers[key]), key
            checked += 1
    assert checked >= 8


def test_no_text_under_the_minimum_size(deck):
    from pptx import Presentation

    sizes = []
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for r in shape.table.rows for c in r.cells]
            sizes += [run.font.size.pt for fr in frames for p in fr.paragraphs for run in p.runs if run.font.size]
    assert sizes and min(sizes) >= slides.MIN_PT


@pytest.mark.browser
def test_renders_in_libreoffice_with_every_word_inside_its_box(book, deck, tmp_path):
    """Every slide renders; each page carries the fingerprint; every word LibreOffice draws
    lies inside the box of a text shape or table of its slide, and on the page."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext missing: install Debian's poppler-utils (make test-deps)")
    pdf = slides.render_pdf(deck, tmp_path)
    boxes = slides.shape_boxes(deck)
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    assert len(pages) == len(boxes)
    fp = book.key_numbers["parameter_fingerprint"]
    outside = []
    for i, (w, h, body) in enumerate(pages):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)
        assert any(fp in wd[4] for wd in words), f"slide {i + 1}: no fingerprint in the rendering"
        for x0, y0, x1, y1, word in words:
            x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
            inside_page = x0 >= 0 and y0 >= 0 and x1 <= float(w) + 0.5 and y1 <= float(h) + 0.5
            in_a_box = any(x0 >= l - 2 and y0 >= t - 2 and x1 <= r + 2 and y1 <= b + 2 for l, t, r, b in boxes[i])
            if not (inside_page and in_a_box):
                outside.append(f"slide {i + 1}: {word!r} at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f})")
    assert not outside, outside[:10]


def test_the_box_check_catches_overflow(tmp_path):
    """A box too small for its text: LibreOffice draws the words past the box."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext missing: install Debian's poppler-utils (make test-deps)")
    p = Presentation()
    p.slide_width, p.slide_height = Inches(13.333), Inches(7.5)
    s = p.slides.add_slide(p.slide_layouts[6])
    box = s.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(0.4))
    box.text_frame.word_wrap = True
    box.text_frame.text = "word " * 60
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    path = tmp_path / "overflow.pptx"
    p.save(str(path))
    pdf = slides.render_pdf(path, tmp_path)
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', xml)]
    (l, t, r, b), = slides.shape_boxes(path)[0]
    assert max(bottoms) > b + 2
