"""colossus.words.answers: the three answers the summary and the brief share, for any valid
parameters: a lead number written as the headline table writes it, one sentence, an
explanation, a chapter; and the cards' HTML."""
import json
import math
import re

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings

from colossus.words import answers
from colossus.model import keynumbers
from colossus.inputs.params import Parameters
from colossus.words.summary_text import headline

from ..strategies import valid_parameters

BAD = re.compile(r"\b[Nn]a[Nn]\b|\bNone\b|\binf\b|\$-|\{|\}")


def check(p: Parameters) -> list[answers.Answer]:
    n = keynumbers.compute(p).numbers
    out = answers.three_answers(p, n)
    assert [a.question for a in out] == ["Lease economics", "Losses offset by rent", "IPO positioning"]
    for a in out:
        assert a.number == headline(a.key, n[a.key]) and a.value == n[a.key]
        first, rest = answers.first_sentence(a.sentence)
        assert first == a.sentence and not rest, a.sentence          # one sentence
        for text in (a.sentence, a.explanation, a.number):
            assert text and not BAD.search(text), text
        assert a.chapter.startswith("chapters/") and a.chapter.endswith(".html")
    return out


def test_base_case():
    lease, offset_a, ipo = check(Parameters())
    assert lease.key == "npv_expected_revenue_usd" and "worth" in lease.sentence
    assert offset_a.key == "offset_ratio_first_full_quarter" and offset_a.sentence.startswith("In Q")
    assert ipo.key == "lease_durable_value_per_share_usd" and ipo.number.startswith("$")


def test_no_notice_risk_pays_everything():
    p = Parameters.model_validate({"lease": {"monthly_notice_probability": 0.0}})
    lease = check(p)[0]
    assert "expected to pay all the" in lease.sentence


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_parameters())
def test_any_valid_parameters(p):
    check(p)


def test_cards_carry_the_numbers_and_links():
    p = Parameters()
    n = keynumbers.compute(p).numbers
    soup = BeautifulSoup(answers.cards_html(answers.three_answers(p, n)), "html.parser")
    leads = soup.select(".colossus-answer-number")
    assert len(leads) == 3
    for el in leads:
        v = json.loads(el["data-value"])
        assert math.isclose(v, n[el["data-key"]], rel_tol=1e-12)
    assert [a["href"] for a in soup.select("a")] == ["chapters/lease.html", "chapters/offset.html", "chapters/ipo.html"]
    assert not soup.select("strong, b")


def test_headline_table_marks_this_build():
    p = Parameters.model_validate({"lease": {"monthly_notice_probability": 0.05}})
    n = keynumbers.compute(p).numbers
    soup = BeautifulSoup(answers.headline_table_html(n, "t"), "html.parser")
    heads = [th.get_text() for th in soup.select("thead th")]
    assert heads == ["Key number", "base", "bull", "bear", "this build"]
    cell = soup.find("td", attrs={"data-scenario": "this build", "data-key": "npv_expected_revenue_usd"})
    assert cell.get_text() == headline("npv_expected_revenue_usd", n["npv_expected_revenue_usd"])
