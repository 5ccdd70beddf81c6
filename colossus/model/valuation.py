"""What the Anthropic lease is worth per SpaceX share, and what the share price implies for AI.

Two values of the same lease are kept apart throughout:

* the **durable value** ``V_d``: the present value of the lease's expected net cash
  (rent less the cash cost of serving it and the compute xAI must buy back), weighted by
  the chance each month is still paid. It is what the contract is worth.
* the **story value** ``V_s``: what a neocloud's EV / revenue multiple puts on the rent
  run rate. It is what a multiple would say, never what the lease is worth.

Conventions used throughout
---------------------------
* Amounts in US dollars; per-share amounts in US dollars per diluted share.
* Months are ``t = 1..T`` from ``lease.start`` to ``lease.end`` inclusive (as in
  :mod:`colossus.model.lease`); each month's net cash is paid at the **end** of the month and
  discounted by ``(1 + r)^(t/12)``, ``r`` the effective annual rate
  (``finance.discount_rate_annual``).
* Signs: positive when money comes to SpaceX. ``V_d`` is negative when serving the lease
  costs more than it brings in; the sign is kept everywhere (a negative termination cliff
  means ending the lease would *raise* the value per share).
* Every value is **at the valuation date** ``a`` (``valuation.as_of``, by default the
  date of the price analysed; :func:`colossus.model.lease.valuation_date`): it is of the months
  still to come after that date, discounted to it by ``(1 + r)^((t - a)/12)``, and weighted
  by ``S_k(t)``, the chance month ``t`` is paid given the lease is in force with no notice
  served at that date (:func:`colossus.model.lease.survival_in_force`). The ``k`` months paid by
  then are **realised cash**, reported apart (:func:`realised`) and never in a value.
* Diluted shares are ``valuation.shares_outstanding + valuation.cursor_shares_issued``.
* Values that do not exist are ``None`` (never NaN or infinity) in :func:`valuation_numbers`.

The monthly cash cost of serving and the replacement compute come from
:func:`colossus.model.costs.incremental_schedule`; they are not recomputed here. Depreciation of
the cluster is sunk and is not a cost of the lease.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import numpy_financial as npf
import pandas as pd

from . import costs, lease
from ..inputs.params import Parameters

#: The leasing views of the sum of the parts and of the termination cliff.
LEASING_VIEWS = ("durable", "story")
#: The three share prices the cliff and the sum of the parts are read against:
#: key -> (label, field of ``p.valuation``).
PRICES: dict[str, tuple[str, str]] = {
    "ipo": ("IPO price", "ipo_price_usd"),
    "first_close": ("first close", "first_close_usd"),
    "analysed": ("price analysed", "share_price_usd"),
}
#: The readings of :func:`ai_reading`.
READING_BELOW = "below a neocloud's multiple"
READING_NEAR_NEOCLOUD = "between a neocloud's and an AI lab's multiple \u2014 closer to a neocloud's"
READING_NEAR_AI_LAB = "between a neocloud's and an AI lab's multiple \u2014 closer to an AI lab's"
READING_ABOVE = "above an AI lab's multiple"


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


def ev_at_revenue_multiple(annual_revenue_usd: float, ev_revenue_multiple: float) -> float:
    """Enterprise value a segment gets at an EV / revenue multiple: ``revenue x multiple``.

    Parameters
    ----------
    annual_revenue_usd : float
        Annual revenue, USD per year (a quarter's revenue times four for Connectivity and
        Space; the run rate for AI products).
    ev_revenue_multiple : float
        x annual revenue.

    Examples
    --------
    >>> ev_at_revenue_multiple(4 * 1.0e9, 12.0)
    48000000000.0
    """
    return float(annual_revenue_usd) * float(ev_revenue_multiple)


def ai_annual_revenue(products_revenue_run_rate_usd: float, monthly_rent_usd: float,
                      other_tenants_monthly_rent_usd: float = 0.0) -> float:
    """Annualised revenue of the AI segment the price-implied multiple is read on.

    Parameters
    ----------
    products_revenue_run_rate_usd : float
        ``xai.products_revenue_run_rate_usd``: AI revenue other than compute leasing, USD
        per year.
    monthly_rent_usd : float
        ``lease.monthly_rent_usd``: Anthropic's full rent, USD per month.
    other_tenants_monthly_rent_usd : float, default 0
        The other compute tenants' monthly rent (:func:`other_tenants_run_rate_usd`), USD
        per month: the same tenants the losses-offset chapter counts.

    Returns
    -------
    float
        USD per year.

    Notes
    -----
    .. math:: R_{AI} = R_{products} + 12 \\times (\\text{rent} + \\text{rent}_{others})

    Leasing enters at the full rents' run rate, as a run-rate multiple would read it: no
    ramp, no notice hazard.

    Examples
    --------
    >>> ai_annual_revenue(3.84e9, 1.25e9)
    18840000000.0
    >>> ai_annual_revenue(3.84e9, 1.25e9, 1.07e9)
    31680000000.0
    """
    return float(products_revenue_run_rate_usd) + 12.0 * (float(monthly_rent_usd)
                                                          + float(other_tenants_monthly_rent_usd))


def price_implied_ai_value(share_price_usd: float, shares: float, connectivity_value_usd: float,
                           space_value_usd: float, net_cash_usd: float) -> float:
    """What a share price leaves for the AI segment once the other parts are valued.

    Parameters
    ----------
    share_price_usd : float
        USD per share.
    shares : float
        Diluted shares.
    connectivity_value_usd, space_value_usd : float
        Enterprise values of Connectivity and Space (:func:`ev_at_revenue_multiple`).
    net_cash_usd : float
        Cash less debt, USD (negative for net debt).

    Returns
    -------
    float
        USD; negative when the price does not even cover the other parts.

    Notes
    -----
    .. math:: V_{AI} = P N - V_{conn} - V_{space} - \\text{net cash}

    Examples
    --------
    >>> price_implied_ai_value(10.0, 100.0, 500.0, 100.0, 50.0)
    350.0
    """
    return float(share_price_usd) * float(shares) - connectivity_value_usd - space_value_usd - net_cash_usd


def implied_multiple(value_usd: float, annual_revenue_usd: float) -> float | None:
    """EV / revenue multiple a value implies: ``value / revenue``; ``None`` without revenue.

    >>> implied_multiple(350.0, 50.0), implied_multiple(1.0, 0.0)
    (7.0, None)
    """
    if annual_revenue_usd <= 0:
        return None
    return float(value_usd) / float(annual_revenue_usd)


def ai_reading(implied_multiple: float, neocloud_multiple: float, ai_lab_multiple: float) -> str:
    """Where a price-implied multiple sits between a neocloud's and an AI lab's, in words.

    Parameters
    ----------
    implied_multiple : float
        The AI segment's price-implied EV / revenue multiple (may be negative).
    neocloud_multiple, ai_lab_multiple : float
        ``valuation.neocloud_ev_revenue_multiple`` and
        ``valuation.ai_lab_ev_revenue_multiple``; ``0 <= neocloud <= AI lab``.

    Returns
    -------
    str
        One of :data:`READING_BELOW`, :data:`READING_NEAR_NEOCLOUD`,
        :data:`READING_NEAR_AI_LAB`, :data:`READING_ABOVE`.

    Notes
    -----
    Below when ``m < m_n``; above when ``m > m_a``; otherwise between (both ends
    included). Within the range, "closer" is measured on a log scale, as multiples
    compound: ``m`` is closer to a neocloud's when
    ``ln m - ln m_n <= ln m_a - ln m``, that is when ``m <= \\sqrt{m_n m_a}``, the
    geometric midpoint (a tie reads as closer to a neocloud's).

    Raises
    ------
    ValueError
        When the neocloud's multiple is above the AI lab's: the range is empty.

    Examples
    --------
    >>> ai_reading(3.0, 6.5, 21.0)
    "below a neocloud's multiple"
    >>> ai_reading(10.0, 6.5, 21.0)  # sqrt(6.5 x 21) = 11.68
    "between a neocloud's and an AI lab's multiple — closer to a neocloud's"
    >>> ai_reading(13.0, 6.5, 21.0)
    "between a neocloud's and an AI lab's multiple — closer to an AI lab's"
    >>> ai_reading(93.6, 6.5, 21.0)
    "above an AI lab's multiple"
    """
    if neocloud_multiple > ai_lab_multiple:
        raise ValueError(f"neocloud multiple {neocloud_multiple} is above the AI lab multiple "
                         f"{ai_lab_multiple}: there is no range between them to read")
    if implied_multiple < neocloud_multiple:
        return READING_BELOW
    if implied_multiple > ai_lab_multiple:
        return READING_ABOVE
    if implied_multiple * implied_multiple <= neocloud_multiple * ai_lab_multiple:
        return READING_NEAR_NEOCLOUD
    return READING_NEAR_AI_LAB


# --------------------------------------------------------------------------- from parameters

#: A dated input older than this many days, against the book's date, is flagged.
STALE_AFTER_DAYS = 45


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


# --------------------------------------------------------------------------- other tenants

#: The other compute tenants, as (key, label) of ``tenants.<key>_*``.
OTHER_TENANTS = (("google", "Google"), ("reflection", "Reflection AI"))


def other_tenants_schedule(p: Parameters) -> pd.DataFrame:
    """The other tenants' rent month by month, over the months the losses-offset model
    counts them in (those of :func:`colossus.model.offset.quarterly_table`'s quarters).

    Returns
    -------
    DataFrame
        One row per month in which some tenant pays: ``month`` (``YYYY-MM``), a
        ``<key>_rent_usd`` column per tenant, ``rent_usd`` (their sum),
        ``contribution_usd`` (``tenants.operating_margin x rent``) and ``after_valuation_date``
        (paid at the end of a month after the valuation date).

    Notes
    -----
    Contracted rent with no termination hazard, as the losses-offset model counts it, so
    the undiscounted sum of ``contribution_usd`` equals that chapter's
    ``other_tenants_contribution_usd``.

    Examples
    --------
    >>> s = other_tenants_schedule(Parameters())
    >>> s["month"].iloc[0], s["month"].iloc[-1], round(float(s["contribution_usd"].sum()) / 1e9, 2)
    ('2026-07', '2029-06', 17.88)
    """
    from . import offset

    quarters = offset.quarterly_table(p)["quarter"].tolist()
    first = pd.Period(quarters[0], freq="Q").asfreq("M", "start")
    last = pd.Period(quarters[-1], freq="Q").asfreq("M", "end")
    months = pd.period_range(first, last, freq="M")
    T = p.tenants
    out = pd.DataFrame({"month": months.strftime("%Y-%m")})
    total = np.zeros(len(months))
    for key, _ in OTHER_TENANTS:
        start, end = pd.Period(getattr(T, f"{key}_start"), "M"), pd.Period(getattr(T, f"{key}_end"), "M")
        rent = np.where((months >= start) & (months <= end), float(getattr(T, f"{key}_monthly_rent_usd")), 0.0)
        out[f"{key}_rent_usd"] = rent
        total = total + rent
    out["rent_usd"] = total
    out["contribution_usd"] = total * T.operating_margin
    a = lease.valuation_position(p.lease.start, valuation_date(p))
    offset_months = np.array([(m - pd.Period(p.lease.start, "M")).n + 1 for m in months], dtype=float)
    out["after_valuation_date"] = offset_months > a
    out["_t"] = offset_months
    return out[out["rent_usd"] != 0].reset_index(drop=True)


def other_tenants_run_rate_usd(p: Parameters) -> float:
    """Monthly rent of the other tenants whose contracts have not ended by the valuation
    date (counted at their full rent, like Anthropic's in the run rate), USD per month.

    >>> other_tenants_run_rate_usd(Parameters()) / 1e6
    1070.0
    """
    T = p.tenants
    month = valuation_date(p)[:7]
    return float(sum(getattr(T, f"{key}_monthly_rent_usd") for key, _ in OTHER_TENANTS
                     if getattr(T, f"{key}_end") >= month))


def other_tenants_values(p: Parameters) -> dict:
    """The other tenants' operating income, as the losses-offset chapter counts it, split at
    the valuation date, and its value.

    Returns
    -------
    dict
        ``total_contribution_usd`` (undiscounted, the whole modelled span: the offset
        chapter's figure), ``realised_contribution_usd`` (months paid by the valuation
        date), ``remaining_contribution_usd`` (after it), ``durable_value_usd`` (the
        remaining months discounted to the valuation date at ``finance.discount_rate_annual``,
        no notice hazard), ``run_rate_usd`` (:func:`other_tenants_run_rate_usd`) and
        ``story_value_usd`` (the neocloud multiple on twelve months of that run rate).

    Notes
    -----
    .. math:: V_{others} = \\sum_{t > a} \\frac{m\\, O_t}{(1 + r)^{(t - a)/12}}

    with ``m`` = ``tenants.operating_margin`` and ``O_t`` the tenants' rent in month ``t``
    (months counted from ``lease.start``, as for the Anthropic lease).

    Examples
    --------
    >>> v = other_tenants_values(Parameters())
    >>> round(v["realised_contribution_usd"] / 1e9, 3), round(v["total_contribution_usd"] / 1e9, 2)
    (0.225, 17.88)
    """
    s = other_tenants_schedule(p)
    after = s["after_valuation_date"].to_numpy(dtype=bool)
    a = lease.valuation_position(p.lease.start, valuation_date(p))
    disc = (1.0 + p.finance.discount_rate_annual) ** (-(s["_t"].to_numpy(dtype=float) - a) / 12.0)
    contrib = s["contribution_usd"].to_numpy(dtype=float)
    run = other_tenants_run_rate_usd(p)
    return {"total_contribution_usd": float(contrib.sum()),
            "realised_contribution_usd": float(contrib[~after].sum()),
            "remaining_contribution_usd": float(contrib[after].sum()),
            "durable_value_usd": float(np.sum((contrib * disc)[after])),
            "run_rate_usd": run,
            "story_value_usd": story_value(run, p.valuation.neocloud_ev_revenue_multiple)}


# --------------------------------------------------------------------------- dated inputs

def _last_day(as_of: str) -> "pd.Timestamp":
    """The latest day an ``as_of`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) can mean."""
    if len(as_of) == 10:
        return pd.Timestamp(as_of)
    if len(as_of) == 7:
        return pd.Period(as_of, "M").end_time.normalize()
    return pd.Timestamp(f"{as_of}-12-31")


def market_inputs(p: Parameters, book_date: str) -> pd.DataFrame:
    """The dated market inputs of the valuation, each with its as-of date and its age.

    Parameters
    ----------
    p : Parameters
    book_date : str
        The book's date (``YYYY-MM-DD``, :func:`colossus.inputs.config.source_date`), or
        ``"undated"``: then no age is computed.

    Returns
    -------
    DataFrame
        ``input``, ``value`` (as text), ``as_of``, ``set_by`` (the parameter or the fact
        holding the date), ``age_days`` (the book's date less the as-of date; for a date
        known only to the month, its last day; ``None`` when undated) and ``stale``
        (``age_days > STALE_AFTER_DAYS``).

    Examples
    --------
    >>> m = market_inputs(Parameters(), "2026-12-03").set_index("input")
    >>> int(m.loc["share price", "age_days"]), bool(m.loc["share price", "stale"])
    (55, True)
    """
    from ..inputs import facts

    v = p.valuation
    targets = facts.analyst_targets()
    banks = targets[targets["kind"] == "target"]
    oldest_target = min(banks["as_of"], key=lambda d: _last_day(d))
    mv = facts.fact("spacex_market_value_2026_10_09")
    rows = [
        ("share price", f"${v.share_price_usd:,.2f}", v.share_price_date, "valuation.share_price_date"),
        ("market value and share count", f"${float(mv['value_num']) / 1e12:,.2f} trillion", mv["as_of"],
         "fact spacex_market_value_2026_10_09"),
        ("analysts' price targets", f"{len(banks)} brokers", oldest_target, "facts target_*"),
        ("neocloud multiple", f"{v.neocloud_ev_revenue_multiple:g}x", v.neocloud_multiple_date,
         "valuation.neocloud_multiple_date"),
        ("AI lab multiple", f"{v.ai_lab_ev_revenue_multiple:g}x", v.ai_lab_multiple_date,
         "valuation.ai_lab_multiple_date"),
    ]
    out = []
    for name, value, as_of, by in rows:
        age = None if book_date == "undated" else int((pd.Timestamp(book_date) - _last_day(as_of)).days)
        out.append({"input": name, "value": value, "as_of": as_of, "set_by": by, "age_days": age,
                    "stale": bool(age is not None and age > STALE_AFTER_DAYS)})
    return pd.DataFrame(out)


def stale_market_inputs(p: Parameters, book_date: str) -> list[str]:
    """``"share price of 2026-10-09 (55 days)"`` for each dated input more than
    :data:`STALE_AFTER_DAYS` days older than the book's date; the build warns for each and
    the banner says so.

    >>> stale_market_inputs(Parameters(), "2026-10-20")
    ["analysts' price targets of 2026-08 (50 days)", 'neocloud multiple of 2026-03-31 (203 days)', 'AI lab multiple of 2026-05-28 (145 days)']
    >>> stale_market_inputs(Parameters(), "undated")
    []
    """
    m = market_inputs(p, book_date)
    return [f"{r['input']} of {r['as_of']} ({r['age_days']} days)" for _, r in m[m["stale"]].iterrows()]


def shares_reconciliation(p: Parameters) -> pd.DataFrame:
    """The share count per-share values divide by, beside the market value it comes from.

    Returns
    -------
    DataFrame
        ``item``, ``value`` (number) and ``unit``: the reported market value and share
        count of their date, the count that market value implies at that date's close, the
        model's diluted count, and the model's count times the price analysed.

    Examples
    --------
    >>> r = shares_reconciliation(Parameters()).set_index("key")["value"]
    >>> round(float(r["implied_shares"]) / 1e9, 2), round(float(r["model_shares"]) / 1e9, 2)
    (13.59, 13.57)
    """
    from ..inputs import facts

    mv = facts.fact("spacex_market_value_2026_10_09")
    sh = facts.fact("spacex_shares_2026_10_09")
    close = facts.value("spcx_price_2026_10_09")
    n = _diluted(p)
    rows = [
        ("reported_market_value", f"Market value reported for {mv['as_of']}", float(mv["value_num"]), "USD"),
        ("reported_shares", f"Shares reported behind it", float(sh["value_num"]), "shares"),
        ("implied_shares", f"Market value / close of {mv['as_of']} (${close:,.2f})",
         float(mv["value_num"]) / close, "shares"),
        ("model_shares", "Diluted shares this build divides by (outstanding + Cursor)", n, "shares"),
        ("model_market_value", f"This build's shares x the price analysed (${p.valuation.share_price_usd:,.2f})",
         n * p.valuation.share_price_usd, "USD"),
    ]
    return pd.DataFrame(rows, columns=["key", "item", "value", "unit"])


# --------------------------------------------------------------------------- prices, cliff, SOTP

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


def _segment_values(p: Parameters) -> dict[str, float]:
    v = p.valuation
    return {
        "connectivity": ev_at_revenue_multiple(4.0 * p.spacex.connectivity_quarterly_revenue_usd,
                                               v.connectivity_ev_revenue_multiple),
        "space": ev_at_revenue_multiple(4.0 * p.spacex.space_quarterly_revenue_usd, v.space_ev_revenue_multiple),
        "ai_products": ev_at_revenue_multiple(p.xai.products_revenue_run_rate_usd, v.ai_lab_ev_revenue_multiple),
    }


def _lease_value(p: Parameters, leasing: str) -> float:
    if leasing not in LEASING_VIEWS:
        raise ValueError(f"leasing={leasing!r}: expected one of {', '.join(LEASING_VIEWS)}")
    return durable_lease_value_usd(p) if leasing == "durable" else story_lease_value_usd(p)


def sotp(p: Parameters, leasing: str = "durable") -> pd.DataFrame:
    """Sum of the parts at the valuation date: SpaceX's equity value and value per diluted share.

    Parameters
    ----------
    p : Parameters
    leasing : {"durable", "story"}
        How compute leasing enters: at its durable value (default) or at the story value.

    Returns
    -------
    DataFrame
        One row per part and a last ``total`` row: ``key`` (``connectivity``, ``space``,
        ``ai_products``, ``compute_leasing``, ``other_tenants``, ``net_cash``, ``total``),
        ``part`` (label), ``basis`` (how it is valued), ``value_usd`` and ``per_share_usd``.

    Notes
    -----
    .. math:: E = 4 Q_{conn} m_{conn} + 4 Q_{space} m_{space} + R_{products} m_{AI lab}
              + V_{leasing} + V_{others} + \\text{net cash}, \\qquad E / N \\text{ per share}

    ``Q`` are the latest quarter's revenues, ``m`` the EV / revenue multiples of
    ``valuation``, ``V_{leasing}`` is ``V_d`` or ``V_s`` of the Anthropic lease,
    ``V_{others}`` the other tenants' (:func:`other_tenants_values`: the durable value of
    their operating income, or the neocloud multiple on their run rate), ``N`` the diluted
    shares.

    Examples
    --------
    >>> sotp(Parameters())["key"].tolist()
    ['connectivity', 'space', 'ai_products', 'compute_leasing', 'other_tenants', 'net_cash', 'total']
    """
    v = p.valuation
    seg = _segment_values(p)
    leasing_value = _lease_value(p, leasing)
    others = other_tenants_values(p)
    m = v.neocloud_ev_revenue_multiple
    if leasing == "durable":
        leasing_basis = "present value of expected net lease cash still to come"
        others_basis = "present value of their operating income still to come"
        others_value = others["durable_value_usd"]
    else:
        leasing_basis = f"12 x full monthly rent x {m:g} (neocloud multiple)"
        others_basis = f"12 x their monthly rent x {m:g} (neocloud multiple)"
        others_value = others["story_value_usd"]
    parts = [
        ("connectivity", "Connectivity", f"4 x quarterly revenue x {v.connectivity_ev_revenue_multiple:g}",
         seg["connectivity"]),
        ("space", "Space", f"4 x quarterly revenue x {v.space_ev_revenue_multiple:g}", seg["space"]),
        ("ai_products", "AI products", f"revenue run rate x {v.ai_lab_ev_revenue_multiple:g} (AI lab multiple)",
         seg["ai_products"]),
        ("compute_leasing", f"Compute leasing, Anthropic ({leasing})", leasing_basis, leasing_value),
        ("other_tenants", f"Compute leasing, other tenants ({leasing})", others_basis, others_value),
        ("net_cash", "Net cash", "cash less debt: an assumption, the sources hold no balance sheet", float(v.net_cash_usd)),
    ]
    total = float(sum(x[3] for x in parts))
    parts.append(("total", "Equity value", "sum of the parts", total))
    n = _diluted(p)
    return pd.DataFrame([{"key": k, "part": label, "basis": basis, "value_usd": float(val),
                          "per_share_usd": per_share(val, n)} for k, label, basis, val in parts])


def sotp_value_per_share_usd(p: Parameters, leasing: str = "durable") -> float:
    """The ``total`` row of :func:`sotp`: equity value per diluted share, USD."""
    t = sotp(p, leasing)
    return float(t.loc[t["key"] == "total", "per_share_usd"].iloc[0])


def sotp_vs_prices(p: Parameters) -> pd.DataFrame:
    """The sum of the parts per share against each of the three prices, in both leasing views.

    Returns
    -------
    DataFrame
        Six rows, leasing (``durable``, ``story``) by price: ``leasing``, ``price_key``,
        ``price``, ``price_usd``, ``sotp_per_share_usd`` and ``upside_share``.

    Notes
    -----
    .. math:: \\text{upside} = \\frac{E / N}{P} - 1

    Positive: the parts are worth more than the price (upside); negative: downside.

    Examples
    --------
    >>> sotp_vs_prices(Parameters())["price_key"].tolist()[:3]
    ['ipo', 'first_close', 'analysed']
    """
    rows = []
    for leasing in LEASING_VIEWS:
        value = sotp_value_per_share_usd(p, leasing)
        for key, label, price in _prices(p):
            rows.append({"leasing": leasing, "price_key": key, "price": label, "price_usd": price,
                         "sotp_per_share_usd": value, "upside_share": value / price - 1.0})
    return pd.DataFrame(rows)


def ai_revenue_usd(p: Parameters) -> float:
    """:func:`ai_annual_revenue` under ``p``: products, Anthropic's full rent
    (:func:`anthropic_run_rate_usd`) and the other tenants' (:func:`other_tenants_run_rate_usd`),
    USD per year: leases that have ended by the valuation date do not count.

    >>> ai_revenue_usd(Parameters()) / 1e9
    31.68
    """
    return ai_annual_revenue(p.xai.products_revenue_run_rate_usd, anthropic_run_rate_usd(p),
                             other_tenants_run_rate_usd(p))


def _implied_at(p: Parameters, price: float) -> tuple[float, float | None]:
    seg = _segment_values(p)
    value = price_implied_ai_value(price, _diluted(p), seg["connectivity"], seg["space"], p.valuation.net_cash_usd)
    return value, implied_multiple(value, ai_revenue_usd(p))


def _reading_or_none(p: Parameters, multiple: float | None) -> str | None:
    v = p.valuation
    if multiple is None or v.neocloud_ev_revenue_multiple > v.ai_lab_ev_revenue_multiple:
        return None
    return ai_reading(multiple, v.neocloud_ev_revenue_multiple, v.ai_lab_ev_revenue_multiple)


def price_axis(price: float, top: float = 350.0) -> np.ndarray:
    """Share prices for the slider: every whole dollar from $1 to ``max(top, 2 x price)``,
    and the build's exact price.

    >>> a = price_axis(162.57, 200.0)
    >>> float(a[0]), float(a[-1]), 150.0 in a, 162.57 in a, len(a)
    (1.0, 326.0, True, True, 327)
    """
    hi = math.ceil(max(top, 2.0 * price))
    return np.unique(np.concatenate([np.arange(1.0, hi + 1.0), [float(price)]]))


def price_grid(p: Parameters, prices: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """What each share price implies for the AI segment (for a slider on the price).

    Parameters
    ----------
    p : Parameters
    prices : sequence of float
        Share prices, USD per share; include ``valuation.share_price_usd`` exactly for the
        build's row (:func:`price_axis`).

    Returns
    -------
    DataFrame
        One row per price: ``share_price_usd``, ``price_cents`` (integer key a slider
        matches exactly: ``round(100 P)``), ``implied_ai_value_usd``, ``ai_annual_revenue_usd``,
        ``implied_ai_multiple`` (``None`` without revenue), ``reading``
        (:func:`ai_reading`, ``None`` when it does not exist) and ``is_build``.

    Examples
    --------
    >>> g = price_grid(Parameters(), [135.0, 162.57])
    >>> g["price_cents"].tolist(), g["is_build"].tolist()
    ([13500, 16257], [False, True])
    """
    rows = []
    revenue = ai_revenue_usd(p)
    for price in np.asarray(prices, dtype=float):
        value, multiple = _implied_at(p, float(price))
        rows.append({"share_price_usd": float(price), "price_cents": int(round(float(price) * 100)),
                     "implied_ai_value_usd": value, "ai_annual_revenue_usd": revenue,
                     "implied_ai_multiple": multiple, "reading": _reading_or_none(p, multiple),
                     "is_build": bool(float(price) == p.valuation.share_price_usd)})
    return pd.DataFrame(rows)


def multiple_range(p: Parameters, multiples: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """The AI segment's value across a range of EV / revenue multiples (neocloud to AI lab).

    Returns
    -------
    DataFrame
        One row per multiple: ``multiple``, ``multiple_centi`` (``round(100 m)``, an
        integer key), ``ai_annual_revenue_usd`` (:func:`ai_revenue_usd`), ``ai_value_usd``
        ``= R_{AI} m`` and ``share_price_usd``, the price per diluted share that value would
        support with the other parts as in :func:`price_implied_ai_value` (``(V_{AI} +
        V_{conn} + V_{space} + \\text{net cash}) / N``).

    Examples
    --------
    >>> [round(x / 1e9, 2) for x in multiple_range(Parameters(), [6.5, 21.0])["ai_value_usd"]]
    [205.92, 665.28]
    """
    seg = _segment_values(p)
    revenue = ai_revenue_usd(p)
    others = seg["connectivity"] + seg["space"] + p.valuation.net_cash_usd
    n = _diluted(p)
    rows = []
    for m in np.asarray(multiples, dtype=float):
        value = ev_at_revenue_multiple(revenue, float(m))
        rows.append({"multiple": float(m), "multiple_centi": int(round(float(m) * 100)),
                     "ai_annual_revenue_usd": revenue, "ai_value_usd": value,
                     "share_price_usd": per_share(value + others, n)})
    return pd.DataFrame(rows)


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


def _json_safe(d: dict) -> dict:
    """Plain floats (``None`` for NaN or infinity), ints, text and ``None``."""
    out = {}
    for k, v in d.items():
        if isinstance(v, (bool, np.bool_)):
            v = bool(v)
        elif isinstance(v, (int, np.integer)):
            v = int(v)
        elif isinstance(v, (float, np.floating)):
            v = float(v) if math.isfinite(float(v)) else None
        out[k] = v
    return out


def valuation_numbers(p: Parameters) -> dict:
    """The valuation chapter's key numbers: JSON-safe, ``None`` for values that do not exist.

    Every value is at the valuation date (``valuation_date``): of the months still to come
    after it, discounted to it, given the lease in force with no notice served then.

    Returns
    -------
    dict
        ``valuation_date``, ``share_price_date``, ``neocloud_multiple_date`` and
        ``ai_lab_multiple_date`` (the dates of the market inputs); ``lease_durable_value_usd`` (``V_d``), ``lease_story_value_usd``
        (``V_s``), ``lease_durable_value_per_share_usd`` and ``lease_story_value_per_share_usd``;
        ``termination_cliff_per_share_usd`` (durable view, net of the notice period's cash
        still due), ``termination_cliff_upper_bound_per_share_usd`` (``V_d / N``: that left
        out), ``notice_period_months``, ``notice_period_rent_usd``,
        ``notice_period_net_value_usd``, ``notice_period_last_month``;
        ``termination_cliff_share_of_ipo_price`` (and ``..._first_close``,
        ``..._share_price``; ``termination_cliff_story_per_share_usd``);
        ``realised_months``, ``realised_rent_usd``, ``realised_net_cash_usd``;
        ``other_tenants_total_contribution_usd`` (the offset chapter's figure),
        ``other_tenants_realised_contribution_usd``, ``other_tenants_durable_value_usd``,
        ``other_tenants_story_value_usd``, ``other_tenants_monthly_rent_usd``;
        ``sotp_value_per_share_usd`` (durable leasing), ``sotp_value_per_share_story_usd``,
        ``sotp_upside_share`` (durable SOTP vs the price analysed),
        ``price_implied_ai_value_usd``, ``price_implied_ai_ev_revenue_multiple``,
        ``price_implied_ai_reading``, ``ai_annual_revenue_usd``, ``shares_diluted``,
        ``story_to_durable_ratio`` (``None`` when ``V_d <= 0``),
        ``story_to_contracted_ratio``, and, of the months still to come,
        ``lease_contracted_revenue_usd``, ``lease_undiscounted_expected_net_usd`` and
        ``lease_undiscounted_contracted_net_usd``.

    Examples
    --------
    >>> k = valuation_numbers(Parameters())
    >>> k["shares_diluted"], k["lease_story_value_usd"], k["valuation_date"], k["realised_months"]
    (13570000000.0, 97500000000.0, '2026-10-09', 5)
    """
    v = p.valuation
    n = _diluted(p)
    f = _lease_flows(p)
    k = f["k"]
    vd = durable_lease_value_usd(p)
    vs = story_lease_value_usd(p)
    contracted = lease.contracted_revenue(f["rent"][k:])
    c = cliff_values(p)
    cliff = per_share(c["cliff_usd"], n)
    notice = notice_at_valuation_date(p)
    done = realised(p)
    others = other_tenants_values(p)
    value, multiple = _implied_at(p, v.share_price_usd)
    sotp_durable = sotp_value_per_share_usd(p, "durable")
    numbers = {
        "valuation_date": valuation_date(p),
        "share_price_date": v.share_price_date,
        "neocloud_multiple_date": v.neocloud_multiple_date,
        "ai_lab_multiple_date": v.ai_lab_multiple_date,
        "lease_durable_value_usd": vd,
        "lease_story_value_usd": vs,
        "lease_durable_value_per_share_usd": per_share(vd, n),
        "lease_story_value_per_share_usd": per_share(vs, n),
        "termination_cliff_per_share_usd": cliff,
        "termination_cliff_upper_bound_per_share_usd": per_share(c["upper_bound_usd"], n),
        "notice_period_months": notice["months"],
        "notice_period_rent_usd": notice["rent_usd"],
        "notice_period_net_value_usd": notice["net_value_usd"],
        "notice_period_last_month": notice["last_month"],
        "termination_cliff_share_of_ipo_price": cliff / v.ipo_price_usd,
        "termination_cliff_share_of_first_close": cliff / v.first_close_usd,
        "termination_cliff_share_of_share_price": cliff / v.share_price_usd,
        "termination_cliff_story_per_share_usd": per_share(vs, n),
        "realised_months": done["months"],
        "realised_last_month": done["last_month"],
        "realised_net_cash_usd": done["net_cash_usd"],
        "other_tenants_total_contribution_usd": others["total_contribution_usd"],
        "other_tenants_realised_contribution_usd": others["realised_contribution_usd"],
        "other_tenants_durable_value_usd": others["durable_value_usd"],
        "other_tenants_story_value_usd": others["story_value_usd"],
        "other_tenants_monthly_rent_usd": others["run_rate_usd"],
        "sotp_value_per_share_usd": sotp_durable,
        "sotp_value_per_share_story_usd": sotp_value_per_share_usd(p, "story"),
        "sotp_upside_share": sotp_durable / v.share_price_usd - 1.0,
        "price_implied_ai_value_usd": value,
        "price_implied_ai_ev_revenue_multiple": multiple,
        "price_implied_ai_reading": _reading_or_none(p, multiple),
        "ai_annual_revenue_usd": ai_revenue_usd(p),
        "shares_diluted": n,
        "story_to_durable_ratio": story_to_durable_ratio(vs, vd),
        "story_to_contracted_ratio": story_to_contract_ratio(vs, contracted),
        "lease_contracted_revenue_usd": contracted,
        "lease_undiscounted_expected_net_usd": undiscounted_expected_net(
            f["rent"][k:], f["surv"][k:], f["cash_cost"][k:], f["replacement"][k:]),
        "lease_undiscounted_contracted_net_usd": undiscounted_contracted_net(
            f["rent"][k:], f["cash_cost"][k:], f["replacement"][k:]),
    }
    return _json_safe(numbers)
