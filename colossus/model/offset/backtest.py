"""The walk-forward back-test: every reported quarter whose previous quarter is reported,
modelled from that one with nothing fitted, and the split of its error.

Part of :mod:`colossus.model.offset`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...inputs import reported
from ...inputs.params import Parameters
from .anchoring import anchor
from .quarterly import _lease_by_month, _model, anchor_cost_ex_leasing
from .quarters import next_quarter

#: The measures a back-test compares, in order.
BACKTEST_MEASURES = tuple(key for key, _, _ in reported.BACKTEST_FIGURES)


def backtest_quarters(table: pd.DataFrame | None = None) -> list[str]:
    """The reported quarters that can be back-tested: the three compared figures
    (:data:`colossus.inputs.reported.BACKTEST_FIGURES`) are reported for the quarter, and the
    quarter before it can anchor the model. In order.

    >>> backtest_quarters()
    ['2026Q2']
    """
    t = reported.load() if table is None else table
    anchors = set(reported.anchor_quarters(t))
    return [q for q in reported.quarters(t)
            if next_quarter(q, -1) in anchors and reported.comparable(q, t) is not None]


def not_backtested(table: pd.DataFrame | None = None) -> list[str]:
    """Reported quarters after the first that cannot be back-tested (the quarter before
    them is not reported with the anchor's figures, or a compared figure is missing).

    >>> not_backtested()
    ['2026Q1']
    """
    t = reported.load() if table is None else table
    qs = reported.quarters(t)
    done = set(backtest_quarters(t))
    return [q for q in qs[1:] if q not in done]


def latest_backtest_quarter() -> str | None:
    """The newest back-tested quarter, or ``None`` when none can be.

    >>> latest_backtest_quarter()
    '2026Q2'
    """
    qs = backtest_quarters()
    return qs[-1] if qs else None


def backtest_row(p: Parameters, quarter: str) -> pd.Series:
    """The model's row for ``quarter``, anchored at the quarter before with its reported
    figures only (whatever anchor values ``p`` sets)."""
    a = anchor(p, next_quarter(quarter, -1))
    return _model(p, quarters=[quarter], a=a).set_index("quarter").loc[quarter]


def _reported(reported_figures: dict) -> dict:
    missing = [k for k in BACKTEST_MEASURES if k not in reported_figures]
    if missing:
        raise KeyError(f"reported: missing {missing}; expected the keys {list(BACKTEST_MEASURES)} (USD per quarter)")
    return {k: float(reported_figures[k]) for k in BACKTEST_MEASURES}


def _default_quarter(quarter: str | None) -> str:
    if quarter is not None:
        return quarter
    q = latest_backtest_quarter()
    if q is None:
        raise ValueError("no reported quarter can be back-tested: none follows a quarter that can anchor the model")
    return q


def backtest(p: Parameters, reported_figures: dict, quarter: str | None = None) -> pd.DataFrame:
    """The model's quarter, projected from the quarter before it, against the reported figures.

    Parameters
    ----------
    p : Parameters
        As for the projections; nothing is fitted to the reported values. The anchor is
        the quarter before ``quarter``, at its reported figures (the anchor values ``p``
        may set are for the forecast, not for a test).
    reported_figures : dict
        ``ai_revenue_usd``, ``ai_operating_income_usd`` and ``spacex_operating_income_usd``
        reported for ``quarter``, USD per quarter (a loss negative).
    quarter : str, optional
        The reported quarter; default the newest back-tested one
        (:func:`latest_backtest_quarter`).

    Returns
    -------
    DataFrame
        Rows ``ai_revenue_usd`` (model ``R + L + O``, ``L`` expected),
        ``ai_operating_income_usd`` (``A``) and ``spacex_operating_income_usd``
        (``X + A``); columns ``measure``, ``model_usd``, ``reported_usd``, ``error_usd``
        ``= model - reported`` and ``error_share`` ``= error / |reported|`` (None when the
        reported value is 0).

    Examples
    --------
    >>> b = backtest(Parameters(), {"ai_revenue_usd": 2e9, "ai_operating_income_usd": -1e9,
    ...                            "spacex_operating_income_usd": -1e8}, "2026Q2")
    >>> b["measure"].tolist()
    ['ai_revenue_usd', 'ai_operating_income_usd', 'spacex_operating_income_usd']
    >>> round(float(b.loc[1, "error_usd"]) / 1e6)        # the model's Q2 2026 from Q1 2026, less -1e9
    -780
    """
    quarter = _default_quarter(quarter)
    rep = _reported(reported_figures)
    row = backtest_row(p, quarter)
    model = {
        "ai_revenue_usd": row["ai_revenue_usd"],
        "ai_operating_income_usd": row["ai_operating_income_usd"],
        "spacex_operating_income_usd": row["spacex_operating_income_usd"],
    }
    rows = []
    for key in BACKTEST_MEASURES:
        err = float(model[key]) - rep[key]
        rows.append({"measure": key, "model_usd": float(model[key]), "reported_usd": rep[key],
                     "error_usd": err, "error_share": None if rep[key] == 0 else err / abs(rep[key])})
    out = pd.DataFrame(rows)
    out["error_share"] = out["error_share"].astype(object).where(out["error_share"].notna(), None)
    return out


def reported_for(quarter: str) -> dict:
    """The reported figures of ``quarter`` a back-test compares
    (:func:`colossus.inputs.reported.comparable`; KeyError when one is missing)."""
    figures = reported.comparable(quarter)
    if figures is None:
        raise KeyError(f"{quarter}: not every figure a back-test compares is in reported_quarters.csv")
    return figures


def reported_from_facts() -> dict:
    """The reported figures of the newest back-tested quarter (:func:`reported_for`)."""
    return reported_for(_default_quarter(None))


def backtest_from_facts(p: Parameters, quarter: str | None = None) -> pd.DataFrame:
    """:func:`backtest` of ``quarter`` (default the newest back-tested one) against its
    reported figures."""
    quarter = _default_quarter(quarter)
    return backtest(p, reported_for(quarter), quarter)


def walk_forward(p: Parameters) -> pd.DataFrame:
    """Every back-testable reported quarter, each from the quarter before it.

    Returns
    -------
    DataFrame
        One row per (quarter, measure), quarters in order: ``quarter``, ``anchor_quarter``
        (the quarter before), then the columns of :func:`backtest`. Empty (with those
        columns) when no quarter can be back-tested.

    Notes
    -----
    A walk-forward test: for each reported quarter ``q`` after the first whose previous
    quarter ``q - 1`` can anchor the model, the model is run from ``q - 1``'s reported
    figures with ``p``'s growth rates and lease terms, and its ``q`` is compared with the
    reported ``q``. Nothing is fitted: no parameter is chosen to match any reported figure.

    Examples
    --------
    >>> w = walk_forward(Parameters())
    >>> w["quarter"].unique().tolist(), w["anchor_quarter"].unique().tolist()
    (['2026Q2'], ['2026Q1'])
    """
    frames = []
    for q in backtest_quarters():
        b = backtest_from_facts(p, q)
        b.insert(0, "anchor_quarter", next_quarter(q, -1))
        b.insert(0, "quarter", q)
        frames.append(b)
    cols = ["quarter", "anchor_quarter", "measure", "model_usd", "reported_usd", "error_usd", "error_share"]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols]


def track_record(w: pd.DataFrame) -> dict:
    """Mean absolute errors of a :func:`walk_forward`, per measure.

    Returns
    -------
    dict
        ``n`` (quarters back-tested) and, for each measure ``m`` of
        :data:`BACKTEST_MEASURES`, ``m`` -> ``(mean |error| USD, mean |error share|)``,
        each ``None`` when there is no quarter (the share also when a reported value is 0).

    Notes
    -----
    .. math:: \\text{MAE} = \\frac{1}{n}\\sum_q |\\text{model}_q - \\text{reported}_q|, \\qquad
              \\text{MAPE} = \\frac{1}{n}\\sum_q \\frac{|\\text{model}_q - \\text{reported}_q|}{|\\text{reported}_q|}

    Examples
    --------
    >>> w = pd.DataFrame({"quarter": ["a", "a", "b", "b"], "measure": ["x", "y", "x", "y"],
    ...                   "error_usd": [1.0, -4.0, -3.0, 2.0], "error_share": [0.1, None, -0.3, 0.5]})
    >>> r = track_record(w)
    >>> r["n"], r["x"], r["y"]
    (2, (2.0, 0.2), (3.0, None))
    """
    n = int(w["quarter"].nunique()) if len(w) else 0
    out: dict = {"n": n}
    for m in (BACKTEST_MEASURES if not len(w) else dict.fromkeys(w["measure"])):
        sub = w[w["measure"] == m] if len(w) else w
        if not len(sub):
            out[m] = (None, None)
            continue
        shares = sub["error_share"].tolist()
        mape = None if any(x is None or pd.isna(x) for x in shares) else float(np.mean(np.abs(shares)))
        out[m] = (float(np.mean(np.abs(sub["error_usd"].to_numpy(dtype=float)))), mape)
    return out


def backtest_attribution(p: Parameters, reported_figures: dict, quarter: str | None = None) -> pd.DataFrame:
    """What the back-test's revenue and income errors are made of.

    Parameters
    ----------
    p, reported_figures, quarter
        As in :func:`backtest`.

    Returns
    -------
    DataFrame
        Columns ``item``, ``kind``, ``model_usd``, ``reported_usd``, ``gap_usd``
        (``model - reported``, or None), ``meaning``. Rows, in order:

        ``revenue_ex_leasing`` (part): the model's ``R``. Not reported separately, so the
        reported side assumes it is right (gap 0): every revenue error is put on leasing.
        ``anthropic_rent`` (part): the model's expected ``L`` with the ramp.
        ``other_tenants_rent`` (part): the model's ``O`` (zero when no tenant has started).
        ``leasing_revenue`` (gap): model ``L + O`` against what the report implies,
        reported AI revenue less the model's ``R``.
        ``ai_revenue`` (gap): model ``R + L + O`` against reported; equals the previous gap.
        ``ai_cost`` (gap): model ``C + K + (1 - m) O`` against reported revenue less
        reported operating income.
        ``ai_operating_income`` (gap): equals the revenue gap less the cost gap.
        ``lever_ramp`` (lever): rent the ramp discount removes from the quarter,
        ``sum (Rent_full - Rent_t) S(t)``; a ramp that was shorter or shallower than
        assumed would add up to this much to revenue and income.
        ``lever_cost_growth`` (lever): ``C - C0``, the cost growth assumed since the
        anchor; with no cost growth income would be this much higher.

    Notes
    -----
    An accounting of the error, not a fit: no parameter is changed to match the report.
    The split of reported revenue between leasing and other revenue is not disclosed
    here, so it is an implication of the model's ``R``.

    Examples
    --------
    >>> a = backtest_attribution(Parameters(), {"ai_revenue_usd": 2e9, "ai_operating_income_usd": -1e9,
    ...                                        "spacex_operating_income_usd": -1e8})
    >>> a["item"].tolist()[:4]
    ['revenue_ex_leasing', 'anthropic_rent', 'other_tenants_rent', 'leasing_revenue']
    """
    quarter = _default_quarter(quarter)
    rep = _reported(reported_figures)
    row = backtest_row(p, quarter)
    R, L, O = (float(row[c]) for c in ("revenue_ex_leasing_usd", "anthropic_rent_expected_usd",
                                        "other_tenants_revenue_usd"))
    C, K, A = (float(row[c]) for c in ("cost_ex_leasing_usd", "anthropic_lease_cost_expected_usd",
                                        "ai_operating_income_usd"))
    m = p.tenants.operating_margin
    sched = _lease_by_month(p)
    in_q = (sched["quarter"] == quarter).to_numpy()
    ramp_discount = float(((p.lease.monthly_rent_usd - sched["rent_usd"]) * sched["survival"]).to_numpy()[in_q].sum())
    C0 = anchor_cost_ex_leasing(p, anchor(p, next_quarter(quarter, -1)))
    rev_rep, inc_rep = rep["ai_revenue_usd"], rep["ai_operating_income_usd"]
    model_cost = C + K + (1.0 - m) * O
    rows = [
        ("revenue_ex_leasing", "part", R, R, 0.0,
         "AI revenue other than compute leasing, grown from the anchor; assumed right, so every revenue "
         "error is put on leasing"),
        ("anthropic_rent", "part", L, None, None, "Anthropic rent expected in the quarter, with the ramp"),
        ("other_tenants_rent", "part", O, None, None, "other tenants' rent in their paid months of the quarter"),
        ("leasing_revenue", "gap", L + O, rev_rep - R, L + O - (rev_rep - R),
         "leasing revenue: the model's against reported AI revenue less the model's non-leasing revenue"),
        ("ai_revenue", "gap", R + L + O, rev_rep, R + L + O - rev_rep, "AI segment revenue"),
        ("ai_cost", "gap", model_cost, rev_rep - inc_rep, model_cost - (rev_rep - inc_rep),
         "AI segment operating cost: revenue less operating income"),
        ("ai_operating_income", "gap", A, inc_rep, A - inc_rep,
         "AI segment operating income: the revenue gap less the cost gap"),
        ("lever_ramp", "lever", ramp_discount, None, None,
         "rent the assumed ramp discount removes from the quarter"),
        ("lever_cost_growth", "lever", float(C - C0), None, None,
         "operating cost added by the assumed cost growth since the anchor quarter"),
    ]
    out = pd.DataFrame(rows, columns=["item", "kind", "model_usd", "reported_usd", "gap_usd", "meaning"])
    for col in ("reported_usd", "gap_usd"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out
