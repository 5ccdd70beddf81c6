"""Issue 15, item 1, re-derived from the issue's text with plain loops over calendar dates.

"Every present value, per-share value and cliff is of the rent still to come after the
valuation date, discounted to it. Months already paid are realised cash, separately. The
distribution of outcomes is conditional on the lease being alive at the valuation date.
The cliff states the notice period's rent that is still due."

Nothing below calls the package's valuation-date functions: months, payment days, the
notices that can still be served and the discounting are counted here from the contract's
terms (a notice served in month j ends payments after month j + n - 1, and none takes
effect inside the lock). Only the monthly net cash (rent less the cost of serving it and
the compute bought back) is read from the costs module, which this issue does not touch.
"""
from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from colossus.model import costs, keynumbers, termination, valuation_lease
from colossus.inputs.params import Parameters
from colossus.inputs.loading import resolve, validate

from ..strategies import valid_parameters


def _months(p):
    """(calendar month start, last day) of each lease month t = 1..T."""
    y, m = int(p.lease.start[:4]), int(p.lease.start[5:])
    ye, me = int(p.lease.end[:4]), int(p.lease.end[5:])
    out = []
    while (y, m) <= (ye, me):
        out.append((datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _as_of(p):
    v = p.valuation
    return datetime.date.fromisoformat(v.share_price_date if v.as_of == "share_price_date" else v.as_of)


def _months_from(as_of: datetime.date, last_day: datetime.date) -> float:
    """Months from the end of day ``as_of`` to the end of ``last_day`` (a month's last day):
    the rest of as_of's month as a fraction of it, plus the whole months after it."""
    days = calendar.monthrange(as_of.year, as_of.month)[1]
    rest = (days - as_of.day) / days
    whole = (last_day.year - as_of.year) * 12 + (last_day.month - as_of.month)
    return rest + whole


def rederive(p) -> dict:
    L, r = p.lease, p.finance.discount_rate_annual
    months = _months(p)
    T = len(months)
    sched = costs.incremental_schedule(p)
    rent = sched["rent_usd"].tolist()
    net = (sched["rent_usd"] - sched["cash_cost_usd"] - sched["replacement_usd"]).tolist()
    as_of = _as_of(p)
    paid = [t for t in range(1, T + 1) if months[t - 1][1] <= as_of]       # paid at the end of its last day
    k = len(paid)

    def chances(t):
        """Notice months that could still stop month t, given no notice by month k: a notice in
        month j stops every month after j + n - 1 and cannot take effect before month L ends."""
        return sum(1 for j in range(k + 1, t + 1) if j + L.notice_months - 1 < t and j + L.notice_months - 1 >= L.lock_months)

    def alive(t):
        return (1.0 - L.monthly_notice_probability) ** chances(t) if t > k else 1.0

    def disc(t):
        return (1.0 + r) ** (-_months_from(as_of, months[t - 1][1]) / 12.0)

    to_come = range(k + 1, T + 1)
    value = sum(net[t - 1] * alive(t) * disc(t) for t in to_come)
    npv_rent = sum(rent[t - 1] * alive(t) * disc(t) for t in to_come)
    # a notice served in month k + 1 (just after the valuation date): paid through
    # max(k + n, L), the last month of the notice period or of the lock
    last_paid = min(T, max(k + L.notice_months, L.lock_months))
    notice = range(k + 1, last_paid + 1)
    notice_value = sum(net[t - 1] * disc(t) for t in notice)
    # the law of the number of paid months, given in force with no notice at the valuation date
    law = {m: alive(m) - (alive(m + 1) if m < T else 0.0) for m in range(k, T + 1)}
    law = {m: q for m, q in law.items() if q > 0}
    revenue = {m: sum(rent[:m]) for m in law}
    cum, quant = 0.0, {}
    for m in sorted(law):
        cum += law[m]
        for q in (0.05, 0.5, 0.95):
            if q not in quant and cum >= q - 1e-12:
                quant[q] = revenue[m]
    n = valuation_lease.shares_diluted(p.valuation.shares_outstanding, p.valuation.cursor_shares_issued)
    return {"k": k, "realised_rent": sum(rent[:k]), "value": value, "per_share": value / n,
            "cliff": (value - notice_value) / n, "upper": value / n, "notice_rent": sum(rent[t - 1] for t in notice),
            "npv_rent": npv_rent, "expected": sum(rent[t - 1] * alive(t) for t in range(1, T + 1)),
            "p5": quant[0.05], "p50": quant[0.5], "p95": quant[0.95], "full": law.get(T, 0.0)}


def check(p):
    want = rederive(p)
    n = keynumbers.compute(p).numbers
    tol = dict(rel=1e-9, abs=1e-3)
    assert n["months_paid_at_valuation_date"] == want["k"] == n["realised_months"]
    assert n["realised_rent_usd"] == pytest.approx(want["realised_rent"], **tol)
    assert n["lease_durable_value_usd"] == pytest.approx(want["value"], **tol)
    assert n["lease_durable_value_per_share_usd"] == pytest.approx(want["per_share"], rel=1e-9, abs=1e-12)
    assert n["termination_cliff_per_share_usd"] == pytest.approx(want["cliff"], rel=1e-9, abs=1e-12)
    assert n["termination_cliff_upper_bound_per_share_usd"] == pytest.approx(want["upper"], rel=1e-9, abs=1e-12)
    assert n["notice_period_rent_usd"] == pytest.approx(want["notice_rent"], **tol)
    assert n["npv_expected_revenue_usd"] == pytest.approx(want["npv_rent"], **tol)
    assert n["expected_revenue_usd"] == pytest.approx(want["expected"], **tol)
    for key, mine in (("revenue_p5_usd", "p5"), ("revenue_median_usd", "p50"), ("revenue_p95_usd", "p95")):
        assert n[key] == pytest.approx(want[mine], **tol), key
    assert n["full_term_probability"] == pytest.approx(want["full"], rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("scenario", ["base", "bull", "bear"])
def test_scenarios_match_the_issue(scenario):
    check(resolve(scenario).parameters)


@pytest.mark.parametrize("as_of", ["2026-04-30", "2026-05-01", "2026-09-30", "2026-10-01", "2027-02-28",
                                   "2029-05-30", "2025-12-31"])
def test_dates_match_the_issue(as_of):
    check(validate({"valuation": {"as_of": as_of}}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=valid_parameters())
def test_random_sets_match_the_issue(p):
    check(p)


def test_base_by_hand():
    # 2026-10-09: May-September paid (0.625 + 0.625 + 3 x 1.25 = $5B realised), October to come
    n = keynumbers.compute(Parameters()).numbers
    assert (n["valuation_date"], n["months_paid_at_valuation_date"], n["realised_rent_usd"]) == ("2026-10-09", 5, 5e9)
    # a notice served then still pays October to December: 3 x 1.25B
    assert (n["notice_period_months"], n["notice_period_rent_usd"], n["notice_period_last_month"]) == (3, 3.75e9, "2026-12")
    # nothing the facts rule out: the lease cannot end before the notice period runs out (8 months)
    law, _ = termination.distribution(Parameters())
    assert int(law["paid_months"].min()) == 8 and law["probability"].sum() == pytest.approx(1.0)
    assert n["revenue_p5_usd"] >= 0.625e9 * 2 + 1.25e9 * 6
    # the cliff nets out the notice period: below its upper bound, which is the durable value per share
    assert n["termination_cliff_per_share_usd"] < n["termination_cliff_upper_bound_per_share_usd"]
    assert n["termination_cliff_upper_bound_per_share_usd"] == n["lease_durable_value_per_share_usd"]


def test_realised_months_never_in_a_value():
    # moving the valuation date past a paid month takes that month out of the value (and adds
    # it to the realised cash); at r = 0 and h = 0 the value is exactly the net cash to come
    p0 = validate({"valuation": {"as_of": "2026-09-30"}, "finance": {"discount_rate_annual": 0.0},
                   "lease": {"monthly_notice_probability": 0.0}})
    p1 = validate({"valuation": {"as_of": "2026-10-31"}, "finance": {"discount_rate_annual": 0.0},
                   "lease": {"monthly_notice_probability": 0.0}})
    n0, n1 = (keynumbers.compute(p).numbers for p in (p0, p1))
    net_october = 1.25e9 - n0["lease_monthly_cash_cost_usd"] - n0["lease_monthly_replacement_cost_usd"]
    assert n0["lease_durable_value_usd"] - n1["lease_durable_value_usd"] == pytest.approx(net_october, rel=1e-12)
    assert n1["realised_rent_usd"] - n0["realised_rent_usd"] == pytest.approx(1.25e9)


def test_valuation_date_after_the_last_payment_leaves_nothing_to_value():
    # a lease over by the valuation date: every month is realised cash, no value is left
    p = validate({"valuation": {"as_of": "2029-05-31"}})
    n = keynumbers.compute(p).numbers
    assert n["months_paid_at_valuation_date"] == n["lease_months"] == 37
    assert n["realised_rent_usd"] == pytest.approx(45e9)
    assert n["lease_durable_value_usd"] == 0.0 and n["termination_cliff_per_share_usd"] == 0.0
    assert n["notice_period_months"] == 0 and n["notice_period_last_month"] is None
    assert n["full_term_probability"] == 1.0 and n["npv_expected_revenue_usd"] == 0.0
    # no run rate is left for a multiple to read: the story value is nil, and the implied
    # multiple is read on the products and the tenants still paying (to June 2029: 1.07B a month)
    assert n["lease_story_value_usd"] == 0.0
    assert n["ai_annual_revenue_usd"] == pytest.approx(p.xai.products_revenue_run_rate_usd + 12 * 1.07e9)
    check(p)


def test_bad_dates_are_refused():
    from colossus.inputs.loading import ParameterError

    with pytest.raises(ParameterError, match="not a calendar date"):
        validate({"valuation": {"as_of": "2026-02-30"}})
    with pytest.raises(ParameterError, match="valuation.as_of"):
        validate({"valuation": {"as_of": "2026-10"}})
    with pytest.raises(ParameterError, match="valuation.share_price_date"):
        validate({"valuation": {"share_price_date": "yesterday"}})
