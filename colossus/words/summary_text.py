"""Wording of the summary page and the scenarios chapter: the headline numbers, how each is
written, and the sentences on scenarios and sensitivity. Every function returns text that
is true for any value it is given; the chapters' own phrase modules
(:mod:`colossus.words.lease_text`, :mod:`colossus.words.offset_text`, :mod:`colossus.words.ipo_text`) are
reused for the answers themselves.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from . import report
from .ipo_text import per_share, share_text
from .offset_text import quarter_name


def _or_na(fmt: Callable[[float], str], missing: str = "n/a") -> Callable[[object], str]:
    def f(x: object) -> str:
        if x is None or (isinstance(x, float) and not math.isfinite(x)):
            return missing
        return fmt(x)
    return f


def _signed_cliff(x: float) -> str:
    """A cliff's share of the price with its sign (negative: a notice would add value).

    >>> _signed_cliff(0.0103), _signed_cliff(-0.0025), _signed_cliff(-0.0003)
    ('1.0%', '-0.2%', 'between -0.1% and 0%')
    """
    text = share_text(x)
    if x >= 0:
        return text
    return "between -0.1% and 0%" if text.startswith("less") else "-" + text


def _signed_share(x: float) -> str:
    """``'-41.6%'`` / ``'+3.0%'``: a signed error share."""
    return ("+" if x > 0 else "") + report.pct(x)


#: The headline numbers: key number -> (label, how it is written). Their order is the
#: summary table's.
HEADLINES: dict[str, tuple[str, Callable[[object], str]]] = {
    "contracted_revenue_usd": ("Contracted revenue (whole term)", _or_na(report.usd)),
    "expected_revenue_usd": ("Expected revenue (notice risk)", _or_na(report.usd)),
    "npv_expected_revenue_usd": ("Present value of the expected rent to come, at the valuation date", _or_na(report.usd)),
    "implied_usd_per_gpu_hour": ("Implied price per GPU-hour", _or_na(report.usd)),
    "premium_vs_market": ("Multiple of the market H100 rate", _or_na(lambda x: report.times(x, 2))),
    "offset_ratio_first_full_quarter": ("Offset ratio, first full quarter",
                                        _or_na(lambda x: report.times(x, 2),
                                               "none (no full-rent quarter, or no loss to offset)")),
    "anthropic_net_contribution_usd": ("Anthropic's net contribution (modelled quarters)", _or_na(report.usd)),
    "ai_breakeven_quarter": ("AI segment's first quarter without a loss",
                             _or_na(quarter_name, "none modelled")),
    "ai_loss_returns_quarter": ("AI segment back in a loss for good from", _or_na(quarter_name, "not within the term")),
    "backtest_latest_ai_operating_income_error_share": ("Back-test, newest reported quarter: AI operating income, "
                                                        "model error", _or_na(_signed_share, "none (no quarter back-tested)")),
    "backtest_latest_spacex_operating_income_error_share": ("Back-test, newest reported quarter: SpaceX operating "
                                                            "income, model error",
                                                            _or_na(_signed_share, "none (no quarter back-tested)")),
    "cash_rent_share_of_capex": ("Leasing rent, share of the AI segment's capex (modelled quarters)",
                                 _or_na(report.pct, "none (no capex)")),
    "lease_durable_value_per_share_usd": ("Durable value of the lease per share, at the valuation date", _or_na(per_share)),
    "termination_cliff_share_of_share_price": ("Termination cliff, share of the price analysed",
                                               _or_na(_signed_cliff)),
    "price_implied_ai_ev_revenue_multiple": ("AI multiple implied by the share price",
                                             _or_na(report.times, "none (no AI revenue)")),
}


def headline(key: str, value: object) -> str:
    """A headline number written as the summary writes it.

    >>> headline("contracted_revenue_usd", 45e9), headline("ai_breakeven_quarter", None)
    ('$45 billion', 'none modelled')
    >>> headline("backtest_latest_ai_operating_income_error_share", -0.4162)
    '-41.6%'
    """
    return HEADLINES[key][1](value)


def plain(value: object) -> str:
    """Any key number for the full table: text as it is, numbers unrounded but readable
    (as in the parameters appendix), ``n/a`` for a value that does not exist.

    >>> plain(45e9), plain(0.0301), plain(37), plain("2026Q3"), plain(None), plain(["2026Q2", "2026Q3"])
    ('45,000,000,000', '0.0301', '37', '2026Q3', 'n/a', '2026Q2 2026Q3')
    >>> plain(-0.00001), plain(-0.4), plain(-0.3)
    ('0.0000', '-0.4000', '-0.3000')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, (list, tuple)):
        return " ".join(map(str, value)) if value else "none"
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:,.4f}"
    return text.removeprefix("-") if text.strip("-0.,") == "" else text   # a tiny negative is no "-0.0000"


def column_names(scenarios: list[str], build_column: str | None) -> dict[str, str]:
    """Column headings of a side-by-side table; the column that is this build is marked.

    ``build_column`` is the scenario this build equals (same fingerprint), or ``None``
    when this build is none of them and gets a column of its own, ``"this build"``.

    >>> column_names(["base", "bull", "bear"], "base")
    {'base': 'base (this build)', 'bull': 'bull', 'bear': 'bear'}
    >>> column_names(["base", "bull", "bear"], None)["this build"]
    'this build'
    """
    names = {s: f"{s} (this build)" if s == build_column else s for s in scenarios}
    if build_column is None:
        names["this build"] = "this build"
    return names


def change_phrase(change: float, text: str) -> str:
    """What moving an assumption does to an output; ``text`` is the change's size written out.

    >>> change_phrase(2.0, "$2 billion"), change_phrase(-1.0, "$1 billion"), change_phrase(0.0, "$0")
    ('raises it by $2 billion', 'lowers it by $1 billion', 'leaves it unchanged')
    """
    if change > 0:
        return f"raises it by {text}"
    if change < 0:
        return f"lowers it by {text}"
    return "leaves it unchanged"


def top_mover_sentence(label: str, rows: pd.DataFrame, fmt: Callable[[float], str]) -> str:
    """One sentence on the assumption that moves one output most, from that output's rows
    of :func:`colossus.model.sensitivity.tornado_table` (largest swing first); ``fmt`` writes a
    change of the output.

    >>> rows = pd.DataFrame([{"parameter": "a.x", "bear_value": 1, "bull_value": 3, "bear_change": -2.0,
    ...                       "bull_change": 1.0, "swing": 3.0}])
    >>> top_mover_sentence("The NPV", rows, lambda v: f"{v:g}")
    'The NPV moves most with a.x: its bear value (1) lowers it by 2 and its bull value (3) raises it by 1.'
    >>> top_mover_sentence("The NPV", rows.assign(swing=0.0), str)
    'No assumption the scenarios vary moves the NPV in this build.'
    """
    moving = rows[rows["swing"] > 0]
    if moving.empty:
        return f"No assumption the scenarios vary moves {label[:1].lower() + label[1:]} in this build."
    top = moving.iloc[0]
    parts = []
    for end in ("bear", "bull"):
        d = float(top[f"{end}_change"])
        parts.append(f"its {end} value ({value_text(top[f'{end}_value'])}) "
                     + (change_phrase(d, fmt(abs(d))) if math.isfinite(d) else "cannot be set in this build"))
    return f"{label} moves most with {top['parameter']}: {parts[0]} and {parts[1]}."


def value_text(v: object) -> str:
    """A parameter value as the tables write it: ``0.08``, ``80,000,000``, ``2027-06``.

    >>> value_text(0.08), value_text(80000000.0), value_text("2027-06"), value_text(4)
    ('0.08', '80,000,000', '2027-06', '4')
    """
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, int) or (abs(v) >= 1e6 and v == int(v)):
        return f"{v:,.0f}"
    return f"{v:,.6g}"


def side_by_side_html(numbers: dict[str, dict], keys: list[str], headings: dict[str, str],
                      labels: dict[str, str], fmt: Callable[[str, object], str], table_id: str,
                      caption: str) -> str:
    """An HTML table of key numbers side by side: one row per key (its label first), one
    column per entry of ``headings`` (``{column: heading}``, the columns of ``numbers``).
    Each value cell carries ``data-key``, ``data-scenario`` and ``data-value`` (the raw
    value as JSON), so a reader's script, or a test, reads the number behind the text.

    >>> html_text = side_by_side_html({"base": {"x": 1.5}}, ["x"], {"base": "base"}, {"x": "X"},
    ...                               lambda k, v: f"{v:.1f}", "t", "A table")
    >>> 'data-key="x" data-scenario="base" data-value="1.5">1.5</td>' in html_text
    True
    """
    import html
    import json

    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headings.values())
    body = []
    for key in keys:
        cells = []
        for col in headings:
            v = numbers[col].get(key)
            cls = ' class="colossus-this-build"' if "this build" in headings[col] else ""
            cells.append(f'<td{cls} data-key="{html.escape(key)}" data-scenario="{html.escape(col)}" '
                         f'data-value="{html.escape(json.dumps(v), quote=True)}">{html.escape(fmt(key, v))}</td>')
        body.append(f'<tr><th scope="row">{html.escape(labels.get(key, key))}</th>{"".join(cells)}</tr>')
    return (f'<table class="table colossus-table" id="{html.escape(table_id)}">'
            f"<caption>{html.escape(caption)}</caption>"
            f'<thead><tr><th scope="col">Key number</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


# --------------------------------------------------------------------------- the summary page

def build_line(version: str, date: str) -> str:
    """What the summary says of the build itself: its version and the commit's date, or
    that it has no date when it was built outside a git checkout (``date`` is ``undated``).

    >>> build_line("0.1.0+g1234567890", "2026-12-02")
    "This build is version 0.1.0+g1234567890, of 2026-12-02 (the commit's date)."
    >>> build_line("0.1.0", "undated")
    'This build is version 0.1.0; it was built outside a git checkout, so it has no commit date.'
    """
    if date != "undated":
        return f"This build is version {version}, of {date} (the commit's date)."
    return f"This build is version {version}; it was built outside a git checkout, so it has no commit date."


# --------------------------------------------------------------------------- the scenarios chapter

def build_is(build_column: str | None) -> str:
    """Which scenario this build's parameters are, for "This build's parameters are ...".

    >>> build_is("bear"), build_is(None)
    ('the bear scenario: its column is marked', 'none of the three scenarios, so it has a column of its own')
    """
    if build_column:
        return f"the {build_column} scenario: its column is marked"
    return "none of the three scenarios, so it has a column of its own"


def anchor_note(build_anchor: str, scenario_anchor: str, same_everywhere: bool) -> str:
    """Where the quarterly models of the side-by-side table start: from the same reported
    quarter in every column, or (a build with ``model.anchor_quarter`` set) elsewhere in this
    build's column than in the scenarios'.

    >>> anchor_note("2026Q2", "2026Q2", True)[:80]
    "Every column's quarterly model starts from Q2 2026, the latest quarter SpaceX ha"
    >>> anchor_note("2026Q1", "2026Q2", False)[:111]
    "The scenarios' quarterly models start from Q2 2026, the latest quarter SpaceX has reported; this build's starts"
    """
    if same_everywhere:
        return (f"Every column's quarterly model starts from {quarter_name(build_anchor)}, the latest quarter "
                f"SpaceX has reported: the scenarios vary assumptions, never the reported quarters.")
    return (f"The scenarios' quarterly models start from {quarter_name(scenario_anchor)}, the latest quarter "
            f"SpaceX has reported; this build's starts from {quarter_name(build_anchor)} "
            f"(`model.anchor_quarter`), so its forecast quarters start elsewhere than the scenarios' (the "
            f"back-tests, each run from the quarter before the one it tests, are the same for every anchor).")


def output_change(output: str, value: float) -> str:
    """A change of one of the tornado's main outputs, written in its unit (a per-share value
    in dollars and cents a share, an amount in dollars, a ratio as a multiple).

    >>> output_change("lease_durable_value_per_share_usd", 1.5), output_change("npv_expected_revenue_usd", 2e9)
    ('$1.50 a share', '$2 billion')
    >>> output_change("offset_ratio_first_full_quarter", 0.25)
    '0.25x'
    """
    if output.endswith("_per_share_usd"):
        return f"${value:,.2f} a share"
    if output.endswith("_usd"):
        return report.usd(value)
    return report.times(value, 2)


def movers(tornado: pd.DataFrame, outputs: dict[str, str]) -> str:
    """For each main output (``{key: label}``), the assumption that moves it most, from
    :func:`colossus.model.sensitivity.tornado_table`, one sentence each (an output that does
    not exist in this build says so).

    >>> rows = pd.DataFrame([{"output": "x_usd", "parameter": "a.x", "bear_value": 1, "bull_value": 3,
    ...     "bear_change": -2e9, "bull_change": 1e9, "swing": 3e9, "at_build": 5e9},
    ...     {"output": "y", "parameter": "a.x", "bear_value": 1, "bull_value": 3, "bear_change": None,
    ...      "bull_change": None, "swing": None, "at_build": None}])
    >>> movers(rows, {"x_usd": "The NPV", "y": "The ratio"})
    'The NPV moves most with a.x: its bear value (1) lowers it by $2 billion and its bull value (3) raises it by $1 billion. The ratio does not exist in this build, so nothing moves it.'
    """
    sentences = []
    for output, label in outputs.items():
        rows = tornado[tornado["output"] == output]
        if rows["at_build"].isna().all():
            sentences.append(f"{label} does not exist in this build, so nothing moves it.")
        else:
            sentences.append(top_mover_sentence(label, rows, lambda v, o=output: output_change(o, v)))
    return " ".join(sentences)


def left_out(invalid: list[str]) -> str:
    """The assumptions the tornado leaves out (their bear or bull value does not fit with this
    build's other parameters), or nothing.

    >>> left_out([]), left_out(["lease.end", "lease.start"])
    ('', "Left out because their bear or bull value does not fit with this build's other parameters: lease.end, lease.start.")
    """
    if not invalid:
        return ""
    return ("Left out because their bear or bull value does not fit with this build's other "
            "parameters: " + ", ".join(invalid) + ".")


def weights_text(weights: dict[str, float]) -> str:
    """The starting scenario weights in words.

    >>> weights_text({"base": 2, "bull": 1, "bear": 1})
    '2 for base, 1 for bull, 1 for bear'
    """
    return ", ".join(f"{w} for {s}" for s, w in weights.items())


def weighted_values(npv: float, net: float, per_share: float) -> list[str]:
    """The three weighted means the scenarios chapter states, each with what it is.

    >>> weighted_values(2.2e10, 3.5e9, 1.234)
    ['$22 billion for the present value of the expected lease revenue', "$3.5 billion for Anthropic's net contribution", "$1.23 a share for the lease's durable value"]
    """
    return [f"{report.usd(npv)} for the present value of the expected lease revenue",
            f"{report.usd(net)} for Anthropic's net contribution",
            f"${per_share:,.2f} a share for the lease's durable value"]


def weighted_text(texts: list[str]) -> str:
    """:func:`weighted_values` as one clause of the prose ("...; and ...").

    >>> weighted_text(["a", "b", "c"])
    'a; b; and c'
    """
    return "; ".join(texts[:-1]) + "; and " + texts[-1]
