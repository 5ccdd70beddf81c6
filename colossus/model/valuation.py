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
  then are **realised cash**, reported apart (:func:`~colossus.model.valuation_lease.realised`) and never in a value.
* Diluted shares are ``valuation.shares_outstanding + valuation.cursor_shares_issued``.
* Values that do not exist are ``None`` (never NaN or infinity) in :func:`valuation_numbers`.

The monthly cash cost of serving and the replacement compute come from
:func:`colossus.model.costs.incremental_schedule`; they are not recomputed here. Depreciation of
the cluster is sunk and is not a cost of the lease.

The formulas are in three modules, by concern; this one gathers their key numbers
(:func:`valuation_numbers`):

* :mod:`colossus.model.valuation_lease`  - durable and story value, realised cash, the notice and the cliff
* :mod:`colossus.model.valuation_parts`  - the other tenants, the sum of the parts, the price's reading of AI
* :mod:`colossus.model.valuation_market` - the dated market inputs and their age, the share count reconciled
"""
from __future__ import annotations

import math

import numpy as np

from . import lease
from .valuation_lease import (_diluted, _lease_flows, cliff_values, durable_lease_value_usd, notice_at_valuation_date,
                              per_share, realised, story_lease_value_usd, story_to_contract_ratio,
                              story_to_durable_ratio, undiscounted_contracted_net, undiscounted_expected_net,
                              valuation_date)
from .valuation_parts import _implied_at, _reading_or_none, ai_revenue_usd, other_tenants_values, sotp_value_per_share_usd
# colossus.book.build reads the staleness rule from here
from .valuation_market import STALE_AFTER_DAYS, stale_market_inputs  # noqa: F401
from ..inputs.params import Parameters


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
