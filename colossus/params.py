"""The parameter schema: every model input, its unit, bounds, default and provenance.

One pydantic model validates every way parameters arrive (scenario file, a user's
parameter file, ``--set`` overrides, the dict papermill injects into a chapter), and the
same model renders the parameters appendix of the book.

Layering, lowest to highest priority::

    schema defaults  <  data/scenarios/<name>.yml  <  --params FILE  <  --set KEY=VALUE

Every field carries, in ``json_schema_extra``:

``unit``
    the unit of the value, as a reader would write it;
``fact``
    the id of the row in ``data/facts.csv`` the default comes from, or ``None``;
``assumption_range``
    for assumptions (``fact is None``), the documented ``[low, high]`` that the bull
    and bear scenarios draw from.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import config

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
SCENARIO_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
DESCRIPTION_MAX_CHARS = 600


class ParameterError(ValueError):
    """Raised for any bad parameter input; the message names every offending key."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid parameters:\n" + "\n".join(f"  - {p}" for p in self.problems))


def param(default: Any, *, unit: str, description: str, fact: str | None = None,
          assumption_range: tuple[Any, Any] | None = None, **bounds: Any) -> Any:
    """Declare one parameter: a pydantic ``Field`` with the provenance the book shows."""
    if (fact is None) == (assumption_range is None):
        raise TypeError("a parameter is either sourced (fact=...) or an assumption (assumption_range=...)")
    extra = {"unit": unit, "fact": fact,
             "assumption_range": list(assumption_range) if assumption_range else None}
    return Field(default, description=description, json_schema_extra=extra, **bounds)


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Lease(_Group):
    monthly_rent_usd: float = param(
        1.25e9, gt=0, le=1e11, unit="USD per month", fact="lease_monthly_rent",
        description="Full monthly rent Anthropic pays once the ramp is over.")
    start: str = param(
        "2026-06", pattern=MONTH_PATTERN, unit="YYYY-MM", assumption_range=("2026-05", "2026-07"),
        description="First paid month. The deal was signed in May 2026; billing is assumed to start the month after.")
    end: str = param(
        "2029-05", pattern=MONTH_PATTERN, unit="YYYY-MM", fact="lease_term_s1",
        description="Last paid month, inclusive (the S-1 reading: 'through May 2029').")
    ramp_months: int = param(
        2, ge=0, le=24, unit="months", fact="lease_ramp",
        description="Months at the discounted ramp-up rate at the start of the lease.")
    ramp_rent_fraction: float = param(
        0.5, ge=0, le=1, unit="fraction of full rent", assumption_range=(0.3, 0.8),
        description="Share of the full rent paid in each ramp month (the discount is not disclosed).")
    notice_months: int = param(
        3, ge=0, le=36, unit="months", fact="lease_term_s1",
        description="Notice period: a notice served takes effect this many months later (S-1: 90 days).")
    lock_months: int = param(
        0, ge=0, le=120, unit="months", fact="lease_term_s1",
        description="Months during which no termination can take effect (seed article: 6; S-1 reading: none).")
    monthly_notice_probability: float = param(
        0.03, ge=0, le=1, unit="probability per month", assumption_range=(0.01, 0.08),
        description="h: chance each month that either side serves notice, once a notice can take effect.")
    gpus: int = param(
        220_000, ge=1, le=10_000_000, unit="GPUs", fact="lease_gpus",
        description="GPUs covered by the lease (reported as 'over 220,000', mixed H100/H200/GB200).")
    power_mw: float = param(
        300.0, gt=0, le=100_000, unit="MW", fact="lease_power_mw",
        description="Facility power of the leased capacity (Colossus 1).")


class Market(_Group):
    gpu_hour_usd: float = param(
        2.35, gt=0, le=1_000, unit="USD per GPU-hour", fact="market_h100_reserved_1y",
        description="Market rate the lease is compared with: H100, 1-year reserved, March 2026.")


class Costs(_Group):
    capex_per_gpu_usd: float = param(
        40_000.0, gt=0, le=1_000_000, unit="USD per GPU", assumption_range=(30_000.0, 55_000.0),
        description="All-in capital cost per GPU of the cluster (card, server share, network); "
                    "H100 cards alone sell for $25k-40k.")
    depreciation_years: float = param(
        5.0, gt=0, le=20, unit="years", assumption_range=(4.0, 6.0),
        description="Straight-line depreciation life of the cluster.")
    power_price_usd_per_mwh: float = param(
        70.0, ge=0, le=2_000, unit="USD per MWh", assumption_range=(50.0, 100.0),
        description="Price of electricity at the facility, applied to the full facility power.")
    other_opex_usd_per_month: float = param(
        4.0e7, ge=0, le=1e10, unit="USD per month", assumption_range=(2.0e7, 8.0e7),
        description="Other cash operating cost of serving the lease: staff, maintenance, network, site.")


class Xai(_Group):
    own_use_value_usd_per_gpu_hour: float = param(
        2.35, ge=0, le=1_000, unit="USD per GPU-hour", assumption_range=(1.65, 5.0),
        description="What a GPU-hour is worth to xAI's own use if it reclaims the compute.")
    q1_2026_operating_loss_usd: float = param(
        2.47e9, ge=0, le=1e12, unit="USD per quarter", fact="xai_operating_loss_q1_2026",
        description="The AI segment's operating loss in Q1 2026 (S-1), before any rent.")


class Spacex(_Group):
    q1_2026_revenue_usd: float = param(
        4.69e9, gt=0, le=1e12, unit="USD per quarter", fact="spacex_revenue_q1_2026",
        description="SpaceX consolidated revenue, Q1 2026 (S-1).")


class Valuation(_Group):
    ipo_valuation_usd: float = param(
        1.75e12, gt=0, le=1e14, unit="USD", fact="ipo_valuation",
        description="Valuation at the IPO price of $135 per share.")
    neocloud_ev_revenue_multiple: float = param(
        6.5, gt=0, le=100, unit="x run-rate revenue", fact="neocloud_multiple",
        description="EV / run-rate revenue multiple the market paid for neocloud revenue (6-7x).")


class Finance(_Group):
    discount_rate_annual: float = param(
        0.10, ge=0, le=1, unit="per year", assumption_range=(0.08, 0.14),
        description="r: annual rate used to discount the monthly rent (effective, compounded monthly).")


class Simulation(_Group):
    paths: int = param(
        100_000, ge=1_000, le=2_000_000, unit="paths", assumption_range=(100_000, 100_000),
        description="Monte Carlo paths for the termination simulator.")
    seed: int = param(
        20260611, ge=0, le=2**32 - 1, unit="integer", assumption_range=(20260611, 20260611),
        description="Seed of the random generator; the same seed gives the same draws on every build.")


class Parameters(BaseModel):
    """All model inputs. Access as ``p.lease.monthly_rent_usd``; dotted name ``lease.monthly_rent_usd``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    lease: Lease = Field(default_factory=Lease, description="The contract: rent, term, notice, capacity.")
    market: Market = Field(default_factory=Market, description="Market prices the lease is compared with.")
    costs: Costs = Field(default_factory=Costs, description="What it costs xAI to serve the lease.")
    xai: Xai = Field(default_factory=Xai, description="xAI, SpaceX's AI segment.")
    spacex: Spacex = Field(default_factory=Spacex, description="SpaceX consolidated.")
    valuation: Valuation = Field(default_factory=Valuation, description="The IPO and market multiples.")
    finance: Finance = Field(default_factory=Finance, description="Discounting.")
    simulation: Simulation = Field(default_factory=Simulation, description="The Monte Carlo simulator.")

    @model_validator(mode="after")
    def _check_term(self) -> "Parameters":
        start, end = month_index(self.lease.start), month_index(self.lease.end)
        if end < start:
            raise ValueError(f"lease.end: got {self.lease.end!r}, before lease.start {self.lease.start!r}; "
                             "the last paid month must be on or after the first")
        months = end - start + 1
        if self.lease.ramp_months > months:
            raise ValueError(f"lease.ramp_months: got {self.lease.ramp_months}, longer than the "
                             f"{months}-month lease")
        return self

    @property
    def fingerprint(self) -> str:
        """Short hash of the validated parameters: equal fingerprints, equal assumptions."""
        return fingerprint(self)


def month_index(month: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` string, so that differences count months."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def fingerprint(p: Parameters) -> str:
    blob = json.dumps(p.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


# --------------------------------------------------------------------------- schema rows

@dataclass(frozen=True)
class ParameterSpec:
    """One row of the parameters table, read from the schema."""
    name: str
    group_description: str
    description: str
    unit: str
    default: Any
    fact: str | None
    assumption_range: list[Any] | None
    bounds: str


def _bounds_text(finfo) -> str:
    parts = []
    for m in finfo.metadata:
        for attr, sym in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
            v = getattr(m, attr, None)
            if v is not None:
                parts.append(f"{sym} {v:g}" if isinstance(v, (int, float)) else f"{sym} {v}")
        if getattr(m, "pattern", None):
            parts.append("YYYY-MM")
    return ", ".join(parts)


def specs() -> list[ParameterSpec]:
    """Every parameter of the schema, in schema order, with its metadata."""
    rows = []
    for gname, gfield in Parameters.model_fields.items():
        gmodel = gfield.default_factory  # the group class
        for pname, finfo in gmodel.model_fields.items():
            extra = finfo.json_schema_extra or {}
            rows.append(ParameterSpec(
                name=f"{gname}.{pname}", group_description=gfield.description or "",
                description=finfo.description or "", unit=extra["unit"], default=finfo.default,
                fact=extra["fact"], assumption_range=extra["assumption_range"],
                bounds=_bounds_text(finfo)))
    return rows


def spec(name: str) -> ParameterSpec:
    for s in specs():
        if s.name == name:
            return s
    raise KeyError(name)


def flatten(p: Parameters | dict) -> dict[str, Any]:
    """``{"lease.monthly_rent_usd": 1.25e9, ...}`` from a Parameters or a nested dict."""
    d = p.model_dump(mode="json") if isinstance(p, BaseModel) else p
    return {f"{g}.{k}": v for g, sub in d.items() for k, v in sub.items()}


# --------------------------------------------------------------------------- YAML input

class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with YAML 1.2 floats (``1.0e9`` is a number, not a string)
    and no timestamp conversion (``2026-06-01`` stays text, and is then rejected by the
    ``YYYY-MM`` pattern with a clear message). It constructs no Python objects."""


_SafeLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FLOAT_RE = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*\.?[0-9_]*[eE][-+]?[0-9]+
    |[-+]?[0-9][0-9_]*\.
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
_SafeLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_RE, list("-+0123456789."))


def parse_yaml(text: str, origin: str) -> Any:
    """Parse YAML safely; any syntax error or object tag becomes a ParameterError."""
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - _SafeLoader is a SafeLoader
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()
        raise ParameterError([f"{origin}: not valid YAML for parameters ({' '.join(first[:3])})"]) from None


def _read_mapping_file(path: Path, origin: str) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParameterError([f"{origin}: file not found: {path}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError([f"{origin}: cannot read {path}: {exc}"]) from None
    data = parse_yaml(text, origin)
    if data is None:
        raise ParameterError([f"{origin}: the file is empty; expected a mapping such as "
                              "'parameters: {lease: {monthly_rent_usd: 1.0e9}}'"])
    if not isinstance(data, dict):
        raise ParameterError([f"{origin}: expected a mapping at the top level, got {type(data).__name__}"])
    return data


_FILE_KEYS = {"description", "parameters"}


def _split_file(data: dict, origin: str) -> tuple[str | None, dict]:
    """A parameter file is either ``{description:, parameters: {...}}`` or a bare mapping of
    groups (``lease: {...}``); dotted keys (``lease.monthly_rent_usd: 1e9``) are accepted."""
    if set(data) & _FILE_KEYS:
        extra = set(data) - _FILE_KEYS
        if extra:
            raise ParameterError([f"{origin}: unknown top-level key {sorted(extra)[0]!r}; "
                                  "allowed: 'description', 'parameters'"])
        desc, params = data.get("description"), data.get("parameters") or {}
    else:
        desc, params = None, data
    if desc is not None and not isinstance(desc, str):
        raise ParameterError([f"{origin}: description: expected text, got {type(desc).__name__}"])
    if desc is not None and len(desc) > DESCRIPTION_MAX_CHARS:
        raise ParameterError([f"{origin}: description: {len(desc)} characters, at most {DESCRIPTION_MAX_CHARS}"])
    if not isinstance(params, dict):
        raise ParameterError([f"{origin}: parameters: expected a mapping of groups, got {type(params).__name__}"])
    return desc, _nest(params, origin)


def _nest(params: dict, origin: str) -> dict:
    nested: dict = {}
    for key, value in params.items():
        if not isinstance(key, str):
            raise ParameterError([f"{origin}: key {key!r} is not text"])
        if "." in key:
            group, _, name = key.partition(".")
            nested.setdefault(group, {})
            if not isinstance(nested[group], dict):
                raise ParameterError([f"{origin}: {group}: expected a mapping"])
            nested[group][name] = value
        elif isinstance(value, dict):
            nested.setdefault(key, {})
            if not isinstance(nested[key], dict):
                raise ParameterError([f"{origin}: {key}: expected a mapping"])
            nested[key].update(value)
        else:
            nested[key] = value
    return nested


def _merge(base: dict, top: dict, origins: dict, origin: str) -> dict:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for group, sub in top.items():
        if isinstance(sub, dict) and isinstance(out.get(group), dict):
            out[group].update(sub)
            for name in sub:
                origins[f"{group}.{name}"] = origin
        else:
            out[group] = sub
            origins[group] = origin
    return out


def parse_set(expr: str) -> tuple[str, Any]:
    """``"lease.monthly_rent_usd=1.0e9"`` -> ``("lease.monthly_rent_usd", 1e9)``.

    The value is read as a YAML scalar, so numbers are numbers and ``2026-06`` is text.
    """
    key, sep, raw = expr.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ParameterError([f"--set {expr!r}: expected KEY=VALUE, for example lease.monthly_rent_usd=1.0e9"])
    if not re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", key):
        raise ParameterError([f"--set {expr!r}: {key!r} is not a dotted parameter name such as lease.gpus"])
    value = parse_yaml(raw, f"--set {key}") if raw.strip() else None
    if isinstance(value, (dict, list)):
        raise ParameterError([f"--set {key}: got {raw!r}; expected a single value, not a collection"])
    return key, value


# --------------------------------------------------------------------------- resolving

@dataclass(frozen=True)
class Resolved:
    """Validated parameters plus where they came from."""
    parameters: Parameters
    scenario: str
    label: str                   # e.g. "bear + my.yml + 1 override"
    description: str
    layers: tuple[str, ...] = field(default_factory=tuple)

    @property
    def fingerprint(self) -> str:
        return self.parameters.fingerprint


def scenario_names() -> list[str]:
    return sorted(p.stem for p in config.SCENARIOS_DIR.glob("*.yml"))


def scenario_path(name: str) -> Path:
    if not isinstance(name, str) or not SCENARIO_NAME_PATTERN.fullmatch(name):
        raise ParameterError([f"--scenario {name!r}: a scenario name is lower-case letters, digits, '-' "
                              f"or '_' (no '/', '..' or spaces); available: {', '.join(scenario_names())}"])
    path = config.SCENARIOS_DIR / f"{name}.yml"
    if not path.is_file():
        raise ParameterError([f"--scenario {name!r}: no such scenario; available: {', '.join(scenario_names())}"])
    return path


def resolve(scenario: str = "base", params_file: str | Path | None = None,
            sets: list[str] | tuple[str, ...] = ()) -> Resolved:
    """Validate scenario, parameter file and overrides together; raise ParameterError."""
    origins: dict[str, str] = {}
    path = scenario_path(scenario)
    desc, merged = _split_file(_read_mapping_file(path, f"scenario {scenario}"), f"scenario {scenario}")
    merged = _merge({}, merged, origins, f"scenario {scenario}")
    description = desc or ""
    layers = [scenario]
    if params_file is not None:
        origin = f"--params {Path(params_file).name}"
        pdesc, pdata = _split_file(_read_mapping_file(Path(params_file), origin), origin)
        merged = _merge(merged, pdata, origins, origin)
        description = pdesc if pdesc is not None else description
        layers.append(Path(params_file).name)
    for expr in sets:
        key, value = parse_set(expr)
        group, name = key.split(".")
        merged = _merge(merged, {group: {name: value}}, origins, f"--set {key}")
    n_sets = len(sets)
    label = " + ".join(layers) + (f" + {n_sets} override{'s' if n_sets > 1 else ''}" if n_sets else "")
    return Resolved(validate(merged, origins), scenario, label, description, tuple(layers))


def validate(data: dict, origins: dict[str, str] | None = None) -> Parameters:
    """Parameters from a nested dict, or a ParameterError naming each bad key."""
    origins = origins or {}
    if not isinstance(data, dict):
        raise ParameterError([f"parameters: expected a mapping of groups, got {type(data).__name__}"])
    try:
        return Parameters.model_validate(data)
    except ValidationError as exc:
        raise ParameterError([_describe(err, origins) for err in exc.errors()]) from None


def _describe(err: dict, origins: dict[str, str]) -> str:
    loc = [str(x) for x in err["loc"]]
    key = ".".join(loc)
    if err["type"] == "value_error" and not loc:  # model-level check: message names its key
        return str(err["ctx"]["error"])
    where = origins.get(key) or (origins.get(loc[0]) if loc else None)
    where = f" (from {where})" if where else ""
    given = err.get("input")
    given_txt = _short_repr(given)
    if err["type"] == "extra_forbidden":
        known = _known_names(loc)
        return f"{key}: unknown parameter{where}; known here: {known}"
    allowed = _allowed(loc)
    return f"{key}: got {given_txt}{where}; {err['msg'].lower()}" + (f"; allowed: {allowed}" if allowed else "")


def _short_repr(value: Any) -> str:
    text = repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _known_names(loc: list[str]) -> str:
    if len(loc) == 1:
        return ", ".join(Parameters.model_fields)
    group = Parameters.model_fields.get(loc[0])
    if group is None:
        return ", ".join(Parameters.model_fields)
    return ", ".join(f"{loc[0]}.{n}" for n in group.default_factory.model_fields)


def _allowed(loc: list[str]) -> str:
    if len(loc) != 2:
        return "a mapping of parameters" if len(loc) == 1 else ""
    try:
        s = spec(".".join(loc))
    except KeyError:
        return ""
    kind = type(s.default).__name__
    kind = {"float": "a number", "int": "a whole number", "str": "text"}.get(kind, kind)
    return f"{kind}" + (f" {s.bounds}" if s.bounds else "") + f" ({s.unit})"


def from_injected(parameters: dict | None) -> Parameters:
    """What a chapter calls on the dict papermill injected (empty: the schema defaults)."""
    return validate(parameters or {})


def iter_assumptions() -> Iterator[ParameterSpec]:
    return (s for s in specs() if s.fact is None)


def _fmt(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if abs(v) >= 1e6 and v == int(v):
            return f"{v:,.0f}"
        return f"{v:,.6g}"
    return str(v)


def parameter_table(p: Parameters) -> "pd.DataFrame":
    """The parameters appendix: one row per parameter with its name and description, its
    value in this build with the unit (and the default, where it differs, the value then in
    bold) and its provenance (a cited fact, or an assumption with its range)."""
    import pandas as pd

    from .facts import cite
    from .report import escape

    values = flatten(p)
    rows = []
    for s in specs():
        v = values[s.name]
        changed = v != s.default
        if s.fact:
            prov = f"fact `{s.fact}` {cite(s.fact)}"
        else:
            lo, hi = s.assumption_range
            prov = "assumption" if lo == hi else f"assumption, range {_fmt(lo)} to {_fmt(hi)}"
        value = f"**{_fmt(v)}**<br>{s.unit}<br>(default {_fmt(s.default)})" if changed else f"{_fmt(v)}<br>{s.unit}"
        rows.append({
            "Parameter": f"`{s.name}`<br>{escape(s.description)}",
            "Value in this build": value,
            "Source": prov,
        })
    return pd.DataFrame(rows)
