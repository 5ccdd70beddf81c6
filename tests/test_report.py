"""colossus.report: how numbers read in the book, and escaping of free text."""
import math

import pandas as pd
import pytest

from colossus import report


@pytest.mark.parametrize("x, digits, expected", [
    (43.75e9, 1, "$43.8 billion"),
    (1.75e12, 2, "$1.75 trillion"),
    (201_996_666.67, 1, "$202.0 million"),
    (999_999.0, 1, "$999,999"),
    (7.7833, 1, "$7.78"),
    (0.0, 1, "$0.00"),
    (-2.47e9, 2, "-$2.47 billion"),
    (math.nan, 1, "n/a"),
    (math.inf, 1, "n/a"),
])
def test_usd(x, digits, expected):
    assert report.usd(x, digits) == expected


@pytest.mark.parametrize("x, expected", [(0.8384, "83.8%"), (0.0, "0.0%"), (1.0, "100.0%"), (-0.05, "-5.0%")])
def test_pct(x, expected):
    assert report.pct(x) == expected


@pytest.mark.parametrize("text", ['<script>alert(1)</script>', '{cite:p}`x`', 'a | b', '$1 and $2', '"quoted" & \'single\''])
def test_escape_leaves_no_markup(text):
    out = report.escape(text)
    for ch in "<>|`{}$\"'":
        assert ch not in out.replace("&#", "").replace(";", ""), (text, out)


def test_markdown_table_escapes_free_text_columns_only():
    df = pd.DataFrame({"a": ["{cite:p}`k`"], "b": ["<b>x</b>"]})
    md = report.markdown_table(df, escape_columns=("b",)).data
    assert "{cite:p}`k`" in md and "&lt;b&gt;" in md


def test_html_table_escapes():
    html = report.html_table(pd.DataFrame({"x": ["<script>"]}), caption="<i>c</i>").data
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;i&gt;" in html
