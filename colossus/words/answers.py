"""The book's three answers, as the summary page and the one-page brief both state them.

Each answer is a lead number (a key number, written as the summary's headline table
writes it, :func:`colossus.words.summary_text.headline`), one sentence, the chapter that answers
it, and the explanation that follows in the summary. The wording is the chapters' own
phrase functions (:mod:`colossus.words.lease_text`, :mod:`colossus.words.offset_text`,
:mod:`colossus.words.ipo_text`, :mod:`~colossus.words.ipo_value_text` and
:mod:`~colossus.words.ipo_parts_text`); this module only assembles them, once, so that the summary page
(``intro.md``) and the brief (``brief.md``) can never say two different things.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from . import report
from .ipo_text import when as _day
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
    caveat: str = ""   # what most goes against the answer, in one sentence ("But ...")


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


def lease_answer(p, n: dict) -> Answer:
    """What the lease is worth: its expected rent still to come, valued at the valuation
    date, against what it contracts.

    ``p`` is the validated :class:`colossus.inputs.params.Parameters`, ``n`` the key numbers
    (:func:`colossus.model.keynumbers.compute`)."""
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
    from ..model import offset
    from . import offset_text as say

    net = n["anthropic_net_contribution_usd"]
    net_phrase = (f"adds {report.usd(net)} to" if net >= 0.5 else
                  f"takes {report.usd(-net)} from" if net <= -0.5 else "adds nothing to")
    anchor_q = n["anchor_quarter"]
    anchor_how = ("the latest quarter SpaceX has reported" if p.model.anchor_quarter == "latest"
                  else "the anchor quarter set in this build")
    set_here = [v for v in (p.xai.anchor_revenue_usd, p.xai.anchor_leasing_revenue_usd,
                            p.xai.anchor_operating_income_usd, p.spacex.anchor_operating_income_usd) if v is not None]
    if set_here:
        anchor_how += ", with figures set in this build in place of the reported ones"
    over = (f"The model starts from {say.quarter_name(anchor_q)}, {anchor_how}. "
            + (f"In the one modelled quarter, {say.quarter_name(n['last_quarter'])}, "
               if n["forecast_first_quarter"] == n["last_quarter"] else
               f"Over the modelled quarters, {say.quarter_name(n['forecast_first_quarter'])} to "
               f"{say.quarter_name(n['last_quarter'])}, ")
            + f"Anthropic's expected rent less the cost of serving it and the compute xAI gives up {net_phrase} "
              f"the AI segment's operating income.")
    rest = (f"With the lease the segment "
            f"{say.breakeven_phrase(n['ai_breakeven_quarter'], n['last_quarter'], anchor_q)}."
            + say.reported_contradiction(n["ai_breakeven_quarter"], anchor_q) + " ")
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
    from . import ipo_parts_text, ipo_text, ipo_value_text

    price = p.valuation.share_price_usd
    why = ipo_text.durable_reason(n["lease_durable_value_usd"], n["contracted_revenue_usd"] / n["lease_months"],
                                  n["lease_monthly_cash_cost_usd"], n["lease_monthly_replacement_cost_usd"],
                                  n["expected_months_paid"], n["lease_months"] - n["months_paid_at_valuation_date"])
    sentence, rest = first_sentence(ipo_value_text.verdict(n["lease_durable_value_per_share_usd"],
                                                           n["lease_story_value_per_share_usd"], price))
    explanation = (
        (rest + " " if rest else "")
        + "In the durable view, "
        + ipo_value_text.cliff_phrase(n["termination_cliff_per_share_usd"],
                                      n["termination_cliff_share_of_share_price"],
                                      n["termination_cliff_share_of_ipo_price"],
                                      n["termination_cliff_share_of_first_close"], why, _day(n["valuation_date"]))
        + " (with the rent still due in the notice period left out, it would "
        + ipo_value_text.notice_effect(n["termination_cliff_upper_bound_per_share_usd"]) + ")"
        + f". At {ipo_text.per_share(price)} a share, a price of {_day(p.valuation.share_price_date)} that is "
        + ipo_text.age_phrase(p.valuation.share_price_date, build_date) + ", the price "
        + ipo_parts_text.implied_ai_phrase(n["price_implied_ai_value_usd"], n["price_implied_ai_ev_revenue_multiple"],
                                           n["ai_annual_revenue_usd"])
        + ". " + ipo_parts_text.reading_phrase(n["price_implied_ai_reading"],
                                               n["price_implied_ai_ev_revenue_multiple"],
                                               p.valuation.neocloud_ev_revenue_multiple,
                                               p.valuation.ai_lab_ev_revenue_multiple))
    return Answer("IPO positioning", *_lead("lease_durable_value_per_share_usd", n), sentence, explanation,
                  "chapters/ipo.html")


def lease_caveat(n: dict) -> str:
    """What most goes against the lease's answer: it can be ended. The chance that it runs
    its whole term (given it is in force at the valuation date) and the rent a notice served
    at that date would still leave.

    >>> n = {"valuation_date": "2026-10-09", "lease_months": 37, "months_paid_at_valuation_date": 6,
    ...      "full_term_probability": 0.413, "notice_period_rent_usd": 3.75e9}
    >>> lease_caveat(n)
    'But Anthropic can end it: the chance that it runs its whole term is 41.3%, and a notice served on 9 October 2026 would leave $3.75 billion of rent to come.'
    >>> lease_caveat({**n, "months_paid_at_valuation_date": 37})
    'But the lease is over by 9 October 2026: none of its rent is left to come.'
    >>> lease_caveat({**n, "full_term_probability": 1.0, "notice_period_rent_usd": 0.0})
    'But Anthropic can end it: no notice is expected in this build, yet a notice served on 9 October 2026 would leave no rent to come.'
    """
    day = _day(n["valuation_date"])
    if n["months_paid_at_valuation_date"] >= n["lease_months"]:
        return f"But the lease is over by {day}: none of its rent is left to come."
    left = (f"{report.usd(n['notice_period_rent_usd'])} of rent to come" if n["notice_period_rent_usd"] > 0
            else "no rent to come")
    if n["full_term_probability"] >= 1.0:
        return (f"But Anthropic can end it: no notice is expected in this build, yet a notice served on {day} "
                f"would leave {left}.")
    return (f"But Anthropic can end it: the chance that it runs its whole term is "
            f"{report.pct(n['full_term_probability'])}, and a notice served on {day} would leave {left}.")


#: The back-tested figures, as the caveat names them.
_BACKTEST_NAMES = {"ai_revenue": "the AI segment's revenue", "ai_operating_income": "the AI segment's operating income",
                   "spacex_operating_income": "SpaceX's operating income"}


def worst_backtest_miss(n: dict) -> tuple[str, float, float] | None:
    """The newest back-test's largest miss, as a share of the reported figure:
    ``(figure, error in USD, error share)``; None when no quarter is back-tested.

    >>> worst_backtest_miss({"backtest_latest_quarter": "2026Q2",
    ...     "backtest_latest_ai_revenue_error_share": -0.18, "backtest_latest_ai_revenue_error_usd": -4.5e8,
    ...     "backtest_latest_ai_operating_income_error_share": -0.42,
    ...     "backtest_latest_ai_operating_income_error_usd": -5.2e8,
    ...     "backtest_latest_spacex_operating_income_error_share": -7.4,
    ...     "backtest_latest_spacex_operating_income_error_usd": -1.06e9})
    ('spacex_operating_income', -1060000000.0, -7.4)
    """
    if n.get("backtest_latest_quarter") is None:
        return None
    misses = [(m, n[f"backtest_latest_{m}_error_usd"], n[f"backtest_latest_{m}_error_share"])
              for m in _BACKTEST_NAMES if n.get(f"backtest_latest_{m}_error_share") is not None]
    if not misses:
        return None
    return max(misses, key=lambda x: abs(x[2]))


def offset_caveat(n: dict) -> str:
    """What most goes against the offset answer: when the loss comes back, the newest
    back-test's worst miss, and the cash: the rent against the segment's capital
    expenditure, and whether the cumulative cash turns within the term.

    >>> n = {"ai_loss_returns_quarter": "2027Q4", "ai_breakeven_quarter": "2026Q3", "last_quarter": "2029Q2",
    ...      "backtest_latest_quarter": "2026Q2", "backtest_latest_spacex_operating_income_error_share": -7.45,
    ...      "backtest_latest_spacex_operating_income_error_usd": -1.06e9,
    ...      "cash_rent_share_of_capex": 0.414, "cash_turn_quarter": None}
    >>> offset_caveat(n)
    "But the segment is back in a loss from Q4 2027; the newest back-test misses SpaceX's operating income in Q2 2026 by $1.06 billion (745.0%); and the leasing rent pays for 41.4% of the segment's capex and its cumulative cash does not turn within the term."
    """
    from . import offset_text as say

    parts = []
    if n.get("ai_loss_returns_quarter"):
        parts.append(f"the segment is back in a loss from {say.quarter_name(n['ai_loss_returns_quarter'])}")
    elif n.get("ai_breakeven_quarter") is None:
        parts.append("the segment makes a loss in every modelled quarter")
    worst = worst_backtest_miss(n)
    if worst is not None and worst[1] != 0:
        figure, usd, share = worst
        parts.append(f"the newest back-test misses {_BACKTEST_NAMES[figure]} in "
                     f"{say.quarter_name(n['backtest_latest_quarter'])} by {report.usd(abs(usd))} "
                     f"({report.pct(abs(share))})")
    share = n.get("cash_rent_share_of_capex")
    if share is not None:
        turn = (f"its cumulative cash turns for good in {say.quarter_name(n['cash_turn_quarter'])}"
                if n.get("cash_turn_quarter") else "its cumulative cash does not turn within the term")
        parts.append(f"the leasing rent pays for {report.pct(share)} of the segment's capex and {turn}")
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]
    return f"But {body}."


def ipo_caveat(p, n: dict, build_date: str = "undated") -> str:
    """What most goes against the IPO answer: the lease can be ended, and what that takes off
    a share; and the price it is read against, with its date and age.

    >>> from colossus.inputs.params import Parameters
    >>> n = {"termination_cliff_per_share_usd": 1.30, "termination_cliff_share_of_share_price": 0.008}
    >>> ipo_caveat(Parameters(), n, "2026-12-03")
    "But a notice served at the valuation date would take $1.30 a share off (0.8% of the price), and the price is of 9 October 2026, 55 days before this book's date (3 December 2026)."
    >>> ipo_caveat(Parameters(), {**n, "termination_cliff_per_share_usd": 0.02,
    ...                           "termination_cliff_share_of_share_price": 0.000113}, "2026-12-03")[:78]
    'But a notice served at the valuation date would take $0.02 a share off (less t'
    """
    from . import ipo_text

    cliff = n["termination_cliff_per_share_usd"]
    head = (f"a notice served at the valuation date would take {ipo_text.per_share(cliff)} a share off "
            f"({ipo_text.share_text(n['termination_cliff_share_of_share_price'])} of the price)" if cliff > 0 else
            "the lease adds nothing a termination could take off a share")
    return (f"But {head}, and the price is of {_day(p.valuation.share_price_date)}, "
            f"{ipo_text.age_phrase(p.valuation.share_price_date, build_date)}.")


def three_answers(p, n: dict, build_date: str = "undated") -> list[Answer]:
    """The lease, offset and IPO answers, in the book's order (``build_date``: the book's
    date, against which dated inputs are aged), each with its caveat."""
    from dataclasses import replace

    return [replace(lease_answer(p, n), caveat=lease_caveat(n)),
            replace(offset_answer(p, n), caveat=offset_caveat(n)),
            replace(ipo_answer(p, n, build_date), caveat=ipo_caveat(p, n, build_date))]


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
            + (f'<p class="colossus-answer-caveat">{e(a.caveat)}</p>' if a.caveat else "") +
            f'<p class="colossus-answer-link"><a href="{e(root + a.chapter)}" '
            f'aria-label="Read the chapter: {e(a.question)}">Read the chapter<span aria-hidden="true"> →</span></a></p>'
            f"</section>")
    return f'<div class="colossus-answers">{"".join(cards)}</div>'


def headline_table_html(n: dict, table_id: str, caption: str = "Headline numbers by scenario") -> str:
    """The headline numbers under base, bull and bear, computed here, and this build's own
    column when it is none of them (the column that is this build is marked): the table
    the summary and the brief both show (:func:`colossus.words.summary_text.side_by_side_html`)."""
    from ..model import sensitivity
    from . import summary_text

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


@dataclass(frozen=True)
class Summary:
    """What the summary page and the brief both state: the key numbers of one parameter set
    and the three answers (with their caveats) for one book date."""
    numbers: dict
    answers: tuple[Answer, ...]


#: :func:`summary` remembered per (parameter fingerprint, book date) for the life of the process:
#: the summary page and the brief, executed in one warm kernel, compute the key numbers and the
#: answers once (the kernel server is keyed by the package code and the data).
_SUMMARIES: dict[tuple[str, str], Summary] = {}


def summary(p, build_date: str = "undated") -> Summary:
    """The key numbers of ``p`` (:func:`colossus.model.keynumbers.compute`) and
    :func:`three_answers`, computed once for the summary page (:mod:`colossus.pages.summary`)
    and the brief (:mod:`colossus.pages.brief`); the same object for the same parameters and
    date. Its headline table is :func:`headline_table_html` of ``summary(p).numbers``.

    >>> from colossus.inputs.params import Parameters
    >>> s = summary(Parameters(), "2026-12-03")
    >>> s is summary(Parameters(), "2026-12-03"), [a.question for a in s.answers]
    (True, ['Lease economics', 'Losses offset by rent', 'IPO positioning'])
    """
    from ..model import keynumbers

    key = (p.fingerprint, build_date)
    if key not in _SUMMARIES:
        n = keynumbers.compute(p).numbers
        _SUMMARIES[key] = Summary(n, tuple(three_answers(p, n, build_date)))
    return _SUMMARIES[key]
