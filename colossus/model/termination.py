"""Termination: the exact law of when the lease ends, a Monte Carlo cross-check, and the
cost to xAI of ending it itself.

The lease pays its first ``c = min(T, max(notice, lock))`` months for certain; after that,
each month is paid with probability ``1 - h`` given the previous one was. So the number of
paid months is ``N = min(T, c + G)`` with ``G`` geometric, ``P(G >= j) = (1 - h)^j``, and
``P(N >= t) = S(t)`` of :func:`colossus.model.lease.survival`. The law of ``N`` is known exactly
(:func:`paid_months_law`); every revenue percentile is read from it, so each is a revenue
that some path realises. The simulator draws the same process and is kept as a check.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.config import HOURS_PER_MONTH
from .lease import discount_factors, lease_months, months_paid, rent_schedule, survival
from ..inputs.params import Parameters


def paid_months_law(months: int, h: float, notice_months: int, lock_months: int) -> pd.DataFrame:
    """The exact law of the number of paid months ``N``.

    Parameters
    ----------
    months : int
        ``T``, the term in months.
    h, notice_months, lock_months
        As in :func:`colossus.model.lease.survival`.

    Returns
    -------
    DataFrame
        ``paid_months`` (each possible ``n``) and ``probability`` (``P(N = n) > 0``),
        in increasing ``n``; the probabilities sum to 1.

    Notes
    -----
    .. math:: P(N = n) = S(n) - S(n + 1), \\quad S(0) = 1,\\; S(T + 1) = 0

    Examples
    --------
    >>> paid_months_law(4, 0.5, 2, 0).to_dict("list")
    {'paid_months': [2, 3, 4], 'probability': [0.5, 0.25, 0.25]}
    >>> paid_months_law(3, 0.0, 0, 0).to_dict("list")
    {'paid_months': [3], 'probability': [1.0]}
    """
    s = np.concatenate([[1.0], survival(months, h, notice_months, lock_months), [0.0]])
    prob = s[:-1] - s[1:]
    n = np.arange(0, months + 1)
    keep = prob > 0
    return pd.DataFrame({"paid_months": n[keep], "probability": prob[keep]})


def revenue_after(rent: np.ndarray, paid: np.ndarray | int) -> np.ndarray | float:
    """Realised (undiscounted) revenue after ``paid`` months: ``sum_{t <= n} Rent_t``
    (``n = 0``: nothing), for one ``n`` or an array of them.

    >>> revenue_after(np.array([1.0, 2.0, 3.0]), np.array([0, 2, 3])).tolist()
    [0.0, 3.0, 6.0]
    """
    return np.concatenate([[0.0], np.cumsum(rent)])[paid]


def revenue_law(rent: np.ndarray, h: float, notice_months: int, lock_months: int) -> pd.DataFrame:
    """The exact law of realised (undiscounted) revenue: ``paid_months``, ``revenue_usd``
    ``= sum_{t <= n} Rent_t``, ``probability`` and ``cumulative`` (``P(N <= n)``).

    >>> revenue_law(np.array([1.0, 1.0, 1.0]), 1.0, 1, 0)[["paid_months", "revenue_usd", "probability"]].values.tolist()
    [[1.0, 1.0, 1.0]]
    """
    law = paid_months_law(len(rent), h, notice_months, lock_months)
    law["revenue_usd"] = revenue_after(rent, law["paid_months"].to_numpy())
    law["cumulative"] = np.minimum(law["probability"].cumsum(), 1.0)
    return law[["paid_months", "revenue_usd", "probability", "cumulative"]]


def law_quantile(law: pd.DataFrame, q: float, column: str = "revenue_usd") -> float:
    """The ``q``-quantile of a discrete law: the smallest outcome whose cumulative
    probability reaches ``q`` (the inverse CDF), so it is always a realisable outcome.

    Outcomes must be in increasing order of ``column`` (revenue increases with paid
    months when rent is non-negative). A tolerance of 1e-12 absorbs rounding in the
    cumulative sum.

    >>> law = pd.DataFrame({"revenue_usd": [3.0, 4.0, 9.0], "cumulative": [0.5, 0.8, 1.0]})
    >>> law_quantile(law, 0.05), law_quantile(law, 0.5), law_quantile(law, 0.51), law_quantile(law, 0.95)
    (3.0, 3.0, 4.0, 9.0)
    """
    idx = int(np.searchsorted(law["cumulative"].to_numpy(), q - 1e-12, side="left"))
    return float(law[column].iloc[min(idx, len(law) - 1)])


@dataclass(frozen=True)
class RevenueDistribution:
    """Realised revenue over the exact law of ``N``: percentiles that some path realises,
    the median, and the probability that the lease runs its full term."""
    mean_usd: float
    p5_usd: float
    p50_usd: float
    p95_usd: float
    full_term_probability: float


def exact_distribution(rent: np.ndarray, h: float, notice_months: int, lock_months: int) -> RevenueDistribution:
    """Percentiles, mean and ``P(N = T)`` of realised revenue, from :func:`revenue_law`.

    >>> d = exact_distribution(np.array([1.0, 1.0, 1.0, 1.0]), 0.5, 2, 0)
    >>> d.p5_usd, d.p50_usd, d.p95_usd, d.full_term_probability, d.mean_usd
    (2.0, 2.0, 4.0, 0.25, 2.75)
    """
    law = revenue_law(rent, h, notice_months, lock_months)
    full = law.loc[law["paid_months"] == len(rent), "probability"]
    return RevenueDistribution(
        mean_usd=float((law["revenue_usd"] * law["probability"]).sum()),
        p5_usd=law_quantile(law, 0.05), p50_usd=law_quantile(law, 0.50), p95_usd=law_quantile(law, 0.95),
        full_term_probability=float(full.iloc[0]) if len(full) else 0.0)


def paid_months(rng: np.random.Generator, paths: int, months: int, h: float,
                notice_months: int, lock_months: int) -> np.ndarray:
    """Number of paid months on each simulated path, in ``[min(T, k), T]``.

    Notes
    -----
    ``G`` (geometric on 0, 1, 2, ...) counts the months paid after the certain ``k``;
    ``h = 0`` means no notice is ever served (every path pays ``T``).

    >>> paid_months(np.random.default_rng(1), 3, 36, 1e-300, 3, 0).tolist()   # regression: int64 overflow
    [36, 36, 36]
    >>> paid_months(np.random.default_rng(1), 3, 36, 1.0, 3, 0).tolist()
    [3, 3, 3]
    """
    certain = min(months, max(notice_months, lock_months))
    if h <= 0.0:
        return np.full(paths, months, dtype=np.int64)
    # G = floor(log U / log(1 - h)), U uniform on (0, 1]: P(G >= j) = (1 - h)^j. Drawn in
    # floating point and capped at the term before the cast, because for a tiny h the
    # draw exceeds the int64 range (``rng.geometric`` wraps around there).
    u = 1.0 - rng.random(paths)
    with np.errstate(over="ignore", divide="ignore"):   # a tiny h gives +inf, capped below
        extra = np.floor(np.log(u) / np.log1p(-h)) if h < 1.0 else np.zeros(paths)
    return np.minimum(float(months), certain + extra).astype(np.int64)


def simulate_paid_months(months: int, h: float, notice_months: int, lock_months: int,
                         paths: int, seed: int) -> np.ndarray:
    """Paid months on each of ``paths`` simulated leases (seeded ``default_rng``)."""
    return paid_months(np.random.default_rng(seed), paths, months, h, notice_months, lock_months)


def simulate_revenue(rent: np.ndarray, h: float, notice_months: int, lock_months: int,
                     paths: int, seed: int) -> np.ndarray:
    """Realised (undiscounted) revenue on each of ``paths`` simulated leases, USD.

    Parameters
    ----------
    rent : ndarray of shape (T,)
        ``Rent_t`` (USD).
    h, notice_months, lock_months
        As in :func:`colossus.model.lease.survival`.
    paths : int
        Number of simulated leases.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same draws.

    Returns
    -------
    ndarray of shape (paths,)
        ``sum_{t <= N} Rent_t`` with ``N`` the paid months of each path.

    Notes
    -----
    The mean converges to ``sum_t Rent_t S(t)``, the closed-form expected revenue,
    because ``P(N >= t) = S(t)``.

    Examples
    --------
    >>> simulate_revenue(np.array([1.0, 1.0, 1.0]), 0.0, 0, 0, 4, seed=1)
    array([3., 3., 3., 3.])
    >>> simulate_revenue(np.array([1.0, 1.0, 1.0]), 1.0, 1, 0, 2, seed=1)
    array([1., 1.])
    """
    return revenue_after(rent, simulate_paid_months(len(rent), h, notice_months, lock_months, paths, seed))


@dataclass(frozen=True)
class SimulationSummary:
    """The Monte Carlo cross-check: its mean and standard error, and the share of paths
    that pay all ``T`` months (counted on paid months, not on revenue)."""
    mean_usd: float
    std_error_usd: float
    full_term_share: float
    paths: int


def summarize(revenue: np.ndarray, paid: np.ndarray, months: int) -> SimulationSummary:
    """Mean and standard error of simulated revenue, and the share of paths with ``N = T``.

    >>> s = summarize(np.array([1.0, 3.0]), np.array([1, 3]), 3)
    >>> s.mean_usd, s.full_term_share
    (2.0, 0.5)
    """
    return SimulationSummary(
        mean_usd=float(revenue.mean()),
        std_error_usd=float(revenue.std(ddof=1) / np.sqrt(revenue.size)) if revenue.size > 1 else 0.0,
        full_term_share=float(np.mean(paid == months)),
        paths=int(revenue.size),
    )


def simulate(p: Parameters) -> tuple[np.ndarray, SimulationSummary]:
    """Run the simulator on parameters ``p`` (seed and paths from ``simulation.*``), given
    the lease in force with no notice served at the valuation date (as :func:`distribution`)."""
    L = p.lease
    T = lease_months(L.start, L.end)
    rent = rent_schedule(L.monthly_rent_usd, T, L.ramp_months, L.ramp_rent_fraction)
    n = simulate_paid_months(T, L.monthly_notice_probability, L.notice_months + months_paid(p), L.lock_months,
                             p.simulation.paths, p.simulation.seed)
    rev = revenue_after(rent, n)
    return rev, summarize(rev, n, T)


def distribution(p: Parameters) -> tuple[pd.DataFrame, RevenueDistribution]:
    """The exact revenue law and its summary under parameters ``p``, given the lease in
    force with no notice served at the valuation date.

    Notes
    -----
    With ``k`` months paid by the valuation date (:func:`colossus.model.lease.months_paid`), the
    condition is ``N >= k + n``: it is the law of :func:`paid_months_law` with the notice
    period lengthened by ``k`` (:func:`colossus.model.lease.survival_in_force`). Realised revenue
    counts the ``k`` months already paid; an outcome the facts have ruled out (the lease
    ending before the valuation date) has probability 0.

    Examples
    --------
    >>> law, d = distribution(Parameters())
    >>> int(law["paid_months"].min())      # 5 months paid by 2026-10-09, plus 3 of notice
    8
    """
    L = p.lease
    T = lease_months(L.start, L.end)
    rent = rent_schedule(L.monthly_rent_usd, T, L.ramp_months, L.ramp_rent_fraction)
    args = (L.monthly_notice_probability, L.notice_months + months_paid(p), L.lock_months)
    return revenue_law(rent, *args), exact_distribution(rent, *args)


def own_use_usd_per_gpu_hour(p: Parameters) -> float:
    """What a GPU-hour is worth to xAI's own work: the market rate, times the fleet's value
    relative to an H100, times xAI's own-use value relative to the fleet's market value.

    .. math:: v = p_{market} \\times f_{fleet} \\times u

    The same fleet factor explains the lease's premium in the lease chapter, so the two
    cannot disagree.

    >>> from colossus.inputs.loading import validate
    >>> round(own_use_usd_per_gpu_hour(validate({"market": {"fleet_value_vs_h100": 1.2},
    ...                                          "xai": {"own_use_value_vs_fleet": 0.5}})), 4)
    1.41
    """
    return p.market.gpu_hour_usd * p.market.fleet_value_vs_h100 * p.xai.own_use_value_vs_fleet


def reclaim_cost(p: Parameters, own_use_values: np.ndarray | None = None) -> pd.DataFrame:
    """What xAI gives up by ending the lease itself after month ``k``, for ``k = 0..T-1``,
    given that the lease is still alive at ``k``.

    Parameters
    ----------
    p : Parameters
    own_use_values : ndarray, optional
        Values of a GPU-hour to xAI's own work to tabulate (USD per GPU-hour); default:
        only :func:`own_use_usd_per_gpu_hour`.

    Returns
    -------
    DataFrame
        One row per ``(own_use_usd_per_gpu_hour, k)`` for the ``k`` at which the lease can
        still be alive (``S(k) > 0``), with ``rent_forgone_usd``, ``own_use_value_usd`` and
        ``net_cost_usd`` = forgone - own-use value (positive: reclaiming destroys value),
        and ``alive_probability`` ``= S(k)``.

    Notes
    -----
    Values at month ``k`` (the decision), conditional on the lease being alive then, and
    discounted at ``r`` from the month of each payment back to ``k``:

    .. math:: \\text{forgone}(k) = \\sum_{t > k} \\text{Rent}_t \\frac{S(t)}{S(k)} (1+r)^{-(t-k)/12}

    .. math:: \\text{own use}(k) = \\sum_{t > k} \\text{GPUs} \\cdot 730 \\cdot v \\cdot \\frac{S(t)}{S(k)} (1+r)^{-(t-k)/12}

    Had the lease not been ended by xAI, it would still have ended with Anthropic's
    notice with the hazard of :func:`colossus.model.lease.survival`; only the months it would
    have lived are given up. Both sides are weighted alike, so the sign of the net cost
    is the sign of ``implied rate - v`` once the ramp is over. The notice xAI itself
    would have to give is ignored (add ``notice_months`` to ``k`` for the earliest end).
    """
    L = p.lease
    T = lease_months(L.start, L.end)
    rent = rent_schedule(L.monthly_rent_usd, T, L.ramp_months, L.ramp_rent_fraction)
    surv = survival(T, L.monthly_notice_probability, L.notice_months, L.lock_months)
    disc = discount_factors(T, p.finance.discount_rate_annual)
    s_k = np.concatenate([[1.0], surv])[:T]          # S(k) for k = 0..T-1, S(0) = 1
    d_k = np.concatenate([[1.0], disc])[:T]
    # alive at k; a chance below 1e-250 counts as none (conditioning on it would overflow)
    alive = s_k * d_k > 1e-250
    w = surv * disc                                   # S(t) (1+r)^(-t/12), t = 1..T
    tail_w = np.cumsum(w[::-1])[::-1]                 # sum_{t >= j} for j = 1..T
    tail_rent = np.cumsum((rent * w)[::-1])[::-1]
    k = np.arange(0, T)
    scale = np.where(alive, 1.0 / np.where(alive, s_k * d_k, 1.0), 0.0)
    forgone = tail_rent[k] * scale                    # sum over t > k = t >= k + 1
    hours_weight = tail_w[k] * scale
    values = np.array([own_use_usd_per_gpu_hour(p)]) if own_use_values is None else np.asarray(own_use_values)
    frames = []
    for v in values:
        own = L.gpus * HOURS_PER_MONTH * float(v) * hours_weight
        frames.append(pd.DataFrame({
            "own_use_usd_per_gpu_hour": float(v), "own_use_cents": int(round(float(v) * 100)),
            "k": k, "alive_probability": s_k, "rent_forgone_usd": forgone, "own_use_value_usd": own,
            "net_cost_usd": forgone - own})[alive])
    return pd.concat(frames, ignore_index=True)
