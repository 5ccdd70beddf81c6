"""The sourced facts the book uses: loading, validation, lookup and citation.

``data/facts.csv`` has one row per fact: ``id, value, unit, as_of, source, kind, topic,
note``. ``source`` is a key of ``data/sources.bib``; ``kind`` is ``reported``,
``derived`` or ``assumption``; facts that share a ``topic`` are reports that disagree,
described in ``data/conflicts.yml``. ``data/events.csv`` is the timeline. Everything is
validated on load and a :class:`DataError` names the file, the row and the problem.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd
import yaml

from . import config

KINDS = ("reported", "derived", "assumption")
UNITS = {"USD", "USD/month", "USD/GPU-hour", "USD/GPU", "USD/share", "USD/GW", "GPUs", "MW", "GW",
         "shares", "share", "months", "days", "years", "x", "text", "YYYY-MM"}
FACT_COLUMNS = ["id", "value", "unit", "as_of", "source", "kind", "topic", "note"]
EVENT_COLUMNS = ["date", "precision", "actor", "event", "source"]
DATE_RE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


from .errors import DataError  # noqa: E402,F401  (raised here; defined where no-op builds can name it)


def source_keys(bib: Path | None = None) -> set[str]:
    """Citation keys of ``data/sources.bib``."""
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError

    bib = bib or config.SOURCES_BIB
    try:
        return set(parse_file(str(bib), bib_format="bibtex").entries)
    except (PybtexError, OSError) as exc:
        raise DataError(f"{bib.name}: cannot be read as BibTeX: {exc}") from None


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path.name}: cannot be read as CSV: {exc}") from None
    if list(df.columns) != columns:
        raise DataError(f"{path.name}: columns must be {columns}, found {list(df.columns)}")
    return df


def validate_facts(df: pd.DataFrame, keys: set[str], name: str = "facts.csv") -> pd.DataFrame:
    """Check types, units, dates, kinds, source ids and id uniqueness; add ``value_num``."""
    problems = []
    for i, row in df.iterrows():
        where = f"{name} row {i + 2} ({row['id'] or 'no id'})"
        if not ID_RE.fullmatch(row["id"]):
            problems.append(f"{where}: id must be lower_snake_case")
        if row["unit"] not in UNITS:
            problems.append(f"{where}: unit {row['unit']!r} is not one of {sorted(UNITS)}")
        elif row["unit"] not in ("text", "YYYY-MM"):
            try:
                float(row["value"])
            except ValueError:
                problems.append(f"{where}: value {row['value']!r} is not a number but the unit is {row['unit']}")
        if not row["value"].strip():
            problems.append(f"{where}: value is empty")
        if not DATE_RE.fullmatch(row["as_of"]):
            problems.append(f"{where}: as_of {row['as_of']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if row["kind"] not in KINDS:
            problems.append(f"{where}: kind {row['kind']!r} is not one of {list(KINDS)}")
        if row["source"] not in keys:
            problems.append(f"{where}: source {row['source']!r} is not a key of sources.bib")
    dup = df["id"][df["id"].duplicated()].tolist()
    if dup:
        problems.append(f"{name}: duplicate ids {sorted(set(dup))}")
    if problems:
        raise DataError("\n".join(problems))
    out = df.copy()
    out["value_num"] = pd.to_numeric(out["value"].where(~out["unit"].isin(["text", "YYYY-MM"])), errors="coerce")
    return out.set_index("id", drop=False)


def validate_events(df: pd.DataFrame, keys: set[str], name: str = "events.csv") -> pd.DataFrame:
    problems = []
    for i, row in df.iterrows():
        where = f"{name} row {i + 2}"
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", row["date"]) or pd.isna(pd.to_datetime(row["date"], errors="coerce")):
            problems.append(f"{where}: date {row['date']!r} is not YYYY-MM-DD")
        if row["precision"] not in ("day", "week", "month", "year"):
            problems.append(f"{where}: precision {row['precision']!r} is not day, week, month or year")
        if not row["event"].strip() or not row["actor"].strip():
            problems.append(f"{where}: actor and event must not be empty")
        if row["source"] not in keys:
            problems.append(f"{where}: source {row['source']!r} is not a key of sources.bib")
    if problems:
        raise DataError("\n".join(problems))
    return df.sort_values("date", kind="stable").reset_index(drop=True)


def validate_conflicts(data: object, facts: pd.DataFrame, name: str = "conflicts.yml") -> dict:
    if not isinstance(data, dict) or not data:
        raise DataError(f"{name}: expected a mapping of topics")
    problems = []
    topics = set(facts["topic"]) - {""}
    for topic, entry in data.items():
        if not isinstance(entry, dict) or not {"title", "base_uses", "why"} <= set(entry) \
                or set(entry) - {"title", "base_uses", "why", "model"}:
            problems.append(f"{name}: {topic}: needs exactly title, base_uses, why (and optionally model)")
            continue
        problems += _check_model_inputs(entry.get("model", []), f"{name}: {topic}: model")
        members = set(facts.index[facts["topic"] == topic])
        if len(members) < 2:
            problems.append(f"{name}: {topic}: fewer than two facts in facts.csv carry this topic")
        if entry["base_uses"] not in members:
            problems.append(f"{name}: {topic}: base_uses {entry['base_uses']!r} is not one of {sorted(members)}")
    for missing in sorted(topics - set(data)):
        problems.append(f"{name}: topic {missing!r} is used in facts.csv but not described")
    if problems:
        raise DataError("\n".join(problems))
    return data


def _check_model_inputs(model: object, where: str) -> list[str]:
    """``model`` of a conflicts topic: a list of parameter names (``lease.gpus``), key
    numbers (``key:contracted_revenue_usd``) or reported quarterly figures
    (``reported:2026Q1/spacex/operating_income_usd``) the model uses for that topic."""
    from .params import specs

    if not isinstance(model, list) or not all(isinstance(x, str) for x in model):
        return [f"{where}: expected a list of parameter names, key:<key number> or reported:<quarter/entity/measure>"]
    names = {s.name for s in specs()}
    reported_form = re.compile(r"reported:[0-9]{4}Q[1-4]/[a-z]+/[a-z_]+")
    bad = [x for x in model if not (x.startswith("key:") or x in names or reported_form.fullmatch(x))]
    return [f"{where}: {x!r} is not a parameter" for x in bad]


@functools.lru_cache(maxsize=None)
def _load_cached(facts_path: str, events_path: str, conflicts_path: str, bib_path: str):
    keys = source_keys(Path(bib_path))
    facts = validate_facts(_read_csv(Path(facts_path), FACT_COLUMNS), keys, Path(facts_path).name)
    events = validate_events(_read_csv(Path(events_path), EVENT_COLUMNS), keys, Path(events_path).name)
    try:
        raw = yaml.safe_load(Path(conflicts_path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{Path(conflicts_path).name}: cannot be read: {exc}") from None
    conflicts = validate_conflicts(raw, facts, Path(conflicts_path).name)
    return facts, events, conflicts


def load_all(facts_path: Path | None = None, events_path: Path | None = None,
             conflicts_path: Path | None = None, bib_path: Path | None = None):
    """``(facts, events, conflicts)``, validated; raises DataError. Paths default to
    :mod:`colossus.inputs.config` (read at call time)."""
    facts_path = facts_path or config.FACTS_CSV
    events_path = events_path or config.EVENTS_CSV
    conflicts_path = conflicts_path or config.CONFLICTS_YML
    bib_path = bib_path or config.SOURCES_BIB
    facts, events, conflicts = _load_cached(str(facts_path), str(events_path), str(conflicts_path), str(bib_path))
    return facts.copy(), events.copy(), conflicts


def facts() -> pd.DataFrame:
    return load_all()[0]


def fact(fact_id: str) -> pd.Series:
    f = facts()
    if fact_id not in f.index:
        raise KeyError(f"no fact {fact_id!r} in data/facts.csv")
    return f.loc[fact_id]


def value(fact_id: str) -> float:
    """The numeric value of a fact (raises for text facts)."""
    row = fact(fact_id)
    if pd.isna(row["value_num"]):
        raise ValueError(f"fact {fact_id!r} is text, not a number")
    return float(row["value_num"])


@functools.lru_cache(maxsize=None)
def _filings_cached(path: str, mtime: float) -> dict[str, tuple[str, str]]:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(df.columns) != ["fact", "filing", "locator"]:
        raise DataError(f"{Path(path).name}: expected the columns fact, filing, locator")
    from .reported import figure_key, load as load_reported

    keys = source_keys()
    known = set(facts().index) | {figure_key(*r) for r in
                                   load_reported()[["quarter", "entity", "measure"]].itertuples(index=False)}
    problems = [f"{Path(path).name} row {i + 2}: " + msg for i, r in df.iterrows() for msg in (
        ([f"unknown fact or reported figure {r['fact']!r}"] if r["fact"] not in known else [])
        + ([f"unknown source {r['filing']!r} (not in sources.bib)"] if r["filing"] not in keys else []))]
    if df["fact"].duplicated().any():
        problems.append(f"{Path(path).name}: a fact listed twice: {sorted(set(df['fact'][df['fact'].duplicated()]))}")
    if problems:
        raise DataError("\n".join(problems))
    return {r["fact"]: (r["filing"], r["locator"]) for _, r in df.iterrows()}


def filings() -> dict[str, tuple[str, str]]:
    """``data/filings.csv``: for a fact, or a reported quarterly figure
    (``YYYYQn/entity/measure``, :func:`colossus.inputs.reported.figure_key`), found in a company
    filing, ``(filing, locator)``: the bib key of the filing and the note or section
    holding the figure (``''`` when not checked). The figure's own source is then cited
    beside it as the secondary source."""
    path = config.FILINGS_CSV
    if not path.exists():
        return {}
    return _filings_cached(str(path), path.stat().st_mtime)


def cite(fact_id: str) -> str:
    """MyST citation of a fact's source: ``{cite:p}`key```; for a figure reported in a
    filing (:func:`filings`), the filing first, with its note where one is known, and the
    source it was read in beside it.

    >>> cite("ipo_price")
    '{cite:p}`itmagazine2026`'
    >>> cite("xai_revenue_2025")
    '{cite:p}`spacexs12026` (segment note; as reported by {cite:p}`kalinga2026`)'
    """
    return cite_source(fact(fact_id)["source"], filings().get(fact_id))


def cite_source(source: str, filed: tuple[str, str] | None) -> str:
    """The citation of a figure read in ``source``: the filing first when ``filed`` names
    one (with its note), the source beside it when it is another document.

    >>> cite_source("kalinga2026", ("spacexs12026", "segment note"))
    '{cite:p}`spacexs12026` (segment note; as reported by {cite:p}`kalinga2026`)'
    >>> cite_source("spacex10q2026q2", ("spacex10q2026q2", "Note 18"))
    '{cite:p}`spacex10q2026q2` (Note 18)'
    >>> cite_source("reuters26", None)
    '{cite:p}`reuters26`'
    """
    if filed is None or not filed[0]:
        return "{cite:p}`" + source + "`"
    filing, locator = filed
    extra = [locator] if locator else []
    if source != filing:
        extra.append("as reported by {cite:p}`" + source + "`")
    return "{cite:p}`" + filing + "`" + (f" ({'; '.join(extra)})" if extra else "")


#: The market rates the lease is compared with, as (fact id, label).
MARKET_BENCHMARKS = (
    ("market_h100_breakeven", "H100 capex breakeven (rule of thumb)"),
    ("market_h100_reserved_low", "H100 1-year reserved, Oct 2025 low"),
    ("market_h100_ondemand_low", "H100 on-demand, low tier"),
    ("market_h100_reserved_1y", "H100 1-year reserved"),
    ("market_h200_ondemand_low", "H200 on-demand, low tier"),
    ("market_h100_ondemand_median", "H100 on-demand, median"),
    ("market_h100_ondemand_high", "H100 on-demand, high tier"),
    ("market_h200_ondemand_high", "H200 on-demand, high tier"),
)


def market_benchmarks() -> pd.DataFrame:
    """The market GPU-hour rates (sourced facts) with labels, dates and sources."""
    f = facts()
    rows = [{"fact": fid, "label": label, "usd_per_gpu_hour": float(f.loc[fid, "value_num"]),
             "as_of": f.loc[fid, "as_of"], "source": f.loc[fid, "source"]} for fid, label in MARKET_BENCHMARKS]
    return pd.DataFrame(rows)


def _when(as_of: str) -> tuple[str, str]:
    """``(YYYY-MM-DD, precision)`` for an ``as_of``; a month-only date is put on the 15th.

    >>> _when("2026-06-12"), _when("2026-07"), _when("2026")
    (('2026-06-12', 'day'), ('2026-07-15', 'month'), ('2026-07-01', 'year'))
    """
    if len(as_of) == 10:
        return as_of, "day"
    if len(as_of) == 7:
        return f"{as_of}-15", "month"
    return f"{as_of}-07-01", "year"


#: SpaceX's share price after the IPO, as (fact id, label), in date order.
SHARE_PRICES = (
    ("ipo_price", "IPO price"),
    ("ipo_first_open", "First trade, open"),
    ("ipo_first_day_high", "First day, intraday high"),
    ("ipo_first_close", "First day, close"),
    ("spcx_price_2026_06_16_high", "Intraday high"),
    ("spcx_price_2026_06_30", "Close, end of June"),
    ("spcx_price_2026_07_24", "Close"),
    ("spcx_price_2026_08_04", "Close, day of the Q2 report"),
    ("spcx_price_2026_09_11", "Close"),
    ("spcx_price_2026_10_05", "Close"),
    ("spcx_price_2026_10_06", "Close"),
    ("spcx_price_2026_10_07", "Close"),
    ("spcx_price_2026_10_08", "Close"),
    ("spcx_price_2026_10_09", "Close"),
)
#: Prices the sources give without a day (plotting one would invent its date), as (fact id, label).
UNDATED_PRICES = (
    ("spcx_price_low_july", "Late-July low (about)"),
)


def share_prices() -> pd.DataFrame:
    """SPCX share prices from the facts: ``date`` (YYYY-MM-DD), ``price_usd``, ``label``,
    ``fact``, ``source``, ``precision`` (``day``, or ``month`` for a month-only date, put on
    the 15th).

    >>> sp = share_prices()
    >>> first = sp.iloc[0]
    >>> first["date"], float(first["price_usd"]), first["precision"]
    ('2026-06-11', 135.0, 'day')
    >>> float(sp["price_usd"].max())
    225.64
    """
    f = facts()
    rows = []
    for fid, label in SHARE_PRICES:
        date, precision = _when(f.loc[fid, "as_of"])
        rows.append({"date": date, "price_usd": float(f.loc[fid, "value_num"]), "label": label, "fact": fid,
                     "source": f.loc[fid, "source"], "precision": precision})
    return pd.DataFrame(rows)


#: Analysts' price targets and valuations per share, as (fact id, label, kind).
ANALYST_TARGETS = (
    ("target_goldman", "Goldman Sachs", "target"),
    ("target_bernstein_2026_09_03", "Bernstein", "target"),
    ("target_jpmorgan", "JPMorgan", "target"),
    ("target_oppenheimer_2026_09_03", "Oppenheimer", "target"),
    ("target_deutsche_bank", "Deutsche Bank", "target"),
    ("target_morgan_stanley", "Morgan Stanley", "target"),
    ("target_consensus_low", "Consensus, low", "consensus"),
    ("target_consensus_high", "Consensus, high", "consensus"),
    ("damodaran_value_per_share", "Damodaran (segment DCF)", "valuation"),
)


def analyst_targets() -> pd.DataFrame:
    """Price targets, the consensus range and Damodaran's DCF value per share: ``fact``,
    ``label``, ``kind`` (``target``, ``consensus`` or ``valuation``), ``usd_per_share``,
    ``as_of``, ``source``.

    >>> t = analyst_targets().set_index("label")
    >>> float(t.loc["Morgan Stanley", "usd_per_share"]), t.loc["Damodaran (segment DCF)", "kind"]
    (300.0, 'valuation')
    """
    f = facts()
    rows = [{"fact": fid, "label": label, "kind": kind, "usd_per_share": float(f.loc[fid, "value_num"]),
             "as_of": f.loc[fid, "as_of"], "source": f.loc[fid, "source"]} for fid, label, kind in ANALYST_TARGETS]
    return pd.DataFrame(rows)


#: Valuation multiples of comparable companies, as (fact id, label, company, kind).
MULTIPLES = (
    ("neocloud_multiple", "EV / run-rate revenue, early 2025", "CoreWeave", "neocloud"),
    ("coreweave_price_sales_2026", "Price / sales", "CoreWeave", "neocloud"),
    ("coreweave_ev_ebitda_2026", "EV / EBITDA", "CoreWeave", "neocloud"),
    ("nebius_ev_revenue_2026e", "EV / revenue, 2026 estimate", "Nebius", "neocloud"),
    ("nebius_ev_revenue_2027e", "EV / revenue, 2027 estimate", "Nebius", "neocloud"),
    ("anthropic_ev_revenue_multiple", "EV / run-rate revenue", "Anthropic", "ai_lab"),
    ("openai_ev_revenue_multiple", "EV / run-rate revenue", "OpenAI", "ai_lab"),
)


def multiples() -> pd.DataFrame:
    """Multiples of neoclouds and AI labs: ``fact``, ``label``, ``company``, ``kind``
    (``neocloud`` or ``ai_lab``), ``multiple``, ``as_of``, ``source``.

    >>> m = multiples()
    >>> m[m["kind"] == "ai_lab"]["multiple"].tolist()
    [21.0, 34.0]
    """
    f = facts()
    rows = [{"fact": fid, "label": label, "company": company, "kind": kind,
             "multiple": float(f.loc[fid, "value_num"]), "as_of": f.loc[fid, "as_of"], "source": f.loc[fid, "source"]}
            for fid, label, company, kind in MULTIPLES]
    return pd.DataFrame(rows)


def _reported_periods(spec, entity: str) -> pd.DataFrame:
    """Annual rows from the facts (period, kind, revenue fact, operating income fact, sign of
    the income fact: -1 turns a fact that records a loss as a positive number into income),
    then every reported quarter of ``entity`` from ``data/reported_quarters.csv``."""
    from . import reported

    f = facts()

    def num(fid):
        return float(f.loc[fid, "value_num"]) if fid else float("nan")

    rows = []
    for period, kind, rev_id, oi_id, sign in spec:
        keys = [f.loc[i, "source"] for i in (rev_id, oi_id) if i]
        rows.append({"period": period, "period_kind": kind, "revenue_usd": num(rev_id),
                     "operating_income_usd": sign * num(oi_id),
                     "revenue_fact": rev_id or "", "operating_income_fact": oi_id,
                     "revenue_source": f.loc[rev_id, "source"] if rev_id else "",
                     "operating_income_source": f.loc[oi_id, "source"],
                     "source": ", ".join(dict.fromkeys(keys))})
    h = reported.history(entity)
    h = h[h["operating_income_usd"].notna()]
    for _, r in h.iterrows():
        keys = [k for k in (r["revenue_usd_source"], r["operating_income_usd_source"]) if k]
        rows.append({"period": r["quarter"], "period_kind": "quarter", "revenue_usd": float(r["revenue_usd"]),
                     "operating_income_usd": float(r["operating_income_usd"]), "revenue_fact": "",
                     "operating_income_fact": "", "revenue_source": r["revenue_usd_source"],
                     "operating_income_source": r["operating_income_usd_source"],
                     "source": ", ".join(dict.fromkeys(keys))})
    return pd.DataFrame(rows)


#: The AI segment's (xAI's) reported years: (period, kind, revenue fact, operating income fact, sign).
AI_SEGMENT_YEARS = (
    ("2024", "year", "xai_revenue_2024", "xai_operating_loss_2024", -1),
    ("2025", "year", "xai_revenue_2025", "xai_operating_loss_2025", -1),
)


def reported_ai_segment() -> pd.DataFrame:
    """The AI segment's reported history: the years from the facts (``2024``, ``2025``),
    then every reported quarter (``data/reported_quarters.csv``): ``period``,
    ``period_kind`` (``year`` or ``quarter``), ``revenue_usd``, ``operating_income_usd``
    (negative for a loss), the fact ids of the years (empty for quarters), the
    ``sources.bib`` key of each figure (``revenue_source``, ``operating_income_source``)
    and ``source`` (both keys).

    >>> a = reported_ai_segment().set_index("period")
    >>> float(a.loc["2026Q1", "operating_income_usd"]), float(a.loc["2026Q2", "revenue_usd"])
    (-2470000000.0, 2561000000.0)
    """
    return _reported_periods(AI_SEGMENT_YEARS, "ai")


def reported_spacex_quarters() -> pd.DataFrame:
    """SpaceX's consolidated quarters with a reported operating income: revenue (NaN where
    not reported: Q2 2025) and operating income (negative for a loss), with the same
    columns as :func:`reported_ai_segment`.

    >>> q = reported_spacex_quarters().set_index("period")
    >>> q["operating_income_usd"].tolist()[:3]
    [-970000000.0, -1940000000.0, -143000000.0]
    """
    return _reported_periods((), "spacex")


def event_date(event: pd.Series) -> str:
    """An event's date in prose, to the precision it is known.

    >>> event_date(pd.Series({"date": "2026-01-15", "precision": "month"}))
    'January 2026'
    >>> event_date(pd.Series({"date": "2026-09-28", "precision": "day"}))
    '28 September 2026'
    """
    d = pd.Timestamp(event["date"])
    return d.strftime("%B %Y") if event["precision"] == "month" else f"{d.day} {d.strftime('%B %Y')}"
