"""Termination: a Monte Carlo of when the lease ends, and the cost to xAI of ending it itself.

The simulator draws the same process the closed form in :mod:`colossus.lease` assumes:
the first ``k = max(notice, lock)`` months are certain; after that, each month is paid
with probability ``1 - h`` given the previous one was. So the number of paid months is
``min(T, k + G)`` with ``G`` geometric: ``P(G >= j) = (1 - h)^j``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import HOURS_PER_MONTH
from .lease import lease_months, rent_schedule
from .params import Parameters


def paid_months(rng: np.random.Generator, paths: int, months: int, h: float,
                notice_months: int, lock_months: int) -> np.ndarray:
    """Number of paid months on each simulated path, in ``[min(T, k), T]``.

    Notes
    -----
    ``G = Geometric(h) - 1`` counts the months paid after the certain ``k``;
    ``h = 0`` means no notice is ever served (every path pays ``T``).
    """
    certain = min(months, max(notice_months, lock_months))
    if h <= 0.0:
        return np.full(paths, months, dtype=np.int64)
    extra = rng.geometric(h, size=paths) - 1
    return np.minimum(months, certain + extra)


def simulate_revenue(rent: np.ndarray, h: float, notice_months: int, lock_months: int,
                     paths: int, seed: int) -> np.ndarray:
    """Realised (undiscounted) revenue on each of ``paths`` simulated leases, USD.

    Parameters
    ----------
    rent : ndarray of shape (T,)
        ``Rent_t`` (USD).
    h, notice_months, lock_months
        As in :func:`colossus.lease.survival`.
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
    rng = np.random.default_rng(seed)
    n = paid_months(rng, paths, len(rent), h, notice_months, lock_months)
    cum = np.concatenate([[0.0], np.cumsum(rent)])
    return cum[n]


@dataclass(frozen=True)
class SimulationSummary:
    mean_usd: float
    std_error_usd: float
    p5_usd: float
    p50_usd: float
    p95_usd: float
    full_term_share: float
    paths: int


def summarize(revenue: np.ndarray, contracted: float) -> SimulationSummary:
    """Mean, its standard error, the 5th/50th/95th percentiles and the share of paths that
    run the full term."""
    return SimulationSummary(
        mean_usd=float(revenue.mean()),
        std_error_usd=float(revenue.std(ddof=1) / np.sqrt(revenue.size)),
        p5_usd=float(np.percentile(revenue, 5)),
        p50_usd=float(np.percentile(revenue, 50)),
        p95_usd=float(np.percentile(revenue, 95)),
        full_term_share=float(np.mean(np.isclose(revenue, contracted))),
        paths=int(revenue.size),
    )


def simulate(p: Parameters) -> tuple[np.ndarray, SimulationSummary]:
    """Run the simulator on parameters ``p`` (seed and paths from ``simulation.*``)."""
    L = p.lease
    T = lease_months(L.start, L.end)
    rent = rent_schedule(L.monthly_rent_usd, T, L.ramp_months, L.ramp_rent_fraction)
    rev = simulate_revenue(rent, L.monthly_notice_probability, L.notice_months, L.lock_months,
                           p.simulation.paths, p.simulation.seed)
    return rev, summarize(rev, float(rent.sum()))


def revenue_distribution(revenue: np.ndarray) -> pd.DataFrame:
    """Counts of each distinct realised revenue (one per possible end month), for charts:
    ``revenue_usd``, ``paths``, ``share``."""
    values, counts = np.unique(np.round(revenue, 2), return_counts=True)
    return pd.DataFrame({"revenue_usd": values, "paths": counts, "share": counts / revenue.size})


def reclaim_cost(p: Parameters, own_use_values: np.ndarray | None = None) -> pd.DataFrame:
    """What xAI gives up by ending the lease itself after month ``k``, for ``k = 0..T``.

    Parameters
    ----------
    p : Parameters
    own_use_values : ndarray, optional
        Values of a GPU-hour to xAI's own use to tabulate (USD per GPU-hour); default:
        only ``xai.own_use_value_usd_per_gpu_hour``.

    Returns
    -------
    DataFrame
        One row per ``(own_use_usd_per_gpu_hour, k)`` with ``rent_forgone_usd``
        ``= sum_{t > k} Rent_t``, ``own_use_value_usd`` ``= GPUs x 730 x v x (T - k)`` and
        ``net_cost_usd`` = forgone - own-use value (positive: reclaiming destroys value).

    Notes
    -----
    Undiscounted, at the contract's full term, and ignoring the notice period xAI would
    have to give (add ``notice_months`` to ``k`` for the earliest feasible end). The
    own-use value is the market value of the compute to xAI, an assumption.
    """
    L = p.lease
    T = lease_months(L.start, L.end)
    rent = rent_schedule(L.monthly_rent_usd, T, L.ramp_months, L.ramp_rent_fraction)
    k = np.arange(0, T + 1)
    forgone = np.concatenate([[rent.sum()], rent.sum() - np.cumsum(rent)])
    values = np.array([p.xai.own_use_value_usd_per_gpu_hour]) if own_use_values is None else own_use_values
    frames = []
    for v in values:
        own = L.gpus * HOURS_PER_MONTH * float(v) * (T - k)
        frames.append(pd.DataFrame({
            "own_use_usd_per_gpu_hour": float(v), "own_use_cents": int(round(float(v) * 100)),
            "k": k, "rent_forgone_usd": forgone, "own_use_value_usd": own,
            "net_cost_usd": forgone - own}))
    return pd.concat(frames, ignore_index=True)
