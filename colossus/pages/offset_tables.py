"""The tables of the chapter "Losses offset by rent", shaped for the page: the AI segment's
cash by quarter, the walk-forward back-test, the newest back-test and its attribution.

Each function takes what the model computed and returns a MyST pipe table
(:func:`colossus.words.report.markdown_table`) whose cells may carry citations; the
caption stays in the chapter's ``{glued-table}`` directive. Used by :mod:`colossus.pages.offset`.
"""
from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from ..inputs import reported
from ..words import offset_text as say
from ..words import report

#: How the back-test's measures head the tables' columns and rows, in order.
BACKTEST_LABELS = {"ai_revenue_usd": "AI segment revenue", "ai_operating_income_usd": "AI segment operating income",
                   "spacex_operating_income_usd": "SpaceX operating income"}
#: Where each back-tested measure is reported: (entity, measure) in ``data/reported_quarters.csv``.
MEASURE_SOURCE = {key: (entity, measure) for key, entity, measure in reported.BACKTEST_FIGURES}
#: The attribution's items as the table names them.
ATTRIBUTION_NAMES = {"revenue_ex_leasing": "Revenue other than leasing", "anthropic_rent": "Anthropic rent (expected)",
                     "other_tenants_rent": "Other tenants' rent", "leasing_revenue": "Leasing revenue",
                     "ai_revenue": "AI segment revenue", "ai_cost": "AI segment operating cost",
                     "ai_operating_income": "AI segment operating income",
                     "lever_ramp": "Lever: rent removed by the ramp discount",
                     "lever_cost_growth": "Lever: cost added by cost growth since the anchor"}


def _money(v) -> str:
    """An amount, or an empty cell for none.

    >>> _money(None), _money(2.5e9)
    ('', '$2.5 billion')
    """
    return "" if v is None else report.usd(float(v))


def cash_table(cash_t: pd.DataFrame) -> Markdown:
    """The AI segment's cash by quarter (:func:`colossus.model.cash.cash_table`): reported
    quarters marked, with their reported capex cited.

    >>> from colossus.inputs.params import Parameters
    >>> from colossus.model import cash
    >>> cash_table(cash.cash_table(Parameters())).data.splitlines()[0]
    '| Quarter | Capital expenditure | Operating income | Depreciation added back | Cash flow | Cumulative cash flow | Leasing rent | Rent, share of capex |'
    """
    rows = []
    for _, r in cash_t.iterrows():
        cited = r["reported"] and r["capex_usd"] is not None
        rows.append({
            "Quarter": say.quarter_name(r["quarter"]) + (" (reported)" if r["reported"] else ""),
            "Capital expenditure": _money(r["capex_usd"]) + (f" {reported.cite(r['quarter'], 'ai', 'capex_usd')}"
                                                             if cited else ""),
            "Operating income": _money(r["ai_operating_income_usd"]),
            "Depreciation added back": _money(r["depreciation_usd"]),
            "Cash flow": _money(r["cash_flow_usd"]),
            "Cumulative cash flow": _money(r["cumulative_cash_flow_usd"]),
            "Leasing rent": _money(r["leasing_rent_usd"]),
            "Rent, share of capex": "" if r["rent_share_of_capex"] is None else report.pct(r["rent_share_of_capex"]),
        })
    return report.markdown_table(pd.DataFrame(rows))


def backtest_pairs(walk: pd.DataFrame) -> list[tuple[str, str]]:
    """The back-tested quarters with the quarter each was run from, in order, each once.

    >>> from colossus.inputs.params import Parameters
    >>> from colossus.model import offset
    >>> backtest_pairs(offset.walk_forward(Parameters()))
    [('2026Q2', '2026Q1')]
    """
    return list(dict.fromkeys(zip(walk["quarter"], walk["anchor_quarter"]))) if len(walk) else []


def _cell(row: dict, quarter: str) -> str:
    entity, measure = MEASURE_SOURCE[row["measure"]]
    return say.backtest_cell(row["model_usd"], row["reported_usd"], row["error_usd"], row["error_share"],
                             reported.cite(quarter, entity, measure))


def walkforward_table(walk: pd.DataFrame) -> Markdown:
    """The walk-forward back-test (:func:`colossus.model.offset.walk_forward`), one row a
    back-tested quarter; a row saying none can be back-tested yet when there is none.

    >>> import pandas as pd
    >>> walkforward_table(pd.DataFrame()).data.splitlines()[-1]
    '| none |  | no reported quarter can be back-tested yet | no reported quarter can be back-tested yet | no reported quarter can be back-tested yet |'
    """
    rows = []
    for q, a in backtest_pairs(walk):
        sub = walk[walk["quarter"] == q].set_index("measure")
        rows.append({"Quarter": say.quarter_name(q), "Run from": say.quarter_name(a),
                     **{label: _cell(sub.loc[m].to_dict() | {"measure": m}, q) for m, label in BACKTEST_LABELS.items()}})
    if not rows:
        rows = [{"Quarter": "none", "Run from": "",
                 **{label: "no reported quarter can be back-tested yet" for label in BACKTEST_LABELS.values()}}]
    return report.markdown_table(pd.DataFrame(rows))


def backtest_table(bt: pd.DataFrame, quarter: str) -> Markdown:
    """The newest back-test (:func:`colossus.model.offset.backtest_from_facts`, indexed by
    measure): model, reported with its citation, the error and its share.

    >>> from colossus.inputs.params import Parameters
    >>> from colossus.model import offset
    >>> t = backtest_table(offset.backtest_from_facts(Parameters(), "2026Q2").set_index("measure"), "2026Q2")
    >>> t.data.splitlines()[0]
    '| Measure | Model | Reported | Model less reported | Error, share |'
    """
    rows = []
    for measure, label in BACKTEST_LABELS.items():
        r = bt.loc[measure]
        entity, name = MEASURE_SOURCE[measure]
        rows.append({"Measure": label, "Model": report.usd(r["model_usd"]),
                     "Reported": f"{report.usd(r['reported_usd'])} {reported.cite(quarter, entity, name)}",
                     "Model less reported": report.usd(r["error_usd"]),
                     "Error, share": say.error_share_phrase(r["error_share"])})
    return report.markdown_table(pd.DataFrame(rows))


def attribution_table(attr: pd.DataFrame) -> Markdown:
    """The back-test's error item by item (:func:`colossus.model.offset.backtest_attribution`,
    indexed by item); the free-text column is escaped.

    >>> from colossus.inputs.params import Parameters
    >>> from colossus.model import offset
    >>> p = Parameters()
    >>> t = attribution_table(offset.backtest_attribution(p, offset.reported_for("2026Q2"), "2026Q2").set_index("item"))
    >>> t.data.splitlines()[0]
    '| Item | Model | Reported or implied | Model less reported | What it is |'
    """
    rows = [{"Item": ATTRIBUTION_NAMES[item], "Model": report.usd(r["model_usd"]),
             "Reported or implied": "" if r["reported_usd"] is None else report.usd(r["reported_usd"]),
             "Model less reported": "" if r["gap_usd"] is None else report.usd(r["gap_usd"]),
             "What it is": r["meaning"]}
            for item, r in attr.iterrows()]
    return report.markdown_table(pd.DataFrame(rows), escape_columns=("What it is",))
