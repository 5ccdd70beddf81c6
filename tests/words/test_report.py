"""colossus.words.report: how numbers read in the book, and escaping of free text."""
import math

import pandas as pd
import pytest

from colossus.words import report


@pytest.mark.parametrize("x, sig, expected", [
    (43.75e9, 3, "$43.8 billion"),
    (1.75e12, 3, "$1.75 trillion"),
    (201_996_666.67, 3, "$202 million"),
    (0.9e9, 3, "$900 million"),          # regression: was "$900.00 million"
    (15e9, 3, "$15 billion"),
    (999_999.0, 3, "$1 million"),        # rounding carries into the next scale word
    (999_499.0, 3, "$999,000"),
    (7.7833, 3, "$7.78"),
    (0.0, 3, "$0"),
    (-0.0001, 3, "$0"),                  # never "-$0"
    (-2.47e9, 3, "-$2.47 billion"),
    (2.47e9, 2, "$2.5 billion"),
    (math.nan, 3, "n/a"),
    (math.inf, 3, "n/a"),
    (None, 3, "n/a"),
])
def test_usd(x, sig, expected):
    assert report.usd(x, sig) == expected


@pytest.mark.parametrize("text, expected", [
    ("8.0%", "an 8.0%"), ("1.5%", "a 1.5%"), ("11x", "an 11x"), ("18 months", "an 18 months"),
    ("80%", "an 80%"), ("110%", "a 110%"), ("11,000", "an 11,000"), ("1,800", "a 1,800"),
    ("$8 billion", "an $8 billion"), ("$18 billion", "an $18 billion"), ("$1 billion", "a $1 billion"),
    ("100.0%", "a 100.0%"), ("0.0%", "a 0.0%"), ("year", "a year"),
])
def test_a_or_an(text, expected):
    """Regression: the chapter read "a 8.0% chance"."""
    assert report.a_or_an(text) == expected


@pytest.mark.parametrize("notice, lock, expected_start", [
    (3, 3, "a notice takes effect 3 months after it is served and none can take effect in the first 3 months"),
    (0, 0, "a notice takes effect as soon as it is served and there is no lock-in"),
    (1, 0, "a notice takes effect 1 month after it is served"),
])
def test_terms_sentence(notice, lock, expected_start):
    from colossus.model import lease
    assert report.terms_sentence(notice, lock, lease.TERM_VARIANTS).startswith(expected_start)


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
