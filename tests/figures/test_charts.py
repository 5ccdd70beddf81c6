"""colossus.figures.charts, .lease and .deal: every chart validates, renders offline, and has its controls."""
import json

import altair as alt
import numpy as np
import pytest

from colossus.figures import charts, deal, lease as lease_charts
from colossus.model import costs, keynumbers, lease, termination
from colossus.inputs import facts
from colossus.inputs.params import Parameters

P = Parameters()
R = keynumbers.compute(P)


def all_charts():
    grid = lease.hazard_grid(P, np.array([0.0, 0.01, 0.03, 0.05]))
    return {
        "schedule": lease_charts.schedule_chart(grid, 300),
        "gpu_hour": lease_charts.gpu_hour_chart(facts.market_benchmarks(), R.numbers["implied_usd_per_gpu_hour"]),
        "margin": lease_charts.margin_heatmap(costs.margin_grid(P, np.array([30e3, 40e3]), np.array([4.0, 5.0])), 40e3, 5.0),
        "reclaim": lease_charts.reclaim_chart(termination.reclaim_cost(P, np.array([1.0, 2.35, 5.0])), 235),
        "distribution": lease_charts.revenue_distribution_chart(
            R.revenue_law, R.numbers["revenue_p5_usd"], R.numbers["revenue_median_usd"], R.numbers["revenue_p95_usd"],
            R.numbers["expected_revenue_usd"], R.simulation.mean_usd),
        "timeline": deal.timeline_chart(facts.load_all()[1]),
    }


@pytest.mark.parametrize("name", list(all_charts()))
def test_chart_spec_validates(name):
    spec = all_charts()[name].to_dict(validate=True)
    assert spec.get("description")


@pytest.mark.parametrize("name, param", [("schedule", "hazard_bp"), ("reclaim", "own_use_cents")])
def test_slider_controls(name, param):
    spec = all_charts()[name].to_dict()
    params = {p["name"]: p for p in spec.get("params", [])}
    assert param in params and params[param]["bind"]["input"] == "range"


def test_renderer_is_offline_and_deterministic():
    chart = all_charts()["schedule"]
    bundle = charts._embed_html(chart.to_dict())
    html = bundle["text/html"]
    assert "window.vegaEmbed" in html and "cdn" not in html.lower() and "https://" not in html
    assert charts._embed_html(chart.to_dict())["text/html"] == html   # same spec, same id and bytes


def test_renderer_escapes_script_end():
    html = charts._embed_html({"mark": "point", "description": "x</script><script>alert(1)"})["text/html"]
    assert "</script><script>alert(1)" not in html


def test_bundle_is_wrapped_classic_script(tmp_path):
    path = charts.write_vega_bundle(tmp_path)
    text = path.read_text()
    assert text.lstrip().startswith("/*") and "(function () {" in text and text.rstrip().endswith("}).call(window);")
    assert "window.vegaEmbed" in text and "\nexport {" not in text and "\nimport " not in text


def test_theme_enabled():
    assert alt.theme.active == "colossus"


def _has_tooltip(node) -> bool:
    if isinstance(node, dict):
        return "tooltip" in node.get("encoding", {}) or any(_has_tooltip(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_tooltip(v) for v in node)
    return False


@pytest.mark.parametrize("name", list(all_charts()))
def test_every_chart_has_tooltips(name):
    assert _has_tooltip(all_charts()[name].to_dict())


def test_distribution_chart_carries_the_exact_law():
    """One bar per possible number of paid months, probabilities summing to one, and the
    percentile rules at the build's values."""
    spec = all_charts()["distribution"].to_dict()
    rows = [r for d in spec["datasets"].values() for r in d if "probability" in r]
    assert len(rows) == len(R.revenue_law)
    assert sum(r["probability"] for r in rows) == pytest.approx(1.0)
    marks = {r["label"]: r["usd_bn"] for d in spec["datasets"].values() for r in d if "label" in r}
    assert marks["Median"] == pytest.approx(R.numbers["revenue_median_usd"] / 1e9)


def test_reclaim_chart_only_where_the_lease_can_be_alive():
    p = P.model_copy(update={"lease": P.lease.model_copy(update={"monthly_notice_probability": 1.0})})
    table = termination.reclaim_cost(p, np.array([1.0, 2.0]))
    assert (table["alive_probability"] > 0).all()
    assert table["k"].max() == max(p.lease.lock_months, p.lease.notice_months)
    spec = lease_charts.reclaim_chart(table, 100).to_dict(validate=True)
    assert spec["description"]


def test_every_chart_of_the_built_book_validates(book):
    """Chapters render charts without Altair's validation (it was a fifth of their
    execution time), so every chart spec on every page of a built book is validated here
    against the Vega-Lite schema Altair ships; a spec that would not validate fails."""
    import json
    import re

    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    schema = load_schema()
    n = 0
    for page in book.pages():
        for raw in re.findall(r"var spec = (\{.*?\});\n", page.read_text(encoding="utf-8"), re.S):
            validate_jsonschema(json.loads(raw.replace("<\\/", "</")), schema)
            n += 1
    assert n >= 15
    with pytest.raises(Exception):
        validate_jsonschema({"mark": "no-such-mark", "data": {"values": []}}, schema)


def _book_figures():
    """Every figure of every page model under base parameters: (chapter, id, Figure, provenance)."""
    from colossus.pages import deal as deal_page, ipo, lease as lease_page, offset, scenarios

    out = []
    for module in (deal_page, lease_page, offset, ipo, scenarios):
        page = module.page({}, "base", "", "2026-12-03", "test")
        out += [(page.chapter, fig_id, f, page.provenance) for fig_id, f in page.figures.items()]
    return out


def test_provenance_spec_is_the_spec_of_with_provenance():
    """The renderer's shortcut (title and usermeta set on the rendered spec) gives the same
    spec as the chart copied with its provenance, for every figure of the book, sliders
    included; a figure id that breaks the rule still raises."""
    figures = _book_figures()
    assert len(figures) >= 15 and any(f.slider is not None for _, _, f, _ in figures)
    ctx = {"pre_transform": False}
    for chapter, fig_id, f, prov in figures:
        kwargs = dict(fig_id=fig_id, title=f.title, finding=f.finding, source=f.source, data=f.data,
                      slider=f.slider, provenance=prov)
        expected = charts.with_provenance(f.chart, **kwargs).to_dict(validate=False, context=ctx)
        assert charts.provenance_spec(f.chart, **kwargs) == expected, (chapter, fig_id)
    chapter, fig_id, f, prov = figures[0]
    with pytest.raises(ValueError, match="fig-<what-it-shows>"):
        charts.provenance_spec(f.chart, fig_id="Bad Id", title="t", finding="f", source="s", provenance=prov)
