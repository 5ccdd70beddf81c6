"""The Anthropic lease's value at the valuation date: its durable value and its story value,
the months already paid (realised cash), what a notice served at that date leaves due,
the termination cliff, and the durable value over notice risk and the discount rate.

The conventions (amounts, months, signs, the valuation date, the diluted shares) are those
of :mod:`colossus.model.valuation`, which gathers the chapter's key numbers.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import numpy_financial as npf
import pandas as pd

from . import costs, lease
from ..inputs.params import Parameters

#: The three share prices the cliff and the sum of the parts are read against:
#: key -> (label, field of ``p.valuation``).
PRICES: dict[str, tuple[str, str]] = {
    "ipo": ("IPO price", "ipo_price_usd"),
    "first_close": ("first close", "first_close_usd"),
    "analysed": ("price analysed", "share_price_usd"),
}


# --------------------------------------------------------------------------- pure functions

def shares_diluted(shares_outstanding: float, cursor_shares_issued: float) -> float:
    """Diluted share count the per-share values divide by.

    Parameters
    ----------
    shares_outstanding : float
        ``valuation.shares_outstanding``: shares after the IPO, over-allotment included.
    cursor_shares_issued : float
        ``valuation.cursor_shares_issued``: Class A shares issued for Cursor.

    Returns
    -------
    float
        Shares.

    Notes
    -----
    .. math:: N = N_{outstanding} + N_{Cursor}

    Examples
    --------
    >>> shares_diluted(13_046_262_963.0, 389.3e6)
    13435562963.0
    """
    return float(shares_outstanding) + float(cursor_shares_issued)


def undiscounted_expected_net(rent: np.ndarray, surv: np.ndarray, cash_cost: float | np.ndarray,
                              replacement: float | np.ndarray) -> float:
    """Expected net cash of the lease, undiscounted.

    Parameters
    ----------
    rent, surv : ndarray of shape (T,)
        ``Rent_t`` (USD) and ``S(t)`` (:func:`colossus.model.lease.survival`).
    cash_cost, replacement : float or ndarray of shape (T,)
        Cash cost of serving and replacement compute, USD per month (positive: costs).

    Returns
    -------
    float
        USD; negative when the costs exceed the rent.

    Notes
    -----
    .. math:: \\sum_{t=1}^{T} (\\text{Rent}_t - c_t - q_t)\\, S(t)

    Examples
    --------
    >>> undiscounted_expected_net(np.array([10.0, 10.0]), np.array([1.0, 0.5]), 2.0, 1.0)
    10.5
    """
    net = np.asarray(rent, dtype=float) - cash_cost - replacement
    return float(np.sum(net * np.asarray(surv, dtype=float)))


def undiscounted_contracted_net(rent: np.ndarray, cash_cost: float | np.ndarray,
                                replacement: float | np.ndarray) -> float:
    """The most the lease's net cash can be worth: every month paid, none discounted,
    and months that lose money counted as zero. A ceiling on :func:`durable_value`, not
    the net cash of paying every month (that plain sum can be lower, and negative).

    Parameters
    ----------
    rent : ndarray of shape (T,)
        Contracted ``Rent_t``, USD.
    cash_cost, replacement : float or ndarray of shape (T,)
        USD per month (positive: costs).

    Returns
    -------
    float
        USD, at least 0; 0 when every month loses money.

    Notes
    -----
    .. math:: \\bar V = \\sum_{t=1}^{T} \\max(0,\\; \\text{Rent}_t - c_t - q_t)

    No stream is worth more than its undiscounted cash: with ``0 <= S(t) <= 1`` and
    discount factors in ``(0, 1]``, :func:`durable_value` ``<= \\bar V`` for every hazard
    and every non-negative rate (a losing month weighted by ``S(t)`` and discounted only
    loses less, never gains). The clip is what makes it a ceiling: the plain sum
    ``sum(Rent_t - c_t - q_t)`` (every month paid, losses kept) is ``V_d`` at ``S = 1`` and
    ``r = 0`` only, and a lease that may end before its losing months can be worth more
    than it (second example: ``3 - 2 = 1`` paid in full, ``3`` if it ends after month 1).

    Examples
    --------
    >>> undiscounted_contracted_net(np.array([5.0, 10.0, 10.0]), 7.0, 0.0)
    6.0
    >>> rent = np.array([5.0, 0.0])
    >>> float(np.sum(rent - 2.0)), durable_value(rent, np.array([1.0, 0.0]), 2.0, 0.0, 0.0), undiscounted_contracted_net(rent, 2.0, 0.0)
    (1.0, 3.0, 3.0)
    """
    net = np.asarray(rent, dtype=float) - cash_cost - replacement
    return float(np.sum(np.maximum(net, 0.0)))


def durable_value(rent: np.ndarray, surv: np.ndarray, cash_cost: float | np.ndarray,
                  replacement: float | np.ndarray, annual_rate: float) -> float:
    """Durable value of the lease: present value at the lease start of its expected net cash.

    Parameters
    ----------
    rent, surv : ndarray of shape (T,)
        Contracted ``Rent_t`` (USD) and the survival ``S(t)``.
    cash_cost : float or ndarray of shape (T,)
        ``c``: cash cost of serving the lease (power and other operating cost), USD per
        month, positive. Depreciation is sunk and is not in it.
    replacement : float or ndarray of shape (T,)
        ``q``: compute xAI buys back at the market rate, USD per month, positive.
    annual_rate : float
        ``r``, effective annual discount rate (0.10 for 10 %), ``r > -1``.

    Returns
    -------
    float
        ``V_d`` in USD at the start of month 1. Negative when the rent does not cover the cash cost of
        serving plus the compute xAI must buy back (in expectation); the sign is kept.

    Notes
    -----
    .. math:: V_d = \\sum_{t=1}^{T} \\frac{(\\text{Rent}_t - c_t - q_t)\\, S(t)}{(1 + r)^{t/12}}

    Net cash is received at the end of month ``t``. Computed with ``numpy_financial.npv``
    at the equivalent monthly rate ``(1 + r)^{1/12} - 1`` with a zero flow at ``t = 0``,
    as :func:`colossus.model.lease.npv_expected_revenue`. Costs stop when the rent stops: both
    are weighted by ``S(t)``.

    Examples
    --------
    >>> durable_value(np.array([100.0] * 12), np.ones(12), 20.0, 5.0, 0.0)
    900.0
    >>> round(durable_value(np.array([0.0] * 11 + [110.0]), np.ones(12), 0.0, 0.0, 0.10), 6)
    100.0
    >>> durable_value(np.array([10.0, 10.0]), np.array([1.0, 0.5]), 12.0, 0.0, 0.0)
    -3.0
    """
    net = np.asarray(rent, dtype=float) - cash_cost - replacement
    flows = np.concatenate([[0.0], net * np.asarray(surv, dtype=float)])
    return float(npf.npv(lease.monthly_rate(annual_rate), flows))


def story_value(monthly_rent_usd: float, neocloud_ev_revenue_multiple: float) -> float:
    """Story value of the lease: the full rent's annual run rate at a neocloud's multiple.

    Parameters
    ----------
    monthly_rent_usd : float
        ``lease.monthly_rent_usd``, full rent after the ramp, USD per month.
    neocloud_ev_revenue_multiple : float
        ``valuation.neocloud_ev_revenue_multiple``, x annual revenue.

    Returns
    -------
    float
        ``V_s`` in USD.

    Notes
    -----
    .. math:: V_s = m_{neocloud} \\times 12 \\times \\text{rent}

    What a multiple would say the lease adds to enterprise value, as if the rent ran for
    ever and grew like a neocloud's; never the lease's worth. It does not depend on the
    notice hazard, the term or the discount rate.

    Examples
    --------
    >>> story_value(1.25e9, 6.5)
    97500000000.0
    """
    return float(neocloud_ev_revenue_multiple) * 12.0 * float(monthly_rent_usd)


def story_to_contract_ratio(story_value_usd: float, contracted_revenue_usd: float) -> float | None:
    """How many times the whole contracted rent the story value is: ``V_s / sum_t Rent_t``.

    Returns ``None`` when there is no contracted revenue.

    Examples
    --------
    >>> story_to_contract_ratio(90.0, 45.0), story_to_contract_ratio(1.0, 0.0)
    (2.0, None)
    """
    if contracted_revenue_usd <= 0:
        return None
    return float(story_value_usd) / float(contracted_revenue_usd)


def story_to_durable_ratio(story_value_usd: float, durable_value_usd: float) -> float | None:
    """How many times the durable value the story value is: ``V_s / V_d``.

    Returns ``None`` when ``V_d <= 0``: a ratio to a value that is nil or negative means
    nothing.

    Examples
    --------
    >>> story_to_durable_ratio(90.0, 30.0), story_to_durable_ratio(90.0, 0.0), story_to_durable_ratio(90.0, -5.0)
    (3.0, None, None)
    """
    if durable_value_usd <= 0:
        return None
    return float(story_value_usd) / float(durable_value_usd)


def per_share(value_usd: float, shares: float) -> float:
    """A value spread over the diluted shares: ``value / N`` (USD per share).

    The termination cliff is ``V / N``: the value per share lost if notice were served
    (``V = V_d`` in the durable view, ``V_s`` in the story view).

    >>> per_share(300.0, 100.0)
    3.0
    """
    return float(value_usd) / float(shares)


# --------------------------------------------------------------------------- from parameters

def _diluted(p: Parameters) -> float:
    return shares_diluted(p.valuation.shares_outstanding, p.valuation.cursor_shares_issued)


def valuation_date(p: Parameters) -> str:
    """The build's valuation date, ``YYYY-MM-DD`` (:func:`colossus.model.lease.valuation_date`).

    >>> valuation_date(Parameters())
    '2026-10-09'
    """
    return lease.valuation_date(p)


def _lease_flows(p: Parameters) -> dict:
    """Rent, cash cost, replacement and net cash per month (from the costs module), the
    survival given the lease in force at the valuation date, the valuation date's position
    ``a`` and the months ``k`` paid by then."""
    s = costs.incremental_schedule(p)
    rent = s["rent_usd"].to_numpy(dtype=float)
    cash = s["cash_cost_usd"].to_numpy(dtype=float)
    repl = s["replacement_usd"].to_numpy(dtype=float)
    return {"rent": rent, "cash_cost": cash, "replacement": repl, "net": rent - cash - repl,
            "surv": lease.survival_now(p), "a": lease.position_of(p), "k": lease.months_paid(p)}


def durable_lease_value_usd(p: Parameters, h: float | None = None, annual_rate: float | None = None) -> float:
    """``V_d`` at the valuation date: :func:`colossus.model.lease.remaining_value` of the monthly
    net cash (rent less cash cost and replacement compute) of the months still to come.
    ``h`` and ``annual_rate`` override the parameters (the heat map).

    >>> round(durable_lease_value_usd(Parameters()) / 1e9, 3)
    20.701
    """
    f = _lease_flows(p)
    L = p.lease
    return lease.remaining_value(f["net"], L.monthly_notice_probability if h is None else h,
                                 L.notice_months, L.lock_months,
                                 p.finance.discount_rate_annual if annual_rate is None else annual_rate, f["a"])


def realised(p: Parameters) -> dict:
    """The months paid by the valuation date, as realised cash (never in a value).

    Returns
    -------
    dict
        ``months`` (``k``), ``rent_usd`` (``sum_{t <= k} Rent_t``) and ``net_cash_usd``
        (``sum_{t <= k} (Rent_t - c_t - q_t)``), undiscounted; and ``last_month``
        (``YYYY-MM`` of month ``k``, ``None`` when ``k = 0``).

    Examples
    --------
    >>> r = realised(Parameters())
    >>> r["months"], r["rent_usd"] / 1e9, r["last_month"]
    (5, 5.0, '2026-09')
    """
    f = _lease_flows(p)
    k = f["k"]
    months = lease.months_axis(p.lease.start, len(f["rent"])).strftime("%Y-%m")
    return {"months": k, "rent_usd": float(f["rent"][:k].sum()), "net_cash_usd": float(f["net"][:k].sum()),
            "last_month": str(months[k - 1]) if k > 0 else None}


def notice_at_valuation_date(p: Parameters) -> dict:
    """What a notice served at the valuation date leaves still due.

    Returns
    -------
    dict
        ``months`` (paid after the notice: up to the later of the notice period's end and
        the lock's), ``rent_usd`` (undiscounted rent of those months), ``net_value_usd``
        (present value of their net cash at the valuation date) and ``last_month``
        (``YYYY-MM`` of the last month paid, ``None`` when none is).

    Examples
    --------
    >>> d = notice_at_valuation_date(Parameters())
    >>> d["months"], d["rent_usd"] / 1e9, d["last_month"]
    (3, 3.75, '2026-12')
    """
    f = _lease_flows(p)
    L = p.lease
    pv, _, m = lease.notice_value(f["net"], L.notice_months, L.lock_months, p.finance.discount_rate_annual, f["a"])
    k = f["k"]
    months = lease.months_axis(L.start, len(f["rent"])).strftime("%Y-%m")
    return {"months": m, "rent_usd": float(f["rent"][k:k + m].sum()), "net_value_usd": pv,
            "last_month": str(months[k + m - 1]) if m > 0 else None}


def anthropic_run_rate_usd(p: Parameters) -> float:
    """The Anthropic lease's full monthly rent while it has months to come after the
    valuation date; 0 once the lease is over by then (nothing left to run at a rate).

    >>> from colossus.inputs.loading import validate
    >>> anthropic_run_rate_usd(Parameters()), anthropic_run_rate_usd(validate({"valuation": {"as_of": "2029-06-01"}}))
    (1250000000.0, 0.0)
    """
    L = p.lease
    return float(L.monthly_rent_usd) if lease.months_paid(p) < lease.lease_months(L.start, L.end) else 0.0


def story_lease_value_usd(p: Parameters) -> float:
    """``V_s`` under parameters ``p`` (:func:`story_value` on :func:`anthropic_run_rate_usd`), USD.

    >>> story_lease_value_usd(Parameters()) / 1e9
    97.5
    """
    return story_value(anthropic_run_rate_usd(p), p.valuation.neocloud_ev_revenue_multiple)



# --------------------------------------------------------------------------- the cliff

def _prices(p: Parameters) -> list[tuple[str, str, float]]:
    return [(key, label, float(getattr(p.valuation, name))) for key, (label, name) in PRICES.items()]


def cliff_values(p: Parameters) -> dict:
    """The termination cliff at the valuation date, USD (not per share).

    Returns
    -------
    dict
        ``cliff_usd`` (``V_d`` less the present value of the net cash still due in the
        notice period), ``upper_bound_usd`` (``V_d``: that notice period left out) and
        ``story_usd`` (``V_s``).

    Notes
    -----
    .. math:: \\text{cliff} = V_d(a) - \\sum_{t = k+1}^{m} \\frac{\\text{Rent}_t - c_t - q_t}{(1+r)^{(t - a)/12}},
              \\qquad m = \\min(T, \\max(k + n, L))

    A notice served at the valuation date stops the lease after month ``m``, not at once.

    Examples
    --------
    >>> c = cliff_values(Parameters())
    >>> c["cliff_usd"] < c["upper_bound_usd"]
    True
    """
    vd = durable_lease_value_usd(p)
    return {"cliff_usd": vd - notice_at_valuation_date(p)["net_value_usd"], "upper_bound_usd": vd,
            "story_usd": story_lease_value_usd(p)}


def cliff_table(p: Parameters) -> pd.DataFrame:
    """The termination cliff per share, in each view, as a share of each of the three prices.

    Returns
    -------
    DataFrame
        Nine rows, view (``durable``: net of the notice period's cash still due;
        ``upper_bound``: that left out; ``story``) by price (IPO price, first close, price
        analysed): ``view``, ``price_key`` (``ipo``, ``first_close``, ``analysed``),
        ``price``, ``price_usd``, ``lease_value_usd`` (the value lost), ``cliff_per_share_usd``
        and ``share_of_price``.

    Notes
    -----
    .. math:: \\text{share of price} = \\text{cliff} / (N P)

    Values at the valuation date (:func:`cliff_values`); ``N`` the diluted shares.
    Positive: value lost.

    Examples
    --------
    >>> t = cliff_table(Parameters())
    >>> t[["view", "price_key"]].values.tolist()[:3]
    [['durable', 'ipo'], ['durable', 'first_close'], ['durable', 'analysed']]
    """
    n = _diluted(p)
    c = cliff_values(p)
    values = {"durable": c["cliff_usd"], "upper_bound": c["upper_bound_usd"], "story": c["story_usd"]}
    rows = []
    for view, value in values.items():
        cliff = per_share(value, n)
        for key, label, price in _prices(p):
            rows.append({"view": view, "price_key": key, "price": label, "price_usd": price,
                         "lease_value_usd": value, "cliff_per_share_usd": cliff,
                         "share_of_price": cliff / price})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- notice risk and discount rate

def lease_value_grid(p: Parameters, hazards: Sequence[float] | np.ndarray,
                     rates: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Durable lease value per share at the valuation date over the monthly notice
    probability and the discount rate.

    Parameters
    ----------
    p : Parameters
        Every other input (rent, ramp, term, notice, lock, costs, shares, valuation date).
    hazards : sequence of float
        Values of ``h`` in [0, 1].
    rates : sequence of float
        Values of ``r`` (effective annual), ``r > -1``.

    Returns
    -------
    DataFrame
        One row per ``(h, r)`` pair, ``h`` outer: ``h``, ``r``, ``h_bp`` and ``r_bp``
        (``round(10,000 x value)``, integer keys for exact matching),
        ``durable_value_usd``, ``durable_value_per_share_usd`` and ``is_build`` (``h`` and
        ``r`` exactly equal to the build's ``lease.monthly_notice_probability`` and
        ``finance.discount_rate_annual``).

    Notes
    -----
    Each cell is :func:`durable_lease_value_usd` at that ``h`` and ``r``: the net cash still
    to come after the valuation date, given the lease in force then. The axes must contain
    the build's exact values for the build's cell to exist
    (:func:`colossus.figures.charts.axis_with` does that).

    Examples
    --------
    >>> g = lease_value_grid(Parameters(), [0.0, 0.03], [0.10])
    >>> g[["h_bp", "r_bp", "is_build"]].values.tolist()
    [[0, 1000, False], [300, 1000, True]]
    """
    hazards = np.asarray(hazards, dtype=float)
    rates = np.asarray(rates, dtype=float)
    if hazards.size and (np.any(~np.isfinite(hazards)) or hazards.min() < 0 or hazards.max() > 1):
        raise ValueError("hazards: each monthly notice probability must be in [0, 1]")
    if rates.size and (np.any(~np.isfinite(rates)) or rates.min() <= -1):
        raise ValueError("rates: each discount rate must be a finite number above -1")
    f = _lease_flows(p)
    L = p.lease
    n = _diluted(p)
    rows = []
    for h in hazards:
        for r in rates:
            value = lease.remaining_value(f["net"], float(h), L.notice_months, L.lock_months, float(r), f["a"])
            rows.append({"h": float(h), "r": float(r), "h_bp": int(round(float(h) * 10_000)),
                         "r_bp": int(round(float(r) * 10_000)), "durable_value_usd": value,
                         "durable_value_per_share_usd": per_share(value, n),
                         "is_build": bool(float(h) == L.monthly_notice_probability
                                          and float(r) == p.finance.discount_rate_annual)})
    return pd.DataFrame(rows)

