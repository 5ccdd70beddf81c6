"""Figures made to travel: provenance inside every chart, stable numbered figures, exports
at 2x named for the figure and the parameters, the data as CSV, and `make figures`."""
import base64
import io
import json
import re

import pandas as pd
import pytest
import vl_convert as vlc

from colossus.figures import charts
from colossus.figures.export import page_figures, write_figures
from colossus.inputs.params import Parameters
from tests.figures.test_charts import all_charts
from tests.figures.test_ipo import CHARTS as IPO_CHARTS

PROV = charts.Provenance(scenario="bear", fingerprint="0123456789ab", date="2026-07-01", version="1.2.3",
                         chapter="Lease economics")
SLIDERS = {"schedule": charts.Slider("hazard_bp", "h =", "format({} / 10000, '.2%')"),
           "reclaim": charts.Slider("own_use_cents", "own-use value", "format({} / 100, '$.2f')")}
CHARTS = {**all_charts(), **{f"ipo_{k}": v for k, v in IPO_CHARTS.items()}}


def decorated(name, prov=PROV, data=None):
    return charts.with_provenance(CHARTS[name], fig_id=f"fig-{name.replace('_', '-')}", title=f"The {name} chart",
                                  finding=f"The finding of {name}", source="data/facts.csv", provenance=prov,
                                  data=pd.DataFrame({"x": [1, 2], "y": [0.5, 1.5]}) if data is None else data,
                                  slider=SLIDERS.get(name))


def _title_text(svg: str) -> str:
    """The visible text of a drawn chart's title group."""
    part = svg[svg.find("role-title"):]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


def _html(chart) -> str:
    return charts._embed_html(chart.to_dict())["text/html"]


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_figure_carries_title_scenario_fingerprint_date_and_source(name):
    spec = decorated(name).to_dict(validate=True)
    title = spec["title"]
    subtitle = " ".join(title["subtitle"])
    assert "Scenario bear" in subtitle and "0123456789ab" in subtitle and "2026-07-01" in subtitle
    assert "Source: colossus 1.2.3" in subtitle and "Lease economics" in subtitle and "data/facts.csv" in subtitle
    assert title["text"]
    assert spec["usermeta"]["colossus"]["id"] == f"fig-{name.replace('_', '-')}"


@pytest.mark.parametrize("name", ["timeline", "ipo_cliff"])
def test_provenance_is_drawn_in_the_exported_image(name):
    """What vl-convert (and the browser's PNG/SVG export) draws holds every line."""
    text = _title_text(vlc.vegalite_to_svg(decorated(name).to_dict()))
    for part in (f"The {name} chart", "Scenario bear", "0123456789ab", "2026-07-01", "colossus 1.2.3"):
        assert part in text, part


def test_lines_fit_a_phone():
    spec = decorated("schedule").to_dict()
    assert all(len(line) <= charts.SUBTITLE_CHARS for line in spec["title"]["subtitle"])


@pytest.mark.parametrize("name, param, moved, says", [
    ("schedule", "hazard_bp", 500, "Slider moved: h = 5.00% (this build: 3.00%)"),
    ("reclaim", "own_use_cents", 500, "Slider moved: own-use value $5.00 (this build: $2.35)"),
])
def test_a_moved_slider_is_stated_in_the_chart(name, param, moved, says):
    spec = decorated(name).to_dict()
    assert "Slider moved" not in _title_text(vlc.vegalite_to_svg(spec))      # at this build's value: silent
    for prm in spec["params"]:
        if prm["name"] == param:
            prm["value"] = moved
    assert says in _title_text(vlc.vegalite_to_svg(spec))


def test_slider_must_exist():
    with pytest.raises(ValueError, match="no parameter"):
        charts.with_provenance(CHARTS["timeline"], fig_id="fig-x", title="t", finding="f", source="s",
                               provenance=PROV, slider=charts.Slider("nope", "n"))


@pytest.mark.parametrize("bad", ["chart-1a2b", "fig_lease", "fig-Lease", "fig-"])
def test_figure_ids_are_named_not_hashed(bad):
    with pytest.raises(ValueError, match="figure id"):
        charts.with_provenance(CHARTS["timeline"], fig_id=bad, title="t", finding="f", source="s", provenance=PROV)


def test_figure_id_is_stable_across_parameters_and_exports_are_named_for_both():
    other = charts.Provenance(**{**PROV.__dict__, "fingerprint": "ba9876543210", "scenario": "bull"})
    a, b = _html(decorated("schedule")), _html(decorated("schedule", other))
    for html, fp in [(a, "0123456789ab"), (b, "ba9876543210")]:
        assert 'id="fig-schedule-chart"' in html and 'class="colossus-chart"' in html
        opts = json.loads(re.search(r"var opts = (\{.*?\});", html).group(1))
        assert opts["scaleFactor"] == 2 and opts["downloadFileName"] == f"fig-schedule-{fp}"
        assert opts["actions"]["export"] is True
    assert a != b


def test_aria_label_states_the_finding():
    html = _html(decorated("timeline"))
    assert 'aria-label="The finding of timeline"' in html and 'role="figure"' in html


def test_csv_link_parses_with_provenance_lines():
    data = pd.DataFrame({"month": ["2026-05", "2026-06"], "usd": [1.25e9, 6.25e8], "label": ["a, b", 'c "d"']})
    html = _html(decorated("timeline", data=data))
    link = re.search(r'<a class="colossus-csv" download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)"',
                     html)
    assert link and link.group(1) == "fig-timeline-0123456789ab.csv"
    text = base64.b64decode(link.group(2)).decode("utf-8")
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert head[0] == "# fig-timeline: The timeline chart"
    assert head[1] == "# Scenario: bear; parameters: 0123456789ab; date: 2026-07-01"
    assert head[2].startswith("# Source: colossus 1.2.3") and "data/facts.csv" in head[2]
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(text), comment="#"), data, check_dtype=False)
    spec = json.loads(re.search(r"var spec = (\{.*?\});\n", html, re.S).group(1).replace("<\\/", "</"))
    assert "csv" not in spec["usermeta"]["colossus"]      # the data travels once, in the link


def test_charts_outside_figures_keep_their_renderer():
    """A chart not made a figure still renders (content-hash id, no CSV link)."""
    html = _html(CHARTS["timeline"])
    assert re.search(r'id="chart-[0-9a-f]{12}"', html) and "colossus-csv" not in html


def test_page_figures_reads_a_figure_back():
    html = _html(decorated("margin"))
    page = (f'<figure class="colossus-figure align-default" id="fig-margin">{html}<figcaption><p>'
            '<span class="caption-number">Figure 2.3 </span><span class="caption-text">Margins.</span></p>'
            '</figcaption></figure>')
    (fig,) = page_figures(page, "chapters/lease.html")
    assert (fig.id, fig.number, fig.caption, fig.stem) == ("fig-margin", "Figure 2.3", "Margins.",
                                                            "fig-margin-0123456789ab")
    assert fig.csv.startswith("# fig-margin:")
    cite = fig.citation()
    assert all(s in cite for s in ("Figure 2.3", "colossus 1.2.3", "bear", "0123456789ab", "2026-07-01",
                                   "chapters/lease.html#fig-margin"))


# --------------------------------------------------------------------------- the built book

EXPECTED = {
    "chapters/deal.html": ["fig-deal-timeline"],
    "chapters/lease.html": ["fig-lease-rent-schedule", "fig-lease-gpu-hour-price", "fig-lease-margin-heatmap",
                            "fig-lease-revenue-distribution", "fig-lease-reclaim-cost"],
    "chapters/offset.html": ["fig-offset-ai-segment-quarters", "fig-offset-termination-fan",
                             "fig-offset-quarter-waterfall", "fig-offset-spacex-quarters", "fig-offset-cash",
                             "fig-offset-backtest"],
    "chapters/ipo.html": ["fig-ipo-share-price", "fig-ipo-sum-of-parts", "fig-ipo-ai-multiple",
                          "fig-ipo-lease-values", "fig-ipo-termination-cliff", "fig-ipo-lease-value-heatmap"],
    "chapters/scenarios.html": ["fig-scenarios-tornado", "fig-scenarios-weights"],
}


@pytest.mark.parametrize("page, chapter", [("chapters/deal.html", 1), ("chapters/lease.html", 2),
                                           ("chapters/offset.html", 3), ("chapters/ipo.html", 4),
                                           ("chapters/scenarios.html", 5)])
def test_built_pages_number_and_caption_every_chart(book, page, chapter):
    """Every chart of a chapter is a numbered, captioned figure with a named anchor, the same
    ids whatever the parameters (the book fixture is a bear build with other values)."""
    html = book.page(page)
    figs = page_figures(html, page)
    assert [f.id for f in figs] == EXPECTED[page]
    assert [f.number for f in figs] == [f"Figure {chapter}.{i}" for i in range(1, len(figs) + 1)]
    assert all(f.caption for f in figs)
    assert html.count('class="colossus-chart"') == len(figs)     # no chart outside a figure
    fp = json.loads((book.out / "data" / "parameters.json").read_text())["parameter_fingerprint"]
    for f in figs:
        assert f.meta["fingerprint"] == fp and f.meta["scenario"].startswith("bear + mine.yml")
        assert f"{f.id}-{fp}" in html and f.csv and f.meta["finding"]


def test_timeline_events_also_as_a_table(book):
    from colossus.inputs import facts

    html = book.page("chapters/deal.html")
    _, events, _ = facts.load_all()
    after = html[html.index('id="fig-deal-timeline"'):]
    table = after[after.index("<table"):after.index("</table>")]
    assert table.count("<tr") == len(events) + 1


def test_write_figures_from_a_built_book(book, figures_out):
    figs, out = figures_out
    assert [f.id for f in figs] == [i for ids in EXPECTED.values() for i in ids]
    index = (out / "index.html").read_text()
    for f in figs:
        for ext in ("svg", "png", "csv"):
            assert (out / f"{f.stem}.{ext}").stat().st_size > 0, (f.stem, ext)
        assert (out / f"{f.stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f.number in index and f.id in index and f"{f.stem}.png" in index
        svg = (out / f"{f.stem}.svg").read_text()
        assert f.meta["fingerprint"] in _title_text(svg)
        assert pd.read_csv(out / f"{f.stem}.csv", comment="#").shape[0] > 0
    assert "Cite:" in index and Parameters is not None
