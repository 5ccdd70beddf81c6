"""Losses offset by rent: xAI's quarterly operating income with and without the lease.

The quarterly model starts from the **anchor quarter**, by default the latest quarter SpaceX
has reported (``model.anchor_quarter = latest``, the quarters in
``data/reported_quarters.csv``), grows what the AI segment earns and spends without any
compute leasing at constant quarterly rates, and adds what the Anthropic lease and the
other compute tenants bring in each calendar quarter. The forecast starts the quarter
after the anchor. Every reported quarter whose previous quarter is also reported is
back-tested from that one, with nothing fitted (:func:`walk_forward`).

Conventions used throughout
---------------------------
* Calendar quarters are strings ``YYYYQn`` (``"2026Q2"``). ``k(q)`` counts quarters after
  the anchor ``a``: ``k(a) = 0``, ``k(a + 1) = 1``.
* The model runs from ``a + 1`` to the calendar quarter of ``lease.end`` (never fewer than
  one quarter). Lease months in or before the anchor quarter are in its reported figures,
  never added again.
* Lease month ``t`` (``t = 1..T`` from ``lease.start``, as in :mod:`colossus.model.lease`) falls
  in the calendar quarter of its calendar month. Quarterly amounts are the sums of the
  monthly amounts of the quarter's months: USD per quarter, flows earned or spent within
  the quarter (no discounting, no timing inside the quarter).
* Signs: revenue and operating income positive when money comes in; costs are positive
  numbers that are subtracted; a loss is a negative operating income.
* ``Expected`` amounts weight month ``t`` by the survival ``S(t)`` of
  :func:`colossus.model.lease.survival`; ``contracted`` amounts take ``S(t) = 1``.
* Null (no value) is ``None`` in an ``object`` column: pandas writes it as an empty CSV
  cell and JSON writes it as ``null`` (see :func:`quarterly_csv`).

The anchor quarter (:func:`anchor`)
-----------------------------------
Its reported AI revenue ``Rev_a`` already holds rent: in Q2 2026 "new cloud services
agreements added about $1.6B of AI-infrastructure revenue", Anthropic's reduced May-June
ramp fees among it (SpaceX's Q2 2026 earnings release, ``spacexq2release2026``; the
``new_cloud_revenue_usd`` row of ``data/reported_quarters.csv``). The model adds every
tenant's rent itself from ``a + 1`` on, so that leasing revenue ``Lambda_a`` is set aside
before anything is grown: the revenue that grows is ``R_0 = Rev_a - Lambda_a``. All of
``Lambda_a`` is set aside, whoever paid it; a contract in it that is none of the model's
tenants is thereby left out of the forecast rather than counted twice. A quarter with no
``new_cloud_revenue_usd`` row sets nothing aside (Q1 2026: the lease bills from May).
The anchor's operating cost ``Rev_a - OI_a`` likewise holds the cost of serving the
leases in its months; the model's own estimate of it (``K`` of the Anthropic lease months
in the quarter plus ``(1 - m) O`` of the other tenants', at most the whole cost) is set
aside, and the rest ``C_0`` grows. So the anchor quarter itself decomposes exactly into
``R_0 + Lambda_a - C_0 - (leasing cost) = OI_a``. Each anchor value may be set in a build
(``xai.anchor_*``, ``spacex.anchor_operating_income_usd``); a back-test never uses a set
value, only the reported figures of the quarter before the one it tests.

The cost of serving the lease (power and other cash operating cost) and the replacement
compute come from :func:`colossus.model.costs.incremental_schedule`; they are not recomputed
here. Depreciation of the cluster is sunk and is already in the anchor quarter's cost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from . import costs, termination
from ..inputs import reported
from .lease import lease_months
from ..inputs.params import Parameters, month_index

#: The columns the build writes to the quarterly CSV, in this order (``reported``: the row
#: is a reported quarter, with only its reported figures filled in; else the model).
QUARTERLY_COLUMNS = [
    "quarter", "reported", "ai_revenue_usd", "revenue_ex_leasing_usd", "cost_ex_leasing_usd", "anthropic_rent_expected_usd",
    "anthropic_rent_contracted_usd", "anthropic_lease_cost_expected_usd", "other_tenants_revenue_usd",
    "ai_operating_income_usd", "ai_operating_income_without_anthropic_usd", "spacex_operating_income_usd",
    "spacex_operating_income_without_anthropic_usd", "offset_ratio",
]
#: The measures a back-test compares, in order.
BACKTEST_MEASURES = tuple(key for key, _, _ in reported.BACKTEST_FIGURES)

_QUARTER_RE = re.compile(r"^([0-9]{4})Q([1-4])$")


# --------------------------------------------------------------------------- calendar

def _quarter_ordinal(quarter: str) -> int:
    """Quarters since year 0: ``4 year + n - 1``, so differences count quarters."""
    m = _QUARTER_RE.fullmatch(quarter) if isinstance(quarter, str) else None
    if m is None:
        raise ValueError(f"quarter {quarter!r}: expected YYYYQn with n in 1..4, for example '2026Q2'")
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def _quarter_from_ordinal(ordinal: int) -> str:
    return f"{ordinal // 4}Q{ordinal % 4 + 1}"


def quarter_of(month: str) -> str:
    """Calendar quarter of a ``YYYY-MM`` month.

    Parameters
    ----------
    month : str
        ``YYYY-MM``.

    Returns
    -------
    str
        ``YYYYQn`` with ``n = ceil(month / 3)``.

    Examples
    --------
    >>> quarter_of("2026-05"), quarter_of("2026-03"), quarter_of("2029-12")
    ('2026Q2', '2026Q1', '2029Q4')
    """
    return _quarter_from_ordinal(month_index(month) // 3)


def quarter_index(quarter: str, anchor: str) -> int:
    """``k(q)``: the number of quarters from ``anchor`` to ``quarter`` (negative before it).

    Parameters
    ----------
    quarter, anchor : str
        ``YYYYQn``.

    Returns
    -------
    int
        ``k``, the exponent of the quarterly growth factors.

    Notes
    -----
    .. math:: k(q) = 4\\,(y_q - y_a) + (n_q - n_a)

    Examples
    --------
    >>> [quarter_index(q, "2026Q1") for q in ("2026Q1", "2026Q2", "2027Q1", "2025Q4")]
    [0, 1, 4, -1]
    """
    return _quarter_ordinal(quarter) - _quarter_ordinal(anchor)


def quarters_between(first: str, last: str) -> list[str]:
    """Every calendar quarter from ``first`` to ``last``, both included.

    Examples
    --------
    >>> quarters_between("2026Q3", "2027Q2")
    ['2026Q3', '2026Q4', '2027Q1', '2027Q2']
    >>> quarters_between("2026Q1", "2026Q1")
    ['2026Q1']
    >>> quarters_between("2026Q2", "2026Q1")
    []
    """
    return [_quarter_from_ordinal(o) for o in range(_quarter_ordinal(first), _quarter_ordinal(last) + 1)]


def next_quarter(quarter: str, n: int = 1) -> str:
    """The quarter ``n`` quarters after ``quarter`` (before it when ``n < 0``).

    >>> next_quarter("2026Q4"), next_quarter("2026Q1", -1), next_quarter("2026Q2", 0)
    ('2027Q1', '2025Q4', '2026Q2')
    """
    return _quarter_from_ordinal(_quarter_ordinal(quarter) + n)


def months_of_quarter(quarter: str) -> list[str]:
    """The three ``YYYY-MM`` months of a calendar quarter.

    >>> months_of_quarter("2026Q2")
    ['2026-04', '2026-05', '2026-06']
    """
    o = _quarter_ordinal(quarter)
    return [f"{(3 * o + i) // 12:04d}-{(3 * o + i) % 12 + 1:02d}" for i in range(3)]


@dataclass(frozen=True)
class Anchor:
    """The quarter every growth path starts from, and its figures (USD per quarter).

    ``revenue_usd`` is the AI segment's revenue, leasing included; ``leasing_revenue_usd``
    the part of it set aside as compute leasing; ``operating_income_usd`` the AI segment's
    and ``spacex_operating_income_usd`` SpaceX's consolidated operating income (a loss
    negative). ``set_in_build`` names the parameters whose value was set instead of
    reported.
    """
    quarter: str
    revenue_usd: float
    leasing_revenue_usd: float
    operating_income_usd: float
    spacex_operating_income_usd: float
    set_in_build: tuple[str, ...] = ()

    @property
    def revenue_ex_leasing_usd(self) -> float:
        """``R_0 = Rev_a - Lambda_a``."""
        return self.revenue_usd - self.leasing_revenue_usd

    @property
    def cost_usd(self) -> float:
        """The anchor's whole operating cost, ``Rev_a - OI_a``."""
        return self.revenue_usd - self.operating_income_usd

    @property
    def other_segments_usd(self) -> float:
        """SpaceX's segments other than AI: ``Pi_a - OI_a``."""
        return self.spacex_operating_income_usd - self.operating_income_usd


def anchor_quarter(p: Parameters) -> str:
    """The anchor quarter of ``p``: ``model.anchor_quarter``, ``latest`` read as the newest
    quarter that can anchor the model (:func:`colossus.inputs.reported.latest_anchor_quarter`).

    >>> anchor_quarter(Parameters())
    '2026Q2'
    """
    q = p.model.anchor_quarter
    return reported.latest_anchor_quarter() if q == "latest" else q


def anchor(p: Parameters, quarter: str | None = None) -> Anchor:
    """The anchor's figures: reported, or set in the build.

    Parameters
    ----------
    p : Parameters
    quarter : str, optional
        A reported quarter to anchor at with its reported figures only, whatever ``p``
        sets (the back-tests). Default: :func:`anchor_quarter` with the values ``p`` sets.

    Returns
    -------
    Anchor

    Notes
    -----
    Leasing revenue: the ``new_cloud_revenue_usd`` reported for the quarter, 0 when none
    is (see the module's notes on why it is set aside).

    Examples
    --------
    >>> a = anchor(Parameters())
    >>> a.quarter, a.revenue_ex_leasing_usd, a.cost_usd, a.other_segments_usd
    ('2026Q2', 961000000.0, 3818000000.0, 1114000000.0)
    >>> anchor(Parameters(), "2026Q1").leasing_revenue_usd
    0.0
    """
    use_set = quarter is None
    q = anchor_quarter(p) if quarter is None else quarter
    table = reported.load()
    if q not in reported.anchor_quarters(table):
        raise ValueError(f"quarter {q!r} cannot anchor the model: it needs "
                         + ", ".join(f"{e} {m}" for e, m in reported.ANCHOR_FIGURES)
                         + f" in reported_quarters.csv; quarters that can: {reported.anchor_quarters(table)}")
    values, set_names = {}, []
    for name, entity, measure, value in (
            ("xai.anchor_revenue_usd", "ai", "revenue_usd", p.xai.anchor_revenue_usd),
            ("xai.anchor_leasing_revenue_usd", "ai", "new_cloud_revenue_usd", p.xai.anchor_leasing_revenue_usd),
            ("xai.anchor_operating_income_usd", "ai", "operating_income_usd", p.xai.anchor_operating_income_usd),
            ("spacex.anchor_operating_income_usd", "spacex", "operating_income_usd",
             p.spacex.anchor_operating_income_usd)):
        figure = reported.figure(q, entity, measure, table)
        if use_set and value is not None:
            values[name] = float(value)
            if figure is None or float(value) != figure:
                set_names.append(name)
        else:
            values[name] = 0.0 if figure is None else figure
    return Anchor(q, values["xai.anchor_revenue_usd"], values["xai.anchor_leasing_revenue_usd"],
                  values["xai.anchor_operating_income_usd"], values["spacex.anchor_operating_income_usd"],
                  tuple(set_names))


def model_quarters(p: Parameters, anchor_q: str | None = None) -> list[str]:
    """The quarters the model covers: the quarter after the anchor to the quarter of
    ``lease.end``.

    Only the Anthropic lease sets the horizon; other tenants' months after it are left out.
    A lease that ends in or before the anchor quarter still gives the quarter after it.

    >>> from colossus.inputs.params import Parameters
    >>> q = model_quarters(Parameters())
    >>> q[0], q[-1], len(q)
    ('2026Q3', '2029Q2', 12)
    >>> model_quarters(Parameters(), "2026Q1")[0]
    '2026Q2'
    """
    a = anchor_quarter(p) if anchor_q is None else anchor_q
    first = next_quarter(a)
    last = quarter_of(p.lease.end)
    if quarter_index(last, first) < 0:
        last = first
    return quarters_between(first, last)


# --------------------------------------------------------------------------- pure formulas

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


# --------------------------------------------------------------------------- the quarterly model

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
    return _model(p, survival_override)


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


# --------------------------------------------------------------------------- back-test

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


# --------------------------------------------------------------------------- terminations

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
