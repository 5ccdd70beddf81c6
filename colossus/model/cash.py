"""Cash beside operating income: the AI segment's quarterly cash flow, and how much of its
capital expenditure the rent pays for.

Conventions as in :mod:`colossus.model.offset`: calendar quarters ``YYYYQn``, USD per quarter,
money in positive, the forecast quarters of :func:`colossus.model.offset.quarterly_table` (from
the quarter after the anchor). The reported quarters' capex is in
``data/reported_quarters.csv`` (``ai``, ``capex_usd``).

.. math:: CF(q) = A(q) + D(q) - I(q)

``A`` is the AI segment's expected operating income with the lease, ``D`` its
depreciation (a cost inside ``A`` that is not paid in cash in the quarter) and ``I`` its
capital expenditure. Working capital, interest, tax and financing are left out: this is
the cash the segment's operations leave after its investment, not a cash-flow statement.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import offset
from ..inputs import reported
from ..inputs.params import Parameters

#: The columns of :func:`cash_table`, in order.
CASH_COLUMNS = ["quarter", "reported", "capex_usd", "ai_operating_income_usd", "depreciation_usd", "cash_flow_usd",
                "cumulative_cash_flow_usd", "leasing_rent_usd", "anthropic_rent_usd", "rent_share_of_capex"]


def capex_path(p: Parameters, quarters: list[str], anchor_q: str) -> np.ndarray:
    """The AI segment's capex in each forecast quarter.

    Parameters
    ----------
    p : Parameters
        ``cash.capex_quarterly_usd`` ``I_g`` (the guided level), ``cash.capex_guided_through``
        ``q_g`` (the last guided quarter) and ``cash.capex_growth_qoq`` ``g_I`` after it.
    quarters : list of str
        Forecast quarters, all after ``anchor_q``.
    anchor_q : str
        The anchor quarter.

    Returns
    -------
    ndarray
        USD per quarter, ``>= 0``.

    Notes
    -----
    .. math:: I(q) = I_g\\,(1 + g_I)^{n(q)}, \\qquad n(q) = \\max\\big(0,\\; k(q) - k(q_g)\\big)

    Flat at the guided level through ``q_g``, then growing (or, with ``g_I < 0``,
    falling) at ``g_I`` a quarter, counted from ``q_g`` whatever the anchor: a calendar
    quarter's capex is the same from any anchor before it. Source of the default ``I_g``: Q2 2026 AI capex,
    $15,828M, guided "very similar" for each of the next two quarters (Forbes,
    2026-08-05: ``forbes2026``), so ``q_g = 2026Q4``.

    Examples
    --------
    >>> p = Parameters()
    >>> (capex_path(p, ["2026Q3", "2026Q4", "2027Q1", "2027Q2"], "2026Q2") / 1e6).round(2).tolist()
    [15828.0, 15828.0, 15036.6, 14284.77]
    >>> (capex_path(p, ["2027Q4"], "2027Q3") / 1e6).round(1).tolist()   # four quarters after the guidance
    [12892.0]
    """
    C = p.cash
    n = np.array([max(0, offset.quarter_index(q, C.capex_guided_through)) for q in quarters], dtype=float)
    return C.capex_quarterly_usd * np.power(1.0 + C.capex_growth_qoq, n)


def turn_quarter(quarters: list[str], cash_flow) -> str | None:
    """The quarter from which the cumulative cash flow rises for good: the first quarter
    after which no quarter's cash flow is negative, when an earlier one was; ``None`` when
    the cumulative never turns up within the quarters (or never falls).

    >>> turn_quarter(["a", "b", "c", "d"], [-5.0, -1.0, 2.0, 3.0])
    'c'
    >>> turn_quarter(["a", "b", "c"], [-5.0, 2.0, -1.0]) is None, turn_quarter(["a", "b"], [1.0, 2.0]) is None
    (True, True)
    """
    cf = np.asarray(cash_flow, dtype=float)
    negative = np.nonzero(cf < 0)[0]
    if len(negative) == 0 or negative[-1] == len(cf) - 1:
        return None
    return quarters[int(negative[-1]) + 1]


def payback_quarter(quarters: list[str], cash_flow) -> str | None:
    """The first quarter by whose end the cumulative cash flow (from the first forecast
    quarter) is back at zero or above after falling below it; ``None`` otherwise.

    >>> payback_quarter(["a", "b", "c", "d"], [-5.0, -1.0, 4.0, 3.0])
    'd'
    >>> payback_quarter(["a", "b"], [-5.0, 1.0]) is None
    True
    """
    cum = np.cumsum(np.asarray(cash_flow, dtype=float))
    below = np.nonzero(cum < 0)[0]
    if len(below) == 0:
        return None
    after = np.nonzero(cum[below[0]:] >= 0)[0]
    return quarters[int(below[0] + after[0])] if len(after) else None


def _ratio(num: float, den: float) -> float | None:
    """``num / den``, or None when ``den <= 0`` or the ratio is not finite.

    >>> _ratio(1.0, 4.0), _ratio(1.0, 0.0), _ratio(1e300, 1e-300)
    (0.25, None, None)
    """
    if den <= 0:
        return None
    with np.errstate(over="ignore"):
        r = float(np.float64(num) / np.float64(den))
    return r if np.isfinite(r) else None


def cash_table(p: Parameters) -> pd.DataFrame:
    """The AI segment's capex and cash flow: the reported quarters up to the anchor, then
    the forecast.

    Returns
    -------
    DataFrame
        Columns :data:`CASH_COLUMNS`. Reported rows (``reported`` True): the reported
        capex and operating income; the other columns ``None`` (depreciation is not
        reported by segment, so no cash flow). Forecast rows: ``capex_usd`` ``I``
        (:func:`capex_path`); ``ai_operating_income_usd`` ``A``; ``depreciation_usd``
        ``D(q) = D_a (1 + g_c)^k``; ``cash_flow_usd`` ``A + D - I``;
        ``cumulative_cash_flow_usd`` from the first forecast quarter;
        ``leasing_rent_usd`` ``L + O`` (Anthropic's expected rent and the other
        tenants'); ``anthropic_rent_usd`` ``L``; ``rent_share_of_capex`` ``(L + O) / I``
        (None when ``I = 0``).

    Notes
    -----
    ``D_a`` is ``cash.anchor_depreciation_usd`` (an assumption: the segment does not
    report its depreciation). It grows with the cost it is part of, at
    ``xai.cost_growth_qoq``, so that adding it back stays consistent with ``A``.

    Examples
    --------
    >>> t = cash_table(Parameters())
    >>> t["quarter"].tolist()[:4], t["reported"].tolist()[:4]
    (['2025Q2', '2026Q1', '2026Q2', '2026Q3'], [True, True, True, False])
    >>> round(float(t.loc[3, "cash_flow_usd"]) / 1e6, 1)     # 665.9 + 2,000 x 1.06 - 15,828
    -13042.1
    """
    a = offset.anchor(p)
    table = offset.quarterly_table(p)
    quarters = table["quarter"].tolist()
    k = table["k"].to_numpy(dtype=float)
    capex = capex_path(p, quarters, a.quarter)
    A = table["ai_operating_income_usd"].to_numpy(dtype=float)
    D = p.cash.anchor_depreciation_usd * np.power(1.0 + p.xai.cost_growth_qoq, k)
    cf = A + D - capex
    rent = (table["anthropic_rent_expected_usd"] + table["other_tenants_revenue_usd"]).to_numpy(dtype=float)
    rows = []
    data = reported.load()
    for q in reported.quarters(data):
        if offset.quarter_index(q, a.quarter) > 0:
            continue
        i_rep = reported.figure(q, "ai", "capex_usd", data)
        oi = reported.figure(q, "ai", "operating_income_usd", data)
        if i_rep is None and oi is None:
            continue
        rows.append({"quarter": q, "reported": True, "capex_usd": i_rep, "ai_operating_income_usd": oi})
    forecast = pd.DataFrame({
        "quarter": quarters, "reported": False, "capex_usd": capex, "ai_operating_income_usd": A,
        "depreciation_usd": D, "cash_flow_usd": cf, "cumulative_cash_flow_usd": np.cumsum(cf),
        "leasing_rent_usd": rent, "anthropic_rent_usd": table["anthropic_rent_expected_usd"].to_numpy(dtype=float),
        "rent_share_of_capex": [_ratio(r, i) for r, i in zip(rent, capex)],
    })
    out = pd.concat([pd.DataFrame(rows, columns=CASH_COLUMNS, dtype=object), forecast.astype(object)],
                    ignore_index=True)[CASH_COLUMNS]
    return out.astype(object).where(out.notna(), None)


def cash_numbers(p: Parameters) -> dict:
    """The cash view's key numbers.

    Returns
    -------
    dict
        ``cash_capex_total_usd`` (``sum I`` over the forecast), ``cash_leasing_rent_total_usd``
        (``sum (L + O)``), ``cash_rent_share_of_capex`` (their ratio; None when no capex),
        ``cash_flow_total_usd`` (``sum CF``), ``cash_flow_first_quarter_usd``,
        ``cash_turn_quarter`` (:func:`turn_quarter`) and ``cash_payback_quarter``
        (:func:`payback_quarter`), each None when it does not happen within the quarters.

    Examples
    --------
    >>> n = cash_numbers(Parameters())
    >>> round(n["cash_rent_share_of_capex"], 3) > 0, n["cash_payback_quarter"]
    (True, None)
    """
    t = cash_table(p)
    f = t[~t["reported"].astype(bool)]
    capex = float(sum(f["capex_usd"]))
    rent = float(sum(f["leasing_rent_usd"]))
    q = f["quarter"].tolist()
    cf = [float(x) for x in f["cash_flow_usd"]]
    return {
        "cash_capex_total_usd": capex,
        "cash_leasing_rent_total_usd": rent,
        "cash_rent_share_of_capex": _ratio(rent, capex),
        "cash_flow_total_usd": float(sum(cf)),
        "cash_flow_first_quarter_usd": cf[0],
        "cash_turn_quarter": turn_quarter(q, cf),
        "cash_payback_quarter": payback_quarter(q, cf),
    }
