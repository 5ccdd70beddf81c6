"""Contract cash flows of the Colossus lease: schedule, survival, revenue, NPV, GPU-hour rate.

Conventions used throughout
---------------------------
* Months are numbered ``t = 1..T`` from ``lease.start`` to ``lease.end`` inclusive.
* Rent is paid at the **end** of each month; month ``t`` is discounted by ``(1 + r)^(t/12)``
  with ``r`` the effective annual rate (not a nominal rate compounded monthly).
* Amounts are in US dollars, positive for money xAI receives.
* A notice, once served, takes effect ``notice_months`` later; none can take effect during
  the first ``lock_months``. Each month after that either side serves notice with
  probability ``h``, independently.
"""
from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pandas as pd

from ..inputs.config import HOURS_PER_MONTH
from ..inputs.params import Parameters, month_index
from .memo import memoised_table


def lease_months(start: str, end: str) -> int:
    """Number of paid months ``T`` from ``start`` to ``end`` inclusive (``YYYY-MM``).

    Examples
    --------
    >>> lease_months("2026-06", "2029-05")
    36
    >>> lease_months("2026-06", "2026-06")
    1
    """
    months = month_index(end) - month_index(start) + 1
    if months < 1:
        raise ValueError(f"end {end!r} is before start {start!r}")
    return months


def rent_schedule(monthly_rent: float, months: int, ramp_months: int, ramp_fraction: float) -> np.ndarray:
    """Contracted rent for each month ``t = 1..T``.

    Parameters
    ----------
    monthly_rent : float
        Full monthly rent, USD per month.
    months : int
        ``T``, the number of paid months.
    ramp_months : int
        Months at the discounted ramp rate, at the start.
    ramp_fraction : float
        Share of full rent paid in each ramp month, in [0, 1].

    Returns
    -------
    ndarray of shape (T,)
        ``Rent_t`` in USD.

    Notes
    -----
    .. math:: \\text{Rent}_t = \\text{rent} \\cdot f \\text{ for } t \\le m_{ramp},
              \\quad \\text{rent otherwise.}

    The two discounted months are from the S-1 reporting; the discount ``f`` is not
    disclosed and is an assumption.

    Examples
    --------
    >>> rent_schedule(100.0, 4, 2, 0.5)
    array([ 50.,  50., 100., 100.])
    """
    t = np.arange(1, months + 1)
    return np.where(t <= ramp_months, monthly_rent * ramp_fraction, monthly_rent).astype(float)


def survival(months: int, h: float, notice_months: int, lock_months: int) -> np.ndarray:
    """Probability that month ``t`` is still paid, for ``t = 1..T``.

    Parameters
    ----------
    months : int
        ``T``.
    h : float
        Probability per month that either side serves notice, in [0, 1].
    notice_months : int
        Months between a notice and the end of payments.
    lock_months : int
        Months during which no termination can take effect.

    Returns
    -------
    ndarray of shape (T,)
        ``S(t)``, non-increasing, ``S(t) = 1`` for ``t <= max(notice, lock)``.

    Notes
    -----
    .. math:: S(t) = (1 - h)^{\\max(0,\\; t - \\max(n, L))}

    A notice is served only when it can take effect after the lock ``L`` and it takes
    effect ``n`` months later, so the first ``max(n, L)`` months are certain. ``0^0 = 1``:
    with ``h = 1`` the lease pays exactly ``max(n, L)`` months.

    Examples
    --------
    >>> survival(5, 0.5, 3, 0)
    array([1.  , 1.  , 1.  , 0.5 , 0.25])
    >>> survival(3, 0.2, 0, 0)
    array([0.8  , 0.64 , 0.512])
    """
    t = np.arange(1, months + 1)
    exposed = np.maximum(0, t - max(notice_months, lock_months))
    return np.power(1.0 - h, exposed, dtype=float)


def contracted_revenue(rent: np.ndarray) -> float:
    """Total rent if the lease runs its full term: ``sum_t Rent_t`` (USD, undiscounted)."""
    return float(np.sum(rent))


def expected_revenue(rent: np.ndarray, surv: np.ndarray) -> float:
    """Expected rent under the notice hazard: ``sum_t Rent_t S(t)`` (USD, undiscounted).

    Examples
    --------
    >>> expected_revenue(np.array([10.0, 10.0]), np.array([1.0, 0.5]))
    15.0
    """
    return float(np.sum(rent * surv))


def monthly_rate(annual_rate: float) -> float:
    """Effective monthly rate equivalent to an effective annual rate: ``(1 + r)^(1/12) - 1``.

    >>> round(monthly_rate(0.12), 6)
    0.009489
    """
    return (1.0 + annual_rate) ** (1.0 / 12.0) - 1.0


def discount_factors(months: int, annual_rate: float) -> np.ndarray:
    """``(1 + r)^(-t/12)`` for ``t = 1..T``: the value at the lease start of one dollar
    paid at the end of month ``t``, with ``r`` the effective annual rate.

    >>> discount_factors(12, 0.10)[[0, 11]].round(6).tolist()
    [0.992089, 0.909091]
    """
    t = np.arange(1, months + 1)
    return (1.0 + annual_rate) ** (-t / 12.0)


def npv_expected_revenue(rent: np.ndarray, surv: np.ndarray, annual_rate: float) -> float:
    """Present value at the lease start of the expected rent.

    Parameters
    ----------
    rent, surv : ndarray of shape (T,)
        ``Rent_t`` (USD) and ``S(t)``.
    annual_rate : float
        ``r``, effective annual discount rate (0.10 for 10 %).

    Returns
    -------
    float
        USD at the start of month 1.

    Notes
    -----
    .. math:: \\text{NPV} = \\sum_{t=1}^{T} \\frac{\\text{Rent}_t\\, S(t)}{(1 + r)^{t/12}}

    Rent is paid at the end of each month. Computed with ``numpy_financial.npv`` at the
    equivalent monthly rate, with a zero cash flow at ``t = 0``.

    Examples
    --------
    >>> npv_expected_revenue(np.array([100.0] * 12), np.ones(12), 0.0)
    1200.0
    >>> round(npv_expected_revenue(np.array([0.0] * 11 + [110.0]), np.ones(12), 0.10), 6)
    100.0
    """
    flows = np.concatenate([[0.0], rent * surv])
    return float(npf.npv(monthly_rate(annual_rate), flows))


def valuation_position(start: str, as_of: str) -> float:
    """Where the end of the day ``as_of`` falls on the lease's clock, in months.

    Parameters
    ----------
    start : str
        ``lease.start``, the first paid month (``YYYY-MM``); month ``t`` ends at ``a = t``.
    as_of : str
        The valuation date (``YYYY-MM-DD``), taken at the end of that day (a close).

    Returns
    -------
    float
        ``a``: whole months from the start of ``start`` to the end of ``as_of``'s month,
        minus the part of that month still to run. Negative before the lease starts.

    Notes
    -----
    .. math:: a = (m_{as\\,of} - m_{start}) + \\frac{d}{D}

    with ``m`` the month index, ``d`` the day of the month and ``D`` the days in that
    month. Month ``t`` is paid at ``a = t`` (rent is paid at the end of the month), so the
    months paid by the valuation date are ``k = min(T, max(0, floor(a)))``
    (:func:`months_paid_by`), and a payment at the end of month ``t > a`` is
    ``(t - a) / 12`` years after it.

    Examples
    --------
    >>> valuation_position("2026-05", "2026-09-30"), round(valuation_position("2026-05", "2026-10-09"), 4)
    (5.0, 5.2903)
    >>> valuation_position("2026-05", "2026-04-15")
    -0.5
    """
    import calendar
    import datetime

    from ..inputs.params import month_index

    d = datetime.date.fromisoformat(as_of)
    days = calendar.monthrange(d.year, d.month)[1]
    return float(month_index(f"{d.year:04d}-{d.month:02d}") - month_index(start)) + d.day / days


def months_paid_by(position: float, months: int) -> int:
    """``k``: months of a ``T``-month lease paid by the valuation date at ``position``
    (:func:`valuation_position`): ``min(T, max(0, floor(a)))``.

    >>> months_paid_by(5.29, 37), months_paid_by(-0.5, 37), months_paid_by(40.0, 37)
    (5, 0, 37)
    """
    return int(min(months, max(0, math.floor(position))))


def survival_in_force(months: int, h: float, notice_months: int, lock_months: int, paid: int) -> np.ndarray:
    """``S_k(t)``: the probability that month ``t`` is paid, given the lease is in force
    with no notice served when ``k = paid`` months have been paid.

    Parameters
    ----------
    months, h, notice_months, lock_months
        As in :func:`survival`.
    paid : int
        ``k``, months already paid, ``0 <= k <= T``.

    Returns
    -------
    ndarray of shape (T,)
        ``1`` for ``t <= max(k + n, L)`` (paid, or due under the notice period a notice
        served now would still run, or inside the lock), then falling by ``1 - h`` a month.

    Notes
    -----
    .. math:: S_k(t) = (1 - h)^{\\max(0,\\; t - \\max(k + n, L))} = \\frac{S(t)}{S(\\max(k + n, L))}

    A notice served in month ``j`` ends payments after month ``j + n - 1`` (so that
    ``S(t) = (1-h)^{t - \\max(n, L)}``); no notice served by month ``k`` means ``N >= k + n``.
    So the condition is the lease of :func:`survival` with its notice period lengthened by
    ``k``, and ``S_0 = S``. The months ``t <= k`` are realised cash, not outcomes.

    Examples
    --------
    >>> survival_in_force(8, 0.5, 3, 0, 0).tolist() == survival(8, 0.5, 3, 0).tolist()
    True
    >>> survival_in_force(8, 0.5, 3, 0, 2).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.25, 0.125]
    >>> survival_in_force(8, 0.5, 1, 6, 2).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.25]
    """
    return survival(months, h, notice_months + int(paid), lock_months)


def discount_factors_to(months: int, annual_rate: float, position: float) -> np.ndarray:
    """``(1 + r)^{-(t - a)/12}`` for ``t = 1..T``: the value at the valuation date
    (position ``a``, :func:`valuation_position`) of one dollar paid at the end of month ``t``.
    Only the months ``t > a`` are discounted; earlier ones are not used by the valuation
    (they are realised) and get factors above 1.

    >>> discount_factors_to(12, 0.10, 0.0).round(6).tolist() == discount_factors(12, 0.10).round(6).tolist()
    True
    >>> float(discount_factors_to(24, 0.10, 12.0)[23].round(6))
    0.909091
    """
    t = np.arange(1, months + 1)
    return (1.0 + annual_rate) ** (-(t - position) / 12.0)


def remaining_value(flows: np.ndarray, h: float, notice_months: int, lock_months: int,
                    annual_rate: float, position: float) -> float:
    """Present value at the valuation date of a lease's monthly flows still to come, each
    weighted by the chance it is paid given the lease is in force with no notice served then.

    Parameters
    ----------
    flows : ndarray of shape (T,)
        A flow per month ``t = 1..T`` paid at the end of the month, USD (rent, or rent less
        costs; may be negative).
    h, notice_months, lock_months
        As in :func:`survival`.
    annual_rate : float
        ``r``, effective annual rate.
    position : float
        ``a``, the valuation date on the lease's clock (:func:`valuation_position`).

    Returns
    -------
    float
        USD at the valuation date; 0 when no month is left.

    Notes
    -----
    .. math:: V(a) = \\sum_{t = k + 1}^{T} \\frac{x_t\\, S_k(t)}{(1 + r)^{(t - a)/12}}, \\qquad k = \\text{months paid by } a

    With ``a = 0`` it is the present value at the lease start.

    Examples
    --------
    >>> remaining_value(np.array([10.0] * 4), 0.0, 0, 0, 0.0, 2.5)
    20.0
    >>> remaining_value(np.array([10.0] * 4), 0.5, 1, 0, 0.0, 2.0)   # month 3 due, month 4 at 1/2
    15.0
    >>> round(remaining_value(np.array([0.0] * 11 + [110.0]), 0.0, 0, 0, 0.10, 0.0), 6)
    100.0
    """
    flows = np.asarray(flows, dtype=float)
    T = len(flows)
    k = months_paid_by(position, T)
    w = survival_in_force(T, h, notice_months, lock_months, k) * discount_factors_to(T, annual_rate, position)
    return float(np.sum((flows * w)[k:]))


def notice_value(flows: np.ndarray, notice_months: int, lock_months: int, annual_rate: float,
                 position: float) -> tuple[float, float, int]:
    """What is still due if a notice is served at the valuation date: the flows of the
    months up to the later of the notice period's end and the lock's, discounted to it.

    Returns
    -------
    tuple
        ``(present value, undiscounted sum, months)`` of the months ``k+1 .. m`` with
        ``m = min(T, max(k + n, L))``.

    Notes
    -----
    The termination cliff is ``V(a)`` of :func:`remaining_value` less this present value:
    a notice stops the flows after month ``m``, not at once. Leaving it out (the cliff as
    ``V(a)``) gives an upper bound.

    Examples
    --------
    >>> notice_value(np.array([10.0] * 6), 3, 0, 0.0, 2.4)
    (30.0, 30.0, 3)
    >>> notice_value(np.array([10.0] * 6), 3, 0, 0.0, 5.0)
    (10.0, 10.0, 1)
    """
    flows = np.asarray(flows, dtype=float)
    T = len(flows)
    k = months_paid_by(position, T)
    m = min(T, max(k + notice_months, lock_months))
    disc = discount_factors_to(T, annual_rate, position)
    return float(np.sum((flows * disc)[k:m])), float(np.sum(flows[k:m])), int(max(0, m - k))


def valuation_date(p: Parameters) -> str:
    """The valuation date of a build (``YYYY-MM-DD``): ``valuation.as_of``, or the date of
    the price analysed (``valuation.share_price_date``) when ``as_of`` is ``share_price_date``.

    >>> from colossus.inputs.loading import validate
    >>> valuation_date(Parameters()), valuation_date(validate({"valuation": {"as_of": "2026-12-01"}}))
    ('2026-10-09', '2026-12-01')
    """
    from ..inputs.params import AS_OF_PRICE_DATE

    v = p.valuation
    return v.share_price_date if v.as_of == AS_OF_PRICE_DATE else v.as_of


def position_of(p: Parameters) -> float:
    """``a`` of :func:`valuation_position` for the build's lease and valuation date."""
    return valuation_position(p.lease.start, valuation_date(p))


def months_paid(p: Parameters) -> int:
    """``k``: the lease months paid by the build's valuation date (:func:`months_paid_by`).

    >>> months_paid(Parameters())
    5
    """
    return months_paid_by(position_of(p), lease_months(p.lease.start, p.lease.end))


def survival_now(p: Parameters, h: float | None = None, notice_months: int | None = None,
                 lock_months: int | None = None) -> np.ndarray:
    """:func:`survival_in_force` at the build's valuation date: the survival every outcome
    of the book is read on (the lease in force with no notice served at that date)."""
    L = p.lease
    T = lease_months(L.start, L.end)
    return survival_in_force(T, L.monthly_notice_probability if h is None else h,
                             L.notice_months if notice_months is None else notice_months,
                             L.lock_months if lock_months is None else lock_months, months_paid(p))


def implied_usd_per_gpu_hour(monthly_rent: float, gpus: int, hours_per_month: float = HOURS_PER_MONTH) -> float:
    """Rent per GPU-hour the contract implies at full rent.

    Notes
    -----
    .. math:: p = \\frac{\\text{rent}}{\\text{GPUs} \\times 730}

    730 hours is the average month (8,760 / 12). Assumes every covered GPU is billed every
    hour: it is the price of the capacity, not of utilised hours.

    Examples
    --------
    >>> round(implied_usd_per_gpu_hour(1.25e9, 220_000), 4)
    7.7833
    """
    return monthly_rent / (gpus * hours_per_month)


def premium_vs_market(implied_rate: float, market_rate: float) -> float:
    """How many times the market rate the lease pays: ``implied / market``.

    >>> premium_vs_market(7.0, 3.5)
    2.0
    """
    return implied_rate / market_rate


def months_axis(start: str, months: int) -> pd.PeriodIndex:
    """Calendar months of ``t = 1..T``."""
    return pd.period_range(start=start, periods=months, freq="M")


@memoised_table
def schedule(p: Parameters, h: float | None = None, lock_months: int | None = None,
             notice_months: int | None = None, in_force: bool = False) -> pd.DataFrame:
    """Month-by-month table of the lease under parameters ``p``.

    Columns: ``t``, ``month`` (``YYYY-MM``), ``rent_usd``, ``survival``,
    ``expected_rent_usd``, ``discount_factor``, ``pv_expected_rent_usd`` and the
    cumulative ``cum_rent_usd`` and ``cum_expected_rent_usd``. ``h``, ``lock_months`` and
    ``notice_months`` override the parameters (used for the contract variants and the
    hazard slider). ``in_force``: survival given the lease in force with no notice served
    at the valuation date (:func:`survival_in_force`), as every outcome of the lease
    chapter; by default the survival from the start (:func:`survival`).
    """
    L = p.lease
    T = lease_months(L.start, L.end)
    h = L.monthly_notice_probability if h is None else h
    lock = L.lock_months if lock_months is None else lock_months
    notice = L.notice_months if notice_months is None else notice_months
    rent = rent_schedule(L.monthly_rent_usd, T, L.ramp_months, L.ramp_rent_fraction)
    surv = survival_in_force(T, h, notice, lock, months_paid(p)) if in_force else survival(T, h, notice, lock)
    t = np.arange(1, T + 1)
    disc = discount_factors(T, p.finance.discount_rate_annual)
    df = pd.DataFrame({
        "t": t,
        "month": months_axis(L.start, T).strftime("%Y-%m"),
        "rent_usd": rent,
        "survival": surv,
        "expected_rent_usd": rent * surv,
        "discount_factor": disc,
    })
    df["pv_expected_rent_usd"] = df["expected_rent_usd"] * disc
    df["cum_rent_usd"] = df["rent_usd"].cumsum()
    df["cum_expected_rent_usd"] = df["expected_rent_usd"].cumsum()
    return df


def hazard_grid(p: Parameters, hazards: np.ndarray) -> pd.DataFrame:
    """``schedule`` for each hazard in ``hazards``, given the lease in force at the valuation
    date (as the chapter's expected revenue), stacked, with an integer key ``h_bp`` (basis
    points) that a chart slider can match exactly.

    >>> g = hazard_grid(Parameters(), np.array([0.03]))
    >>> round(float(g["expected_rent_usd"].sum()) / 1e9, 3)
    32.458
    """
    frames = []
    for h in hazards:
        df = schedule(p, h=float(h), in_force=True)
        df.insert(0, "h_bp", int(round(float(h) * 10_000)))
        df.insert(1, "h", float(h))
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


#: The contract as the sources tell it: (lock_months, notice_months) of each reading.
TERM_VARIANTS: dict[str, dict] = {
    "filing": {"label": "the amended filings", "lock_months": 3, "notice_months": 3, "fact": "lease_term_amended"},
    "musk": {"label": "Musk's '180-day lease'", "lock_months": 6, "notice_months": 3, "fact": "lease_term_musk"},
    "seed": {"label": "the Deep News article", "lock_months": 6, "notice_months": 1, "fact": "lease_term_seed"},
}


def variant_summary(p: Parameters) -> pd.DataFrame:
    """Contracted, expected and NPV of expected revenue under each named term variant,
    with every other parameter (rent, ramp, hazard, discount rate) as in ``p``. Expected
    revenue (realised months included) and its NPV (of the rent still to come, at the
    valuation date) are given the lease in force with no notice served at the valuation
    date (:func:`survival_now`, :func:`remaining_value`); so are the certain months (those
    paid by then, plus the notice period a notice served then would still run, or the lock)."""
    rows = []
    for key, v in TERM_VARIANTS.items():
        df = schedule(p, lock_months=v["lock_months"], notice_months=v["notice_months"])
        rows.append({
            "variant": key, "label": v["label"], "fact": v["fact"],
            "lock_months": v["lock_months"], "notice_months": v["notice_months"],
            "certain_months": min(len(df), max(v["lock_months"], v["notice_months"] + months_paid(p))),
            "contracted_revenue_usd": contracted_revenue(df["rent_usd"].to_numpy()),
            "expected_revenue_usd": expected_revenue(
                df["rent_usd"].to_numpy(), survival_now(p, notice_months=v["notice_months"],
                                                        lock_months=v["lock_months"])),
            "npv_expected_revenue_usd": remaining_value(
                df["rent_usd"].to_numpy(), p.lease.monthly_notice_probability, v["notice_months"],
                v["lock_months"], p.finance.discount_rate_annual, position_of(p)),
        })
    return pd.DataFrame(rows)


def variant_frame(p: Parameters) -> pd.DataFrame:
    """:func:`variant_summary` as the reader's table (USD billions, with the source cited)."""
    v = variant_summary(p)
    from ..inputs.facts import cite

    return pd.DataFrame({
        "Reading": [f"{lab[0].upper() + lab[1:]} {cite(f)}" for lab, f in zip(v["label"], v["fact"])],
        "Lock-in (months)": v["lock_months"].astype(str),
        "Notice (months)": v["notice_months"].astype(str),
        "Certain months": v["certain_months"].astype(str),
        "Contracted (USD bn)": [f"{x / 1e9:,.2f}" for x in v["contracted_revenue_usd"]],
        "Expected (USD bn)": [f"{x / 1e9:,.2f}" for x in v["expected_revenue_usd"]],
        "NPV of expected (USD bn)": [f"{x / 1e9:,.2f}" for x in v["npv_expected_revenue_usd"]],
    })
