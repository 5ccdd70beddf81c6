"""The page model of the chapter "Losses offset by rent" (``chapters/offset.md``).

:func:`page` computes everything the chapter shows from what the build injects: the glued
values of its prose, its four tables (:mod:`colossus.pages.offset_tables`) and its six
figures (:mod:`colossus.figures.offset`). The numbers come from :mod:`colossus.model.offset`
and :mod:`colossus.model.cash`, the words from :mod:`colossus.words.offset_text`; this module
only puts them under the names the chapter's prose and directives use, section by section.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..figures import charts
from ..figures import offset as offset_charts
from ..inputs import facts, reported
from ..inputs.params import Parameters
from ..model import cash, costs, keynumbers, offset
from ..words import offset_text as say
from ..words import report, sources
from . import offset_tables
from .page import Build, Figure, Page

CHAPTER = "Losses offset by rent"
#: The reported periods the chapter's prose names one by one (later quarters get a sentence each).
AI_PERIODS = ("2024", "2025", "2026Q1", "2026Q2")
SPACEX_PERIODS = ("2026Q1", "2026Q2")
#: The slider of the two history charts: a notice served at the start of a lease month.
NOTICE_SLIDER = charts.Slider("notice_index", "notice served at the start of lease month",
                              "{0} + ({0} == 0 ? ' (no notice)' : '')")
#: Glued by the chapter before its page model but named by none of its prose (issue 17 keeps
#: the executed notebook byte-identical, so they stay glued; tests/pages/test_offset_page.py
#: checks that these, and only these, are unused).
UNUSED_GLUES = ("first_q", "last_q", "n_quarters", "sx_word_2026q2")
HISTORY_SOURCE = "SpaceX filings (data/reported_quarters.csv, data/facts.csv); the losses-offset model"


@dataclass(frozen=True)
class Model:
    """What several sections of the chapter share: the parameters, the key numbers, the
    quarterly table and its columns as lists, the anchor and a notice's cliff (both history charts)."""
    p: Parameters
    n: dict
    table: pd.DataFrame
    anchor: offset.Anchor

    @property
    def quarters(self) -> list[str]:
        return self.table["quarter"].tolist()

    @cached_property
    def cliff(self) -> pd.DataFrame:
        return offset.notice_cliff_grid(self.p)

    def column(self, name: str) -> list:
        return self.table[name].tolist()

    @property
    def ai_breakeven_sentence(self) -> str:
        return say.ai_breakeven_sentence(self.n["ai_breakeven_quarter"], self.n["ai_breakeven_quarter_without_anthropic"],
                                         self.quarters[-1], self.anchor.quarter, self.anchor.operating_income_usd,
                                         self.column("ai_operating_income_usd"),
                                         self.column("ai_operating_income_without_anthropic_usd"))


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the chapter "Losses offset by rent" glues, for the injected parameters.

    >>> pg = page({}, "base", "", "2026-12-03", "0.1.0")
    >>> pg.text["anchor_q"], pg.text["first_q"], pg.text["n_quarters"]
    ('Q2 2026', 'Q3 2026', '12')
    >>> sorted(pg.tables)
    ['tbl-offset-attribution', 'tbl-offset-backtest', 'tbl-offset-cash', 'tbl-offset-walkforward']
    """
    build = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    p = build.parameters
    pg = Page(CHAPTER, build.provenance(CHAPTER))
    m = Model(p, keynumbers.compute(p).numbers, offset.quarterly_table(p), offset.anchor(p))
    _definitions(pg, m)
    _anchor(pg, m)
    _reported(pg)
    _quarters(pg, m)
    _fan(pg, m)
    _waterfall(pg, m)
    _spacex(pg, m)
    _cash(pg, m)
    _backtest(pg, m)
    _verdict(pg, m)
    return pg


def _definitions(pg: Page, m: Model) -> None:
    """The definitions and the assumptions paragraph: the anchor and modelled quarters, growth,
    the replacement compute, the tenants' margin and SpaceX's other segments."""
    p, q = m.p, m.quarters
    X = p.xai
    pg.text.update({
        "anchor_q": say.quarter_name(m.anchor.quarter),
        "anchor_why": say.anchor_why(p.model.anchor_quarter, m.anchor.quarter, reported.latest_anchor_quarter()),
        "first_q": say.quarter_name(q[0]),
        "last_q": say.quarter_name(q[-1]),
        "n_quarters": str(len(q)),
        "g_r": say.growth_phrase(X.revenue_growth_qoq),
        "g_c": say.growth_phrase(X.cost_growth_qoq),
        "replacement_share": report.pct(X.replacement_share, 0),
        "market_rate": f"${p.market.gpu_hour_usd:.2f}",
        "tenant_margin": report.pct(p.tenants.operating_margin, 0),
        "x_sentence": say.other_segments_sentence(m.anchor.other_segments_usd, p.spacex.other_segments_growth_qoq),
        "monthly_replacement": report.usd(m.n["lease_monthly_replacement_cost_usd"]),
        "monthly_cash_cost": report.usd(m.n["lease_monthly_cash_cost_usd"]),
    })


def _anchor(pg: Page, m: Model) -> None:
    """The anchor quarter's figures, each cited, flagged as set in the build or unreported."""
    a = m.anchor
    pg.markdown.update({
        "anchor_revenue": say.anchor_value(report.usd(a.revenue_usd), "xai.anchor_revenue_usd", a.quarter, "ai",
                                           "revenue_usd", a.revenue_usd, a.set_in_build),
        "anchor_leasing": say.leasing_clause(a.leasing_revenue_usd, a.quarter, a.set_in_build),
        "anchor_income": say.anchor_value(say.anchor_income_text(a.operating_income_usd),
                                          "xai.anchor_operating_income_usd", a.quarter, "ai", "operating_income_usd",
                                          a.operating_income_usd, a.set_in_build),
    })
    pg.text["anchor_cost"] = report.usd(offset.anchor_cost_ex_leasing(m.p, a))


def _reported(pg: Page) -> None:
    """What SpaceX has reported: the AI segment's years and quarters, SpaceX's quarters, the
    new cloud revenue, the unnamed customer's share and a sentence per later quarter."""
    ai = facts.reported_ai_segment().set_index("period")
    sx = facts.reported_spacex_quarters().set_index("period")
    for period in AI_PERIODS:
        key = period.lower()
        pg.markdown[f"ai_rev_{key}"] = say.reported_cited(ai, period, "revenue_usd")
        pg.markdown[f"ai_oi_{key}"] = say.reported_cited(ai, period, "operating_income_usd")
        pg.text[f"ai_word_{key}"] = say.loss_or_profit(ai, period)
    for period in SPACEX_PERIODS:
        key = period.lower()
        pg.markdown[f"sx_oi_{key}"] = say.reported_cited(sx, period, "operating_income_usd")
        pg.text[f"sx_word_{key}"] = say.loss_or_profit(sx, period)
    pg.markdown["new_cloud"] = say.reported_figure_cited("2026Q2", "ai", "new_cloud_revenue_usd")
    pg.markdown["customer_b"] = sources.with_citation("customer_b_share_q2_2026")
    pg.markdown["later_quarters"] = say.later_quarters_paragraph(ai, sx)


def _first_full_quarter_sentence(m: Model) -> str:
    ffq = m.n["first_full_quarter"]
    if ffq is None:
        return say.first_full_quarter_sentence(None)
    row = m.table.set_index("quarter").loc[ffq]
    return say.first_full_quarter_sentence(ffq, row["ai_operating_income_without_anthropic_usd"],
                                           row["ai_operating_income_usd"], m.n["offset_ratio_first_full_quarter"])


def _quarters(pg: Page, m: Model) -> None:
    """The quarters with and without the lease, and the AI segment's chart."""
    ffq_sentence = _first_full_quarter_sentence(m)
    pg.text.update({
        "ffq_sentence": ffq_sentence,
        "quarters_body": say.quarters_body(m.quarters, m.column("ai_operating_income_usd"),
                                           m.column("ai_operating_income_without_anthropic_usd"),
                                           m.column("offset_ratio"), m.n["ai_breakeven_quarter"],
                                           m.n["ai_breakeven_quarter_without_anthropic"], m.ai_breakeven_sentence),
    })
    pg.figures["fig-offset-ai-segment-quarters"] = Figure(
        offset_charts.offset_history_chart(facts.reported_ai_segment(), m.table, m.cliff),
        title="AI segment operating income by quarter, with and without the lease",
        finding=ffq_sentence, source=HISTORY_SOURCE, data=m.table, slider=NOTICE_SLIDER)


def _fan(pg: Page, m: Model) -> None:
    """The terminations: the widest spread of the fan, the monthly chance of a notice, the chart."""
    fan = offset.quarterly_fan(m.p)
    spread = say.widest_spread_sentence(fan["quarter"].tolist(), fan["p05_usd"].tolist(), fan["p95_usd"].tolist())
    pg.text.update({
        "fan_sentence": spread,
        "hazard_chance": report.a_or_an(report.pct(m.p.lease.monthly_notice_probability)) + " chance",
    })
    pg.figures["fig-offset-termination-fan"] = Figure(
        offset_charts.offset_fan_chart(fan), title="AI segment operating income over the possible ends of the lease",
        finding=spread, source="the losses-offset model over the exact law of terminations", data=fan)


def _waterfall(pg: Page, m: Model) -> None:
    """One quarter step by step, why that quarter, and its chart."""
    wq = offset.default_waterfall_quarter(m.p)
    steps = offset.waterfall(m.p, wq)
    amount = steps.set_index("step")["amount_usd"]
    row = m.table.set_index("quarter").loc[wq]
    pg.text.update({
        "wf_quarter": say.quarter_name(wq),
        "wf_why": say.waterfall_why(wq, m.n["first_full_quarter"], float(row["anthropic_rent_expected_usd"]),
                                    int(row["lease_months"])),
        "wf_without": say.income_phrase(amount["Without the lease"]),
        "wf_rent": report.usd(amount["Anthropic rent"]),
        "wf_cash": report.usd(-amount["Cash cost of serving"]),
        "wf_repl": report.usd(-amount["Replacement compute"]),
        "wf_with": say.income_phrase(amount["With the lease"]),
    })
    pg.figures["fig-offset-quarter-waterfall"] = Figure(
        offset_charts.offset_waterfall_chart(steps, wq), title=say.waterfall_title(wq),
        finding=say.waterfall_finding(wq, amount["Without the lease"], amount["With the lease"]),
        source="the losses-offset model", data=steps)


def _spacex(pg: Page, m: Model) -> None:
    """SpaceX as a whole: its breakeven with and without the lease, where its other segments'
    anchor income comes from, and its chart."""
    a, n = m.anchor, m.n
    with_q, without_q = n["spacex_breakeven_quarter"], n["spacex_breakeven_quarter_without_anthropic"]
    with_income = m.column("spacex_operating_income_usd")
    without_income = m.column("spacex_operating_income_without_anthropic_usd")
    common = (with_q, without_q, m.quarters[-1], a.quarter, a.spacex_operating_income_usd, with_income, without_income)
    anchors_set = [name for name in ("xai.anchor_operating_income_usd", "spacex.anchor_operating_income_usd")
                   if name in a.set_in_build]
    pg.text.update({
        "sx_breakeven_sentence": say.spacex_breakeven_sentence(*common, m.quarters),
        "x_anchor_note": say.other_segments_anchor_note(a.quarter, a.other_segments_usd, anchors_set),
    })
    pg.figures["fig-offset-spacex-quarters"] = Figure(
        offset_charts.offset_history_chart(facts.reported_spacex_quarters(), m.table, m.cliff,
                                           "spacex_operating_income_usd"),
        title="SpaceX consolidated operating income by quarter, with and without the lease",
        finding=say.spacex_breakeven_comparison(*common), source=HISTORY_SOURCE, data=m.table, slider=NOTICE_SLIDER)


def _cash(pg: Page, m: Model) -> None:
    """Cash beside operating income: the capex path, the cash sentences, the table and the chart."""
    p, n = m.p, m.n
    cash_t = cash.cash_table(p)
    is_reported = cash_t["reported"].astype(bool)
    fc = cash_t[~is_reported]
    rep_capex = cash_t[is_reported & cash_t["capex_usd"].notna()]
    C = p.cash
    sentences = say.cash_sentences(
        fc["quarter"].tolist(), [float(x) for x in fc["cash_flow_usd"]], n["cash_capex_total_usd"],
        n["cash_leasing_rent_total_usd"], float(sum(fc["anthropic_rent_usd"])), n["cash_turn_quarter"],
        n["cash_payback_quarter"])
    pg.markdown["cash_intro"] = say.capex_intro(
        list(zip(rep_capex["quarter"], rep_capex["capex_usd"])), C.capex_quarterly_usd,
        reported.figure("2026Q2", "ai", "capex_usd"), C.capex_guided_through, C.capex_growth_qoq,
        C.anchor_depreciation_usd)
    pg.text["cash_sentences"] = sentences
    pg.tables["tbl-offset-cash"] = offset_tables.cash_table(cash_t)
    pg.figures["fig-offset-cash"] = Figure(
        offset_charts.cash_chart(cash_t),
        title="The AI segment's cash: capital expenditure, rent and cash flow by quarter", finding=sentences,
        source="data/reported_quarters.csv (capex); the losses-offset model; cash parameters (Parameters appendix)",
        data=cash_t)


def _backtest(pg: Page, m: Model) -> None:
    """Every reported quarter back-tested (table and chart), then the newest in detail: its
    table, how far the model is from each reported figure, and the split of the error."""
    p = m.p
    walk = offset.walk_forward(p)
    track = say.track_record_sentence(offset_tables.backtest_pairs(walk), offset.track_record(walk),
                                      offset.not_backtested())
    pg.text["track_record"] = track
    pg.tables["tbl-offset-walkforward"] = offset_tables.walkforward_table(walk)
    pg.figures["fig-offset-backtest"] = Figure(
        offset_charts.backtest_chart(walk), title="The model against every back-tested quarter", finding=track,
        source="data/reported_quarters.csv; the losses-offset model run from the quarter before", data=walk)

    q = offset.latest_backtest_quarter()
    bt = offset.backtest_from_facts(p, q).set_index("measure")
    attr = offset.backtest_attribution(p, offset.reported_for(q), q).set_index("item")
    model, rep = bt["model_usd"], bt["reported_usd"]
    gap = attr["gap_usd"]
    attr_model = attr["model_usd"]
    # The lease months of the back-test quarter as contracted: ramp months in it, and its rent
    # before the termination assumptions weight it (the attribution's rent is the weighted one).
    sched = costs.incremental_schedule(p)
    in_q = sched["month"].map(offset.quarter_of).eq(q)
    pg.text.update({
        "bt_q": say.quarter_name(q),
        "bt_from": say.quarter_name(offset.next_quarter(q, -1)),
        "bt_rev": say.above_below(model["ai_revenue_usd"], rep["ai_revenue_usd"]),
        "bt_oi": say.above_below(model["ai_operating_income_usd"], rep["ai_operating_income_usd"]),
        "bt_sx": say.above_below(model["spacex_operating_income_usd"], rep["spacex_operating_income_usd"]),
        "bt_rev_over_under": say.over_under(float(gap["leasing_revenue"]), "leasing revenue"),
        "bt_cost_over_under": say.over_under(float(gap["ai_cost"]), "operating cost"),
        "bt_income_over_under": say.over_under(float(gap["ai_operating_income"]), "operating income"),
        "bt_revenue_why": say.revenue_gap_explanation(
            float(gap["leasing_revenue"]), float(attr_model["other_tenants_rent"]), float(attr_model["lever_ramp"]),
            ramp_months=int(((sched["t"] <= p.lease.ramp_months) & in_q).sum()),
            rent_expected=float(attr_model["anthropic_rent"]), rent_contracted=float(sched.loc[in_q, "rent_usd"].sum())),
        "bt_cost_why": say.cost_gap_explanation(
            float(gap["ai_cost"]), float(attr_model["lever_cost_growth"]),
            float(offset.backtest_row(p, q)["anthropic_lease_cost_expected_usd"])),
    })
    pg.tables["tbl-offset-backtest"] = offset_tables.backtest_table(bt, q)
    pg.tables["tbl-offset-attribution"] = offset_tables.attribution_table(attr)


def _verdict(pg: Page, m: Model) -> None:
    """The verdict: what the rent covers, over which period, Anthropic's and the other tenants'
    contributions, and whether the claim holds."""
    n, q = m.n, m.quarters
    with_income = m.column("ai_operating_income_usd")
    without_income = m.column("ai_operating_income_without_anthropic_usd")
    anthropic_net, others = n["anthropic_net_contribution_usd"], n["other_tenants_contribution_usd"]
    pg.text.update({
        "verdict_head": say.verdict_head(q, with_income, without_income, m.column("offset_ratio"),
                                         n["ai_breakeven_quarter"], m.anchor.quarter, m.ai_breakeven_sentence),
        "period": say.period_phrase(q),
        "verdict_net": say.net_effect_phrase(anthropic_net),
        "verdict_others": say.others_effect_phrase(others),
        "verdict_split": say.contribution_split(anthropic_net, others,
                                                float(m.table["anthropic_rent_expected_usd"].sum()),
                                                float(m.table["anthropic_cash_cost_expected_usd"].sum())),
        "verdict_claim": say.verdict_claim(say.offset_quarters(q, m.column("offset_ratio")),
                                           say.loss_quarters(q, without_income)),
    })
