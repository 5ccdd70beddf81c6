"""The quarters over the possible ends of the lease: the exact law of terminations, the
percentile fan, a notice's cliff, and one quarter step by step (the waterfall).

Part of :mod:`colossus.model.offset`.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .. import termination
from ..lease import lease_months
from ...inputs.params import Parameters
from .formulas import lower_quantiles
from .quarterly import _lease_by_month, first_full_quarter, quarterly_table
from .quarters import quarter_index


def termination_law(p: Parameters) -> pd.DataFrame:
    """The exact law of the number of paid months ``N`` of the Anthropic lease.

    Returns
    -------
    DataFrame
        ``paid_months`` (each ``n`` with ``P(N = n) > 0``, increasing) and
        ``probability``; the probabilities sum to 1.

    Notes
    -----
    .. math:: P(N = n) = S(n) - S(n + 1), \\quad S(0) = 1,\\; S(T + 1) = 0

    ``N`` lies in ``[min(T, max(notice, lock)), T]``; ``N = 0`` has probability
    ``1 - S(1)``, non-zero only when ``max(notice, lock) = 0`` and ``h > 0``. The same
    law as :func:`colossus.model.termination.paid_months_law`, with the parameters of ``p``.

    Examples
    --------
    >>> round(float(termination_law(Parameters())["probability"].sum()), 12)
    1.0
    """
    L = p.lease
    return termination.paid_months_law(lease_months(L.start, L.end), L.monthly_notice_probability,
                                       L.notice_months, L.lock_months)


def _income_given_paid_months(p: Parameters) -> tuple[pd.DataFrame, np.ndarray]:
    """The expected table and ``A(q | N)`` for every ``N = 0..T`` (rows) and quarter.

    ``A(q | N) = A0(q) + sum_{t <= N, t in q} (Rent_t - cash - replacement)``: the table
    with ``S(t) = 1`` for ``t <= N`` and 0 after, computed for all ``N`` at once.
    """
    table = quarterly_table(p)
    quarters = table["quarter"].tolist()
    m = _lease_by_month(p)
    pos = np.array([quarter_index(q, quarters[0]) for q in m["quarter"]], dtype=np.int64)
    net = (m["rent_usd"] - m["cash_cost_usd"] - m["replacement_usd"]).to_numpy(dtype=float)
    inside = (pos >= 0) & (pos < len(quarters))
    by_quarter = np.zeros((len(m), len(quarters)))
    by_quarter[np.nonzero(inside)[0], pos[inside]] = net[inside]
    cum = np.vstack([np.zeros(len(quarters)), np.cumsum(by_quarter, axis=0)])
    a0 = table["ai_operating_income_without_anthropic_usd"].to_numpy()
    return table, a0[None, :] + cum


def quarterly_fan(p: Parameters, quantiles: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
    """Quantiles of AI operating income each quarter over the exact law of terminations.

    Parameters
    ----------
    p : Parameters
    quantiles : sequence of float
        Levels in (0, 1]; each gives a column ``pNN_usd`` (``round(100 level)``, two
        digits: 0.05 -> ``p05_usd``).

    Returns
    -------
    DataFrame
        ``quarter``, one ``pNN_usd`` column per level, ``expected_usd`` (``A``,
        the ``ai_operating_income_usd`` of :func:`quarterly_table`) and ``without_usd``
        (``A0``). USD per quarter.

    Notes
    -----
    Given ``N`` paid months, ``A(q | N)`` is :func:`quarterly_table` with ``S(t) = 1``
    for ``t <= N`` and 0 after. Each quantile is the inverse CDF of ``A(q | N)`` under
    :func:`termination_law` (:func:`lower_quantiles`): a value some ``N`` realises, never
    an interpolation. The probability-weighted mean over ``N`` is ``A(q)`` because
    ``P(N >= t) = S(t)``.

    Examples
    --------
    >>> list(quarterly_fan(Parameters()).columns)
    ['quarter', 'p05_usd', 'p50_usd', 'p95_usd', 'expected_usd', 'without_usd']
    """
    table, by_n = _income_given_paid_months(p)
    law = termination_law(p)
    outcomes = by_n[law["paid_months"].to_numpy()]
    qs = lower_quantiles(outcomes, law["probability"].to_numpy(), list(quantiles))
    out = pd.DataFrame({"quarter": table["quarter"]})
    for level, values in zip(quantiles, qs):
        out[f"p{round(100 * level):02d}_usd"] = values
    out["expected_usd"] = table["ai_operating_income_usd"].to_numpy()
    out["without_usd"] = table["ai_operating_income_without_anthropic_usd"].to_numpy()
    return out


def notice_last_paid_month(notice_index: int, months: int, notice_months: int, lock_months: int) -> int:
    """The last paid lease month when a notice is served at the start of lease month ``m``.

    Parameters
    ----------
    notice_index : int
        ``m >= 1``: the lease month at whose start the notice is served.
    months : int
        ``T``.
    notice_months, lock_months : int
        ``n`` and ``L`` as in :func:`colossus.model.lease.survival`.

    Returns
    -------
    int
        ``N``, the number of paid months (0: nothing is paid).

    Notes
    -----
    .. math:: N(m) = \\min\\big(T,\\; \\max(m - 1 + n,\\; L)\\big)

    Months ``m, ..., m + n - 1`` are the notice period and are paid; no termination takes
    effect within the lock. A notice at the start of month 1 ends the lease after
    ``max(n, L)`` months, the certain months of :func:`colossus.model.lease.survival`, and a
    notice at the start of month ``max(n, L) - n + 1 + j`` gives ``N = max(n, L) + j``, the
    outcome the hazard gives with probability ``h (1 - h)^j``.

    Examples
    --------
    >>> [notice_last_paid_month(m, 37, 3, 3) for m in (1, 2, 5, 36, 37)]
    [3, 4, 7, 37, 37]
    >>> notice_last_paid_month(1, 12, 1, 6), notice_last_paid_month(1, 12, 0, 0)
    (6, 0)
    """
    if notice_index < 1:
        raise ValueError(f"notice_index: got {notice_index}; a notice is served at the start of month 1 or later")
    return min(months, max(notice_index - 1 + notice_months, lock_months))


def notice_cliff_grid(p: Parameters) -> pd.DataFrame:
    """Quarterly operating income if a notice is served in a given month (a slider's data).

    Returns
    -------
    DataFrame
        One row per (notice month, quarter): ``notice_month`` (``YYYY-MM`` calendar month
        of lease month ``m``; None for no notice), ``notice_index`` (``m``; 0 for no
        notice: the lease runs its term), ``quarter``, ``ai_operating_income_usd``
        ``A(q | N(m))``, ``ai_operating_income_without_anthropic_usd`` ``A0(q)``,
        ``spacex_operating_income_usd`` ``X + A(q | N(m))``, then ``paid_months``
        ``N(m)`` and ``last_paid_month`` (``YYYY-MM``, None when ``N = 0``).
        ``notice_index`` runs 0, 1, ..., T; quarters as in :func:`quarterly_table`.

    Notes
    -----
    ``N(m)`` is :func:`notice_last_paid_month`: a notice served at the start of lease
    month ``m`` ends payments after month ``min(T, max(m - 1 + n, L))``; the lease then
    pays with certainty up to ``N`` and nothing after (``S(t) = 1`` for ``t <= N``).
    A notice whose period would end inside the lock ends the lease at the lock's end.

    Examples
    --------
    >>> g = notice_cliff_grid(Parameters())
    >>> int(g["notice_index"].min()), int(g["notice_index"].max()), len(g) == 38 * 12
    (0, 37, True)
    """
    L = p.lease
    T = lease_months(L.start, L.end)
    table, by_n = _income_given_paid_months(p)
    quarters = table["quarter"].to_numpy()
    nq = len(quarters)
    m = np.arange(0, T + 1)
    n_paid = np.array([T] + [notice_last_paid_month(int(i), T, L.notice_months, L.lock_months)
                             for i in m[1:]], dtype=np.int64)
    cal = pd.period_range(start=L.start, periods=T, freq="M").strftime("%Y-%m").tolist()
    notice_month = [None] + cal
    last_paid = [cal[n - 1] if n > 0 else None for n in n_paid]
    A = by_n[n_paid]                                   # (T + 1, nq)
    A0 = table["ai_operating_income_without_anthropic_usd"].to_numpy()
    Xo = table["spacex_other_segments_usd"].to_numpy()
    out = pd.DataFrame({
        "notice_month": np.repeat(np.array(notice_month, dtype=object), nq),
        "notice_index": np.repeat(m, nq),
        "quarter": np.tile(quarters, T + 1),
        "ai_operating_income_usd": A.ravel(),
        "ai_operating_income_without_anthropic_usd": np.tile(A0, T + 1),
        "spacex_operating_income_usd": (A + Xo[None, :]).ravel(),
        "paid_months": np.repeat(n_paid, nq),
        "last_paid_month": np.repeat(np.array(last_paid, dtype=object), nq),
    })
    for col in ("notice_month", "last_paid_month"):   # None stays None (pandas would infer str + NaN)
        out[col] = pd.Series(out[col].tolist(), dtype=object).where(out[col].notna(), None)
    return out


# --------------------------------------------------------------------------- waterfall

WATERFALL_STEPS = ["Without the lease", "Anthropic rent", "Cash cost of serving", "Replacement compute",
                   "With the lease"]


def waterfall(p: Parameters, quarter: str) -> pd.DataFrame:
    """From the AI operating income without the lease to the income with it, in one quarter.

    Returns
    -------
    DataFrame
        Rows in the order of :data:`WATERFALL_STEPS`: ``A0`` (total), ``+L`` (delta),
        ``-K_cash`` (delta), ``-K_replacement`` (delta), ``A`` (total). Columns ``step``,
        ``amount_usd`` (signed: positive raises income), ``start_usd`` and ``end_usd``
        (where the bar starts and ends: 0 to the value for a total, the running total
        before and after for a delta) and ``kind`` (``"total"`` or ``"delta"``).

    Notes
    -----
    .. math:: A_0 + L - K_{cash} - K_{repl} = A

    All expected values (weighted by ``S(t)``), USD per quarter.

    Examples
    --------
    >>> w = waterfall(Parameters(), "2026Q3")
    >>> w["kind"].tolist()
    ['total', 'delta', 'delta', 'delta', 'total']
    """
    t = quarterly_table(p).set_index("quarter")
    if quarter not in t.index:
        raise ValueError(f"quarter {quarter!r} is not modelled; the model runs {t.index[0]} to {t.index[-1]}")
    r = t.loc[quarter]
    a0 = float(r["ai_operating_income_without_anthropic_usd"])
    deltas = [float(r["anthropic_rent_expected_usd"]), -float(r["anthropic_cash_cost_expected_usd"]),
              -float(r["anthropic_replacement_cost_expected_usd"])]
    running = a0 + np.concatenate([[0.0], np.cumsum(deltas)])
    a = float(r["ai_operating_income_usd"])
    return pd.DataFrame({
        "step": WATERFALL_STEPS,
        "amount_usd": [a0, *deltas, a],
        "start_usd": [0.0, *running[:-1], 0.0],
        "end_usd": [a0, *running[1:], a],
        "kind": ["total", "delta", "delta", "delta", "total"],
    })


def default_waterfall_quarter(p: Parameters) -> str:
    """The quarter the chapter's waterfall shows: :func:`first_full_quarter`, or else the
    first quarter with the largest expected Anthropic rent, or, when no rent is expected in
    any quarter, the first quarter with a lease month (never the anchor quarter for nothing).

    >>> default_waterfall_quarter(Parameters())
    '2026Q3'
    >>> from colossus.inputs.loading import validate
    >>> default_waterfall_quarter(validate({"lease": {"start": "2027-01", "end": "2027-02", "ramp_months": 2,
    ...     "ramp_rent_fraction": 0.0, "lock_months": 0, "notice_months": 1}}))
    '2027Q1'
    """
    ffq = first_full_quarter(p)
    if ffq is not None:
        return ffq
    t = quarterly_table(p)
    rent = t["anthropic_rent_expected_usd"].to_numpy()
    if rent.max() > 0:
        return str(t["quarter"].iloc[int(np.argmax(rent))])
    with_lease = t.loc[t["lease_months"] > 0, "quarter"]
    return str(with_lease.iloc[0]) if len(with_lease) else str(t["quarter"].iloc[-1])
