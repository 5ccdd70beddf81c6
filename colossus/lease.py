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

import numpy as np
import numpy_financial as npf
import pandas as pd

from .config import HOURS_PER_MONTH
from .params import Parameters, month_index


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


def schedule(p: Parameters, h: float | None = None, lock_months: int | None = None,
             notice_months: int | None = None) -> pd.DataFrame:
    """Month-by-month table of the lease under parameters ``p``.

    Columns: ``t``, ``month`` (``YYYY-MM``), ``rent_usd``, ``survival``,
    ``expected_rent_usd``, ``discount_factor``, ``pv_expected_rent_usd`` and the
    cumulative ``cum_rent_usd`` and ``cum_expected_rent_usd``. ``h``, ``lock_months`` and
    ``notice_months`` override the parameters (used for the contract variants and the
    hazard slider).
    """
    L = p.lease
    T = lease_months(L.start, L.end)
    h = L.monthly_notice_probability if h is None else h
    lock = L.lock_months if lock_months is None else lock_months
    notice = L.notice_months if notice_months is None else notice_months
    rent = rent_schedule(L.monthly_rent_usd, T, L.ramp_months, L.ramp_rent_fraction)
    surv = survival(T, h, notice, lock)
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
    """``schedule`` for each hazard in ``hazards``, stacked, with an integer key
    ``h_bp`` (basis points) that a chart slider can match exactly."""
    frames = []
    for h in hazards:
        df = schedule(p, h=float(h))
        df.insert(0, "h_bp", int(round(float(h) * 10_000)))
        df.insert(1, "h", float(h))
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


#: The contract as the sources tell it: (lock_months, notice_months) of each reading.
TERM_VARIANTS: dict[str, dict] = {
    "filing": {"label": "the amended filings", "lock_months": 3, "notice_months": 3, "fact": "lease_term_amended"},
    "musk": {"label": "Musk's '180-day lease'", "lock_months": 6, "notice_months": 3, "fact": "lease_term_musk"},
    "seed": {"label": "the seed article", "lock_months": 6, "notice_months": 1, "fact": "lease_term_seed"},
}


def variant_summary(p: Parameters) -> pd.DataFrame:
    """Contracted, expected and NPV of expected revenue under each named term variant,
    with every other parameter (rent, ramp, hazard, discount rate) as in ``p``."""
    rows = []
    for key, v in TERM_VARIANTS.items():
        df = schedule(p, lock_months=v["lock_months"], notice_months=v["notice_months"])
        rows.append({
            "variant": key, "label": v["label"], "fact": v["fact"],
            "lock_months": v["lock_months"], "notice_months": v["notice_months"],
            "certain_months": min(len(df), max(v["lock_months"], v["notice_months"])),
            "contracted_revenue_usd": contracted_revenue(df["rent_usd"].to_numpy()),
            "expected_revenue_usd": expected_revenue(df["rent_usd"].to_numpy(), df["survival"].to_numpy()),
            "npv_expected_revenue_usd": float(df["pv_expected_rent_usd"].sum()),
        })
    return pd.DataFrame(rows)


def variant_frame(p: Parameters) -> pd.DataFrame:
    """:func:`variant_summary` as the reader's table (USD billions, with the source cited)."""
    v = variant_summary(p)
    from .facts import cite

    return pd.DataFrame({
        "Reading": [f"{lab[0].upper() + lab[1:]} {cite(f)}" for lab, f in zip(v["label"], v["fact"])],
        "Lock-in (months)": v["lock_months"].astype(str),
        "Notice (months)": v["notice_months"].astype(str),
        "Certain months": v["certain_months"].astype(str),
        "Contracted (USD bn)": [f"{x / 1e9:,.2f}" for x in v["contracted_revenue_usd"]],
        "Expected (USD bn)": [f"{x / 1e9:,.2f}" for x in v["expected_revenue_usd"]],
        "NPV of expected (USD bn)": [f"{x / 1e9:,.2f}" for x in v["npv_expected_revenue_usd"]],
    })
