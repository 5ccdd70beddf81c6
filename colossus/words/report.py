"""How numbers are written in the book, and the glue calls the chapters make.

Formatting is done once, here, so a figure reads the same on every page and in every
table. Chapters glue the formatted text (``{glue:text}`` in the prose) and keep the raw
value in ``key_numbers.json``.
"""
from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML, Markdown

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def usd(x: float | None, sig: int = 3) -> str:
    """Dollars in words for prose, to ``sig`` significant figures (trailing zeros dropped):
    ``$43.8 billion``, ``$202 million``, ``$900 million``; an amount under $100 (a price
    per GPU-hour, a value per share) to the cent, never padded: ``$34.25``, not ``$34.20``.

    >>> usd(43.75e9), usd(201_996_666), usd(0.9e9), usd(7.7833), usd(-2.47e9), usd(1500.0)
    ('$43.8 billion', '$202 million', '$900 million', '$7.78', '-$2.47 billion', '$1,500')
    >>> usd(34.2466), usd(12.345), usd(0.0676), usd(-1.525)
    ('$34.25', '$12.35', '$0.07', '-$1.52')
    >>> usd(999.96e6), usd(2.47e9, 2), usd(0.0), usd(-0.0001), usd(None)
    ('$1 billion', '$2.5 billion', '$0', '$0', 'n/a')
    """
    if x is None or not math.isfinite(float(x)):
        return "n/a"
    x = float(x)
    if x == 0.0 or abs(x) < 0.005:
        return "$0"
    sign = "-" if x < 0 else ""
    if round(abs(x), 2) < 100:
        return f"{sign}${abs(x):.2f}"
    a = float(f"{abs(x):.{sig}g}")  # rounded to sig significant figures first
    for scale, word in _SCALES:
        if a >= scale:
            v = a / scale
            text = f"{v:,.0f}" if v >= 10 ** sig else f"{v:.{sig}g}"
            return f"{sign}${text} {word}"
    if a >= 100:
        return f"{sign}${a:,.0f}"
    return f"{sign}${a:,.2f}"


def a_or_an(text: str) -> str:
    """``text`` with the indefinite article it takes when read aloud: 'an 8.0% chance',
    'an 11x', 'an 18-month', 'a 1.5%', 'an $8 million' ('an eight million dollar').

    Numbers read 'eight...', 'eleven...' or 'eighteen...' take 'an': a leading 8, or a
    leading 11 or 18 whose integer part has 2, 5, 8 ... digits (eleven, eleven thousand,
    eleven million).

    >>> [a_or_an(t) for t in ["8.0%", "11x", "18 months", "1.5%", "$8 million", "80%", "110%", "11,000", "item"]]
    ['an 8.0%', 'an 11x', 'an 18 months', 'a 1.5%', 'an $8 million', 'an 80%', 'a 110%', 'an 11,000', 'an item']
    >>> a_or_an("-3%"), a_or_an("unit"), a_or_an("year")
    ('a -3%', 'an unit', 'a year')
    """
    t = text.lstrip("$")
    if t[:1].isdigit():
        integer = ""
        for ch in t:
            if ch.isdigit():
                integer += ch
            elif ch == ",":
                continue
            else:
                break
        an = integer.startswith("8") or (integer[:2] in ("11", "18") and len(integer) % 3 == 2)
    else:
        an = text[:1].lower() in "aeiou" and text[:1] != ""
    return ("an " if an else "a ") + text


def usd_exact(x: float) -> str:
    """Dollars for sourced facts: up to four significant digits, as reported.

    >>> usd_exact(18.67e9), usd_exact(1.75e12), usd_exact(3.2e9), usd_exact(818e6), usd_exact(135.0)
    ('$18.67 billion', '$1.75 trillion', '$3.2 billion', '$818 million', '$135')
    """
    a = abs(x)
    sign = "-" if x < 0 else ""
    for scale, word in _SCALES:
        if a >= scale:
            return f"{sign}${a / scale:.4g} {word}"
    return f"{sign}${a:,.2f}".replace(".00", "")


def pct(x: float, digits: int = 1) -> str:
    """Share as a percentage: ``pct(0.8384) == '83.8%'``.

    >>> pct(0.8384), pct(0.03, 0)
    ('83.8%', '3%')
    """
    return f"{x * 100:.{digits}f}%"


def times(x: float, digits: int = 1) -> str:
    """A multiple: ``times(3.312) == '3.3x'``.

    >>> times(3.312)
    '3.3x'
    """
    return f"{x:.{digits}f}x"


def months(x: float | None, digits: int = 1) -> str:
    """``months(7.42) == '7.4 months'``; ``None`` (never) reads 'never'.

    >>> months(7.42), months(1.0, 0), months(None)
    ('7.4 months', '1 month', 'never')
    """
    if x is None:
        return "never"
    text = f"{x:.{digits}f}"
    return f"{text} month" + ("" if text == "1" else "s")


def count(x: float) -> str:
    """A whole number with thousands separators: ``count(220000) == '220,000'``."""
    return f"{x:,.0f}"


def glue_text(name: str, text: str) -> str:
    """Glue ``text`` under ``name`` for ``{glue:text}`name``` in the prose; returns it."""
    from myst_nb import glue

    glue(name, text, display=False)
    return text


def glue_values(values: dict[str, str]) -> None:
    """Glue many formatted values at once."""
    for name, text in values.items():
        glue_text(name, text)


def glue_markdown(name: str, markdown: str) -> None:
    """Glue MyST markdown (which may hold citations) for ``{glue:md}`name:myst```."""
    from myst_nb import glue

    glue(name, Markdown(markdown), display=False)


def escape(text: object) -> str:
    """Text (free text from a user, or data notes) made safe for a MyST page or table cell:
    HTML-escaped, and every character MyST would read as markup (table bars, roles,
    dollar math, emphasis, escapes) turned into an entity, so it renders as written.

    >>> escape('<script>alert(1)</script> | `x`')
    '&lt;script&gt;alert(1)&lt;/script&gt; &#124; &#96;x&#96;'
    >>> escape('$1 *and* a' + chr(92) + 'b')
    '&#36;1 &#42;and&#42; a&#92;b'
    """
    return (html.escape(str(text), quote=True).replace("\\", "&#92;").replace("|", "&#124;")
            .replace("`", "&#96;").replace("{", "&#123;").replace("}", "&#125;").replace("$", "&#36;")
            .replace("*", "&#42;"))


def paragraph(text: str) -> HTML:
    """Free text (a scenario description from a user's file) as an escaped paragraph.

    >>> paragraph("<b>x</b> & y").data
    '<blockquote class="colossus-description">&lt;b&gt;x&lt;/b&gt; &amp; y</blockquote>'
    """
    return HTML(f'<blockquote class="colossus-description">{html.escape(text)}</blockquote>')


def markdown_table(df: pd.DataFrame, escape_columns: tuple[str, ...] = ()) -> Markdown:
    """A pipe table (rendered by MyST, so cells may carry ``{cite:p}`` roles); columns in
    ``escape_columns`` hold free text and are escaped."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join(["---"] * len(cols)) + "|"]
    for _, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            v = "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
            cells.append(escape(v) if c in escape_columns else v.replace("|", "&#124;").replace("\n", " "))
        lines.append("| " + " | ".join(cells) + " |")
    return Markdown("\n".join(lines))


def html_table(df: pd.DataFrame, caption: str | None = None) -> HTML:
    """An escaped HTML table with the book's table classes."""
    body = df.to_html(index=False, escape=True, border=0, classes=["table", "colossus-table"], justify="left")
    if caption:
        body = body.replace(">\n  <thead>", f">\n  <caption>{html.escape(caption)}</caption>\n  <thead>", 1)
    return HTML(body)


def glue_table(name: str, table: Markdown | HTML | None) -> None:
    """Glue a table (from ``markdown_table`` or ``html_table``; ``None`` for no table in
    this build) under ``name`` for a ``{glued-table}`` directive, which numbers it
    ("Table 2.1"), captions it and gives it a stable anchor (``colossus.book.sphinx_tables``)."""
    from myst_nb import glue

    glue(name, Markdown("") if table is None else table, display=False)


def plural(n: float, word: str) -> str:
    """``plural(1, 'month') == '1 month'``, ``plural(3, 'month') == '3 months'``.

    >>> plural(1, "month"), plural(0, "month"), plural(6, "month")
    ('1 month', '0 months', '6 months')
    """
    return f"{n:g} {word}" + ("" if n == 1 else "s")


def terms_sentence(notice_months: int, lock_months: int, variants: dict) -> str:
    """How the build's notice and lock-in read, and which source's reading they match.

    >>> v = {"seed": {"label": "the Deep News article", "lock_months": 6, "notice_months": 1},
    ...      "s1": {"label": "the S-1 reading", "lock_months": 0, "notice_months": 3}}
    >>> terms_sentence(3, 0, v)
    'a notice takes effect 3 months after it is served and there is no lock-in (as in the S-1 reading)'
    >>> terms_sentence(1, 6, v)
    'a notice takes effect 1 month after it is served and none can take effect in the first 6 months (as in the Deep News article)'
    >>> terms_sentence(0, 0, v)
    'a notice takes effect as soon as it is served and there is no lock-in (matching neither source)'
    >>> terms_sentence(2, 0, v)
    'a notice takes effect 2 months after it is served and there is no lock-in (matching neither source)'
    """
    lock = ("there is no lock-in" if lock_months == 0
            else f"none can take effect in the first {plural(lock_months, 'month')}")
    match = [v["label"] for v in variants.values()
             if v["lock_months"] == lock_months and v["notice_months"] == notice_months]
    source = f"as in {match[0]}" if match else "matching neither source"
    when = "as soon as it is served" if notice_months == 0 else f"{plural(notice_months, 'month')} after it is served"
    return f"a notice takes effect {when} and {lock} ({source})"


def cost_or_gain(net_cost: float) -> str:
    """'cost xAI $X' for a positive net cost, 'gain xAI $X' for a negative one.

    >>> cost_or_gain(3.0e9), cost_or_gain(-2.5e9), cost_or_gain(0.0)
    ('cost xAI $3 billion', 'gain xAI $2.5 billion', 'neither cost nor gain xAI anything')
    """
    if abs(net_cost) < 0.5:
        return "neither cost nor gain xAI anything"
    return f"{'cost' if net_cost > 0 else 'gain'} xAI {usd(abs(net_cost))}"
