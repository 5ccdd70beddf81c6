"""Hypothesis strategies shared by the tests (one place, as in numpy-financial)."""
from __future__ import annotations

import datetime
import math

from hypothesis import strategies as st

from colossus.inputs import loading, params, reported

hazards = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
small_terms = st.integers(min_value=1, max_value=60)
rates = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _bounds(name: str) -> tuple[float, float]:
    group, field = name.split(".")
    finfo = params.Parameters.model_fields[group].default_factory.model_fields[field]
    lo, hi = -math.inf, math.inf
    for m in finfo.metadata:
        lo = max(lo, getattr(m, "ge", None) if getattr(m, "ge", None) is not None else lo)
        hi = min(hi, getattr(m, "le", None) if getattr(m, "le", None) is not None else hi)
    return lo, hi


@st.composite
def valid_parameters(draw, far: bool = True) -> params.Parameters:
    """Any valid parameter set: every numeric parameter anywhere within its bounds (not
    only the explored range), and lease/tenant dates consistent with each other. The
    simulation is kept small (it is checked elsewhere)."""
    values: dict[str, dict] = {}
    for s in params.specs():
        group, field = s.name.split(".")
        if isinstance(s.default, str) or group == "simulation" or s.from_anchor:
            continue
        lo, hi = _bounds(s.name)
        if isinstance(s.default, int):
            hi = min(hi, 36) if field in ("ramp_months", "notice_months", "lock_months") else hi
            v = draw(st.integers(int(lo), int(min(hi, 10**7))))
        else:
            v = draw(st.floats(lo, hi, allow_nan=False, allow_infinity=False)
                     | st.sampled_from([lo, hi, s.default]))
        values.setdefault(group, {})[field] = v
    start = draw(st.integers(2025 * 12, 2030 * 12))
    term = draw(st.integers(1, 120))
    L = values["lease"]
    L["start"], L["end"] = _month(start), _month(start + term - 1)
    L["ramp_months"] = min(L["ramp_months"], term)
    L["lock_months"] = min(L["lock_months"], term - 1)
    L["notice_months"] = min(L["notice_months"], term - 1)
    T = values["tenants"]
    for name in ("google", "reflection"):
        a = draw(st.integers(2025 * 12, 2031 * 12))
        T[f"{name}_start"], T[f"{name}_end"] = _month(a), _month(a + draw(st.integers(0, 60)))
    # a valuation date from a year before the lease starts to a year after its last payment
    first = datetime.date(start // 12, start % 12 + 1, 1)
    last = datetime.date((start + term) // 12, (start + term) % 12 + 1, 1)
    as_of = draw(st.dates(first - datetime.timedelta(days=365), last + datetime.timedelta(days=365)))
    values["valuation"]["as_of"] = as_of.isoformat()
    values["simulation"] = {"paths": 1000, "seed": draw(st.integers(0, 2**31))}
    values["model"] = {"anchor_quarter": draw(st.sampled_from(["latest"] + reported.anchor_quarters()))}
    values["xai"].update(_anchor_values(draw, values["model"]["anchor_quarter"]))
    spacex = draw(st.none() | st.floats(-1e11, 1e11, allow_nan=False))
    if spacex is not None:
        values["spacex"]["anchor_operating_income_usd"] = spacex
    return loading.validate(values)


def _anchor_values(draw, quarter: str) -> dict:
    """The AI segment's anchor values: each the reported figure (absent) or any value that
    fits with the others (leasing revenue and operating income at most the revenue)."""
    q = reported.latest_anchor_quarter() if quarter == "latest" else quarter
    rev = draw(st.none() | st.floats(0, 1e11, allow_nan=False) | st.sampled_from([0.0, 1e11]))
    eff_rev = reported.figure(q, "ai", "revenue_usd") if rev is None else rev
    leasing = draw(st.none() | st.floats(0, 1.0, allow_nan=False).map(lambda x: x * eff_rev))
    income = draw(st.none() | st.floats(-1e11, 1e11, allow_nan=False).map(lambda x: min(x, eff_rev)))
    out = {}
    if rev is not None:
        out["anchor_revenue_usd"] = rev
    reported_leasing = reported.figure(q, "ai", "new_cloud_revenue_usd") or 0.0
    if leasing is not None or reported_leasing > eff_rev:
        out["anchor_leasing_revenue_usd"] = min(eff_rev, reported_leasing) if leasing is None else leasing
    if income is not None or reported.figure(q, "ai", "operating_income_usd") > eff_rev:
        out["anchor_operating_income_usd"] = eff_rev if income is None else income
    return out
