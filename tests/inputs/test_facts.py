"""colossus.inputs.facts: the facts table validates, and malformed tables are rejected clearly."""
from pathlib import Path

import re

import pytest

from colossus.inputs import config, facts
from colossus.words import sources

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
                                       "founding", "scope", "deal_value", "gpu_count", "first_paid_month",
                                       "gpu_hour_price"])
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
        from colossus.inputs import reported
        f, e, _ = facts.load_all()
        used = (set(f["source"]) | set(e["source"]) | {filing for filing, _ in facts.filings().values()}
                | set(reported.load()["source"]))
        assert facts.source_keys() <= used

    def test_events_span_ban_to_anthropic_prospectus(self):
        _, e, _ = facts.load_all()
        assert "ban" in e.iloc[0]["event"].lower()
        assert e["event"].str.lower().str.contains("first trade").any()
        assert "prospectus" in e.iloc[-1]["event"].lower() and e.iloc[-1]["date"] == "2026-09-28"

    @pytest.mark.parametrize("needle, date", [
        ("over-allotment", "2026-07-15"), ("merger agreement", "2026-06-16"), ("intraday high", "2026-06-16"),
        ("115.07", "2026-07-24"), ("10-q", "2026-08-04"), ("acquisition closes", "2026-08-14"),
        ("84.5b", "2026-09-28"), ("google", "2026-06-15"), ("325,000 gpus", "2026-06-15"),
    ])
    def test_post_ipo_events(self, needle, date):
        _, e, _ = facts.load_all()
        hits = e[e["event"].str.lower().str.contains(needle, regex=False)]
        assert len(hits) == 1 and hits.iloc[0]["date"] == date

    def test_formatting_and_citation(self):
        assert sources.formatted("lease_monthly_rent") == "$1.25 billion a month"
        assert facts.cite("lease_monthly_rent") == "{cite:p}`spacexs12026` (as reported by {cite:p}`agentupdate2026`)"
        with pytest.raises(KeyError):
            facts.fact("no_such_fact")

    def test_conflicts_table_has_every_topic(self):
        t = sources.conflicts_table({"deal_value": "model: X"})
        assert len(t) == len(facts.load_all()[2])
        assert "model: X" in " ".join(t["What the sources say"])


# Every fact id the model and the chapters rely on, with its value as given in the brief
# (hand-copied from BRIEF.md sections 5 and 6, not from facts.csv).
REQUIRED_NUMBERS = {
    "lease_lock_amended": 3, "lease_gpus_amended": 325_000, "anthropic_commitment": 84.5e9,
    "tenant_google_rent": 920e6, "tenant_google_gpus": 110_000, "tenant_reflection_rent": 150e6,
    "gpu_hour_reading_anthropic": 5.27, "gpu_hour_reading_anthropic_db": 5.26,
    "gpu_hour_reading_google": 11.45, "gpu_hour_reading_reflection": 11.74, "gpu_hour_reading_220k": 7.78,
    "customer_b_share_q2_2026": 0.195, "customer_b_revenue_q2_2026": 1.52e9, "spacex_capex_h1_2026": 28_476e6,
    "ai_capex_h1_2026": 23_551e6, "compute_capacity_gw_q2_2026": 1.4, "compute_capacity_gw_q1_2026": 1.0,
    "compute_capacity_gw_guide_2026": 2.0,
    "ipo_price": 135, "ipo_first_close": 160.95, "ipo_first_open": 150, "ipo_first_day_high": 176.52,
    "spcx_price_2026_06_16_high": 225.64, "spcx_price_2026_06_30": 170.72, "spcx_price_2026_07_24": 115.07,
    "spcx_price_low_july": 105, "spcx_price_2026_08_04": 125.33, "spcx_price_2026_09_11": 151.21,
    "spacex_market_value_2026_09_11": 1.99e12, "ipo_shares_offered": 555.6e6, "greenshoe_shares": 83.3e6,
    "ipo_total_raise": 85.7e9, "float_shares": 638.9e6, "spacex_shares_outstanding": 13_046_262_963,
    "cursor_shares_issued": 389.3e6,
    "target_deutsche_bank": 255, "target_goldman": 205, "target_morgan_stanley": 300, "target_oppenheimer": 250,
    "target_jpmorgan": 240, "target_bernstein": 239, "target_consensus_low": 210, "target_consensus_high": 222,
    "damodaran_value_per_share": 97.83,
    "compute_value_ms_per_gw": 16.5e9, "compute_value_mgmt_low_per_gw": 30e9,
    "compute_value_mgmt_high_per_gw": 50e9, "compute_value_db_per_gw": 46.4e9,
    "coreweave_price_sales_2026": 6.5, "coreweave_ev_ebitda_2026": 24, "nebius_ev_revenue_2026e": 22,
    "nebius_ev_revenue_2027e": 8, "anthropic_ev_revenue_multiple": 21, "openai_ev_revenue_multiple": 34,
}
REQUIRED_TEXTS = {
    "lease_ramp_amended": "2026-05", "tenant_google_start": "2026-10", "tenant_google_end": "2029-06",
    "tenant_reflection_start": "2026-07", "lease_start_assumed": "2026-06",
    "lease_term_musk": "a 180-day lease with a mutual 90-day cancellation clause",
}
REQUIRED_TEXT_IDS = ["lease_term_amended", "tenant_google_exit", "cursor_merger_agreement", "cursor_closed",
                     "cursor_fee_424b4", "cursor_option_exercised", "colossus_underused"]


@pytest.mark.parametrize("fid, value", sorted(REQUIRED_NUMBERS.items()))
def test_required_number(fid, value):
    assert facts.value(fid) == pytest.approx(value, rel=1e-12)


# Every reported quarterly figure, (quarter, entity, measure) -> value, hand-copied from
# BRIEF.md sections 3, 4 and 6 (not from reported_quarters.csv); a loss is negative.
REQUIRED_REPORTED = {
    ("2025Q2", "spacex", "operating_income_usd"): -970e6, ("2025Q2", "ai", "revenue_usd"): 737e6,
    ("2025Q2", "ai", "operating_income_usd"): -1_524e6,
    ("2025Q2", "ai", "solutions_infrastructure_revenue_usd"): 311e6,
    ("2026Q1", "spacex", "revenue_usd"): 4.69e9, ("2026Q1", "spacex", "operating_income_usd"): -1.94e9,
    ("2026Q1", "connectivity", "operating_income_usd"): 1.19e9, ("2026Q1", "ai", "revenue_usd"): 818e6,
    ("2026Q1", "ai", "operating_income_usd"): -2.47e9, ("2026Q1", "ai", "capex_usd"): 7.7e9,
    ("2026Q2", "spacex", "revenue_usd"): 7_814e6, ("2026Q2", "spacex", "operating_income_usd"): -143e6,
    ("2026Q2", "spacex", "net_income_usd"): -541e6, ("2026Q2", "spacex", "adjusted_ebitda_usd"): 3_538e6,
    ("2026Q2", "spacex", "capex_usd"): 18_369e6, ("2026Q2", "connectivity", "revenue_usd"): 4_291e6,
    ("2026Q2", "connectivity", "operating_income_usd"): 1_656e6, ("2026Q2", "space", "revenue_usd"): 962e6,
    ("2026Q2", "space", "operating_income_usd"): -542e6, ("2026Q2", "ai", "revenue_usd"): 2_561e6,
    ("2026Q2", "ai", "operating_income_usd"): -1_257e6,
    ("2026Q2", "ai", "solutions_infrastructure_revenue_usd"): 2_194e6,
    ("2026Q2", "ai", "new_cloud_revenue_usd"): 1.6e9, ("2026Q2", "ai", "capex_usd"): 15_828e6,
}


@pytest.mark.parametrize("key, value", sorted(REQUIRED_REPORTED.items()))
def test_required_reported_figure(key, value):
    from colossus.inputs import reported
    assert reported.figure(*key) == pytest.approx(value, rel=1e-12)


def test_reported_rows_are_all_required_and_not_duplicated_in_facts():
    """Every row of reported_quarters.csv is one the brief gives, and facts.csv holds no
    quarterly segment figure any more (only the conflict's own statement of the Q1 loss)."""
    from colossus.inputs import reported
    t = reported.load()
    assert set(zip(t["quarter"], t["entity"], t["measure"])) == set(REQUIRED_REPORTED)
    ids = set(facts.facts().index)
    for gone in ("ai_revenue_q2_2026", "xai_revenue_q1_2026", "spacex_operating_income_q2_2026",
                 "spacex_operating_income_q1_2026", "ai_capex_q2_2026", "ai_new_cloud_revenue_q2_2026"):
        assert gone not in ids
    # the Q1 loss in the q1_loss conflict states the reported figure as a positive loss
    assert facts.value("spacex_operating_loss_q1_2026") == -reported.figure("2026Q1", "spacex", "operating_income_usd")


@pytest.mark.parametrize("fid, text", sorted(REQUIRED_TEXTS.items()))
def test_required_text(fid, text):
    assert facts.fact(fid)["value"] == text


@pytest.mark.parametrize("fid", REQUIRED_TEXT_IDS)
def test_required_text_fact_exists(fid):
    row = facts.fact(fid)
    assert row["unit"] == "text" and row["value"].strip()


def test_units_and_kinds_of_new_facts():
    f = facts.facts()
    assert f.loc["spacex_shares_outstanding", "kind"] == "derived"
    assert f.loc["customer_b_revenue_q2_2026", "kind"] == "derived"
    assert f.loc["gpu_hour_reading_220k", "kind"] == "derived"
    assert f.loc["lease_start_assumed", "kind"] in ("derived", "assumption")
    assert f.loc["customer_b_share_q2_2026", "unit"] == "share"
    assert f.loc["compute_capacity_gw_q2_2026", "unit"] == "GW"
    assert f.loc["compute_value_db_per_gw", "unit"] == "USD/GW"
    assert f.loc["cursor_shares_issued", "unit"] == "shares"
    assert f.loc["spcx_price_low_july", "as_of"] == "2026-07"
    assert f.loc["damodaran_value_per_share", "as_of"] == "2026-06"
    assert f.loc["cursor_option_exercised", "value"].lower().startswith("spacex exercised")


def test_params_facts_exist():
    """Every ``fact="..."`` the parameter schema names is a row of facts.csv."""
    import re
    ids = set(re.findall(r'fact="([a-z0-9_]+)"', (config.PACKAGE_DIR / "inputs" / "params.py").read_text()))
    assert ids and ids <= set(facts.facts().index)


class TestReportedArithmetic:
    """The reported figures check against each other, by hand."""

    def test_q2_2026_segments_sum_to_consolidated(self):
        # 1,656 - 542 - 1,257 = -143 ($M); revenue 4,291 + 962 + 2,561 = 7,814
        from colossus.inputs import reported
        seg = sum(reported.figure("2026Q2", e, "operating_income_usd") for e in ("connectivity", "space", "ai"))
        assert seg == pytest.approx(-143e6)
        assert seg == pytest.approx(reported.figure("2026Q2", "spacex", "operating_income_usd"))
        rev = sum(reported.figure("2026Q2", e, "revenue_usd") for e in ("connectivity", "space", "ai"))
        assert rev == pytest.approx(reported.figure("2026Q2", "spacex", "revenue_usd"))

    def test_customer_b_revenue(self):
        # 19.5% x 7,814 = 1,523.7 -> about 1.52 billion
        from colossus.inputs import reported
        implied = facts.value("customer_b_share_q2_2026") * reported.figure("2026Q2", "spacex", "revenue_usd")
        assert implied == pytest.approx(facts.value("customer_b_revenue_q2_2026"), abs=5e6)

    def test_q1_capex_from_h1_less_q2(self):
        # AI capex: 23,551 - 15,828 = 7,723 ($M), the S-1's Q1 "$7.7B"
        from colossus.inputs import reported
        q2 = reported.figure("2026Q2", "ai", "capex_usd")
        assert facts.value("ai_capex_h1_2026") - q2 == pytest.approx(7_723e6)
        assert reported.figure("2026Q1", "ai", "capex_usd") == pytest.approx(7_723e6, abs=50e6)

    def test_shares_outstanding_and_float(self):
        # 1.75e12 / 135 = 12,962,962,963 (rounded); + 83,300,000 = 13,046,262,963
        assert facts.value("spacex_shares_outstanding") == round(1.75e12 / 135 + 83.3e6)
        assert facts.value("float_shares") == pytest.approx(facts.value("ipo_shares_offered") + facts.value("greenshoe_shares"))

    def test_gpu_hour_readings_match_rent_and_gpus(self):
        # 1.25e9 / (325,000 x 730) = 5.269; / (220,000 x 730) = 7.783; Google 920e6 / (110,000 x 730) = 11.457
        assert 1.25e9 / (325_000 * 730) == pytest.approx(facts.value("gpu_hour_reading_anthropic"), abs=0.01)
        assert 1.25e9 / (220_000 * 730) == pytest.approx(facts.value("gpu_hour_reading_220k"), abs=0.01)
        assert 920e6 / (110_000 * 730) == pytest.approx(facts.value("gpu_hour_reading_google"), abs=0.01)


class TestAccessors:
    def test_share_prices(self):
        sp = facts.share_prices()
        assert list(sp.columns) == ["date", "price_usd", "label", "fact", "source", "precision"]
        assert sp["date"].tolist() == sorted(sp["date"])
        assert sp["price_usd"].tolist() == [135, 150, 176.52, 160.95, 225.64, 170.72, 115.07, 125.33, 151.21,
                                            171.09, 171.92, 167.60, 160.57, 162.57]
        # a price known only to the month is not plotted (its day would be invented)
        assert "spcx_price_low_july" not in set(sp["fact"])
        assert [f for f, _ in facts.UNDATED_PRICES] == ["spcx_price_low_july"]
        assert (sp["precision"] == "day").all()

    def test_analyst_targets(self):
        t = facts.analyst_targets()
        assert list(t.columns) == ["fact", "label", "kind", "usd_per_share", "as_of", "source"]
        by = t.set_index("label")["usd_per_share"]
        assert by["Deutsche Bank"] == 255 and by["Goldman Sachs"] == 205 and by["Damodaran (segment DCF)"] == 97.83
        assert t["kind"].value_counts().to_dict() == {"target": 6, "consensus": 2, "valuation": 1}
        targets = t[t["kind"] == "target"]["usd_per_share"]
        assert (targets.min(), targets.max()) == (205, 300)

    def test_multiples(self):
        m = facts.multiples()
        assert list(m.columns) == ["fact", "label", "company", "kind", "multiple", "as_of", "source"]
        assert set(m["kind"]) == {"neocloud", "ai_lab"}
        by = m.set_index("fact")
        assert by.loc["openai_ev_revenue_multiple", "company"] == "OpenAI"
        assert by.loc["coreweave_price_sales_2026", "as_of"] == "2026-03-31"
        assert by.loc["nebius_ev_revenue_2027e", "multiple"] == 8

    def test_reported_ai_segment(self):
        a = facts.reported_ai_segment()
        assert a["period"].tolist() == ["2024", "2025", "2025Q2", "2026Q1", "2026Q2"]
        assert a["period_kind"].tolist() == ["year", "year", "quarter", "quarter", "quarter"]
        assert a["revenue_usd"].tolist() == [2.62e9, 3.2e9, 737e6, 818e6, 2.561e9]
        assert a["operating_income_usd"].tolist() == [-1.56e9, -6.36e9, -1.524e9, -2.47e9, -1.257e9]
        assert (a["operating_income_usd"] < 0).all()
        assert a.set_index("period").loc["2026Q2", "source"] == "spacex10q2026q2"

    def test_reported_spacex_quarters(self):
        q = facts.reported_spacex_quarters().set_index("period")
        assert q.index.tolist() == ["2025Q2", "2026Q1", "2026Q2"]
        assert q["operating_income_usd"].tolist() == [-970e6, -1.94e9, -143e6]
        assert q.loc["2026Q2", "revenue_usd"] == 7.814e9 and q.loc["2026Q1", "revenue_usd"] == 4.69e9
        assert q["revenue_usd"].isna().tolist() == [True, False, False]
        # the signed Q1 figure agrees with the loss the conflict records as a positive number
        assert q.loc["2026Q1", "operating_income_usd"] == -facts.value("spacex_operating_loss_q1_2026")

    def test_terms_table_has_amended_column(self):
        t = sources.terms_table().set_index("Term")
        assert "3 months" in t.loc["Lock-in", "Amended filings"]
        assert "325,000 GPUs" in t.loc["Capacity", "Amended filings"]
        assert "2026-05" in t.loc["First paid month", "Amended filings"]


@pytest.mark.parametrize("fid, text", [
    ("anthropic_commitment", "$84.5 billion"),
    ("customer_b_share_q2_2026", "19.5%"),
    ("customer_b_share_h1_2026", "12.2%"),
    ("spacex_shares_outstanding", "13.05 billion shares"),
    ("cursor_shares_issued", "389.3 million shares"),
    ("compute_capacity_gw_q2_2026", "1.4 GW"),
    ("compute_capacity_gw_guide_2026", "2 GW"),
    ("compute_value_ms_per_gw", "$16.5 billion per GW"),
    ("compute_value_db_per_gw", "$46.4 billion per GW"),
    ("tenant_google_rent", "$920 million a month"),
    ("spcx_price_2026_09_11", "$151.21 a share"),
    ("spacex_market_value_2026_09_11", "$1.99 trillion"),
    ("gpu_hour_reading_anthropic", "$5.27 per GPU-hour"),
    ("coreweave_ev_ebitda_2026", "24x"),
    ("lease_ramp_amended", "2026-05"),
])
def test_new_units_format(fid, text):
    assert sources.formatted(fid) == text


@pytest.mark.parametrize("topic, base", [
    ("gpu_count", "lease_gpus_amended"), ("scope", "lease_scope_s1_reading"),
    ("term_structure", "lease_term_amended"), ("first_paid_month", "lease_ramp_amended"),
    ("gpu_hour_price", "gpu_hour_reading_anthropic"), ("deal_value", "lease_lifetime_value"),
    ("cursor_fee", "cursor_fee_reports"),
])
def test_conflict_base_cases(topic, base):
    f, _, c = facts.load_all()
    assert c[topic]["base_uses"] == base
    assert f.loc[base, "topic"] == topic


@pytest.mark.parametrize("topic, members", [
    ("gpu_count", {"lease_gpus", "lease_gpus_amended"}),
    ("term_structure", {"lease_term_amended", "lease_term_musk", "lease_term_seed", "lease_term_s1"}),
    ("first_paid_month", {"lease_start_assumed", "lease_ramp_amended"}),
    ("deal_value", {"anthropic_commitment", "lease_lifetime_value", "lease_value_outlier"}),
    ("cursor_fee", {"cursor_fee_424b4", "cursor_option_exercised", "cursor_fee_seed000", "cursor_fee_reports"}),
    ("gpu_hour_price", {"gpu_hour_reading_anthropic", "gpu_hour_reading_anthropic_db", "gpu_hour_reading_220k"}),
])
def test_conflict_members(topic, members):
    f = facts.facts()
    assert members <= set(f.index[f["topic"] == topic])


def test_conflict_reasons_name_the_base_value():
    """Each new or revised ``why`` says which value the base uses, in words a reader can check."""
    _, _, c = facts.load_all()
    needles = {"gpu_count": "325,000", "scope": "Colossus II", "term_structure": "three months",
               "first_paid_month": "May 2026", "gpu_hour_price": "$5.27", "deal_value": "$84.5B",
               "cursor_fee": "moot"}
    for topic, needle in needles.items():
        assert needle in c[topic]["why"], topic


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
    from colossus.book import build
    bad = tmp_path / "facts.csv"
    bad.write_text(HEADER + GOOD_ROW + GOOD_ROW)
    monkeypatch.setattr(config, "FACTS_CSV", bad)
    monkeypatch.setattr(config, "WORK_DIR", tmp_path / "work")
    out = tmp_path / "html"
    assert build.main(["--out", str(out)]) == 2
    assert "duplicate ids" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "work" / "notebooks").exists()


class TestConflictsFromTheParameters:
    def test_every_cell_is_computed_from_the_build(self):
        from colossus.inputs.loading import validate

        base = sources.conflicts_table().set_index("Topic")["This build uses"]
        moved = sources.conflicts_table(p=validate({"lease": {"gpus": 220_000, "lock_months": 6}})
                                      ).set_index("Topic")["This build uses"]
        assert "`lease.gpus` = 325,000" in base["GPUs behind the rent"]
        assert "`lease.gpus` = **220,000**" in moved["GPUs behind the rent"]
        assert "set in this build" in moved["Term structure of the lease"]

    def test_deal_value_is_the_models_contract(self):
        # the model's contract is its contracted revenue, never a reported headline ($40B)
        cell = sources.conflicts_table().set_index("Topic").loc["Value of the deal", "This build uses"]
        assert "contracted_revenue_usd" in cell and "45 billion" in cell and "40 billion" not in cell

    def test_model_inputs_are_parameters(self, tmp_path):
        rows = (HEADER + "a,1,USD,2026-05-20,agentupdate2026,reported,t,\n"
                + "b,2,USD,2026-05-20,agentupdate2026,reported,t,\n")
        text = "t:\n  title: T\n  base_uses: a\n  why: w\n  model: [lease.gpu]\n"
        with pytest.raises(facts.DataError, match="'lease.gpu' is not a parameter"):
            load_with(tmp_path, rows, conflicts_text=text)


def test_bibliography_has_no_working_notes_and_plain_dollars():
    text = config.SOURCES_BIB.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("%"))
    assert "\\$" not in body
    for bad in ("the brief", "seed article", "Seed article"):
        assert bad not in body, bad


#: Bib keys of the company's own filings (and exhibits to them).
FILINGS = {"spacexs12026", "spacexs1a2026", "spacex10q2026q2", "spacexq2release2026", "spacex8k20260814",
           "spacexfwp2026", "spacexq2call2026"}


class TestFilings:
    def test_every_reported_quarterly_figure_cites_a_filing(self):
        # SpaceX's and xAI's quarterly and half-year figures: the filing first, the press beside it;
        # a conflicting alternative (a fact with a topic) keeps only its own source
        f, filed = facts.facts(), facts.filings()
        for fid, row in f.iterrows():
            if (re.search(r"_(q[1-4]|h1)_20\d\d", fid) and re.match(r"(xai|spacex|ai)_", fid)
                    and row["kind"] == "reported" and not row["topic"]):
                assert row["source"] in FILINGS or filed.get(fid, ("",))[0] in FILINGS, fid
                assert facts.cite(fid).startswith("{cite:p}`spacex"), fid

    def test_every_reported_quarter_row_cites_a_filing(self):
        # data/reported_quarters.csv: every segment and consolidated figure leads with a filing
        # (the S-1, the 10-Q, or SpaceX's own release), the press beside it where it was read
        from colossus.inputs import reported

        for r in reported.load().itertuples(index=False):
            text = reported.cite(r.quarter, r.entity, r.measure)
            first = text.split("`")[1]
            assert first in FILINGS, (r.quarter, r.entity, r.measure, text)

    def test_cite_puts_the_filing_first(self):
        from colossus.inputs import reported

        assert reported.cite("2026Q2", "ai", "revenue_usd") == "{cite:p}`spacex10q2026q2` (Note 18)"
        assert reported.cite("2026Q1", "ai", "operating_income_usd") == (
            "{cite:p}`spacexs12026` (segment note; as reported by {cite:p}`type0_2026`)")
        assert facts.cite("lease_monthly_rent") == "{cite:p}`spacexs12026` (as reported by {cite:p}`agentupdate2026`)"
        assert facts.cite("ipo_price") == "{cite:p}`itmagazine2026`"

    @pytest.mark.parametrize("text, needle", [
        ("fact,filing,locator\nnope,spacexs12026,\n", "unknown fact or reported figure 'nope'"),
        ("fact,filing,locator\n2030Q1/ai/revenue_usd,spacexs12026,\n", "unknown fact or reported figure"),
        ("fact,filing,locator\nipo_price,nobib,\n", "unknown source 'nobib'"),
        ("fact,filing\nipo_price,spacexs12026\n", "expected the columns"),
        ("fact,filing,locator\nipo_price,spacexs12026,\nipo_price,spacexs12026,\n", "listed twice"),
    ])
    def test_malformed_filings_rejected(self, tmp_path, monkeypatch, text, needle):
        bad = tmp_path / "filings.csv"
        bad.write_text(text)
        monkeypatch.setattr(config, "FILINGS_CSV", bad)
        with pytest.raises(facts.DataError, match=needle):
            facts.filings()
