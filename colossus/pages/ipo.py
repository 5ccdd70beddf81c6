"""The page model of the chapter "IPO positioning" (``chapters/ipo.md``).

:func:`page` returns everything the chapter glues: the share price and the dated market
inputs, the sum of the parts, the multiple the price implies for AI (this module), and
the lease's value per share, the cliff, the heat map, Cursor and the verdict
(:mod:`colossus.pages.ipo_lease`). The numbers come from :mod:`colossus.model.valuation`
and its modules, the words from :mod:`colossus.words.ipo_text` and its modules, the
charts from :mod:`colossus.figures.ipo`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import ipo_lease
from .page import Build, Figure, Page
from ..figures import charts
from ..figures import ipo as figures
from ..inputs import facts
from ..inputs.params import Parameters
from ..model import keynumbers, valuation_lease, valuation_market, valuation_parts
from ..words import ipo_parts_text, ipo_text, report, sources
from ..words.ipo_text import day, per_share

#: The chapter's title, as figures' provenance names it.
CHAPTER = "IPO positioning"


@dataclass(frozen=True)
class Context:
    """What every section of the chapter reads: the build, its parameters and key numbers,
    the price analysed, why the durable value is not positive (``''`` when it is), the
    valuation date in words, the reported share prices and this build's reference prices."""
    build: Build
    p: Parameters
    n: dict
    price: float
    why: str
    as_of_text: str
    prices: pd.DataFrame
    references: pd.DataFrame

    @classmethod
    def of(cls, build: Build) -> "Context":
        """The context of ``build`` (computes the key numbers once)."""
        p = build.parameters
        n = keynumbers.compute(p).numbers
        v = p.valuation
        # the reason is read on the rent the contract actually bills on average (the ramp included)
        why = ipo_text.durable_reason(n["lease_durable_value_usd"], n["contracted_revenue_usd"] / n["lease_months"],
                                      n["lease_monthly_cash_cost_usd"], n["lease_monthly_replacement_cost_usd"],
                                      n["expected_months_paid"],
                                      n["lease_months"] - n["months_paid_at_valuation_date"])
        references = pd.DataFrame({"label": [label for label, _ in valuation_lease.PRICES.values()],
                                   "price_usd": [getattr(v, name) for _, name in valuation_lease.PRICES.values()]})
        return cls(build, p, n, v.share_price_usd, why, day(n["valuation_date"]), facts.share_prices(), references)


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the chapter "IPO positioning" shows, for the build the parameters cell injects.

    >>> pg = page({}, "base", "", "2026-12-03", "0.1.0")
    >>> pg.text["price"], pg.text["valuation_date"], pg.text["vd_share"]
    ('$162.57', '9 October 2026', '$1.53')
    >>> list(pg.figures)[0], len(pg.figures), sorted(pg.tables)[0]
    ('fig-ipo-share-price', 6, 'tbl-ipo-cursor-sources')
    """
    build = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    pg = Page(CHAPTER, build.provenance(CHAPTER))
    ctx = Context.of(build)
    share_price(pg, ctx)
    sum_of_parts(pg, ctx)
    ai_multiple(pg, ctx)
    ipo_lease.lease_values(pg, ctx)
    ipo_lease.cliff(pg, ctx)
    ipo_lease.heatmap(pg, ctx)
    ipo_lease.cursor(pg, ctx)
    ipo_lease.verdict(pg, ctx)
    return pg


def _when(row: pd.Series) -> str:
    return day(row["date"], row["precision"])


def share_price(pg: Page, ctx: Context) -> None:
    """The share price since the IPO, the price analysed and its age, the valuation date,
    the dated market inputs (table) and the share price chart."""
    p, n, v, price, date = ctx.p, ctx.n, ctx.p.valuation, ctx.price, ctx.build.date
    prices = ctx.prices
    high = prices.loc[prices["price_usd"].idxmax()]
    low = prices.loc[prices["price_usd"].idxmin()]
    latest = prices.iloc[-1]
    undated_low = facts.fact(facts.UNDATED_PRICES[0][0])
    as_of = n["valuation_date"]
    inputs = valuation_market.market_inputs(p, date)
    stale = valuation_market.stale_market_inputs(p, date)
    pg.markdown.update({
        "ipo_price": ipo_text.sourced_price(v.ipo_price_usd, "ipo_price"),
        "first_close": ipo_text.sourced_price(v.first_close_usd, "ipo_first_close"),
        "cite_high": facts.cite(high["fact"]),
        "cite_low": facts.cite(low["fact"]),
        "cite_latest": facts.cite(latest["fact"]),
        "cite_undated_low": facts.cite(undated_low.name),
        "cite_lockup": facts.cite("musk_control"),
    })
    pg.text.update({
        "first_close_vs_ipo": ipo_text.relative_to(v.first_close_usd, v.ipo_price_usd),
        "price_high": per_share(high["price_usd"]),
        "price_high_when": _when(high),
        "price_low": per_share(low["price_usd"]),
        "undated_low": per_share(float(undated_low["value_num"])),
        "undated_low_when": ipo_text.when(undated_low["as_of"]),
        "price_low_when": _when(low),
        "price_latest": per_share(latest["price_usd"]),
        "price_latest_when": _when(latest),
        "price": per_share(price),
        "price_is": ipo_text.analysed_price_phrase(price, latest["price_usd"], _when(latest)),
        "price_vs_ipo": ipo_text.relative_to(price, v.ipo_price_usd),
        "price_vs_first_close": ipo_text.relative_to(price, v.first_close_usd),
        "price_date": day(v.share_price_date),
        "price_age": ipo_text.age_phrase(v.share_price_date, date),
        "valuation_date": ctx.as_of_text,
        "valuation_date_is": ipo_text.valuation_date_is(as_of, v.share_price_date),
        "stale_sentence": ipo_text.stale_phrase(stale, valuation_market.STALE_AFTER_DAYS),
    })
    pg.tables["tbl-ipo-market-inputs"] = report.markdown_table(pd.DataFrame({
        "Input": inputs["input"], "Value": inputs["value"].map(report.escape), "As of": inputs["as_of"],
        "Age at this book's date": [ipo_text.age_phrase(d, date) for d in inputs["as_of"]],
        "Set by": ["`" + x + "`" for x in inputs["set_by"]],
    }))
    _, events, _ = facts.load_all()
    window = events[(events["date"] >= prices["date"].min()) & (events["date"] <= prices["date"].max())]
    dated = window[window["precision"] == "day"]
    moved = dated[~dated["event"].str.startswith("SPCX ")]
    undated = window[window["precision"] != "day"]
    pg.text["undated_events"] = ipo_text.undated_events_sentence(list(undated["event"]))
    pg.figures["fig-ipo-share-price"] = Figure(
        figures.share_price_chart(prices, moved, ctx.references),
        title="SpaceX's share price since the IPO, and what moved it",
        finding=(f"SpaceX shares peaked at {per_share(high['price_usd'])} and closed as low as "
                 f"{per_share(low['price_usd'])}; this chapter analyses {per_share(price)} "
                 f"of {day(v.share_price_date)}"),
        source="reported share prices and events (data/facts.csv, data/events.csv)", data=prices)


def sum_of_parts(pg: Page, ctx: Context) -> None:
    """The sum of the parts (table and chart), the share count reconciled (table), the
    other tenants, and the price and the parts against the brokers' targets and Damodaran."""
    p, n, price = ctx.p, ctx.n, ctx.price
    parts = valuation_parts.sotp(p, "durable")
    targets = facts.analyst_targets()
    banks = targets[targets["kind"] == "target"]
    low, high = banks["usd_per_share"].min(), banks["usd_per_share"].max()
    recon = valuation_market.shares_reconciliation(p).set_index("key")
    implied_shares = float(recon.loc["implied_shares", "value"])
    damodaran = facts.value("damodaran_value_per_share")
    pg.tables["tbl-ipo-shares"] = report.markdown_table(pd.DataFrame({
        "": recon["item"].map(report.escape),
        "Value": [ipo_text.amount(x, u) for x, u in zip(recon["value"], recon["unit"])]}))
    pg.text.update({
        "tenants_phrase": ipo_parts_text.tenants_phrase(
            n["other_tenants_total_contribution_usd"], n["other_tenants_realised_contribution_usd"],
            n["other_tenants_durable_value_usd"], n["other_tenants_story_value_usd"],
            n["other_tenants_monthly_rent_usd"], ctx.as_of_text, valuation_parts.paying_tenants(p)),
        "shares_sentence": ipo_text.shares_phrase(implied_shares, n["shares_diluted"],
                                                  float(recon.loc["reported_market_value", "value"])) + ".",
        "shares_diluted": ipo_text.billions(n["shares_diluted"]),
        "sotp_phrase": ipo_parts_text.sotp_phrase(n["sotp_value_per_share_usd"], price),
        "sotp_story": per_share(n["sotp_value_per_share_story_usd"]) + " a share",
        "target_low": per_share(low),
        "target_high": per_share(high),
        "n_targets": f"{len(banks)}",
        "targets_when": ipo_text.dates_span(list(banks["as_of"])),
        "price_vs_targets": ipo_text.targets_phrase(price, low, high),
        "sotp_vs_targets": ipo_text.targets_phrase(n["sotp_value_per_share_usd"], low, high, "the sum of the parts"),
        "damodaran": per_share(damodaran),
        "price_vs_damodaran": ipo_text.relative_to(price, damodaran),
    })
    pg.markdown.update({"cite_targets": facts.cite("target_goldman"),
                        "cite_damodaran": facts.cite("damodaran_value_per_share")})
    pg.tables["tbl-ipo-sum-of-parts"] = report.markdown_table(pd.DataFrame({
        "Part": parts["part"],
        "Basis": parts["basis"],
        "Value": [report.usd(x) for x in parts["value_usd"]],
        "Per diluted share": [per_share(x) for x in parts["per_share_usd"]],
    }))
    both = pd.concat([valuation_parts.sotp(p, view).assign(leasing=view) for view in valuation_parts.LEASING_VIEWS],
                     ignore_index=True)
    pg.figures["fig-ipo-sum-of-parts"] = Figure(
        figures.sotp_chart(both, ctx.references, targets),
        title="The sum of the parts per share against the price and the analysts",
        finding=(f"The parts come to {per_share(n['sotp_value_per_share_usd'])} a share with the lease at its "
                 f"durable value, against {per_share(price)} analysed and brokers' targets of "
                 f"{per_share(low)} to {per_share(high)}"),
        source="segment revenues, multiples and targets (data/facts.csv); valuation assumptions", data=both,
        slider=charts.Slider("leasing_view", "compute leasing valued at its", "{}", control="Switch"))


#: The comparables the chapter cites beside the chart: glue name -> fact.
COMPARABLES = (("m_coreweave", "coreweave_price_sales_2026"), ("m_nebius_2026", "nebius_ev_revenue_2026e"),
               ("m_nebius_2027", "nebius_ev_revenue_2027e"), ("m_anthropic", "anthropic_ev_revenue_multiple"),
               ("m_openai", "openai_ev_revenue_multiple"))


def ai_multiple(pg: Page, ctx: Context) -> None:
    """AI lab or neocloud: what the price leaves for AI, its reading, the comparables, the
    prices the two multiples would support, and the chart with a slider on the price."""
    p, n, v, price = ctx.p, ctx.n, ctx.p.valuation, ctx.price
    cents = int(round(price * 100))
    grid = valuation_parts.price_grid(p, valuation_parts.price_axis(price))
    comparables = facts.multiples()
    comparables = comparables[~comparables["label"].str.contains("EBITDA")].drop_duplicates("company", keep="last")
    implied = grid["implied_ai_multiple"].dropna()
    lo = min(0.0, float(implied.min())) if len(implied) else 0.0
    hi = max(float(comparables["multiple"].max()), float(implied.max()) if len(implied) else 0.0) * 1.05
    curve = valuation_parts.multiple_range(p, np.linspace(lo, hi, 80))
    comparables = comparables.assign(
        share_price_usd=valuation_parts.multiple_range(p, comparables["multiple"])["share_price_usd"].to_numpy())
    ends = valuation_parts.multiple_range(p, [v.neocloud_ev_revenue_multiple, v.ai_lab_ev_revenue_multiple])
    anthropic = valuation_lease.anthropic_run_rate_usd(p)
    run_rate = ipo_parts_text.run_rate_phrase(
        n["expected_remaining_revenue_usd"], n["contracted_revenue_usd"] - n["realised_rent_usd"], 12 * anthropic,
        n["price_implied_ai_value_usd"], p.xai.products_revenue_run_rate_usd,
        valuation_parts.implied_multiple(n["price_implied_ai_value_usd"], p.xai.products_revenue_run_rate_usd))
    implied_phrase = ipo_parts_text.implied_ai_phrase(n["price_implied_ai_value_usd"],
                                                      n["price_implied_ai_ev_revenue_multiple"],
                                                      n["ai_annual_revenue_usd"])
    reading = ipo_parts_text.reading_phrase(n["price_implied_ai_reading"], n["price_implied_ai_ev_revenue_multiple"],
                                            v.neocloud_ev_revenue_multiple, v.ai_lab_ev_revenue_multiple)
    pg.text.update({
        "implied_phrase": implied_phrase,
        "reading_phrase": reading + (" " + run_rate if run_rate else ""),
        "m_coreweave_when": ipo_text.when(facts.fact("coreweave_price_sales_2026")["as_of"]),
        "m_neocloud": report.times(v.neocloud_ev_revenue_multiple),
        "m_neocloud_date": day(v.neocloud_multiple_date),
        "m_ai_lab_date": day(v.ai_lab_multiple_date),
        "revenue_parts": ipo_text.revenue_parts_phrase(p.xai.products_revenue_run_rate_usd, anthropic,
                                                       n["other_tenants_monthly_rent_usd"], n["ai_annual_revenue_usd"]),
        "m_ai_lab": report.times(v.ai_lab_ev_revenue_multiple),
        "price_at_neocloud": per_share(ends["share_price_usd"].iloc[0]),
        "price_at_ai_lab": per_share(ends["share_price_usd"].iloc[1]),
    })
    pg.markdown.update({key: sources.with_citation(fid) for key, fid in COMPARABLES})
    pg.figures["fig-ipo-ai-multiple"] = Figure(
        figures.ai_multiple_chart(grid, curve, comparables, cents),
        title="AI lab or neocloud? The multiple the share price implies",
        finding="The price analysed " + implied_phrase,
        source="comparables' multiples (data/facts.csv); valuation assumptions", data=grid,
        slider=charts.Slider("share_price", "share price", "format({}, '$,.2f')"))
