"""The book's three answers, as the summary page and the one-page brief both state them.

Each answer is a lead number (a key number, written as the summary's headline table
writes it, :func:`colossus.summary_text.headline`), one sentence, the chapter that answers
it, and the explanation that follows in the summary. The wording is the chapters' own
phrase functions (:mod:`colossus.lease_text`, :mod:`colossus.offset_text`,
:mod:`colossus.ipo_text`); this module only assembles them, once, so that the summary page
(``intro.md``) and the brief (``brief.md``) can never say two different things.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from . import report
from .summary_text import HEADLINES, headline


@dataclass(frozen=True)
class Answer:
    """One of the three answers."""
    question: str      # "Lease economics"
    key: str           # the lead number's key in key_numbers.json
    value: object      # its value
    number: str        # as the headline table writes it
    label: str         # what the number is (the headline table's label)
    sentence: str      # the answer in one sentence
    explanation: str   # what follows in the summary, in normal weight
    chapter: str       # the chapter's page, relative to the site root: chapters/lease.html


def first_sentence(text: str) -> tuple[str, str]:
    """``(first sentence, the rest)`` of a text the wording functions wrote: the split falls
    after a full stop followed by a capital letter (amounts such as $1.56 never split).

    >>> first_sentence("It covers $1.56 a share. Even the story value leaves more.")
    ('It covers $1.56 a share.', 'Even the story value leaves more.')
    >>> first_sentence("One sentence only.")
    ('One sentence only.', '')
    """
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)
    return parts[0], (parts[1] if len(parts) > 1 else "")


def _lead(key: str, n: dict) -> tuple[str, object, str, str]:
    return key, n.get(key), headline(key, n.get(key)), HEADLINES[key][0]


def lease_sentence(contracted: float, expected: float, npv: float, months: int,
                   realised: float = 0.0, date: str = "the valuation date") -> str:
    """The lease's answer in one sentence: what Anthropic is expected to pay of what the
    lease contracts, how much of it was paid by the valuation ``date``, and what the rest
    is worth at that date.

    >>> lease_sentence(45e9, 28.57e9, 21.6e9, 37, 6.26e9, "9 October 2026")
    'Anthropic is expected to pay $28.6 billion of the $45 billion the 37-month lease contracts, $6.26 billion of it paid by 9 October 2026; the rest is worth $21.6 billion at that date.'
    >>> lease_sentence(45e9, 45e9, 40e9, 37)
    'Anthropic is expected to pay all the $45 billion the 37-month lease contracts; what is still to come is worth $40 billion at the valuation date.'
    >>> lease_sentence(0.0, 0.0, 0.0, 12)
    'The 12-month lease contracts no rent, so Anthropic is expected to pay nothing.'
    """
    if contracted <= 0:
        return f"The {months}-month lease contracts no rent, so Anthropic is expected to pay nothing."
    share = "all" if expected >= contracted else report.usd(expected) + " of"
    head = f"Anthropic is expected to pay {share} the {report.usd(contracted)} the {months}-month lease contracts"
    if realised > 0:
        return f"{head}, {report.usd(realised)} of it paid by {date}; the rest is worth {report.usd(npv)} at that date."
    return f"{head}; what is still to come is worth {report.usd(npv)} at {date}."


def _day(iso: str) -> str:
    """``2026-10-09`` -> ``9 October 2026``.

    >>> _day("2026-10-09")
    '9 October 2026'
    """
    import datetime

    d = datetime.date.fromisoformat(str(iso)[:10])
    return f"{d.day} {d:%B %Y}"


def lease_answer(p, n: dict) -> Answer:
    """What the lease is worth: its expected rent still to come, valued at the valuation
    date, against what it contracts.

    ``p`` is the validated :class:`colossus.params.Parameters`, ``n`` the key numbers
    (:func:`colossus.keynumbers.compute`)."""
    from . import lease_text

    sentence = lease_sentence(n["contracted_revenue_usd"], n["expected_revenue_usd"], n["npv_expected_revenue_usd"],
                              n["lease_months"], n["realised_rent_usd"], _day(n["valuation_date"]))
    explanation = (
        f"The expected amount allows {report.a_or_an(report.pct(p.lease.monthly_notice_probability))} chance "
        f"each month that a notice is served, once one can take effect, and is valued at an effective "
        f"{report.pct(p.finance.discount_rate_annual)} a year. At full rent the lease charges "
        f"{report.usd(n['implied_usd_per_gpu_hour'])} per GPU-hour. "
        + lease_text.premium_explanation(n["implied_usd_per_gpu_hour"], p.market.gpu_hour_usd,
                                         p.market.fleet_value_vs_h100))
    return Answer("Lease economics", *_lead("npv_expected_revenue_usd", n), sentence, explanation,
                  "chapters/lease.html")


def offset_answer(p, n: dict) -> Answer:
    """How much of the AI segment's loss the rent offsets: the first full forecast quarter's
    offset ratio (or, when there is none, the net contribution over the modelled quarters),
    then where the model starts and how its newest back-test went."""
    from . import offset
    from . import offset_text as say

    net = n["anthropic_net_contribution_usd"]
    net_phrase = (f"adds {report.usd(net)} to" if net >= 0.5 else
                  f"takes {report.usd(-net)} from" if net <= -0.5 else "adds nothing to")
    anchor_q = n["anchor_quarter"]
    anchor_how = ("the latest quarter SpaceX has reported" if p.model.anchor_quarter == "latest"
                  else "the anchor quarter set in this build")
    over = (f"The model starts from {say.quarter_name(anchor_q)}, {anchor_how}. "
            + (f"In the one modelled quarter, {say.quarter_name(n['last_quarter'])}, "
               if n["forecast_first_quarter"] == n["last_quarter"] else
               f"Over the modelled quarters, {say.quarter_name(n['forecast_first_quarter'])} to "
               f"{say.quarter_name(n['last_quarter'])}, ")
            + f"Anthropic's expected rent less the cost of serving it and the compute xAI gives up {net_phrase} "
              f"the AI segment's operating income.")
    rest = (f"With the lease the segment "
            f"{say.breakeven_phrase(n['ai_breakeven_quarter'], n['last_quarter'], anchor_q)}. ")
    bt_q = n["backtest_latest_quarter"]
    if bt_q is None:
        rest += "No reported quarter can be back-tested yet."
    else:
        model_bt = n["backtest_latest_ai_operating_income_model_usd"]
        reported_bt = n["backtest_latest_ai_operating_income_reported_usd"]
        gap = say.above_below(model_bt, reported_bt)
        count = n["backtest_count"]
        rest += (f"Run from {say.quarter_name(offset.next_quarter(bt_q, -1))} with nothing fitted, the model gives "
                 f"the segment {say.income_phrase(model_bt)} in {say.quarter_name(bt_q)} against "
                 f"{say.income_phrase(reported_bt)} reported by SpaceX: {gap} it"
                 + ("" if gap == "equal to" else
                    f" ({say.error_share_phrase(n['backtest_latest_ai_operating_income_error_share'])})")
                 + (f"; {'that is the one quarter' if count == 1 else f'it is the newest of {count} quarters'} "
                    f"back-tested so far."))
    if n["first_full_quarter"] is None:
        sentence = ("No forecast quarter of this build's lease has three months of full rent, so there is no full "
                    "quarter to test the offset in.")
        return Answer("Losses offset by rent", *_lead("anthropic_net_contribution_usd", n), sentence,
                      over + " " + rest, "chapters/offset.html")
    sentence = (f"In {say.quarter_name(n['first_full_quarter'])}, the first forecast quarter of full rent, the "
                f"lease's rent net of what it costs xAI {say.offset_phrase(n['offset_ratio_first_full_quarter'])}.")
    key = ("offset_ratio_first_full_quarter" if n["offset_ratio_first_full_quarter"] is not None
           else "anthropic_net_contribution_usd")
    return Answer("Losses offset by rent", *_lead(key, n), sentence, over + " " + rest, "chapters/offset.html")


def ipo_answer(p, n: dict, build_date: str = "undated") -> Answer:
    """What the lease is worth per SpaceX share in its durable value, and what the price
    reads; the price's age is counted to ``build_date`` (the book's date)."""
    from . import ipo_text

    price = p.valuation.share_price_usd
    why = ipo_text.durable_reason(n["lease_durable_value_usd"], n["contracted_revenue_usd"] / n["lease_months"],
                                  n["lease_monthly_cash_cost_usd"], n["lease_monthly_replacement_cost_usd"],
                                  n["expected_months_paid"], n["lease_months"] - n["months_paid_at_valuation_date"])
    sentence, rest = first_sentence(ipo_text.verdict(n["lease_durable_value_per_share_usd"],
                                                     n["lease_story_value_per_share_usd"], price))
    explanation = (
        (rest + " " if rest else "")
        + "In the durable view, "
        + ipo_text.cliff_phrase(n["termination_cliff_per_share_usd"], n["termination_cliff_share_of_share_price"],
                                n["termination_cliff_share_of_ipo_price"], n["termination_cliff_share_of_first_close"],
                                why, _day(n["valuation_date"]))
        + " (" + ipo_text.per_share(n["termination_cliff_upper_bound_per_share_usd"])
        + " a share if the rent still due in the notice period is left out)"
        + f". At {ipo_text.per_share(price)} a share, a price of {_day(p.valuation.share_price_date)} that is "
        + ipo_text.age_phrase(p.valuation.share_price_date, build_date) + ", the price "
        + ipo_text.implied_ai_phrase(n["price_implied_ai_value_usd"], n["price_implied_ai_ev_revenue_multiple"],
                                     n["ai_annual_revenue_usd"])
        + ". " + ipo_text.reading_phrase(n["price_implied_ai_reading"], n["price_implied_ai_ev_revenue_multiple"],
                                         p.valuation.neocloud_ev_revenue_multiple, p.valuation.ai_lab_ev_revenue_multiple))
    return Answer("IPO positioning", *_lead("lease_durable_value_per_share_usd", n), sentence, explanation,
                  "chapters/ipo.html")


def three_answers(p, n: dict, build_date: str = "undated") -> list[Answer]:
    """The lease, offset and IPO answers, in the book's order (``build_date``: the book's
    date, against which dated inputs are aged)."""
    return [lease_answer(p, n), offset_answer(p, n), ipo_answer(p, n, build_date)]


def cards_html(answers: list[Answer], root: str = "") -> str:
    """The answers as three cards: the question, the lead number (with ``data-key`` and
    ``data-value``, the raw value as JSON, so a test reads the number behind the text),
    what it is, the one sentence and a link to the chapter (relative to the page, ``root``
    being the way up to the site's root). Every text is escaped.

    >>> a = Answer("Q", "k", 1.5, "$1.50", "A <label>", "One sentence.", "More.", "chapters/x.html")
    >>> out = cards_html([a])
    >>> 'data-key="k" data-value="1.5">$1.50</p>' in out, "A &lt;label&gt;" in out, 'href="chapters/x.html"' in out
    (True, True, True)
    """
    e = html.escape
    cards = []
    for i, a in enumerate(answers, start=1):
        cards.append(
            f'<section class="colossus-answer" aria-labelledby="colossus-answer-{i}">'
            f'<p class="colossus-answer-question" id="colossus-answer-{i}">{e(a.question)}</p>'
            f'<p class="colossus-answer-number" data-key="{e(a.key)}" '
            f'data-value="{e(json.dumps(a.value), quote=True)}">{e(a.number)}</p>'
            f'<p class="colossus-answer-label">{e(a.label)}</p>'
            f'<p class="colossus-answer-sentence">{e(a.sentence)}</p>'
            f'<p class="colossus-answer-link"><a href="{e(root + a.chapter)}" '
            f'aria-label="Read the chapter: {e(a.question)}">Read the chapter<span aria-hidden="true"> →</span></a></p>'
            f"</section>")
    return f'<div class="colossus-answers">{"".join(cards)}</div>'


def headline_table_html(n: dict, table_id: str, caption: str = "Headline numbers by scenario") -> str:
    """The headline numbers under base, bull and bear, computed here, and this build's own
    column when it is none of them (the column that is this build is marked): the table
    the summary and the brief both show (:func:`colossus.summary_text.side_by_side_html`)."""
    from . import sensitivity, summary_text

    by_scenario = sensitivity.scenario_key_numbers()
    same = [s for s in sensitivity.SCENARIOS
            if by_scenario[s]["parameter_fingerprint"] == n["parameter_fingerprint"]]
    build_column = same[0] if same else None
    numbers = dict(by_scenario)
    if build_column is None:
        numbers["this build"] = n
    headings = summary_text.column_names(list(sensitivity.SCENARIOS), build_column)
    keys = list(summary_text.HEADLINES) + ["parameter_fingerprint"]
    labels = ({k: label for k, (label, _) in summary_text.HEADLINES.items()}
              | {"parameter_fingerprint": "Parameter fingerprint"})
    return summary_text.side_by_side_html(
        numbers, keys, headings, labels,
        lambda k, v: summary_text.headline(k, v) if k in summary_text.HEADLINES else str(v),
        table_id, caption)
