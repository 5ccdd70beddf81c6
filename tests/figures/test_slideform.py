"""The charts in 16:9 slide form (colossus.figures.slideform): the takeaway as the title, the
filings named in the source line, the data's as-of date, no control, no legend that points
at a slider, no label cut off, and a 1920 x 1080 image; for the book fixture's figures
(``make figures``) and for the deck."""
import io
import re

import pytest
import vl_convert as vlc

from colossus.figures import slideform
from colossus.figures.export import _static_spec, site_figures

from .test_figures import EXPECTED


def test_every_figure_names_filings_that_are_in_the_bibliography():
    for ids in EXPECTED.values():
        for fig_id in ids:
            keys, model = slideform.sources_of(fig_id)
            assert keys and model, fig_id
            line = slideform.source_line(fig_id, "1.2.3")
            assert "data/" not in line and ".csv" not in line, line
            assert re.search(r"Form 10-Q|S-1/A|SEC EDGAR", line), line
            for key in keys:
                assert slideform.source_name(key)


def test_source_name_reads_the_bibliography():
    assert slideform.source_name("spacexs1a2026").startswith("SpaceX, Amended registration statement")
    with pytest.raises(KeyError):
        slideform.source_name("no-such-source")


def test_as_of_is_the_latest_stated_day():
    csv = "# x\ndate,v\n2026-09-11,1\n2026-07-01,2\n"
    assert slideform.data_as_of("fig-offset-ai-segment-quarters") == "2026-06-30"
    assert slideform.data_as_of("fig-offset-ai-segment-quarters", csv) == "2026-09-11"


@pytest.fixture(scope="module")
def figs(book):
    return site_figures(book.out)


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


pytestmark = [pytest.mark.book]


def test_slide_spec_has_no_control_and_no_slider_legend(figs):
    for f in figs:
        title, subtitle = slideform.slide_lines(f)
        spec = slideform.slide_spec(f.spec, title=title, subtitle=subtitle)
        text = " ".join(_strings(spec))
        assert "as on the slider" not in text, f.id
        assert '"bind"' not in repr(spec).replace("'", '"'), f.id
        assert " ".join(title) == slideform.takeaway(f.meta["finding"]), f.id
        assert any(f.meta["fingerprint"] in line for line in subtitle) and subtitle[-1].startswith("Data as of 20")


def test_no_label_cut_off(figs):
    """Vega cuts a label that passes its limit with an ellipsis; the slide form lifts every
    limit, so no drawn text ends in one (the book's page draws some)."""
    cut_somewhere = False
    for f in figs:
        book_svg = vlc.vegalite_to_svg(_static_spec(f.spec))
        cut_somewhere |= "…" in book_svg
        title, subtitle = slideform.slide_lines(f)
        svg = vlc.vegalite_to_svg(slideform.fit(slideform.slide_spec(f.spec, title=title, subtitle=subtitle),
                                                slideform.SLIDE_W, slideform.SLIDE_H))
        assert "…" not in svg, f.id
    assert cut_somewhere, "the check would not see a cut label: no page figure has one"


def test_slide_pngs_are_16_9_at_1920_by_1080(figures_out):
    from PIL import Image

    figs, out = figures_out
    index = (out / "index.html").read_text()
    for f in figs:
        path = out / f"{f.stem}-slide.png"
        with Image.open(path) as im:
            assert im.size == (1920, 1080), f.id
            # something is drawn: not a blank canvas
            lo, hi = im.convert("L").getextrema()
            assert hi - lo > 100, f.id
        assert path.name in index


def test_notice_legend_names_this_builds_value(figs):
    f = next(f for f in figs if f.id == "fig-offset-ai-segment-quarters")
    title, subtitle = slideform.slide_lines(f)
    text = " ".join(_strings(slideform.slide_spec(f.spec, title=title, subtitle=subtitle)))
    assert "With the lease, no notice served" in text
