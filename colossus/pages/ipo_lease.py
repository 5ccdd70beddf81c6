"""The page model of "IPO positioning", second part: the lease per share (durable value,
story value and the cliff), the heat map over notice risk and the discount rate, Cursor,
and the verdict. Each function adds its section to the :class:`~colossus.pages.page.Page`
that :func:`colossus.pages.ipo.page` builds, from its :class:`~colossus.pages.ipo.Context`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .page import Figure, Page
from ..figures import charts
from ..figures import ipo as figures
from ..inputs import facts
from ..model import valuation_lease
from ..words import ipo_parts_text, ipo_text, ipo_value_text, report, sources
from ..words.ipo_text import day, per_share

if TYPE_CHECKING:  # pragma: no cover - the type only
    from .ipo import Context

#: Where the lease model's figures come from, as the figures' source line says it.
LEASE_SOURCE = "the lease model and valuation assumptions (Parameters appendix)"


def lease_values(pg: Page, ctx: "Context") -> None:
    """The valuation date's sentence, the durable and the story value (and per share), how
    they compare with each other and with the contract's cash, and their chart."""
    n, as_of_text, date = ctx.n, ctx.as_of_text, ctx.build.date
    pg.markdown["cite_in_force"] = facts.cite("anthropic_commitment")
    pg.text.update({
        "in_force_when": day(facts.fact("anthropic_commitment")["as_of"]),
        "valuation_sentence": ipo_text.valuation_date_sentence(as_of_text, n["realised_months"], n["realised_rent_usd"],
                                                               n["realised_last_month"],
                                                               date != "undated" and n["valuation_date"] > date),
        "vd": report.usd(n["lease_durable_value_usd"]),
        "vd_share": per_share(n["lease_durable_value_per_share_usd"]),
        "vs": report.usd(n["lease_story_value_usd"]),
        "vs_share": per_share(n["lease_story_value_per_share_usd"]),
        "story_vs_durable": ipo_value_text.story_vs_durable_phrase(
            n["lease_story_value_usd"], n["lease_durable_value_usd"], n["story_to_durable_ratio"], ctx.why),
        "story_vs_cash": ipo_value_text.story_vs_cash_phrase(n["lease_story_value_usd"],
                                                             n["lease_contracted_revenue_usd"],
                                                             n["lease_undiscounted_contracted_net_usd"]),
    })
    values = pd.DataFrame([
        (f"Durable value at {as_of_text} (present value of expected net cash to come)",
         n["lease_durable_value_usd"], "durable"),
        ("Expected net cash to come, undiscounted", n["lease_undiscounted_expected_net_usd"], "cash"),
        ("Most the net cash to come can be (losing months as zero), undiscounted",
         n["lease_undiscounted_contracted_net_usd"], "cash"),
        ("Contracted rent to come, undiscounted", n["lease_contracted_revenue_usd"], "cash"),
        ("Story value (neocloud multiple x run rate)", n["lease_story_value_usd"], "story"),
        (f"Rent already paid by {as_of_text} (realised, in no value)", n["realised_rent_usd"], "realised"),
    ], columns=["label", "usd", "kind"])
    pg.figures["fig-ipo-lease-values"] = Figure(
        figures.lease_values_chart(values),
        title="The lease's durable value beside its cash and its story value",
        finding=(f"Durable value {report.usd(n['lease_durable_value_usd'])} "
                 f"({per_share(n['lease_durable_value_per_share_usd'])} a share) against a story value of "
                 f"{report.usd(n['lease_story_value_usd'])}"),
        source=LEASE_SOURCE, data=values)


def cliff(pg: Page, ctx: "Context") -> None:
    """What a notice served at the valuation date would take off a share, in both views,
    the rent still due in the notice period, and the cliff's chart."""
    n = ctx.n
    phrase = ipo_value_text.cliff_phrase(n["termination_cliff_per_share_usd"],
                                         n["termination_cliff_share_of_share_price"],
                                         n["termination_cliff_share_of_ipo_price"],
                                         n["termination_cliff_share_of_first_close"], ctx.why, ctx.as_of_text)
    pg.text.update({
        "cliff_phrase": phrase,
        "notice_rent_sentence": ipo_value_text.notice_rent_phrase(
            n["notice_period_months"], n["notice_period_rent_usd"], n["notice_period_last_month"],
            n["termination_cliff_per_share_usd"], n["termination_cliff_upper_bound_per_share_usd"]),
        "cliff_story": per_share(n["termination_cliff_story_per_share_usd"]),
        "cliff_story_share": ipo_text.share_text(n["lease_story_value_per_share_usd"] / ctx.price),
    })
    table = valuation_lease.cliff_table(ctx.p)
    pg.figures["fig-ipo-termination-cliff"] = Figure(
        figures.cliff_chart(table),
        title="What a termination would take off the value per share",
        finding="In the durable view, " + phrase, source=LEASE_SOURCE, data=table)


def heatmap(pg: Page, ctx: "Context") -> None:
    """The durable value per share over the monthly notice probability and the discount
    rate (this build's cell among them), its range in words, and the heat map."""
    p = ctx.p
    hazards = charts.axis_with(np.arange(0.0, 0.1501, 0.01), p.lease.monthly_notice_probability, 4)
    rates = charts.axis_with(np.arange(0.0, 0.2001, 0.02), p.finance.discount_rate_annual, 4)
    heat = valuation_lease.lease_value_grid(p, hazards, rates)
    grid_range = ipo_value_text.grid_range_phrase(heat["durable_value_per_share_usd"].min(),
                                                  heat["durable_value_per_share_usd"].max(), ctx.why)
    pg.text.update({
        "grid_range": grid_range,
        "h_build": report.pct(p.lease.monthly_notice_probability),
        "r_build": report.pct(p.finance.discount_rate_annual),
    })
    pg.figures["fig-ipo-lease-value-heatmap"] = Figure(
        figures.lease_value_heatmap(heat),
        title="Durable lease value per share by notice risk and discount rate",
        finding="Over the grid the lease's durable value is " + grid_range, source=LEASE_SOURCE, data=heat)


#: The Cursor facts the chapter cites with their value: glue name -> fact.
CURSOR_VALUES = (("cursor_price", "cursor_option_price"), ("cursor_fee_seed", "cursor_fee_seed000"),
                 ("cursor_fee_reports", "cursor_fee_reports"), ("cursor_shares", "cursor_shares_issued"))
#: The Cursor facts the chapter quotes in its sentence: glue name -> fact.
CURSOR_TEXTS = (("cursor_fee_split", "cursor_fee_424b4"), ("cursor_agreement", "cursor_merger_agreement"),
                ("cursor_closed", "cursor_closed"))


def cursor(pg: Page, ctx: "Context") -> None:
    """Cursor: the option, the walk-away payment as the sources give it (table), the deal
    and the dilution this build counts."""
    pg.markdown.update({key: sources.with_citation(fid) for key, fid in CURSOR_VALUES})
    pg.markdown.update({key: ipo_text.cited_text(fid) for key, fid in CURSOR_TEXTS})
    pg.markdown["cite_buildloop"] = facts.cite("cursor_fee_reports_buildloop")
    pg.text.update({
        "cursor_phrase": ipo_parts_text.cursor_phrase(ctx.p.valuation.cursor_shares_issued, ctx.n["shares_diluted"]),
        "cursor_option_when": ipo_text.when(facts.fact("cursor_option_price")["as_of"]),
    })
    conflicts = sources.conflicts_table(p=ctx.p, numbers=ctx.n)
    title = facts.load_all()[2]["cursor_fee"]["title"]
    pg.tables["tbl-ipo-cursor-sources"] = report.markdown_table(conflicts[conflicts["Topic"] == title])


def verdict(pg: Page, ctx: "Context") -> None:
    """How much of the price the lease can carry, and its share of what the price leaves for AI."""
    n = ctx.n
    pg.text.update({
        "verdict": ipo_value_text.verdict(n["lease_durable_value_per_share_usd"], n["lease_story_value_per_share_usd"],
                                          ctx.price),
        "lease_share_of_ai": ipo_value_text.lease_share_of_ai_phrase(n["lease_durable_value_usd"],
                                                                     n["price_implied_ai_value_usd"], ctx.why),
    })
