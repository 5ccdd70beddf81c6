"""What the rent does for xAI and SpaceX: loss coverage, revenue uplift, value at a multiple.

Conventions: USD; a quarter of rent is three months at full rent (no ramp, no notice);
losses are positive numbers.
"""
from __future__ import annotations


def quarterly_rent_usd(monthly_rent_usd: float) -> float:
    """Three months of full rent.

    >>> quarterly_rent_usd(1.25e9)
    3750000000.0
    """
    return 3.0 * monthly_rent_usd


def loss_coverage(quarterly_rent: float, quarterly_operating_loss: float) -> float | None:
    """How many times a quarter's rent covers a quarter's operating loss: ``rent / loss``.

    ``None`` when there is no loss to cover.

    >>> loss_coverage(3.75e9, 2.5e9), loss_coverage(1.0, 0.0)
    (1.5, None)
    """
    return quarterly_rent / quarterly_operating_loss if quarterly_operating_loss > 0 else None


def revenue_uplift(quarterly_rent: float, quarterly_revenue: float) -> float:
    """The rent as a share of a quarter's revenue before it: ``rent / revenue``.

    >>> revenue_uplift(1.0, 4.0)
    0.25
    """
    return quarterly_rent / quarterly_revenue


def value_at_multiple(annual_run_rate_usd: float, ev_revenue_multiple: float) -> float:
    """Enterprise value the market would put on a revenue stream at an EV / revenue multiple.

    Notes
    -----
    .. math:: V = m \\times 12 \\times \\text{rent}

    The multiple applies to run-rate revenue; a neocloud's contracts are priced this way
    (6-7x in early 2025). It ignores the lease's short term and termination risk, so it is
    the story's value, not the contract's (see the NPV for that).

    >>> value_at_multiple(15e9, 6.5)
    97500000000.0
    """
    return annual_run_rate_usd * ev_revenue_multiple
