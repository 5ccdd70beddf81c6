"""The quarterly model: the AI segment and SpaceX with and without the lease, by quarter.

Part of :mod:`colossus.model.offset` (its conventions are in the package's docstring).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import costs
from ...inputs import reported
from ...inputs.params import Parameters
from .anchoring import Anchor, anchor, anchor_quarter, model_quarters
from .formulas import breakeven_quarter, grown, loss_returns_quarter, offset_ratio, tenant_rent_by_quarter
from .quarters import _quarter_ordinal, quarter_index, quarter_of
from ..memo import memoised_table

#: The columns the build writes to the quarterly CSV, in this order (``reported``: the row
#: is a reported quarter, with only its reported figures filled in; else the model).
QUARTERLY_COLUMNS = [
    "quarter", "reported", "ai_revenue_usd", "revenue_ex_leasing_usd", "cost_ex_leasing_usd", "anthropic_rent_expected_usd",
    "anthropic_rent_contracted_usd", "anthropic_lease_cost_expected_usd", "other_tenants_revenue_usd",
    "ai_operating_income_usd", "ai_operating_income_without_anthropic_usd", "spacex_operating_income_usd",
    "spacex_operating_income_without_anthropic_usd", "offset_ratio",
]
#: The measures a back-test compares, in order.


@memoised_table
def _lease_by_month(p: Parameters) -> pd.DataFrame:
    """:func:`colossus.model.costs.incremental_schedule` plus ``quarter`` of each lease month."""
    s = costs.incremental_schedule(p)
    s["quarter"] = [quarter_of(m) for m in s["month"]]
    return s


def _sum_by_quarter(values: np.ndarray, position: np.ndarray, n_quarters: int) -> np.ndarray:
    """Sum monthly ``values`` into quarters by ``position`` (months outside are dropped)."""
    inside = (position >= 0) & (position < n_quarters)
    return np.bincount(position[inside], weights=np.asarray(values, dtype=float)[inside],
                       minlength=n_quarters).astype(float)


def anchor_cost_ex_leasing(p: Parameters, a: Anchor) -> float:
    """``C_0``: the anchor quarter's operating cost without the cost of serving its leases.

    Parameters
    ----------
    p : Parameters
    a : Anchor

    Returns
    -------
    float
        USD per quarter, ``>= 0`` when the anchor's cost is.

    Notes
    -----
    .. math:: C_0 = (Rev_a - OI_a) - \\min\\big(Rev_a - OI_a,\\; K(a) + (1 - m)\\,O(a)\\big)

    ``K(a)``: the expected cash cost and replacement compute of the Anthropic lease months in
    the anchor quarter; ``O(a)``: the other tenants' rent in it, served at margin ``m``. The
    model's estimate of what serving the leases cost in the quarter, never more than its
    whole cost (the leasing revenue set aside is the reported one, :func:`anchor`).

    Examples
    --------
    >>> p = Parameters()
    >>> round(anchor_cost_ex_leasing(p, anchor(p, "2026Q1")) / 1e6)      # no lease month in Q1 2026
    3288
    >>> c = anchor_cost_ex_leasing(p, anchor(p, "2026Q2"))
    >>> bool(0 < c < anchor(p, "2026Q2").cost_usd)
    True
    """
    whole = a.cost_usd
    m = _lease_by_month(p)
    in_a = (m["quarter"] == a.quarter).to_numpy()
    surv = m["survival"].to_numpy(dtype=float)
    K_a = float(((m["cash_cost_usd"] + m["replacement_usd"]).to_numpy(dtype=float) * surv)[in_a].sum())
    T = p.tenants
    O_a = float((tenant_rent_by_quarter(T.google_monthly_rent_usd, T.google_start, T.google_end, [a.quarter])
                 + tenant_rent_by_quarter(T.reflection_monthly_rent_usd, T.reflection_start, T.reflection_end,
                                          [a.quarter]))[0])
    serving = K_a + (1.0 - T.operating_margin) * O_a
    return float(whole - min(max(whole, 0.0), serving))


def _model(p: Parameters, survival_override: np.ndarray | None = None,
           quarters: list[str] | None = None, a: Anchor | None = None) -> pd.DataFrame:
    a = anchor(p) if a is None else a
    quarters = model_quarters(p, a.quarter) if quarters is None else quarters
    nq = len(quarters)
    X, L, T = p.xai, p.lease, p.tenants
    k = np.array([quarter_index(q, a.quarter) for q in quarters], dtype=np.int64)
    m = _lease_by_month(p)
    n_months = len(m)
    if survival_override is None:
        surv = m["survival"].to_numpy(dtype=float)
    else:
        surv = np.asarray(survival_override, dtype=float)
        if surv.shape != (n_months,):
            raise ValueError(f"survival_override: expected shape ({n_months},), one value per lease month "
                             f"{L.start} to {L.end}; got {surv.shape}")
        if np.any(~np.isfinite(surv)) or np.any((surv < 0) | (surv > 1)):
            raise ValueError("survival_override: every value must be a probability in [0, 1]")
    pos = np.array([quarter_index(q, a.quarter) for q in m["quarter"]], dtype=np.int64) - int(k[0])
    pos[pos + int(k[0]) <= 0] = -1                    # months in or before the anchor are reported
    rent = m["rent_usd"].to_numpy(dtype=float)
    cash = m["cash_cost_usd"].to_numpy(dtype=float)
    repl = m["replacement_usd"].to_numpy(dtype=float)
    full = (m["t"].to_numpy() > L.ramp_months).astype(float)

    R = grown(a.revenue_ex_leasing_usd, X.revenue_growth_qoq, k).astype(float)
    C = grown(anchor_cost_ex_leasing(p, a), X.cost_growth_qoq, k).astype(float)
    L_exp = _sum_by_quarter(rent * surv, pos, nq)
    L_con = _sum_by_quarter(rent, pos, nq)
    K_cash = _sum_by_quarter(cash * surv, pos, nq)
    K_repl = _sum_by_quarter(repl * surv, pos, nq)
    K = K_cash + K_repl
    O = (tenant_rent_by_quarter(T.google_monthly_rent_usd, T.google_start, T.google_end, quarters)
         + tenant_rent_by_quarter(T.reflection_monthly_rent_usd, T.reflection_start, T.reflection_end, quarters))
    O_contrib = O * T.operating_margin
    A0 = R - C + O_contrib
    A = A0 + (L_exp - K)
    Xo = grown(a.other_segments_usd, p.spacex.other_segments_growth_qoq, k).astype(float)
    ratio = pd.Series([offset_ratio(n, a0) for n, a0 in zip(L_exp - K, A0)], dtype=object)
    return pd.DataFrame({
        "quarter": quarters,
        "reported": False,
        "ai_revenue_usd": R + L_exp + O,
        "revenue_ex_leasing_usd": R,
        "cost_ex_leasing_usd": C,
        "anthropic_rent_expected_usd": L_exp,
        "anthropic_rent_contracted_usd": L_con,
        "anthropic_lease_cost_expected_usd": K,
        "other_tenants_revenue_usd": O,
        "ai_operating_income_usd": A,
        "ai_operating_income_without_anthropic_usd": A0,
        "spacex_operating_income_usd": Xo + A,
        "spacex_operating_income_without_anthropic_usd": Xo + A0,
        "offset_ratio": ratio,
        "k": k,
        "lease_months": _sum_by_quarter(np.ones(n_months), pos, nq).astype(np.int64),
        "full_rent_months": _sum_by_quarter(full, pos, nq).astype(np.int64),
        "anthropic_cash_cost_expected_usd": K_cash,
        "anthropic_replacement_cost_expected_usd": K_repl,
        "anthropic_net_contribution_usd": L_exp - K,
        "other_tenants_contribution_usd": O_contrib,
        "spacex_other_segments_usd": Xo,
    })


def quarterly_table(p: Parameters, survival_override: np.ndarray | None = None) -> pd.DataFrame:
    """xAI's and SpaceX's operating income each quarter, with and without the Anthropic lease.

    Parameters
    ----------
    p : Parameters
    survival_override : ndarray of shape (T,), optional
        ``S(t)`` to use instead of :func:`colossus.model.lease.survival` (for example 1 up to a
        given month and 0 after, for a lease known to end then). Values in [0, 1].

    Returns
    -------
    DataFrame
        One row per quarter of :func:`model_quarters` (the forecast, from the quarter after
        the anchor); the columns of :data:`QUARTERLY_COLUMNS` first, in that order (USD per
        quarter, and the ratio):

        ``reported`` (False: every row is the model); ``ai_revenue_usd`` ``R + L + O``;
        ``revenue_ex_leasing_usd`` ``R``; ``cost_ex_leasing_usd`` ``C``;
        ``anthropic_rent_expected_usd`` ``L``; ``anthropic_rent_contracted_usd``;
        ``anthropic_lease_cost_expected_usd`` ``K``; ``other_tenants_revenue_usd`` ``O``;
        ``ai_operating_income_usd`` ``A``; ``ai_operating_income_without_anthropic_usd``
        ``A0``; ``spacex_operating_income_usd`` ``X + A``;
        ``spacex_operating_income_without_anthropic_usd`` ``X + A0``; ``offset_ratio``
        (float, or ``None`` when ``A0 >= 0``; ``object`` dtype).

        Then: ``k``; ``lease_months`` (lease months in the quarter, 0-3);
        ``full_rent_months`` (lease months past the ramp); ``anthropic_cash_cost_expected_usd``
        and ``anthropic_replacement_cost_expected_usd`` (the two parts of ``K``);
        ``anthropic_net_contribution_usd`` ``L - K``; ``other_tenants_contribution_usd``
        ``O m``; ``spacex_other_segments_usd`` ``X``.

    Notes
    -----
    With ``k`` quarters after the anchor, ``t`` the lease months in quarter ``q``:

    .. math::

        R(q) &= R_0 (1 + g_r)^k, \\qquad C(q) = C_0 (1 + g_c)^k \\\\
        L(q) &= \\sum_{t \\in q} \\text{Rent}_t\\, S(t), \\qquad
        K(q) = \\sum_{t \\in q} S(t)\\,(\\text{cash} + \\text{replacement}) \\\\
        A_0(q) &= R - C + m\\,O, \\qquad A(q) = A_0(q) + L(q) - K(q) \\\\
        X(q) &= (\\Pi_a - OI_a)(1 + g_x)^k

    ``R_0 = Rev_a - Lambda_a`` is the anchor quarter's AI revenue less its leasing revenue
    and ``C_0`` its operating cost less the cost of serving its leases
    (:func:`anchor_cost_ex_leasing`; see the module's notes); ``OI_a`` and ``Pi_a`` are the
    AI segment's and SpaceX's operating income in the anchor quarter; ``g_r``,
    ``g_c`` are ``xai.revenue_growth_qoq`` and ``xai.cost_growth_qoq``; ``m`` is
    ``tenants.operating_margin``; ``X`` is SpaceX's operating income without the AI segment, grown at
    ``spacex.other_segments_growth_qoq``. Cash cost (power and other opex) and
    replacement compute per lease month are those of
    :func:`colossus.model.costs.incremental_schedule`. Quarters before the lease have
    ``L = K = 0``.

    Examples
    --------
    >>> t = quarterly_table(Parameters())
    >>> str(t.loc[0, "quarter"]), round(float(t.loc[0, "revenue_ex_leasing_usd"]) / 1e6, 2)
    ('2026Q3', 1009.05)
    >>> float(t.loc[0, "anthropic_rent_contracted_usd"]), int(t.loc[0, "full_rent_months"])
    (3750000000.0, 3)
    """
    if survival_override is None:
        return _expected_table(p)
    return _model(p, survival_override)


@memoised_table
def _expected_table(p: Parameters) -> pd.DataFrame:
    """:func:`quarterly_table` with the lease's own survival, once per parameter set."""
    return _model(p)


def published_quarters(p: Parameters) -> pd.DataFrame:
    """The quarters the build publishes: every reported quarter up to the anchor (its
    reported figures only, ``reported`` True, other columns null), then the forecast of
    :func:`quarterly_table` (``reported`` False). Columns :data:`QUARTERLY_COLUMNS`.

    >>> t = published_quarters(Parameters())
    >>> t[["quarter", "reported"]].head(4).values.tolist()
    [['2025Q2', True], ['2026Q1', True], ['2026Q2', True], ['2026Q3', False]]
    >>> float(t.loc[2, "ai_operating_income_usd"])
    -1257000000.0
    """
    a = anchor_quarter(p)
    table = reported.load()
    rows = []
    for q in reported.quarters(table):
        if _quarter_ordinal(q) > _quarter_ordinal(a):
            continue
        row = {c: None for c in QUARTERLY_COLUMNS}
        row.update(quarter=q, reported=True,
                   ai_revenue_usd=reported.figure(q, "ai", "revenue_usd", table),
                   ai_operating_income_usd=reported.figure(q, "ai", "operating_income_usd", table),
                   spacex_operating_income_usd=reported.figure(q, "spacex", "operating_income_usd", table))
        if all(row[c] is None for c in ("ai_revenue_usd", "ai_operating_income_usd", "spacex_operating_income_usd")):
            continue
        rows.append(row)
    model = quarterly_table(p)[QUARTERLY_COLUMNS].astype(object)
    out = pd.concat([pd.DataFrame(rows, columns=QUARTERLY_COLUMNS, dtype=object), model], ignore_index=True)
    return out.astype(object).where(out.notna(), None)


def quarterly_csv(table: pd.DataFrame) -> str:
    """The CSV the build publishes: the :data:`QUARTERLY_COLUMNS` of a
    :func:`quarterly_table` or :func:`published_quarters`, in order, with a null as an
    empty cell.

    >>> print(quarterly_csv(published_quarters(Parameters())).splitlines()[0][:48])
    quarter,reported,ai_revenue_usd,revenue_ex_leasi
    """
    return table[QUARTERLY_COLUMNS].to_csv(index=False, na_rep="", lineterminator="\n")


def first_full_quarter(p: Parameters) -> str | None:
    """The first modelled quarter whose three months are all full-rent lease months.

    A full-rent month is a lease month past the ramp (``t > lease.ramp_months``) and
    inside the term. ``None`` when the lease never fills a calendar quarter at full rent.

    Examples
    --------
    >>> first_full_quarter(Parameters())
    '2026Q3'
    >>> from colossus.inputs.loading import validate
    >>> first_full_quarter(validate({"lease": {"start": "2026-05", "end": "2026-07", "ramp_months": 2,
    ...                                        "lock_months": 0, "notice_months": 0}})) is None
    True
    """
    t = quarterly_table(p)
    full = t.loc[t["full_rent_months"] == 3, "quarter"]
    return str(full.iloc[0]) if len(full) else None


def offset_numbers(p: Parameters) -> dict:
    """The chapter's key numbers of the losses-offset model.

    Returns
    -------
    dict
        ``first_full_quarter`` (str or None); ``offset_ratio_first_full_quarter`` (float,
        None when there is no full quarter or ``A0 >= 0`` in it);
        ``anthropic_net_contribution_usd`` (sum of ``L - K`` over the modelled quarters);
        ``anthropic_rent_expected_total_usd`` (sum of ``L``);
        ``other_tenants_contribution_usd`` (sum of ``m O``); ``ai_breakeven_quarter`` and
        ``ai_breakeven_quarter_without_anthropic`` (first quarter with ``A >= 0``, resp.
        ``A0 >= 0``, or None); ``spacex_breakeven_quarter`` and
        ``spacex_breakeven_quarter_without_anthropic`` (same for ``X + A`` and ``X + A0``);
        ``ai_loss_returns_quarter`` and ``spacex_loss_returns_quarter`` (with the lease, the
        quarter from which a loss returns for good, :func:`loss_returns_quarter`, or None);
        ``quarters_offset`` (number of quarters with ``L - K >= -A0 > 0``: the lease's
        net contribution covers the loss there would be without it); ``anchor_quarter``,
        ``forecast_first_quarter`` and ``last_quarter``; the first forecast quarter's
        ``forecast_first_ai_revenue_usd`` (``R + L + O``),
        ``forecast_first_ai_operating_income_usd`` (``A``) and
        ``forecast_first_spacex_operating_income_usd`` (``X + A``), the figures the next
        reported quarter will test. USD sums are undiscounted.

    Notes
    -----
    The breakeven quarters with the lease look at the anchor quarter first (its figures,
    reported or set, hold the lease's months in it): when the anchor quarter already
    shows no operating loss, it is the breakeven quarter. Without the lease the anchor
    quarter is not known (its leasing revenue is not split by tenant), so those look at
    the forecast only.

    Examples
    --------
    >>> n = offset_numbers(Parameters())
    >>> n["anchor_quarter"], n["forecast_first_quarter"], n["first_full_quarter"], n["last_quarter"]
    ('2026Q2', '2026Q3', '2026Q3', '2029Q2')
    """
    a = anchor(p)
    t = quarterly_table(p)
    q = t["quarter"].tolist()
    ffq = first_full_quarter(p)
    ratio = None if ffq is None else t.loc[t["quarter"] == ffq, "offset_ratio"].iloc[0]
    net = t["anthropic_net_contribution_usd"].to_numpy()
    a0 = t["ai_operating_income_without_anthropic_usd"].to_numpy()
    return {
        "offset_ratio_first_full_quarter": None if ratio is None else float(ratio),
        "first_full_quarter": ffq,
        "anthropic_net_contribution_usd": float(net.sum()),
        "anthropic_rent_expected_total_usd": float(t["anthropic_rent_expected_usd"].sum()),
        "other_tenants_contribution_usd": float(t["other_tenants_contribution_usd"].sum()),
        "ai_breakeven_quarter": breakeven_quarter([a.quarter] + q, [a.operating_income_usd]
                                                  + t["ai_operating_income_usd"].tolist()),
        "ai_breakeven_quarter_without_anthropic": breakeven_quarter(q, a0),
        "spacex_breakeven_quarter": breakeven_quarter([a.quarter] + q, [a.spacex_operating_income_usd]
                                                      + t["spacex_operating_income_usd"].tolist()),
        "spacex_breakeven_quarter_without_anthropic":
            breakeven_quarter(q, t["spacex_operating_income_without_anthropic_usd"]),
        "ai_loss_returns_quarter": loss_returns_quarter([a.quarter] + q, [a.operating_income_usd]
                                                        + t["ai_operating_income_usd"].tolist()),
        "spacex_loss_returns_quarter": loss_returns_quarter([a.quarter] + q, [a.spacex_operating_income_usd]
                                                            + t["spacex_operating_income_usd"].tolist()),
        "quarters_offset": int(np.sum((-a0 > 0) & (net >= -a0))),
        "anchor_quarter": a.quarter,
        "forecast_first_quarter": q[0],
        "forecast_first_ai_revenue_usd": float(t["ai_revenue_usd"].iloc[0]),
        "forecast_first_ai_operating_income_usd": float(t["ai_operating_income_usd"].iloc[0]),
        "forecast_first_spacex_operating_income_usd": float(t["spacex_operating_income_usd"].iloc[0]),
        "last_quarter": q[-1],
    }
