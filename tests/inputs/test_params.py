"""colossus.inputs.params: schema, layering, and the bad-input corpus.

Every bad input must be rejected before any notebook runs, with a message that names the
parameter, and must leave the previously published book byte-identical.
"""
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from colossus.book import build, stage
from colossus.inputs import facts, loading, params
from colossus.inputs.params import Parameters
from colossus.inputs.loading import ParameterError, resolve
from colossus.words import sources

from ..conftest import tree_digest


def write(tmp_path: Path, text: str, name: str = "my.yml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# --------------------------------------------------------------------------- good input

class TestLayering:
    def test_defaults_are_the_base_scenario(self):
        assert resolve("base").parameters == Parameters()

    def test_precedence_scenario_file_set(self, tmp_path):
        f = write(tmp_path, "lease:\n  monthly_notice_probability: 0.05\n  gpus: 200000\n")
        r = resolve("bear", f, ["lease.gpus=100000"])
        assert r.parameters.lease.monthly_notice_probability == 0.05   # file beats scenario (0.08)
        assert r.parameters.lease.gpus == 100_000                       # --set beats file
        assert r.parameters.costs.capex_per_gpu_usd == 55_000.0         # scenario beats default
        assert r.label == "bear + my.yml + 1 override"

    @pytest.mark.parametrize("expr, key, value", [
        ("lease.monthly_rent_usd=1.0e9", "monthly_rent_usd", 1.0e9),   # YAML 1.2 float
        ("lease.monthly_rent_usd=1e9", "monthly_rent_usd", 1.0e9),
        ("lease.monthly_rent_usd=900000000", "monthly_rent_usd", 9.0e8),
        ("lease.start=2026-07", "start", "2026-07"),
        ("lease.ramp_months=0", "ramp_months", 0),
    ])
    def test_set_values_are_typed(self, expr, key, value):
        assert getattr(resolve(sets=[expr]).parameters.lease, key) == value

    def test_scenario_file_format_and_dotted_keys(self, tmp_path):
        f = write(tmp_path, "description: mine\nparameters:\n  lease.gpus: 150000\n")
        r = resolve("base", f)
        assert r.parameters.lease.gpus == 150_000 and r.description == "mine"

    def test_fingerprint_tracks_values_only(self):
        a, b = resolve("base"), resolve("base", sets=["lease.gpus=325000"])
        assert a.fingerprint == b.fingerprint and len(a.fingerprint) == 12
        assert resolve(sets=["lease.gpus=325001"]).fingerprint != a.fingerprint


class TestScenarios:
    @pytest.mark.parametrize("name", ["base", "bull", "bear"])
    def test_valid(self, name):
        resolve(name)

    @pytest.mark.parametrize("name", ["bull", "bear"])
    def test_assumptions_are_ends_of_their_ranges(self, name):
        values = params.flatten(resolve(name).parameters)
        for s in params.iter_assumptions():
            lo, hi = s.assumption_range
            v = values[s.name]
            assert lo <= v <= hi, f"{name}: {s.name}={v} outside [{lo}, {hi}]"
        changed = [s.name for s in params.iter_assumptions() if values[s.name] != s.default]
        assert changed, f"{name} changes no assumption"
        assert all(values[n] in params.spec(n).assumption_range for n in changed)

    def test_bull_is_worth_more_than_bear(self):
        from colossus.model.keynumbers import key_numbers
        bull, bear = (key_numbers(resolve(n).parameters) for n in ("bull", "bear"))
        assert bull["npv_expected_revenue_usd"] > bear["npv_expected_revenue_usd"]
        assert bull["lease_operating_margin"] > bear["lease_operating_margin"]


class TestSchemaProvenance:
    def test_every_parameter_is_sourced_or_an_assumption_with_range(self):
        f = facts.facts()
        for s in params.specs():
            assert s.unit and s.description
            if s.fact:
                assert s.fact in f.index, f"{s.name} points to unknown fact {s.fact}"
            elif s.reported:
                from colossus.inputs import reported
                quarter, entity, measure = s.reported
                assert entity in reported.ENTITIES and measure in reported.MEASURES, s.name
                if s.from_anchor:   # None: the figure reported for the anchor quarter
                    assert s.default is None and s.bull is None and s.bear is None, s.name
                else:
                    assert s.default == reported.figure(quarter, entity, measure), s.name
            else:
                lo, hi = s.assumption_range
                assert lo <= s.default <= hi, s.name

    @pytest.mark.parametrize("name", [s.name for s in params.specs()
                                      if s.fact and isinstance(s.default, (int, float))])
    def test_sourced_defaults_equal_their_fact(self, name):
        """Every sourced numeric default is its fact, in the parameter's unit (a notice in
        days is modelled in whole months of 30 days)."""
        s = params.spec(name)
        f = facts.fact(s.fact)
        expected = facts.value(s.fact) / 30 if f["unit"] == "days" else facts.value(s.fact)
        assert float(s.default) == expected

    @pytest.mark.parametrize("name", [s.name for s in params.specs() if s.fact and isinstance(s.default, str)])
    def test_sourced_month_defaults_equal_their_fact(self, name):
        # a date parameter (YYYY-MM-DD) is the as-of date of the fact it dates
        s = params.spec(name)
        assert s.default == facts.fact(s.fact)["as_of" if s.unit == "YYYY-MM-DD" else "value"]

    def test_scenario_files_are_the_schema_bull_and_bear(self):
        """data/scenarios/bull.yml and bear.yml set exactly the schema's bull/bear values."""
        for name in ("bull", "bear"):
            values = params.flatten(resolve(name).parameters)
            for s in params.specs():
                expected = getattr(s, name) if getattr(s, name) is not None else s.default
                assert values[s.name] == expected, (name, s.name)

    def test_assumptions_have_bull_and_bear(self):
        for s in params.iter_assumptions():
            assert s.bull is not None and s.bear is not None, s.name

    def test_end_default_equals_s1_fact(self):
        assert params.spec("lease.end").default == facts.fact("lease_end_s1")["value"]


# --------------------------------------------------------------------------- bad input

BAD_SETS = [
    (["lease.unknown_key=1"], "lease.unknown_key"),
    (["leese.gpus=1"], "leese"),
    (["lease.gpus=abc"], "lease.gpus"),
    (["lease.gpus=1.5"], "lease.gpus"),
    (["lease.gpus=true"], "lease.gpus"),
    (["lease.monthly_rent_usd=-1.25e9"], "lease.monthly_rent_usd"),
    (["lease.monthly_rent_usd=0"], "lease.monthly_rent_usd"),
    (["lease.monthly_rent_usd='1e9'"], "lease.monthly_rent_usd"),
    (["lease.monthly_notice_probability=1.5"], "lease.monthly_notice_probability"),
    (["lease.monthly_notice_probability=-0.1"], "lease.monthly_notice_probability"),
    (["lease.ramp_rent_fraction=2"], "lease.ramp_rent_fraction"),
    (["lease.end=2025-01"], "lease.end"),
    (["lease.start=2026-13"], "lease.start"),
    (["lease.start=2026-06-01"], "lease.start"),
    (["lease.ramp_months=40"], "lease.ramp_months"),
    (["lease.monthly_rent_usd=.nan"], "lease.monthly_rent_usd"),
    (["lease.monthly_rent_usd=.inf"], "lease.monthly_rent_usd"),
    (["lease.monthly_rent_usd=1e400"], "lease.monthly_rent_usd"),
    (["lease.monthly_rent_usd=1e300"], "lease.monthly_rent_usd"),   # huge but finite
    (["lease.gpus=100000000000000000000000"], "lease.gpus"),
    (["finance.discount_rate_annual=[0.1]"], "finance.discount_rate_annual"),
    (["lease.gpus="], "lease.gpus"),
    (["lease.gpus"], "lease.gpus"),
    (["gpus=5"], "gpus"),
    # YAML 1.1 integer rules are not applied (issue 7): no octal, hex or sexagesimal
    (["lease.lock_months=0x10"], "lease.lock_months"),
    (["lease.gpus=3:40:00"], "lease.gpus"),
    (["lease.start=0000-01"], "lease.start"),
    (["lease.end=2400-01"], "lease.end"),                      # beyond the 240-month cap
    (["lease.lock_months=37"], "lease.lock_months"),           # lock-in as long as the term
    (["lease.notice_months=37"], "lease.notice_months"),
    (["costs.depreciation_years=1e-300"], "costs.depreciation_years"),
    (["tenants.google_end=2026-01"], "tenants.google_end"),    # ends before it starts
    (["valuation.shares_outstanding=0"], "valuation.shares_outstanding"),
    (["finance.discount_rate_annual=0.9"], "finance.discount_rate_annual"),
    (["lease.gpu=5"], "lease.gpus"),                           # did you mean
]


class TestBadSets:
    @pytest.mark.parametrize("sets, key", BAD_SETS)
    def test_rejected_naming_key(self, sets, key):
        with pytest.raises(ParameterError) as err:
            resolve("base", sets=sets)
        assert key in str(err.value)


BAD_FILES = [
    ("", "empty"),
    ("# only a comment\n", "empty"),
    ("- 1\n- 2\n", "mapping"),
    ("just text\n", "mapping"),
    ("lease: [1, 2]\n", "lease"),
    ("lease:\n  gpus: {a: 1}\n", "lease.gpus"),
    ("parameters:\n  lease:\n    monthly_rent_usd: -5\n", "lease.monthly_rent_usd"),
    ("parameters: 5\n", "parameters"),
    ("parameters: {}\nextra: 1\n", "extra"),
    ("description: 5\n", "description"),
    ("description: " + "x" * 700 + "\n", "description"),
    ("lease: {gpus: 1\n", "YAML"),
    ("!!python/object/apply:os.system ['echo pwned > /tmp/colossus-pwned']\n", "YAML"),
    ("lease:\n  gpus: !!python/object/apply:builtins.int ['5']\n", "YAML"),
    ("lease: !!python/name:os.system\n", "YAML"),
    ("x: &a [*a]\nlease: {gpus: 1}\nleese: 1\n", "x"),
    ("lease:\n  monthly_notice_probability: .NaN\n", "lease.monthly_notice_probability"),
    ("lease:\n  start: 2026-06-01\n", "lease.start"),
    # duplicates are errors, never silently "last one wins" (issue 7)
    ("lease:\n  gpus: 1000\n  gpus: 2000\n", "gpus: given twice"),
    ("lease:\n  gpus: 1000\nlease:\n  ramp_months: 1\n", "lease: given twice"),
    ("parameters:\n  lease.gpus: 1000\n  lease:\n    gpus: 2000\n", "lease.gpus"),
    ("parameters: []\n", "parameters"),
    ("base: &b {gpus: 1000}\nlease:\n  <<: *b\n", "lease.<<"),
]


class TestBadFiles:
    @pytest.mark.parametrize("text, needle", BAD_FILES)
    def test_rejected(self, tmp_path, text, needle):
        with pytest.raises(ParameterError) as err:
            resolve("base", write(tmp_path, text))
        assert needle in str(err.value)
        assert not os.path.exists("/tmp/colossus-pwned"), "a YAML tag executed code"

    def test_missing_file(self, tmp_path):
        with pytest.raises(ParameterError, match="not found"):
            resolve("base", tmp_path / "nope.yml")

    def test_binary_file(self, tmp_path):
        f = tmp_path / "bin.yml"
        f.write_bytes(b"\xff\xfe\x00\x01")
        with pytest.raises(ParameterError):
            resolve("base", f)


@pytest.mark.parametrize("name", ["../base", "base/..", "a b", "", "BASE", "/etc/passwd", "..", "x" * 80,
                                  "base\n", "nope"])
def test_bad_scenario_names(name):
    with pytest.raises(ParameterError, match="scenario"):
        resolve(name)


NUMERIC = [s.name for s in params.specs() if isinstance(s.default, (int, float))]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(NUMERIC),
       value=st.one_of(st.text(max_size=8), st.booleans(), st.none(),
                       st.lists(st.integers(), max_size=2),
                       st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 1e308, -1e308])))
def test_hypothesis_bad_values_rejected_naming_key(key, value):
    group, name = key.split(".")
    if isinstance(value, float) and math.isfinite(value):
        spec = params.spec(key)
        try:  # a value inside the bounds is not bad input; skip it
            loading.validate({group: {name: value}})
            return
        except ParameterError:
            pass
    with pytest.raises(ParameterError) as err:
        loading.validate({group: {name: value}})
    assert key in str(err.value)


@settings(max_examples=80)
@given(group=st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12),
       name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12))
def test_hypothesis_unknown_keys_rejected(group, name):
    known = {s.name for s in params.specs()}
    if f"{group}.{name}" in known:
        return
    with pytest.raises(ParameterError) as err:
        loading.validate({group: {name: 1}})
    assert group in str(err.value)


# --------------------------------------------------------------------------- CLI: nothing lost

@pytest.fixture
def previous_book(tmp_path, monkeypatch):
    out = tmp_path / "html"
    (out / "chapters").mkdir(parents=True)
    (out / "index.html").write_text("<html>previous good book</html>")
    (out / "chapters" / "lease.html").write_text("<p>old numbers</p>")
    work = tmp_path / "work"
    monkeypatch.setattr(build.config, "WORK_DIR", work)
    return out, work


CLI_CASES = ([["--set", x] for sets, _ in BAD_SETS for x in sets]
             + [["--params", f"FILE{i}"] for i in range(len(BAD_FILES))]
             + [["--scenario", "../../etc/passwd"], ["--scenario", "does-not-exist"], ["--scenario", "a b"]])


@pytest.mark.parametrize("args", CLI_CASES)
def test_cli_rejects_before_running_and_keeps_previous_book(previous_book, tmp_path, capsys, args):
    """The whole corpus through the build's command line: exit 2, a message, nothing run,
    the previous book byte-identical."""
    out, work = previous_book
    before = tree_digest(out)
    if args[0] == "--params":
        args = ["--params", str(write(tmp_path, BAD_FILES[int(args[1][4:])][0], "bad.yml"))]
    code = build.main(args + ["--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "error:" in err and "unchanged" in err
    assert tree_digest(out) == before
    assert not (work / "notebooks").exists(), "a notebook cache was created: something ran"


def test_numbers_cli_rejects_bad_input():
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, str(root / "scripts" / "numbers.py"), "--set", "lease.gpus=-3"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "lease.gpus" in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("expr, value", [
    ("lease.lock_months=010", 10), ("lease.gpus=0220000", 220_000), ("lease.lock_months=10", 10),
    ("lease.gpus=220_000", None), ("lease.gpus=0o17", None), ("lease.gpus=0b101", None),
])
def test_decimal_integers_read_as_written(expr, value):
    """``010`` is not 8 and ``0220000`` is not 73,728 (issue 7): integers are read as
    decimal, as YAML 1.2 reads them, or rejected."""
    if value is None:
        with pytest.raises(ParameterError):
            resolve(sets=[expr])
    else:
        key = expr.split("=")[0].split(".")[1]
        assert getattr(resolve(sets=[expr]).parameters.lease, key) == value


def test_outside_the_explored_range_is_flagged():
    r = resolve(sets=["xai.replacement_share=0.9", "lease.gpus=325000"])
    assert len(r.outside) == 1 and r.outside[0].startswith("xai.replacement_share")
    assert resolve().outside == [] and resolve("bull").outside == [] and resolve("bear").outside == []
    html = stage.banner_html(r)
    assert "outside the explored range" in html and "colossus-outside" in html
    assert "outside the explored range" not in stage.banner_html(resolve())


def test_did_you_mean_names_the_closest_parameter():
    with pytest.raises(ParameterError) as err:
        resolve(sets=["lease.monthly_rent=1e9"])
    assert "lease.monthly_rent_usd" in str(err.value)


class TestAnchorParameters:
    """model.anchor_quarter and the anchor values (issue 14)."""

    @pytest.mark.parametrize("value", ["latest", "2026Q2", "2026Q1", "2025Q2"])
    def test_reported_quarters_and_latest_accepted(self, value):
        assert loading.resolve(sets=[f"model.anchor_quarter={value}"]).parameters.model.anchor_quarter == value

    @pytest.mark.parametrize("value, needle", [
        ("2025Q4", "not a quarter that can anchor the model"),      # not reported
        ("2030Q1", "not a quarter that can anchor the model"),      # the future
        ("2026Q5", "string should match pattern"),
        ("Q2 2026", "string should match pattern"),
        ("newest", "string should match pattern"),
    ])
    def test_bad_anchor_quarter(self, value, needle):
        with pytest.raises(loading.ParameterError) as err:
            loading.resolve(sets=[f"model.anchor_quarter={value}"])
        msg = str(err.value)
        assert "model.anchor_quarter" in msg and needle in msg.lower().replace("string should", "string should")

    @pytest.mark.parametrize("sets, name", [
        (["xai.anchor_leasing_revenue_usd=3e9"], "xai.anchor_leasing_revenue_usd"),   # > 2,561e6 reported
        (["xai.anchor_revenue_usd=1e9"], "xai.anchor_revenue_usd"),                   # < the 1.6e9 set aside
        (["xai.anchor_operating_income_usd=3e9"], "xai.anchor_operating_income_usd"),  # a negative cost
    ])
    def test_anchor_values_must_fit_together(self, sets, name):
        with pytest.raises(loading.ParameterError) as err:
            loading.resolve(sets=sets)
        assert str(err.value).count(name) >= 1 and "(from --set" in str(err.value)

    def test_anchor_values_default_to_the_reported_figures(self):
        p = loading.resolve().parameters
        assert p.xai.anchor_revenue_usd is None and p.spacex.anchor_operating_income_usd is None
        assert params.outside_explored(loading.resolve(sets=["xai.anchor_revenue_usd=9e10"]).parameters) == []

    def test_renamed_parameter_says_so(self):
        with pytest.raises(loading.ParameterError, match="renamed: use xai.anchor_operating_income_usd"):
            loading.resolve(sets=["xai.anchor_operating_loss_usd=2.47e9"])

    def test_empty_set_means_the_reported_figure(self):
        assert loading.resolve(sets=["xai.anchor_revenue_usd="]).parameters.xai.anchor_revenue_usd is None

    def test_appendix_shows_the_anchor_quarter_and_its_sources(self):
        t = sources.parameter_table(loading.resolve().parameters).set_index("Source")
        text = " ".join(sources.parameter_table(loading.resolve().parameters)["Value in this build"])
        assert "the reported figure of 2026Q2" in text and "(here 2026Q2)" in text
        assert any("reported: ai revenue_usd, 2026Q2 (the anchor quarter)" in s for s in t.index)
