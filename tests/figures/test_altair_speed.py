"""colossus.figures.altair_speed: Altair's converter table is built once and every chart
converts to the same spec as without it."""
import altair as alt
import pandas as pd
from altair.utils import schemapi

from colossus.figures import altair_speed, charts  # noqa: F401  (charts applies the patch)


def _chart():
    data = pd.DataFrame({"x": [1.0, 2.0], "k": ["a", "b"], "t": ["one", "two"]})
    base = alt.Chart(data).mark_point().encode(
        x="x:Q", y=alt.value(30), color=alt.condition("datum.k == 'a'", alt.value("red"), alt.value("blue")),
        shape=alt.condition("datum.k == 'b'", alt.value("stroke"), alt.value("circle")),
        tooltip=["k:N", alt.Tooltip("x:Q", format=".1f")])
    text = base.mark_text().encode(text="t:N", y=alt.value(62))
    return alt.layer(base, text).properties(width=200)


def test_every_converter_shares_one_table():
    assert schemapi._FromDict.__init__._colossus_cached
    classes = list(schemapi.SchemaBase._default_wrapper_classes())
    first, second = schemapi._FromDict(classes), schemapi._FromDict(iter(classes))
    assert first.class_dict is second.class_dict and len(first.class_dict) > 100


def test_charts_are_the_same_with_and_without_it(monkeypatch):
    patched = _chart().to_dict(validate=True)
    monkeypatch.setattr(schemapi._FromDict, "__init__", schemapi._FromDict.__init__._colossus_original)
    assert not getattr(schemapi._FromDict.__init__, "_colossus_cached", False)
    assert _chart().to_dict(validate=True) == patched
