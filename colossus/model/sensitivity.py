"""Scenarios side by side, one-at-a-time sensitivity (the tornado) and scenario weights.

Three pure computations on top of the model:

- :func:`scenario_table`: the key numbers of several parameter sets side by side;
- :func:`tornado_table`: how much each assumption moves the main outputs when it alone
  goes to its bear and its bull value, every other parameter staying at this build's value;
- :func:`weighted_value`: a probability-weighted value of per-scenario results.

The tornado evaluates the model ``2 x`` (number of assumptions) times, so it uses
:func:`main_outputs`, which computes only the three outputs it shows through the model
modules (no Monte Carlo cross-check), not the full :func:`colossus.model.keynumbers.compute`.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from . import lease, offset, valuation
from ..inputs.params import ParameterSpec, Parameters, flatten, iter_assumptions
from ..inputs.loading import ParameterError, validate

#: The outputs the tornado shows: key number -> label.
MAIN_OUTPUTS: dict[str, str] = {
    "npv_expected_revenue_usd": "Present value of the expected lease revenue to come, at the valuation date",
    "anthropic_net_contribution_usd": "Anthropic's net contribution to the AI segment",
    "offset_ratio_first_full_quarter": "Offset ratio in the first full quarter",
    "lease_durable_value_per_share_usd": "Durable value of the lease per diluted share",
    "price_implied_ai_ev_revenue_multiple": "AI multiple implied by the share price",
}

#: The scenarios in ``data/scenarios/`` the book puts side by side, in reading order.
SCENARIOS: tuple[str, ...] = ("base", "bull", "bear")

#: Columns of :func:`tornado_table`.
TORNADO_COLUMNS = ["parameter", "unit", "build_value", "bear_value", "bull_value", "output",
                   "at_build", "at_bear", "at_bull", "bear_change", "bull_change", "swing", "valid"]


def main_outputs(p: Parameters) -> dict[str, float]:
    """The :data:`MAIN_OUTPUTS` under ``p``, computed by the model modules only.

    Equal to the same keys of :func:`colossus.model.keynumbers.key_numbers` (a test checks it;
    a key number that is ``null`` there is NaN here), at a fraction of the cost: no Monte
    Carlo simulation, no distribution of revenue.

    >>> out = main_outputs(Parameters())
    >>> sorted(out) == sorted(MAIN_OUTPUTS)
    True
    >>> round(out["npv_expected_revenue_usd"] / 1e9, 2)
    24.69
    """
    sched = lease.schedule(p)
    L = p.lease
    # at the valuation date, of the rent still to come (as the key number)
    npv = lease.remaining_value(sched["rent_usd"].to_numpy(), L.monthly_notice_probability, L.notice_months,
                                L.lock_months, p.finance.discount_rate_annual, lease.position_of(p))
    off, val = offset.offset_numbers(p), valuation.valuation_numbers(p)
    out = {"npv_expected_revenue_usd": npv, **{k: off[k] for k in ("anthropic_net_contribution_usd",
                                                                      "offset_ratio_first_full_quarter")},
           **{k: val[k] for k in ("lease_durable_value_per_share_usd", "price_implied_ai_ev_revenue_multiple")}}
    return {k: _number(out[k]) for k in MAIN_OUTPUTS}


def _number(x: object) -> float:
    """A float, NaN for a value that does not exist (``None``, infinite)."""
    if x is None:
        return math.nan
    x = float(x)
    return x if math.isfinite(x) else math.nan


def varied_assumptions() -> list[ParameterSpec]:
    """The assumptions the bull and bear scenarios move (bull or bear differs from the
    default); the others (the simulator's paths and seed) have nothing to swing.

    >>> names = [s.name for s in varied_assumptions()]
    >>> "lease.monthly_notice_probability" in names, "simulation.seed" in names
    (True, False)
    """
    return [s for s in iter_assumptions() if not (s.bull == s.default == s.bear)]


#: The parameters :func:`colossus.inputs.loading.check_anchor` reads.
ANCHOR_PARAMETERS = frozenset({"model.anchor_quarter", "xai.anchor_revenue_usd", "xai.anchor_leasing_revenue_usd",
                               "xai.anchor_operating_income_usd"})


def with_value(p: Parameters, name: str, value: object) -> Parameters:
    """``p`` with the one parameter ``name`` (``group.field``) set to ``value``, validated.

    Raises :class:`colossus.inputs.loading.ParameterError` when the value does not fit with the
    others (e.g. an end month before this build's start month).

    >>> with_value(Parameters(), "finance.discount_rate_annual", 0.2).finance.discount_rate_annual
    0.2
    """
    data = p.model_dump(mode="json")
    group, field = name.split(".")
    data[group][field] = value
    # the anchor is checked against the reported quarters only when this changes it
    # (p's own anchor was checked when p was made)
    return validate(data, anchors=name in ANCHOR_PARAMETERS)


def _change(x: float, reference: float) -> float:
    return x - reference if math.isfinite(x) and math.isfinite(reference) else math.nan


def tornado_table(p: Parameters, evaluate: Callable[[Parameters], Mapping[str, float]] = main_outputs,
                  assumptions: Iterable[ParameterSpec] | None = None) -> pd.DataFrame:
    """One-at-a-time sensitivity of the outputs of ``evaluate`` to each assumption.

    Parameters
    ----------
    p : Parameters
        This build's parameters: every assumption not being moved keeps its value here.
    evaluate : callable
        Parameters -> ``{output: value}``; :func:`main_outputs` by default.
    assumptions : iterable of ParameterSpec, optional
        Which assumptions to move; :func:`varied_assumptions` by default.

    Returns
    -------
    pandas.DataFrame
        One row per (assumption, output), columns :data:`TORNADO_COLUMNS`, sorted by
        output (in ``evaluate``'s order) and then by swing, largest first.

    Notes
    -----
    With :math:`y(\\cdot)` an output, :math:`\\theta` this build's parameters and
    :math:`\\theta[a \\leftarrow v]` the same with assumption :math:`a` set to :math:`v`:

    .. math::

        \\Delta_{bear} = y(\\theta[a \\leftarrow a_{bear}]) - y(\\theta), \\qquad
        \\Delta_{bull} = y(\\theta[a \\leftarrow a_{bull}]) - y(\\theta)

    and the **swing** is the span of the bar drawn from zero to both changes,
    :math:`\\max(0, \\Delta_{bear}, \\Delta_{bull}) - \\min(0, \\Delta_{bear}, \\Delta_{bull})`
    (equal to :math:`|\\Delta_{bull} - \\Delta_{bear}|` when the changes have opposite
    signs). "Bear" and "bull" are the ends of the range the scenarios explore for xAI
    as a whole; for one output the bear value may well be the favourable one, and the
    signs of the changes say so. An assumption that does not enter an output gives zero
    changes. When a bear or bull value cannot be combined with this build's other values
    (the parameters would not validate), the row has ``valid`` False and NaN changes.

    Examples
    --------
    A toy output that is the discount rate itself: the bear rate (14%) raises it by 4
    points from the base 10%, the bull rate (8%) lowers it by 2, a swing of 6 points.

    >>> from colossus.inputs.params import spec
    >>> t = tornado_table(Parameters(), lambda q: {"r": q.finance.discount_rate_annual},
    ...                   [spec("finance.discount_rate_annual")])
    >>> [round(float(t.loc[0, c]), 6) for c in ("bear_change", "bull_change", "swing")]
    [0.04, -0.02, 0.06]
    """
    specs = list(varied_assumptions() if assumptions is None else assumptions)
    values = flatten(p)
    reference = dict(evaluate(p))
    rows = []
    for order, s in enumerate(specs):
        results = {}
        for end in ("bear", "bull"):
            target = getattr(s, end)
            if target == values[s.name]:
                results[end] = reference
                continue
            try:
                results[end] = dict(evaluate(with_value(p, s.name, target)))
            except ParameterError:
                results[end] = None
        valid = results["bear"] is not None and results["bull"] is not None
        for output, at_build in reference.items():
            at_bear = results["bear"][output] if results["bear"] is not None else math.nan
            at_bull = results["bull"][output] if results["bull"] is not None else math.nan
            d_bear, d_bull = _change(at_bear, at_build), _change(at_bull, at_build)
            finite = [d for d in (d_bear, d_bull) if math.isfinite(d)]
            swing = (max([0.0, *finite]) - min([0.0, *finite])) if finite else math.nan
            rows.append({"parameter": s.name, "unit": s.unit, "build_value": values[s.name],
                         "bear_value": s.bear, "bull_value": s.bull, "output": output,
                         "at_build": at_build, "at_bear": at_bear, "at_bull": at_bull,
                         "bear_change": d_bear, "bull_change": d_bull, "swing": swing, "valid": valid,
                         "_order": order})
    table = pd.DataFrame(rows, columns=TORNADO_COLUMNS + ["_order"])
    out_order = {name: i for i, name in enumerate(reference)}
    table["_out"] = table["output"].map(out_order)
    table = table.sort_values(["_out", "swing", "_order"], ascending=[True, False, True], na_position="last")
    return table.drop(columns=["_out", "_order"]).reset_index(drop=True)


def scenario_table(numbers: Mapping[str, Mapping[str, object]], keys: Iterable[str] | None = None) -> pd.DataFrame:
    """Key numbers side by side: one row per key, one column per parameter set.

    Parameters
    ----------
    numbers : mapping
        ``{column name: {key: value}}``, e.g. ``{"base": key_numbers(...), ...}``; columns
        keep the mapping's order.
    keys : iterable of str, optional
        The rows, in order; by default the keys of the first column.

    Returns
    -------
    pandas.DataFrame
        Index ``key``; a key a column lacks is ``None`` there.

    >>> scenario_table({"base": {"a": 1.0, "b": "x"}, "bull": {"a": 2.0}}).to_dict("index")
    {'a': {'base': 1.0, 'bull': 2.0}, 'b': {'base': 'x', 'bull': None}}
    """
    columns = list(numbers)
    keys = list(keys) if keys is not None else (list(numbers[columns[0]]) if columns else [])
    data = {c: [numbers[c].get(k) for k in keys] for c in columns}
    return pd.DataFrame(data, index=pd.Index(keys, name="key"), dtype=object)


def weighted_value(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The weighted mean of per-scenario values: :math:`\\sum_s w_s x_s / \\sum_s w_s`.

    Weights need not sum to one (they are normalised); they must be non-negative, with
    at least one above zero, and a scenario with zero weight may have no value.

    Raises
    ------
    ValueError
        A negative weight, all weights zero, or a weighted scenario without a finite value.

    >>> weighted_value({"base": 10.0, "bull": 20.0, "bear": 0.0}, {"base": 2, "bull": 1, "bear": 1})
    10.0
    >>> weighted_value({"base": 10.0, "bull": 20.0}, {"base": 0, "bull": 3})
    20.0
    """
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must be non-negative")
    total = float(sum(weights.values()))
    if total <= 0:
        raise ValueError("at least one weight must be above zero")
    acc = 0.0
    for name, w in weights.items():
        if w == 0:
            continue
        x = values.get(name)
        if x is None or not math.isfinite(float(x)):
            raise ValueError(f"scenario {name!r} has weight {w} but no finite value")
        acc += w * float(x)
    return acc / total


def scenario_key_numbers(names: Iterable[str] = SCENARIOS) -> dict[str, dict]:
    """The key numbers of each named scenario of ``data/scenarios/`` (no file, no
    override), as :func:`colossus.model.keynumbers.key_numbers` gives them: what
    ``scripts/numbers.py --scenario NAME`` prints."""
    import copy

    from .keynumbers import key_numbers
    from ..inputs.loading import resolve

    out = {}
    for name in names:
        resolved = resolve(name)
        # Remembered per parameter set for the life of the process: a warm kernel that
        # builds the book again (colossus.book.warm) does not recompute the named scenarios.
        key = (resolved.label, resolved.fingerprint)
        if key not in _SCENARIO_NUMBERS:
            _SCENARIO_NUMBERS[key] = key_numbers(resolved.parameters, resolved.label)
        out[name] = copy.deepcopy(_SCENARIO_NUMBERS[key])
    return out


_SCENARIO_NUMBERS: dict[tuple[str, str], dict] = {}


def scenario_csv(table: pd.DataFrame) -> str:
    """:func:`scenario_table` as CSV text: a ``key`` column, then one column per parameter
    set (spaces in names become ``_``); a value that does not exist is an empty cell.

    >>> print(scenario_csv(scenario_table({"base": {"a": 1.5, "b": None}, "this build": {"a": 2.0, "b": ["x", "y"]}})), end="")
    key,base,this_build
    a,1.5,2.0
    b,,x y
    """
    out = table.copy().map(lambda v: " ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    out.columns = [str(c).replace(" ", "_") for c in out.columns]
    return out.reset_index().to_csv(index=False, lineterminator="\n")
