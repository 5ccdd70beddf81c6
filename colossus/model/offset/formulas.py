"""The pure formulas of the quarterly model: growth, the offset ratio, the other tenants'
rent by quarter, breakeven and quantiles.

Part of :mod:`colossus.model.offset`.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from ...inputs.params import month_index
from .quarters import _quarter_ordinal


def grown(anchor: float, growth: float, k):
    """An anchor-quarter amount grown at a constant quarterly rate for ``k`` quarters.

    Parameters
    ----------
    anchor : float
        Amount in the anchor quarter (USD per quarter; any sign).
    growth : float
        ``g``, growth per quarter (0.05 for 5 %), ``> -1``.
    k : int or array_like of int
        Quarters after the anchor.

    Returns
    -------
    float or ndarray
        USD per quarter in quarter ``k``.

    Notes
    -----
    .. math:: V(k) = V_0\\,(1 + g)^k

    A negative anchor stays negative and grows in size: growth applies to the amount,
    not to its distance from zero.

    Examples
    --------
    >>> grown(100.0, 0.10, 2)
    121.00000000000001
    >>> grown(100.0, 0.0, 7)
    100.0
    >>> grown(-50.0, 0.5, np.array([0, 1])).tolist()
    [-50.0, -75.0]
    """
    value = anchor * np.power(1.0 + growth, k)
    return float(value) if np.ndim(value) == 0 else value


def offset_ratio(net_contribution: float, operating_income_without: float) -> float | None:
    """Share of the loss without the lease that the lease's net contribution offsets.

    Parameters
    ----------
    net_contribution : float
        ``L - K``: expected Anthropic rent less the expected cost of serving it
        (cash cost and replacement compute), USD per quarter.
    operating_income_without : float
        ``A0``: AI operating income without the Anthropic lease, USD per quarter.

    Returns
    -------
    float or None
        ``(L - K) / (-A0)`` when ``A0 < 0``; ``None`` when ``A0 >= 0``, or a loss of less than half a dollar (there is no loss
        to offset). 1 means the lease exactly covers the loss; above 1, it turns the
        quarter into a profit; negative, the lease deepens the loss.

    Notes
    -----
    .. math:: \\rho(q) = \\frac{L(q) - K(q)}{-A_0(q)}, \\quad A_0(q) < 0

    Examples
    --------
    >>> offset_ratio(1.0e9, -2.0e9)
    0.5
    >>> offset_ratio(-1.0, -4.0)
    -0.25
    >>> offset_ratio(1.0e9, 0.0) is None, offset_ratio(1.0e9, 3.0) is None
    (True, True)
    >>> offset_ratio(1.0e9, -1e-300) is None     # less than half a dollar is no loss (no overflow)
    True
    """
    if operating_income_without > -0.5:
        return None
    return float(net_contribution / -operating_income_without)


def tenant_rent_by_quarter(monthly_rent: float, start: str, end: str, quarters: Sequence[str]) -> np.ndarray:
    """A tenant's rent in each quarter: the monthly rent times the quarter's months in its term.

    Parameters
    ----------
    monthly_rent : float
        USD per month (0: no such tenant).
    start, end : str
        First and last paid months, ``YYYY-MM``, inclusive.
    quarters : sequence of str
        ``YYYYQn`` quarters to report.

    Returns
    -------
    ndarray of shape (len(quarters),)
        USD per quarter.

    Notes
    -----
    .. math:: O(q) = \\text{rent} \\times \\#\\{\\text{months of } q \\text{ in } [start, end]\\}

    Contracted rent, with no termination hazard (none is modelled for other tenants).

    Examples
    --------
    >>> tenant_rent_by_quarter(10.0, "2026-10", "2027-01", ["2026Q3", "2026Q4", "2027Q1", "2027Q2"]).tolist()
    [0.0, 30.0, 10.0, 0.0]
    >>> tenant_rent_by_quarter(10.0, "2026-05", "2026-05", ["2026Q2"]).tolist()
    [10.0]
    """
    first = 3 * np.array([_quarter_ordinal(q) for q in quarters], dtype=np.int64)
    s, e = month_index(start), month_index(end)
    months_in = np.clip(np.minimum(first + 2, e) - np.maximum(first, s) + 1, 0, 3)
    return monthly_rent * months_in.astype(float)


def breakeven_quarter(quarters: Sequence[str], operating_income: Iterable[float]) -> str | None:
    """The first quarter whose operating income is at least zero, or ``None``.

    It is the first such quarter, not the start of a run of profitable ones: a later
    quarter may fall back into a loss (for example when a lease ends).

    Examples
    --------
    >>> breakeven_quarter(["2026Q1", "2026Q2", "2026Q3"], [-5.0, 0.0, 3.0])
    '2026Q2'
    >>> breakeven_quarter(["2026Q1"], [-1.0]) is None
    True
    """
    for q, v in zip(quarters, operating_income):
        if v >= 0:
            return q
    return None


def loss_returns_quarter(quarters: Sequence[str], operating_income: Sequence[float]) -> str | None:
    """The quarter from which an operating loss returns for good: the quarter after the
    last one without a loss, when every quarter after it is a loss; ``None`` when there is
    no quarter without a loss, or when the last quarter has none (the loss does not return
    within the quarters given).

    Examples
    --------
    >>> loss_returns_quarter(["2026Q3", "2026Q4", "2027Q1", "2027Q2"], [1.0, -1.0, 2.0, -3.0])
    '2027Q2'
    >>> loss_returns_quarter(["2026Q3", "2026Q4"], [1.0, 0.0]) is None   # no loss at the end
    True
    >>> loss_returns_quarter(["2026Q3", "2026Q4"], [-1.0, -2.0]) is None  # never out of a loss
    True
    """
    values = list(operating_income)
    ok = [i for i, v in enumerate(values) if v >= 0]
    if not ok or values[-1] >= 0:
        return None
    return quarters[ok[-1] + 1]


def lower_quantiles(outcomes: np.ndarray, probabilities: np.ndarray, levels: Sequence[float]) -> np.ndarray:
    """Quantiles of discrete laws by the inverse CDF: the smallest outcome whose cumulative
    probability reaches the level, so every quantile is an outcome that can happen.

    Parameters
    ----------
    outcomes : ndarray of shape (n,) or (n, m)
        ``n`` outcomes, in any order, of ``m`` quantities that share one law.
    probabilities : ndarray of shape (n,)
        ``P`` of each outcome, summing to 1.
    levels : sequence of float
        Quantile levels in (0, 1].

    Returns
    -------
    ndarray of shape (len(levels),) or (len(levels), m)

    Notes
    -----
    .. math:: Q(\\alpha) = \\min\\{x : P(X \\le x) \\ge \\alpha\\}

    No interpolation between outcomes. Equal to
    :func:`colossus.model.termination.law_quantile` on a sorted law; a tolerance of 1e-12
    absorbs rounding in the cumulative sums.

    Examples
    --------
    >>> lower_quantiles(np.array([9.0, 3.0, 4.0]), np.array([0.2, 0.5, 0.3]), [0.05, 0.5, 0.51, 0.95]).tolist()
    [3.0, 3.0, 4.0, 9.0]
    """
    x = np.asarray(outcomes, dtype=float)
    squeeze = x.ndim == 1
    if squeeze:
        x = x[:, None]
    prob = np.asarray(probabilities, dtype=float)
    order = np.argsort(x, axis=0, kind="stable")
    xs = np.take_along_axis(x, order, axis=0)
    cum = np.cumsum(prob[order], axis=0)
    out = np.empty((len(levels), x.shape[1]))
    for i, a in enumerate(levels):
        idx = np.minimum((cum < a - 1e-12).sum(axis=0), x.shape[0] - 1)
        out[i] = xs[idx, np.arange(x.shape[1])]
    return out[:, 0] if squeeze else out
