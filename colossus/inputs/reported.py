"""Reported quarterly figures: ``data/reported_quarters.csv``, the one home of every quarter
SpaceX (and, before it, the S-1) has reported.

The file is tidy, one row a figure, with exactly the columns :data:`COLUMNS`:

``quarter``
    the calendar quarter, ``YYYYQn``;
``entity``
    one of :data:`ENTITIES`: ``spacex`` (consolidated), ``ai`` (the AI segment, xAI),
    ``connectivity`` (Starlink) and ``space``;
``measure``
    one of :data:`MEASURES`, USD for the quarter. Operating income and net income are
    signed: a loss is negative;
``value``
    a finite number;
``source``
    a key of ``data/sources.bib``;
``as_of``
    ``YYYY-MM-DD``, the date the figure is as of (the quarter's last day for a flow);
``note``
    free text.

Adding a quarter is a data edit: append its rows. The model's anchor
(``model.anchor_quarter = latest``) moves to the newest quarter that has the figures an
anchor needs (:data:`ANCHOR_FIGURES`), and the walk-forward back-test gains a row
(:func:`colossus.model.offset.walk_forward`). Loading validates every row; a
:class:`~colossus.inputs.errors.DataError` names the file, the line and the column.
"""
from __future__ import annotations

import csv
import datetime
import functools
import weakref
import math
import re
from pathlib import Path

import pandas as pd

from . import config
from .errors import DataError

COLUMNS = ["quarter", "entity", "measure", "value", "source", "as_of", "note"]
ENTITIES = ("spacex", "ai", "connectivity", "space")
#: Every measure a row may carry, with what it is (USD per quarter).
MEASURES = {
    "revenue_usd": "revenue",
    "operating_income_usd": "income from operations (a loss negative)",
    "net_income_usd": "net income (a loss negative)",
    "adjusted_ebitda_usd": "adjusted EBITDA (non-GAAP)",
    "capex_usd": "capital expenditure",
    "depreciation_usd": "depreciation and amortisation",
    "new_cloud_revenue_usd": "revenue of the cloud services (compute leasing) agreements: the leasing revenue the "
                             "model's tenant lines replace after the anchor quarter",
    "solutions_infrastructure_revenue_usd": "\"AI Solutions & Infrastructure\" revenue",
}
#: The figures a quarter needs to anchor the model, as (entity, measure).
ANCHOR_FIGURES = (("ai", "revenue_usd"), ("ai", "operating_income_usd"), ("spacex", "operating_income_usd"))
#: The figures a back-test compares, as (key, entity, measure); the keys are those of
#: :func:`colossus.model.offset.backtest`.
BACKTEST_FIGURES = (("ai_revenue_usd", "ai", "revenue_usd"),
                    ("ai_operating_income_usd", "ai", "operating_income_usd"),
                    ("spacex_operating_income_usd", "spacex", "operating_income_usd"))

QUARTER_RE = re.compile(r"^([0-9]{4})Q([1-4])$")
_DAY_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _check_row(row: dict, keys: set[str]) -> list[tuple[str, str]]:
    """``[(column, problem), ...]`` for one row of the file (empty when it is good).

    >>> _check_row({"quarter": "2026Q5", "entity": "ai", "measure": "revenue_usd", "value": "1",
    ...             "source": "k", "as_of": "2026-06-30", "note": ""}, {"k"})
    [('quarter', "'2026Q5' is not YYYYQn with n in 1..4 (for example 2026Q2)")]
    """
    problems = []
    q = row["quarter"]
    m = QUARTER_RE.fullmatch(q)
    if m is None or not 1990 <= int(m.group(1)) <= 2100:
        problems.append(("quarter", f"{q!r} is not YYYYQn with n in 1..4 (for example 2026Q2)"))
    if row["entity"] not in ENTITIES:
        problems.append(("entity", f"{row['entity']!r} is not one of {', '.join(ENTITIES)}"))
    if row["measure"] not in MEASURES:
        problems.append(("measure", f"{row['measure']!r} is not one of {', '.join(MEASURES)}"))
    try:
        v = float(row["value"])
        if not math.isfinite(v):
            problems.append(("value", f"{row['value']!r} is not a finite number"))
    except ValueError:
        problems.append(("value", f"{row['value']!r} is not a number"))
    if row["source"] not in keys:
        problems.append(("source", f"{row['source']!r} is not a key of sources.bib"))
    day = row["as_of"]
    ok = bool(_DAY_RE.fullmatch(day))
    if ok:
        try:
            datetime.date.fromisoformat(day)
        except ValueError:
            ok = False
    if not ok:
        problems.append(("as_of", f"{day!r} is not a date YYYY-MM-DD"))
    return problems


def validate(path: Path, keys: set[str]) -> pd.DataFrame:
    """Read and check the file; raise :class:`DataError` naming the file, line and column
    of every problem. Returns the rows with ``value`` as float, sorted by quarter, entity
    and measure, plus ``line`` (the row's line in the file)."""
    name = Path(path).name
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header != COLUMNS:
                raise DataError(f"{name} line 1: columns must be exactly {','.join(COLUMNS)}; "
                                f"found {','.join(header or [])}")
            rows, problems, seen = [], [], {}
            start = reader.line_num + 1
            for fields in reader:
                line = start
                start = reader.line_num + 1
                if not fields or all(not f.strip() for f in fields):
                    continue
                if len(fields) != len(COLUMNS):
                    problems.append(f"{name} line {line}: {len(fields)} fields, expected {len(COLUMNS)} "
                                    f"({','.join(COLUMNS)})")
                    continue
                row = dict(zip(COLUMNS, fields))
                bad = _check_row(row, keys)
                problems += [f"{name} line {line}, column {col}: {msg}" for col, msg in bad]
                key = (row["quarter"], row["entity"], row["measure"])
                if key in seen:
                    problems.append(f"{name} line {line}: {row['quarter']} {row['entity']} {row['measure']} "
                                    f"is given twice (lines {seen[key]} and {line}); give each figure once")
                else:
                    seen[key] = line
                if not bad:
                    rows.append({**row, "value": float(row["value"]), "line": line})
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{name}: cannot be read as CSV: {exc}") from None
    if problems:
        raise DataError("\n".join(problems))
    df = pd.DataFrame(rows, columns=COLUMNS + ["line"])
    _check_consistency(df, name)
    return df.sort_values(["quarter", "entity", "measure"], kind="stable").reset_index(drop=True)


def _check_consistency(df: pd.DataFrame, name: str) -> None:
    """Figures that must agree within a quarter: non-negative revenue, capex and leasing
    revenue; leasing revenue within the AI segment's revenue."""
    problems = []
    for _, r in df.iterrows():
        if r["measure"] in ("revenue_usd", "capex_usd", "new_cloud_revenue_usd",
                            "solutions_infrastructure_revenue_usd", "depreciation_usd") and r["value"] < 0:
            problems.append(f"{name} line {r['line']}, column value: {r['measure']} must not be negative")
    wide = df.set_index(["quarter", "entity", "measure"])["value"]
    lines = df.set_index(["quarter", "entity", "measure"])["line"]
    for q in df["quarter"].unique():
        cloud, rev = (q, "ai", "new_cloud_revenue_usd"), (q, "ai", "revenue_usd")
        if cloud in wide.index and rev in wide.index and wide[cloud] > wide[rev]:
            problems.append(f"{name} line {lines[cloud]}, column value: {q} ai new_cloud_revenue_usd "
                            f"({wide[cloud]:,.0f}) is more than the AI segment's revenue ({wide[rev]:,.0f})")
    if problems:
        raise DataError("\n".join(problems))


@functools.lru_cache(maxsize=None)
def _load_cached(path: str, bib: str) -> pd.DataFrame:
    from .facts import source_keys

    return validate(Path(path), source_keys(Path(bib)))


def load(path: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """Every reported figure, validated (paths default to :mod:`colossus.inputs.config`).

    >>> t = load()
    >>> list(t.columns) == COLUMNS + ["line"]
    True
    """
    return _load_cached(str(path or config.REPORTED_QUARTERS_CSV), str(bib or config.SOURCES_BIB)).copy()


@functools.lru_cache(maxsize=None)
def _index_cached(path: str, bib: str) -> dict[tuple[str, str, str], tuple[float, str]]:
    """(quarter, entity, measure) -> (value, source) of the loaded table: the lookups the
    model makes hundreds of times a build (the tornado alone evaluates it some 45 times)."""
    return _build_index(_load_cached(path, bib))


def _build_index(table: pd.DataFrame) -> dict[tuple[str, str, str], tuple[float, str]]:
    """(quarter, entity, measure) -> (value, source) of ``table``; the first row of each wins."""
    index: dict[tuple[str, str, str], tuple[float, str]] = {}
    sources = table["source"] if "source" in table else [""] * len(table)
    for q, e, m, v, src in zip(table["quarter"], table["entity"], table["measure"], table["value"], sources):
        index.setdefault((q, e, m), (float(v), str(src)))
    return index


def _index(table: pd.DataFrame | None = None) -> dict[tuple[str, str, str], tuple[float, str]]:
    """The lookup index of ``table`` (default: the loaded data file). A table passed in is
    indexed once and remembered while it lives (tables are never changed after loading)."""
    if table is None:
        return _index_cached(str(config.REPORTED_QUARTERS_CSV), str(config.SOURCES_BIB))
    entry = _TABLE_INDEX.get(id(table))
    if entry is not None and entry[0]() is table:
        return entry[1]
    index = _build_index(table)
    if len(_TABLE_INDEX) > 256:
        _TABLE_INDEX.clear()
    _TABLE_INDEX[id(table)] = (weakref.ref(table), index)
    return index


_TABLE_INDEX: dict[int, tuple[weakref.ref, dict]] = {}


def quarters(table: pd.DataFrame | None = None) -> list[str]:
    """Every quarter with at least one reported figure, in order.

    >>> quarters()[:3]
    ['2025Q2', '2026Q1', '2026Q2']
    """
    t = load() if table is None else table
    return sorted(set(t["quarter"]))


def figure(quarter: str, entity: str, measure: str, table: pd.DataFrame | None = None) -> float | None:
    """One reported figure (USD), or ``None`` when it is not reported.

    >>> figure("2026Q2", "ai", "operating_income_usd"), figure("2026Q1", "ai", "new_cloud_revenue_usd")
    (-1257000000.0, None)
    """
    hit = _index(table).get((quarter, entity, measure))
    return None if hit is None else hit[0]


def source(quarter: str, entity: str, measure: str, table: pd.DataFrame | None = None) -> str:
    """The ``sources.bib`` key of a reported figure (KeyError when it is not reported)."""
    if table is None:
        found = _index().get((quarter, entity, measure))
        if found is None:
            raise KeyError(f"{quarter} {entity} {measure} is not in reported_quarters.csv")
        return found[1]
    t = table
    hit = t[(t["quarter"] == quarter) & (t["entity"] == entity) & (t["measure"] == measure)]
    if hit.empty:
        raise KeyError(f"{quarter} {entity} {measure} is not in reported_quarters.csv")
    return str(hit["source"].iloc[0])


def figure_key(quarter: str, entity: str, measure: str) -> str:
    """How ``data/filings.csv`` names a reported figure.

    >>> figure_key("2026Q2", "ai", "revenue_usd")
    '2026Q2/ai/revenue_usd'
    """
    return f"{quarter}/{entity}/{measure}"


def cite(quarter: str, entity: str, measure: str) -> str:
    """MyST citation of a reported figure: the filing first, with its note, where
    ``data/filings.csv`` names one, and the source it was read in beside it.

    >>> cite("2026Q2", "ai", "revenue_usd")
    '{cite:p}`spacex10q2026q2` (Note 18)'
    >>> cite("2026Q1", "ai", "revenue_usd")
    '{cite:p}`spacexs12026` (segment note; as reported by {cite:p}`kalinga2026`)'
    """
    from .facts import cite_source, filings

    return cite_source(source(quarter, entity, measure), filings().get(figure_key(quarter, entity, measure)))


def anchor_quarters(table: pd.DataFrame | None = None) -> list[str]:
    """The quarters that can anchor the model: every figure of :data:`ANCHOR_FIGURES` is
    reported. In order.

    >>> anchor_quarters()
    ['2025Q2', '2026Q1', '2026Q2']
    """
    have = set(_index()) if table is None else set(zip(table["quarter"], table["entity"], table["measure"]))
    qs = sorted({q for q, _, _ in have})
    return [q for q in qs if all((q, e, m) in have for e, m in ANCHOR_FIGURES)]


def latest_anchor_quarter(table: pd.DataFrame | None = None) -> str:
    """The newest quarter that can anchor the model (``model.anchor_quarter = latest``).

    >>> latest_anchor_quarter()
    '2026Q2'
    """
    qs = anchor_quarters(table)
    if not qs:
        raise DataError("reported_quarters.csv: no quarter has all of "
                        + ", ".join(f"{e} {m}" for e, m in ANCHOR_FIGURES) + "; the model needs one to start from")
    return qs[-1]


def comparable(quarter: str, table: pd.DataFrame | None = None) -> dict | None:
    """The reported figures a back-test compares, ``{key: USD}`` (keys of
    :data:`BACKTEST_FIGURES`), or ``None`` when any of them is missing.

    >>> comparable("2026Q2")["ai_operating_income_usd"]
    -1257000000.0
    """
    out = {key: figure(quarter, e, m, table) for key, e, m in BACKTEST_FIGURES}
    return None if any(v is None for v in out.values()) else out


def history(entity: str, measures: tuple[str, ...] = ("revenue_usd", "operating_income_usd")) -> pd.DataFrame:
    """One entity's reported quarters, wide: ``quarter``, one column per measure (NaN where
    not reported) and ``<measure>_source``.

    >>> history("spacex")["operating_income_usd"].tolist()
    [-970000000.0, -1940000000.0, -143000000.0]
    """
    t = load()
    t = t[(t["entity"] == entity) & t["measure"].isin(measures)]
    out = pd.DataFrame({"quarter": sorted(set(t["quarter"]))})
    for m in measures:
        sub = t[t["measure"] == m].set_index("quarter")
        out[m] = [float(sub.loc[q, "value"]) if q in sub.index else float("nan") for q in out["quarter"]]
        out[f"{m}_source"] = [str(sub.loc[q, "source"]) if q in sub.index else "" for q in out["quarter"]]
    return out
