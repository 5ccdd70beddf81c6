"""The valuation's dated market inputs (the price analysed, the market value and share
count, the analysts' targets, the multiples), each with its date and its age at the
book's date, and the share count reconciled with the market value it comes from.
"""
from __future__ import annotations

import pandas as pd

from .valuation_lease import _diluted
from ..inputs import config
from ..inputs.params import Parameters

#: A dated input older than this many days, against the book's date, is flagged
#: (defined with the book's conventions, :data:`colossus.inputs.config.STALE_AFTER_DAYS`).
STALE_AFTER_DAYS = config.STALE_AFTER_DAYS


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

