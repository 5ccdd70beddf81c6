"""The page model of the chapter "Lease economics" (``chapters/lease.md``).

:func:`page` returns everything the chapter shows: the contract as cash flows, the price
per GPU-hour and per MW against the market, the cost of serving the lease, the three
readings of the contract, the distribution of realised revenue and the cost of reclaiming
the compute. The numbers come from :mod:`colossus.model` (through
:func:`colossus.model.keynumbers.compute`), the sentences from
:mod:`colossus.words.lease_text` and the charts from :mod:`colossus.figures.lease`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures import charts
from ..figures import lease as lease_charts
from ..inputs import facts
from ..inputs.config import HOURS_PER_MONTH
from ..model import costs, keynumbers, lease, termination
from ..words import lease_text, report, sources
from .page import Build, Figure, Page

CHAPTER = "Lease economics"


def _date(value) -> str:
    """A date in words, as the chapter writes it: ``9 October 2026``.

    >>> _date("2026-10-09")
    '9 October 2026'
    """
    return pd.Timestamp(value).strftime("%-d %B %Y")


def build_terms_key(lock_months: int, notice_months: int) -> str | None:
    """The reading of the contract (a key of :data:`colossus.model.lease.TERM_VARIANTS`)
    whose lock-in and notice this build uses, or ``None`` when it uses neither.

    >>> build_terms_key(lease.TERM_VARIANTS["filing"]["lock_months"], lease.TERM_VARIANTS["filing"]["notice_months"])
    'filing'
    >>> build_terms_key(999, 999) is None
    True
    """
    return next((k for k, t in lease.TERM_VARIANTS.items()
                 if t["lock_months"] == lock_months and t["notice_months"] == notice_months), None)


def _contract(b: Build, r) -> tuple[dict, dict, dict]:
    """The contract as cash flows: text, markdown and the rent-schedule figure."""
    p, n, L = b.parameters, r.numbers, b.parameters.lease
    text = {
        "lease_months": report.plural(n["lease_months"], "month"),
        "lease_start": lease.months_axis(L.start, 1)[0].strftime("%B %Y"),
        "lease_end": lease.months_axis(L.end, 1)[0].strftime("%B %Y"),
        "ramp_sentence": lease_text.ramp_sentence(L.ramp_months, L.ramp_rent_fraction, n["lease_months"]),
        "run_rate": report.usd(n["annual_run_rate_usd"]),
        "contracted_revenue": report.usd(n["contracted_revenue_usd"]),
        "hazard_chance": report.a_or_an(report.pct(L.monthly_notice_probability)),
        "terms_sentence": report.terms_sentence(L.notice_months, L.lock_months, lease.TERM_VARIANTS),
        "certain_sentence": lease_text.certain_sentence(n["certain_months"], n["expected_months_paid"],
                                                        n["lease_months"], L.monthly_notice_probability),
        # glued since before the page model though no sentence uses it: kept for a byte-identical book
        "expected_revenue": report.usd(n["expected_revenue_usd"]),
        "expected_clause": lease_text.expected_clause(n["expected_revenue_usd"], n["contracted_revenue_usd"]),
        "discount_rate": report.pct(p.finance.discount_rate_annual),
        "npv_expected": report.usd(n["npv_expected_revenue_usd"]),
        "valuation_date": _date(n["valuation_date"]),
        "in_force_sentence": lease_text.in_force_sentence(
            _date(n["valuation_date"]), n["months_paid_at_valuation_date"], report.usd(n["realised_rent_usd"]),
            n["lease_months"], _date(facts.fact("anthropic_commitment")["as_of"]),
            b.date != "undated" and n["valuation_date"] > b.date),
        "remaining_clause": lease_text.remaining_clause(n["realised_rent_usd"], n["expected_remaining_revenue_usd"]),
    }
    markdown = {
        "rent_sentence": lease_text.rent_sentence(L.monthly_rent_usd, facts.value("lease_monthly_rent"),
                                                  sources.formatted("lease_monthly_rent"),
                                                  facts.cite("lease_monthly_rent")),
        "cite_in_force": facts.cite("anthropic_commitment"),
        "cite_terms": facts.cite("lease_term_amended") + " " + facts.cite("lease_term_s1"),
    }
    grid = lease.hazard_grid(p, charts.axis_with(np.arange(0.0, 0.1501, 0.01), L.monthly_notice_probability, 4))
    figures = {"fig-lease-rent-schedule": Figure(
        lease_charts.schedule_chart(grid, int(round(L.monthly_notice_probability * 10_000))),
        title="Contracted and expected rent, month by month and cumulated",
        finding=lease_text.schedule_finding(n["expected_revenue_usd"], n["contracted_revenue_usd"],
                                            L.monthly_notice_probability),
        source="lease rent, ramp and terms (data/facts.csv, Parameters appendix)",
        data=grid[["h", "month", "rent_usd", "expected_rent_usd"]],
        slider=charts.Slider("hazard_bp", "monthly notice probability h =", "format({} / 10000, '.2%')"))}
    return text, markdown, figures


def _price(b: Build, r) -> tuple[dict, dict, dict]:
    """The price per GPU-hour and per MW against the market: text, markdown and the figure."""
    p, n, L = b.parameters, r.numbers, b.parameters.lease
    early, filed = int(facts.value("lease_gpus")), int(facts.value("lease_gpus_amended"))
    density = L.gpus / L.power_mw
    text = {
        "gpus": report.count(L.gpus),
        "implied_rate": report.usd(n["implied_usd_per_gpu_hour"]),
        "market_rate": report.usd(p.market.gpu_hour_usd),
        "hours_per_month": f"{HOURS_PER_MONTH:g}",
        "usd_per_mw_month": report.usd(n["usd_per_mw_month"]),
        "gpus_per_mw": f"{density:,.0f}",
        "market_usd_per_mw_month": report.usd(costs.market_usd_per_mw_month(p.market.gpu_hour_usd, density)),
        "coreweave_usd_per_mw_month": report.usd(costs.usd_per_mw_month(
            facts.value("coreweave_revenue_2026_guide") / 12, facts.value("coreweave_active_mw"))),
    }
    markdown = {
        "premium_explanation": lease_text.premium_explanation(n["implied_usd_per_gpu_hour"], p.market.gpu_hour_usd,
                                                              p.market.fleet_value_vs_h100),
        "cite_capacity": sources.sourced("", L.gpus, facts.value("lease_gpus_amended"),
                                         facts.cite("lease_gpus_amended"), flag="set in this build"),
        "cite_market": sources.sourced("", p.market.gpu_hour_usd, facts.value("market_h100_reserved_1y"),
                                       facts.cite("market_h100_reserved_1y"), flag="set in this build"),
        "gpu_count_sentence": lease_text.gpu_count_sentence(
            L.gpus, early, filed, sources.with_citation("lease_gpus"), sources.with_citation("lease_gpus_amended"),
            lease.implied_usd_per_gpu_hour(L.monthly_rent_usd, early),
            lease.implied_usd_per_gpu_hour(L.monthly_rent_usd, filed)),
        "cite_coreweave": facts.cite("coreweave_revenue_2026_guide") + " " + facts.cite("coreweave_active_mw"),
    }
    bench = facts.market_benchmarks()
    figures = {"fig-lease-gpu-hour-price": Figure(
        lease_charts.gpu_hour_chart(bench, n["implied_usd_per_gpu_hour"]),
        title="What the rent implies per GPU-hour, against the market",
        finding=lease_text.gpu_hour_finding(n["implied_usd_per_gpu_hour"], p.market.gpu_hour_usd),
        source="market benchmarks (data/facts.csv); lease rent and GPU count",
        data=bench.assign(lease_implied_usd_per_gpu_hour=n["implied_usd_per_gpu_hour"]))}
    return text, markdown, figures


def _cost(b: Build, r) -> tuple[dict, dict, dict, dict]:
    """What it costs xAI to serve: text, markdown, the cost table and the margin heatmap."""
    p, n, c = b.parameters, r.numbers, r.cost
    text = {
        # glued since before the page model though no sentence uses it: kept for a byte-identical book
        "cost_total": report.usd(c["total_usd"]),
        "cost_depreciation": report.usd(c["depreciation_usd"]),
        "cost_power": report.usd(c["power_usd"]),
        "cost_other": report.usd(c["other_opex_usd"]),
        "margin": report.pct(n["lease_operating_margin"]),
        "capex": report.usd(n["cluster_capex_usd"]),
        "capex_per_gpu": report.usd(p.costs.capex_per_gpu_usd),
        "dep_years": report.plural(p.costs.depreciation_years, "year"),
        "power_price": report.usd(p.costs.power_price_usd_per_mwh),
        "replacement_sentence": lease_text.replacement_sentence(p.xai.replacement_share,
                                                                n["lease_monthly_replacement_cost_usd"]),
        "payback_sentence": lease_text.payback_sentence(n["payback_months"], n["payback_alive_probability"],
                                                        n["lease_months"], n["certain_months"]),
    }
    markdown = {"cash_margin_sentence": lease_text.cash_margin_sentence(report.usd(c["cash_cost_usd"]),
                                                                        n["lease_cash_margin"])}
    tables = {"tbl-lease-cost-breakdown": report.html_table(costs.cost_breakdown(p))}
    capex_axis = charts.axis_with(np.arange(25_000, 65_001, 5_000), p.costs.capex_per_gpu_usd, 0)
    life_axis = charts.axis_with(np.arange(3.0, 7.01, 1.0), p.costs.depreciation_years, 2)
    margins = costs.margin_grid(p, capex_axis, life_axis)
    figures = {"fig-lease-margin-heatmap": Figure(
        lease_charts.margin_heatmap(margins, p.costs.capex_per_gpu_usd, p.costs.depreciation_years),
        title="Operating margin of the lease by capex per GPU and depreciation life",
        finding=lease_text.margin_finding(n["lease_operating_margin"], p.costs.capex_per_gpu_usd,
                                          p.costs.depreciation_years, margins["operating_margin"].min(),
                                          margins["operating_margin"].max()),
        source="cost assumptions (Parameters appendix); lease rent", data=margins)}
    return text, markdown, tables, figures


def _readings(b: Build, r) -> tuple[dict, dict, dict]:
    """The three readings of the contract: text, markdown and the readings table."""
    v, L = r.variants, b.parameters.lease
    text = {
        "term_filing": facts.fact("lease_term_amended")["value"],
        "term_musk": facts.fact("lease_term_musk")["value"],
        "term_seed": facts.fact("lease_term_seed")["value"],
        "variant_gap_sentence": lease_text.variant_gap_sentence(
            {k: int(v.loc[k, "certain_months"]) for k in v.index},
            {k: float(v.loc[k, "expected_revenue_usd"]) for k in v.index},
            {k: lease.TERM_VARIANTS[k]["label"] for k in v.index}, build_terms_key(L.lock_months, L.notice_months)),
    }
    markdown = {"cite_term_filing": facts.cite("lease_term_amended"), "cite_term_musk": facts.cite("lease_term_musk"),
                "cite_term_seed": facts.cite("lease_term_seed")}
    tables = {"tbl-lease-readings": report.markdown_table(lease.variant_frame(b.parameters))}
    return text, markdown, tables


def _risk(b: Build, r) -> tuple[dict, dict]:
    """When the lease ends: the distribution sentences and figure."""
    n, s = r.numbers, r.simulation
    text = {
        "distribution_sentence": lease_text.distribution_sentence(
            report.usd(n["revenue_p5_usd"]), report.usd(n["revenue_median_usd"]), report.usd(n["revenue_p95_usd"]),
            report.pct(n["full_term_probability"]), n["revenue_p5_usd"] == n["revenue_p95_usd"]),
        "simulation_check": lease_text.simulation_check_sentence(
            report.count(s.paths), report.usd(s.mean_usd), report.usd(n["expected_revenue_usd"]),
            abs(s.mean_usd - n["expected_revenue_usd"]) / s.std_error_usd if s.std_error_usd > 0 else None,
            report.pct(s.full_term_share)),
    }
    figures = {"fig-lease-revenue-distribution": Figure(
        lease_charts.revenue_distribution_chart(r.revenue_law, n["revenue_p5_usd"], n["revenue_median_usd"],
                                                n["revenue_p95_usd"], n["expected_revenue_usd"], s.mean_usd),
        title="How much the lease will pay: the exact distribution",
        finding=lease_text.distribution_finding(n["revenue_p5_usd"], n["revenue_median_usd"], n["revenue_p95_usd"],
                                                n["expected_revenue_usd"]),
        source="lease rent and terms, notice probability (Parameters appendix)", data=r.revenue_law)}
    return text, figures


def _reclaim(b: Build, r) -> tuple[dict, dict, dict]:
    """What reclaiming the compute would cost xAI: text, markdown and the figure."""
    p, n, L = b.parameters, r.numbers, b.parameters.lease
    own = n["own_use_usd_per_gpu_hour"]
    table = termination.reclaim_cost(p, charts.axis_with(np.arange(0.5, 10.001, 0.25), own, 2))
    sentence = lease_text.reclaim_sentence(n["reclaim_mid_term_month"], n["reclaim_mid_term_alive_probability"],
                                           n["reclaim_mid_term_net_cost_usd"])
    text = {
        "own_use_value": report.usd(own),
        "fleet_factor": report.times(p.market.fleet_value_vs_h100, 2),
        "own_use_factor": report.times(p.xai.own_use_value_vs_fleet, 2),
        "reclaim_rule": lease_text.reclaim_rule(n["implied_usd_per_gpu_hour"], L.ramp_months, L.ramp_rent_fraction,
                                                n["lease_months"]),
        "reclaim_sentence": sentence,
    }
    markdown = {"cite_intent": facts.cite("lease_intent_musk")}
    figures = {"fig-lease-reclaim-cost": Figure(
        lease_charts.reclaim_chart(table, int(round(own * 100))),
        title="What reclaiming the compute would cost xAI", finding=sentence,
        source="lease rent and terms; market GPU-hour rate (data/facts.csv); own-use assumptions",
        data=table.drop(columns="own_use_cents"),
        slider=charts.Slider("own_use_cents", "own-use value", "format({} / 100, '$.2f') + ' per GPU-hour'"))}
    return text, markdown, figures


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the chapter "Lease economics" shows, for the literals of its parameters cell.

    >>> pg = page({}, "base", "", "2026-12-03", "0.1.0")
    >>> pg.text["lease_months"], sorted(pg.figures)[0], sorted(pg.tables)
    ('37 months', 'fig-lease-gpu-hour-price', ['tbl-lease-cost-breakdown', 'tbl-lease-readings'])
    """
    b = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    r = keynumbers.compute(b.parameters)
    pg = Page(CHAPTER, b.provenance(CHAPTER))
    contract_text, contract_md, contract_figs = _contract(b, r)
    price_text, price_md, price_figs = _price(b, r)
    cost_text, cost_md, cost_tables, cost_figs = _cost(b, r)
    reading_text, reading_md, reading_tables = _readings(b, r)
    risk_text, risk_figs = _risk(b, r)
    reclaim_text, reclaim_md, reclaim_figs = _reclaim(b, r)
    parts_text = (contract_text, price_text, cost_text, reading_text, risk_text, reclaim_text)
    parts_md = (contract_md, price_md, cost_md, reading_md, reclaim_md)
    for part in parts_text:
        _add(pg.text, part)
    for part in parts_md:
        _add(pg.markdown, part)
    for part in (cost_tables, reading_tables):
        _add(pg.tables, part)
    for part in (contract_figs, price_figs, cost_figs, risk_figs, reclaim_figs):
        _add(pg.figures, part)
    return pg


def _add(into: dict, part: dict) -> None:
    """Add ``part`` to ``into``; a name given twice is a bug.

    >>> d = {"a": 1}; _add(d, {"b": 2}); d
    {'a': 1, 'b': 2}
    >>> _add(d, {"a": 3})
    Traceback (most recent call last):
    ...
    ValueError: glued twice: ['a']
    """
    twice = sorted(set(into) & set(part))
    if twice:
        raise ValueError(f"glued twice: {twice}")
    into.update(part)
