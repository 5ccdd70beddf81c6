"""colossus.facts: the facts table validates, and malformed tables are rejected clearly."""
from pathlib import Path

import pytest

from colossus import config, facts

HEADER = "id,value,unit,as_of,source,kind,topic,note\n"
GOOD_ROW = "rent,1250000000,USD/month,2026-05-20,agentupdate2026,reported,,\n"


def load_with(tmp_path: Path, facts_text: str, events_text: str | None = None, conflicts_text: str | None = None):
    f = tmp_path / "facts.csv"
    f.write_text(facts_text)
    e = tmp_path / "events.csv"
    e.write_text(events_text if events_text is not None else config.EVENTS_CSV.read_text())
    c = tmp_path / "conflicts.yml"
    c.write_text(conflicts_text if conflicts_text is not None else "t:\n  title: T\n  base_uses: a\n  why: w\n")
    return facts.load_all(f, e, c, config.SOURCES_BIB)


class TestRealData:
    def test_loads(self):
        f, e, c = facts.load_all()
        assert len(f) > 50 and len(e) >= 10 and f.index.is_unique

    @pytest.mark.parametrize("topic", ["term_structure", "cursor_fee", "xai_revenue_2025", "funding",
                                       "founding", "scope", "deal_value"])
    def test_required_conflicts_present(self, topic):
        f, _, c = facts.load_all()
        assert topic in c
        assert (f["topic"] == topic).sum() >= 2

    @pytest.mark.parametrize("fid, value", [
        ("cursor_fee_seed000", 1e9), ("cursor_fee_reports", 10e9),
        ("xai_revenue_2025", 3.2e9), ("xai_revenue_2025_alt", 1.3e9),
        ("xai_funding_seed000", 42e9), ("xai_funding_seed002", 6e9),
        ("lease_value_outlier", 5e9), ("market_h100_reserved_1y", 2.35),
    ])
    def test_brief_values(self, fid, value):
        assert facts.value(fid) == value

    def test_every_source_is_cited_by_some_fact_or_event(self):
        f, e, _ = facts.load_all()
        used = set(f["source"]) | set(e["source"])
        assert facts.source_keys() <= used

    def test_events_span_ban_to_first_trade(self):
        _, e, _ = facts.load_all()
        assert "ban" in e.iloc[0]["event"].lower() and "first trade" in e.iloc[-1]["event"].lower()

    def test_formatting_and_citation(self):
        assert facts.formatted("lease_monthly_rent") == "$1.25 billion a month"
        assert facts.cite("lease_monthly_rent") == "{cite:p}`agentupdate2026`"
        with pytest.raises(KeyError):
            facts.fact("no_such_fact")

    def test_conflicts_table_has_every_topic(self):
        t = facts.conflicts_table({"deal_value": "model: X"})
        assert len(t) == len(facts.load_all()[2])
        assert "model: X" in " ".join(t["What the sources say"])


MALFORMED = [
    (HEADER + GOOD_ROW + GOOD_ROW, "duplicate ids"),
    (HEADER + "rent,1,USD,2026,nosuchsource,reported,,\n", "nosuchsource"),
    (HEADER + "rent,abc,USD,2026,seed000,reported,,\n", "not a number"),
    (HEADER + "rent,1,furlongs,2026,seed000,reported,,\n", "furlongs"),
    (HEADER + "rent,1,USD,May 2026,seed000,reported,,\n", "as_of"),
    (HEADER + "rent,1,USD,2026,seed000,rumoured,,\n", "rumoured"),
    (HEADER + "Rent Value,1,USD,2026,seed000,reported,,\n", "lower_snake_case"),
    (HEADER + "rent,,text,2026,seed000,reported,,\n", "empty"),
    ("id,value,unit\nrent,1,USD\n", "columns"),
]


@pytest.mark.parametrize("text, needle", MALFORMED)
def test_malformed_facts_rejected(tmp_path, text, needle):
    facts._load_cached.cache_clear()
    with pytest.raises(facts.DataError) as err:
        load_with(tmp_path, text)
    assert needle in str(err.value)
    if "row" in str(err.value):
        assert "facts.csv row 2" in str(err.value) or "facts.csv row 3" in str(err.value)


def test_malformed_events_rejected(tmp_path):
    facts._load_cached.cache_clear()
    events = "date,precision,actor,event,source\n2026-13-45,day,xAI,x,seed000\n"
    with pytest.raises(facts.DataError, match="events.csv row 2"):
        load_with(tmp_path, HEADER + "a,1,USD,2026,seed000,reported,t,\nb,2,USD,2026,seed000,reported,t,\n", events)


@pytest.mark.parametrize("conflicts, needle", [
    ("t:\n  title: T\n  base_uses: zzz\n  why: w\n", "zzz"),
    ("t:\n  title: T\n", "title, base_uses, why"),
    ("- a\n", "mapping"),
    ("u:\n  title: T\n  base_uses: a\n  why: w\n", "'t'"),
])
def test_malformed_conflicts_rejected(tmp_path, conflicts, needle):
    facts._load_cached.cache_clear()
    rows = HEADER + "a,1,USD,2026,seed000,reported,t,\nb,2,USD,2026,seed000,reported,t,\n"
    with pytest.raises(facts.DataError) as err:
        load_with(tmp_path, rows, conflicts_text=conflicts)
    assert needle in str(err.value)


def test_build_refuses_malformed_facts(tmp_path, monkeypatch, capsys):
    """The build validates the facts before anything runs and exits with code 2."""
    from colossus import build
    bad = tmp_path / "facts.csv"
    bad.write_text(HEADER + GOOD_ROW + GOOD_ROW)
    monkeypatch.setattr(config, "FACTS_CSV", bad)
    monkeypatch.setattr(config, "WORK_DIR", tmp_path / "work")
    out = tmp_path / "html"
    assert build.main(["--out", str(out)]) == 2
    assert "duplicate ids" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "work" / "notebooks").exists()
