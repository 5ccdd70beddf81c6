"""Parameters as they arrive: scenario files, a user's YAML file, ``--set`` overrides and the
dict papermill injects into a chapter, read, merged and validated against the schema
(:mod:`colossus.inputs.params`) and the reported quarters (:func:`check_anchor`).

Layering, lowest to highest priority::

    schema defaults  <  data/scenarios/<name>.yml  <  --params FILE  <  --set KEY=VALUE

Bad input of any kind raises :class:`ParameterError`, whose message names every offending
parameter, where it came from, what was given and what is allowed (a close name is
suggested for a misspelt one).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import config
from .params import Parameters, outside_explored, spec, specs

SCENARIO_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
DESCRIPTION_MAX_CHARS = 600


class ParameterError(ValueError):
    """Raised for any bad parameter input; the message names every offending key."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid parameters:\n" + "\n".join(f"  - {p}" for p in self.problems))

    def __reduce__(self):
        """Pickled as its problems (a check made by the warm server comes back whole).

        >>> import pickle
        >>> pickle.loads(pickle.dumps(ParameterError(["a.b: bad"]))).problems
        ['a.b: bad']
        """
        return (type(self), (self.problems,))


# --------------------------------------------------------------------------- YAML input

class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema for plain scalars: integers are
    plain decimal only (``010`` is ten; ``0x10``, ``0o10`` and ``3:40:00`` are text, and
    then rejected by the schema), floats as in YAML 1.2 (``1.0e9`` and ``1e9`` are numbers),
    booleans only ``true``/``false``, and no timestamps (``2026-06-01`` stays text and is
    rejected by the ``YYYY-MM`` pattern). A key given twice in one mapping is an error. It
    constructs no Python objects."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise yaml.constructor.ConstructorError(
                        None, None, "merge keys (<<) are not allowed in parameter files", key_node.start_mark)
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    continue  # reported later as a key that is not text
                if key in seen:
                    raise _DuplicateKey(key, key_node.start_mark.line + 1, seen[key])
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key, line: int, first_line: int):
        self.key, self.line, self.first_line = key, line, first_line
        super().__init__(f"key {key!r} given twice (lines {first_line} and {line})")


_SafeLoader.yaml_implicit_resolvers = {}
for _tag, _rx, _first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
]:
    _SafeLoader.add_implicit_resolver(_tag, re.compile(_rx), _first)


def _construct_int(loader, node):
    """A YAML 1.2 decimal integer (PyYAML's own would read ``010`` as octal eight)."""
    return int(loader.construct_scalar(node))


def _construct_float(loader, node):
    text = loader.construct_scalar(node)
    low = text.lower()
    if low.endswith(".inf"):
        return -math.inf if low.startswith("-") else math.inf
    if low == ".nan":
        return math.nan
    return float(text)


_SafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_SafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def parse_yaml(text: str, origin: str) -> Any:
    """Parse YAML safely; any syntax error or object tag becomes a ParameterError."""
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - _SafeLoader is a SafeLoader
    except _DuplicateKey as exc:
        raise ParameterError([f"{origin}: {exc.key}: given twice in the file (lines {exc.first_line} "
                              f"and {exc.line}); give each parameter once"]) from None
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
        desc, params = data.get("description"), data.get("parameters", {})
        if params is None:
            params = {}
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
    """Nested ``{group: {name: value}}`` from a mapping that may use dotted keys. The same
    parameter given twice (dotted and nested, or a group given twice) is an error."""
    nested: dict = {}
    given: dict[str, str] = {}   # dotted name -> how it was written

    def put(group: str, name: str, value: Any, how: str) -> None:
        dotted = f"{group}.{name}"
        if dotted in given:
            raise ParameterError([f"{origin}: {dotted}: given twice (as {given[dotted]} and as {how}); "
                                  "give each parameter once"])
        given[dotted] = how
        nested.setdefault(group, {})[name] = value

    for key, value in params.items():
        if not isinstance(key, str):
            raise ParameterError([f"{origin}: key {key!r} is not text"])
        if "." in key:
            group, _, name = key.partition(".")
            if group in nested and not isinstance(nested[group], dict):
                raise ParameterError([f"{origin}: {group}: expected a mapping"])
            put(group, name, value, f"'{key}'")
        elif isinstance(value, dict):
            if key in nested and not isinstance(nested[key], dict):
                raise ParameterError([f"{origin}: {key}: expected a mapping"])
            for name, v in value.items():
                if not isinstance(name, str):
                    raise ParameterError([f"{origin}: {key}: key {name!r} is not text"])
                put(key, name, v, f"'{name}' under '{key}:'")
        else:
            if key in nested:
                raise ParameterError([f"{origin}: {key}: given twice"])
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
    #: where each value came from ("--set lease.gpus", "scenario bull"), for messages
    origins: dict[str, str] = field(default_factory=dict, compare=False)
    #: whether :func:`check_anchor` has run (``resolve(..., anchors=False)`` defers it)
    anchors_checked: bool = True

    @property
    def fingerprint(self) -> str:
        return self.parameters.fingerprint

    @property
    def outside(self) -> list[str]:
        """Parameters outside the range the scenarios explore (see :func:`outside_explored`)."""
        return outside_explored(self.parameters)


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
            sets: list[str] | tuple[str, ...] = (), anchors: bool = True) -> Resolved:
    """Validate scenario, parameter file and overrides together; raise ParameterError.

    ``anchors=False`` defers :func:`check_anchor` (which reads the reported quarters) to the
    caller: the build checks it only when there is something to build, so that a rebuild of
    an unchanged book reads no data file."""
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
    return Resolved(validate(merged, origins, anchors=anchors), scenario, label, description, tuple(layers),
                    dict(origins), anchors)


def validate(data: dict, origins: dict[str, str] | None = None, anchors: bool = True) -> Parameters:
    """Parameters from a nested dict, or a ParameterError naming each bad key."""
    origins = origins or {}
    if not isinstance(data, dict):
        raise ParameterError([f"parameters: expected a mapping of groups, got {type(data).__name__}"])
    try:
        p = Parameters.model_validate(data)
    except ValidationError as exc:
        raise ParameterError([_describe(err, origins) for err in exc.errors()]) from None
    if anchors:
        check_anchor(p, origins)
    return p


def check_anchor(p: Parameters, origins: dict[str, str] | None = None) -> None:
    """The anchor against the reported quarters: ``model.anchor_quarter`` must be ``latest``
    or a quarter that can anchor the model (:func:`colossus.inputs.reported.anchor_quarters`), and
    the anchor values, reported or set, must make sense together: the leasing revenue set
    aside at most the revenue, and an operating income at most the revenue (a cost below
    zero is not a cost). Raises ParameterError naming the parameter; a malformed data file
    raises :class:`colossus.inputs.errors.DataError`.

    >>> check_anchor(validate({"model": {"anchor_quarter": "2026Q1"}}))
    >>> check_anchor(Parameters.model_validate({"model": {"anchor_quarter": "2019Q1"}}))
    Traceback (most recent call last):
    ...
    colossus.inputs.loading.ParameterError: invalid parameters:
      - model.anchor_quarter: got '2019Q1'; not a quarter that can anchor the model (one with the AI segment's revenue and operating income and SpaceX's operating income reported in reported_quarters.csv); allowed: latest, 2025Q2, 2026Q1, 2026Q2
    """
    from . import reported

    origins = origins or {}
    def where(name: str) -> str:
        origin = origins.get(name) or origins.get(name.split(".")[0])
        return f" (from {origin})" if origin else ""

    table = reported.load()
    allowed = reported.anchor_quarters(table)
    q = p.model.anchor_quarter
    if q == "latest":
        q = reported.latest_anchor_quarter(table)
    elif q not in allowed:
        raise ParameterError([f"model.anchor_quarter: got {q!r}{where('model.anchor_quarter')}; not a quarter that "
                              "can anchor the model (one with the AI segment's revenue and operating income and "
                              "SpaceX's operating income reported in reported_quarters.csv); allowed: latest, "
                              + ", ".join(allowed)])
    X = p.xai
    rev = X.anchor_revenue_usd if X.anchor_revenue_usd is not None else reported.figure(q, "ai", "revenue_usd", table)
    leasing = X.anchor_leasing_revenue_usd
    if leasing is None:
        leasing = reported.figure(q, "ai", "new_cloud_revenue_usd", table) or 0.0
    income = (X.anchor_operating_income_usd if X.anchor_operating_income_usd is not None
              else reported.figure(q, "ai", "operating_income_usd", table))
    problems = []
    if leasing > rev:
        name = "xai.anchor_leasing_revenue_usd" if X.anchor_leasing_revenue_usd is not None else "xai.anchor_revenue_usd"
        problems.append(f"{name}{where(name)}: the anchor quarter's ({q}) leasing revenue {leasing:,.0f} is more "
                        f"than its AI revenue {rev:,.0f}; the leasing revenue is a part of the revenue")
    if income > rev:
        name = ("xai.anchor_operating_income_usd" if X.anchor_operating_income_usd is not None
                else "xai.anchor_revenue_usd")
        problems.append(f"{name}{where(name)}: the anchor quarter's ({q}) AI operating income {income:,.0f} is more "
                        f"than its revenue {rev:,.0f}, which would make its operating cost negative")
    if problems:
        raise ParameterError(problems)


def _describe(err: dict, origins: dict[str, str]) -> str:
    loc = [str(x) for x in err["loc"]]
    key = ".".join(loc)
    if err["type"] == "value_error":  # a model or group check: its message names the key
        msg = str(err["ctx"]["error"])
        named = msg.split(":", 1)[0]
        where = origins.get(named)
        return msg + (f" (from {where})" if where else "")
    where = origins.get(key) or (origins.get(loc[0]) if loc else None)
    where = f" (from {where})" if where else ""
    given = err.get("input")
    given_txt = _short_repr(given)
    if err["type"] == "extra_forbidden":
        known = _known_names(loc)
        hint = f"; renamed: use {RENAMED[key]}" if key in RENAMED else _did_you_mean(key)
        return f"{key}: unknown parameter{where}{hint}; known here: {known}"
    allowed = _allowed(loc)
    return f"{key}: got {given_txt}{where}; {err['msg'].lower()}" + (f"; allowed: {allowed}" if allowed else "")


#: Parameters that were renamed, with the name to use now.
RENAMED = {"xai.anchor_operating_loss_usd": "xai.anchor_operating_income_usd (signed: a loss is negative)"}


def _short_repr(value: Any) -> str:
    text = repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(key: str) -> str:
    """``"; did you mean 'lease.gpus'?"`` for the closest known name, or ``""``.

    >>> _did_you_mean("lease.gpu"), _did_you_mean("leese"), _did_you_mean("zzz.qqq")
    ("; did you mean 'lease.gpus'?", "; did you mean 'lease'?", '')
    """
    import difflib

    names = ([s.name for s in specs()] if "." in key else list(Parameters.model_fields))
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


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
    kind = "float" if s.from_anchor else type(s.default).__name__
    kind = {"float": "a number", "int": "a whole number", "str": "text"}.get(kind, kind)
    if s.name == "model.anchor_quarter":
        return "'latest' or a reported quarter YYYYQn"
    return f"{kind}" + (f" {s.bounds}" if s.bounds else "") + f" ({s.unit})"


def from_injected(parameters: dict | None) -> Parameters:
    """What a chapter calls on the dict papermill injected (empty: the schema defaults)."""
    return validate(parameters or {})
