"""The sum of the parts and what the share price says about the AI segment: each business
valued on its own (compute leasing at its durable or story value, the other tenants
included), the value the price leaves for AI and the multiple it reads as, between a
neocloud's and an AI lab's.

The conventions are those of :mod:`colossus.model.valuation`; the lease's own values come
from :mod:`colossus.model.valuation_lease`.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd

from . import lease
from .valuation_lease import (_diluted, _prices, anthropic_run_rate_usd, durable_lease_value_usd,
                              per_share, story_lease_value_usd, story_value, valuation_date)
from ..inputs.params import Parameters
from .memo import memoised_table

#: The leasing views of the sum of the parts and of the termination cliff.
LEASING_VIEWS = ("durable", "story")
#: The readings of :func:`ai_reading`.
READING_BELOW = "below a neocloud's multiple"
READING_NEAR_NEOCLOUD = "between a neocloud's and an AI lab's multiple \u2014 closer to a neocloud's"
READING_NEAR_AI_LAB = "between a neocloud's and an AI lab's multiple \u2014 closer to an AI lab's"
READING_ABOVE = "above an AI lab's multiple"


# --------------------------------------------------------------------------- pure functions

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


# --------------------------------------------------------------------------- other tenants

#: The other compute tenants, as (key, label) of ``tenants.<key>_*``.
OTHER_TENANTS = (("google", "Google"), ("reflection", "Reflection AI"))


def paying_tenants(p: Parameters) -> tuple[str, ...]:
    """The labels of the other tenants with a nonzero monthly rent in this build.

    >>> from colossus.inputs.loading import validate
    >>> paying_tenants(Parameters()), paying_tenants(validate({"tenants": {"google_monthly_rent_usd": 0.0}}))
    (('Google', 'Reflection AI'), ('Reflection AI',))
    """
    return tuple(label for key, label in OTHER_TENANTS if getattr(p.tenants, f"{key}_monthly_rent_usd") > 0)


@memoised_table
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



# --------------------------------------------------------------------------- sum of the parts, the price's reading

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


