"""The parameter schema: every model input, its unit, bounds, default and provenance.

One pydantic model validates every way parameters arrive (scenario file, a user's
parameter file, ``--set`` overrides, the dict papermill injects into a chapter), and the
same model renders the parameters appendix of the book. Reading them (scenario files,
YAML, ``--set``), validating them against this schema and the reported quarters, and the
error messages that name a bad parameter are :mod:`colossus.inputs.loading`.

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
import re
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict, Field, model_validator

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: ``valuation.as_of`` given as this word follows ``valuation.share_price_date``.
AS_OF_PRICE_DATE = "share_price_date"
#: Calendar years a month parameter may fall in.
YEAR_MIN, YEAR_MAX = 1990, 2100
#: The longest lease term the model accepts, in months (20 years).
MAX_TERM_MONTHS = 240


def param(default: Any, *, unit: str, description: str, fact: str | None = None,
          reported: tuple[str, str, str] | None = None, bull: Any = None, bear: Any = None, **bounds: Any) -> Any:
    """Declare one parameter: a pydantic ``Field`` with the provenance the book shows.

    ``fact`` names the row of ``data/facts.csv`` a sourced default comes from;
    ``reported`` names a figure of ``data/reported_quarters.csv`` as ``(quarter, entity,
    measure)``, where the quarter ``"anchor"`` means the anchor quarter of the build
    (``model.anchor_quarter``): such a parameter defaults to ``None``, read "the reported
    figure", and a user may still set it. Without either the parameter is an assumption and
    must give ``bull`` and ``bear`` values (the ends of the range the scenarios explore;
    equal to the default when the scenarios do not vary it). A sourced parameter may give
    them too, where the sources disagree."""
    if fact is None and reported is None and (bull is None or bear is None):
        raise TypeError("an assumption (no fact=... or reported=...) must give its bull and bear values")
    bull = default if bull is None else bull
    bear = default if bear is None else bear
    extra = {"unit": unit, "fact": fact, "reported": list(reported) if reported else None, "bull": bull, "bear": bear,
             "assumption_range": None if (fact or reported) else _ordered(bull, bear, default)}
    return Field(default, description=description, json_schema_extra=extra, **bounds)


def _ordered(*values: Any) -> list[Any]:
    """``[low, high]`` of values that are numbers or ``YYYY-MM`` months."""
    return [min(values), max(values)]


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    @model_validator(mode="after")
    def _check_years(self):
        for name, finfo in type(self).model_fields.items():
            value = getattr(self, name)
            where = f"{_GROUP_NAMES.get(type(self).__name__, '?')}.{name}"
            if isinstance(value, str) and re.fullmatch(MONTH_PATTERN, value[:7]) and len(value) in (7, 10):
                year = int(value[:4])
                if not YEAR_MIN <= year <= YEAR_MAX:
                    raise ValueError(f"{where}: got {value!r}; the year must be from {YEAR_MIN} to {YEAR_MAX}")
            if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value):
                import datetime

                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"{where}: got {value!r}, not a calendar date; expected YYYY-MM-DD") from None
        return self


class Lease(_Group):
    monthly_rent_usd: float = param(
        1.25e9, ge=1e7, le=1e10, unit="USD per month", fact="lease_monthly_rent",
        description="Full monthly rent Anthropic pays once the ramp is over.")
    start: str = param(
        "2026-05", pattern=MONTH_PATTERN, unit="YYYY-MM", fact="lease_ramp_amended",
        description="First paid month. The amended filings reduce the fees during the May-June ramp, "
                    "so billing starts in May 2026 and full rent in July.")
    end: str = param(
        "2029-05", pattern=MONTH_PATTERN, unit="YYYY-MM", fact="lease_end_s1",
        description="Last paid month, inclusive (the S-1 reading: 'through May 2029').")
    ramp_months: int = param(
        2, ge=0, le=24, unit="months", fact="lease_ramp",
        description="Months at the discounted ramp-up rate at the start of the lease.")
    ramp_rent_fraction: float = param(
        0.5, ge=0, le=1, unit="fraction of full rent", bull=0.8, bear=0.3,
        description="Share of the full rent paid in each ramp month (the discount is not disclosed).")
    notice_months: int = param(
        3, ge=0, le=36, unit="months", fact="lease_notice_s1",
        description="Notice period: a notice served takes effect this many months later (90 days).")
    lock_months: int = param(
        3, ge=0, le=120, unit="months", fact="lease_lock_amended",
        description="Months during which no termination can take effect (amended filings: an initial "
                    "three-month period; Deep News article: 6; Musk: a '180-day lease').")
    monthly_notice_probability: float = param(
        0.03, ge=0, le=1, unit="probability per month", bull=0.01, bear=0.08,
        description="h: chance each month that either side serves notice, once a notice can take effect.")
    gpus: int = param(
        325_000, ge=1_000, le=2_000_000, unit="GPUs", fact="lease_gpus_amended",
        description="GPUs covered by the lease (amended filings: about 325,000 across Colossus and "
                    "Colossus II; earlier reports: over 220,000 in Colossus 1).")
    power_mw: float = param(
        440.0, ge=1, le=10_000, unit="MW", bull=400.0, bear=480.0,
        description="Facility power of the leased capacity. The default scales Colossus 1's 300 MW for "
                    "220,000 GPUs to the filings' 325,000 GPUs (Colossus II's power is not disclosed); it "
                    "does not follow lease.gpus when that is changed: set both.")


class Market(_Group):
    gpu_hour_usd: float = param(
        2.35, ge=0.1, le=100, unit="USD per GPU-hour", fact="market_h100_reserved_1y",
        description="Market rate the lease is compared with: H100, 1-year reserved, March 2026.")
    fleet_value_vs_h100: float = param(
        1.25, ge=0.5, le=5, unit="x the H100 rate", bull=1.0, bear=1.6,
        description="What a GPU-hour of the leased fleet (H100, H200 and GB200) is worth relative to "
                    "an H100-hour. H200s rent for about 1.3-1.4x H100s, GB200s for more.")


class Costs(_Group):
    capex_per_gpu_usd: float = param(
        40_000.0, ge=5_000, le=200_000, unit="USD per GPU", bull=30_000.0, bear=55_000.0,
        description="All-in capital cost per GPU of the cluster (card, server share, network); "
                    "H100 cards alone sell for $25k-40k.")
    depreciation_years: float = param(
        5.0, ge=1, le=15, unit="years", bull=6.0, bear=4.0,
        description="Straight-line depreciation life of the cluster.")
    power_price_usd_per_mwh: float = param(
        70.0, ge=0, le=1_000, unit="USD per MWh", bull=50.0, bear=100.0,
        description="Price of electricity at the facility, applied to the full facility power.")
    other_opex_usd_per_month: float = param(
        4.0e7, ge=0, le=2e9, unit="USD per month", bull=2.0e7, bear=8.0e7,
        description="Other cash operating cost of serving the lease: staff, maintenance, network, site.")


class Xai(_Group):
    own_use_value_vs_fleet: float = param(
        0.85, ge=0, le=2, unit="x the fleet's market value", bull=0.6, bear=1.0,
        description="What a GPU-hour is worth to xAI's own work if it reclaims the compute, as a "
                    "multiple of the fleet's market value (market rate x fleet value vs H100). "
                    "At most 1 in the scenarios: xAI could buy the same compute at the market.")
    anchor_revenue_usd: float | None = param(
        None, ge=0, le=1e11, unit="USD per quarter", reported=("anchor", "ai", "revenue_usd"),
        description="AI segment revenue in the anchor quarter, leasing included. Empty (the default): the "
                    "figure reported for model.anchor_quarter.")
    anchor_leasing_revenue_usd: float | None = param(
        None, ge=0, le=1e11, unit="USD per quarter", reported=("anchor", "ai", "new_cloud_revenue_usd"),
        description="The part of the anchor quarter's AI revenue that is compute leasing (the new cloud services "
                    "agreements), set aside so that no rent is counted twice: the model adds the tenants' rent "
                    "itself after the anchor. Empty (the default): the figure reported for the anchor quarter, "
                    "or 0 when none is reported.")
    anchor_operating_income_usd: float | None = param(
        None, ge=-1e11, le=1e11, unit="USD per quarter", reported=("anchor", "ai", "operating_income_usd"),
        description="AI segment operating income in the anchor quarter (a loss negative). Empty (the default): "
                    "the figure reported for model.anchor_quarter.")
    revenue_growth_qoq: float = param(
        0.05, ge=-0.5, le=1, unit="per quarter", bull=0.10, bear=0.0,
        description="g_r: quarterly growth of AI revenue other than compute leasing "
                    "(2024 to 2025: +22% a year, about 5% a quarter).")
    cost_growth_qoq: float = param(
        0.06, ge=-0.5, le=1, unit="per quarter", bull=0.02, bear=0.10,
        description="g_c: quarterly growth of the AI segment's operating cost without any compute leasing.")
    replacement_share: float = param(
        0.25, ge=0, le=1, unit="share of leased GPU-hours", bull=0.0, bear=0.6,
        description="Share of the leased GPU-hours xAI must buy back at the market rate for its own work "
                    "(0: the cluster was idle anyway; utilisation was reported below 40% in 2025).")
    products_revenue_run_rate_usd: float = param(
        3.84e9, ge=0, le=1e12, unit="USD per year", bull=4.5e9, bear=3.0e9,
        description="AI revenue that is not compute leasing, annualised: Q2 2026 AI revenue less the "
                    "about $1.6B the new cloud agreements added, times four.")


class Tenants(_Group):
    google_monthly_rent_usd: float = param(
        920e6, ge=0, le=1e10, unit="USD per month", fact="tenant_google_rent",
        description="Google's monthly rent for about 110,000 GPUs (0: no such tenant).")
    google_start: str = param(
        "2026-10", pattern=MONTH_PATTERN, unit="YYYY-MM", fact="tenant_google_start",
        description="Google's first paid month.")
    google_end: str = param(
        "2029-06", pattern=MONTH_PATTERN, unit="YYYY-MM", fact="tenant_google_end",
        description="Google's last paid month.")
    reflection_monthly_rent_usd: float = param(
        150e6, ge=0, le=1e10, unit="USD per month", fact="tenant_reflection_rent",
        description="Reflection AI's monthly rent for GB300 capacity (0: no such tenant).")
    reflection_start: str = param(
        "2026-07", pattern=MONTH_PATTERN, unit="YYYY-MM", fact="tenant_reflection_start",
        description="Reflection AI's first paid month.")
    reflection_end: str = param(
        "2029-06", pattern=MONTH_PATTERN, unit="YYYY-MM", bull="2029-06", bear="2027-06",
        description="Reflection AI's last paid month (not disclosed; assumed to run like Google's).")
    operating_margin: float = param(
        0.5, ge=-1, le=1, unit="share of rent", bull=0.7, bear=0.3,
        description="Operating margin xAI earns on the other tenants' rent.")


class Spacex(_Group):
    anchor_operating_income_usd: float | None = param(
        None, ge=-1e11, le=1e11, unit="USD per quarter", reported=("anchor", "spacex", "operating_income_usd"),
        description="SpaceX consolidated operating income in the anchor quarter (a loss negative). Empty (the "
                    "default): the figure reported for model.anchor_quarter.")
    other_segments_growth_qoq: float = param(
        0.08, ge=-0.5, le=1, unit="per quarter", bull=0.15, bear=0.03,
        description="Quarterly growth of the operating income of SpaceX's segments other than AI.")
    connectivity_quarterly_revenue_usd: float = param(
        4.291e9, ge=0, le=1e12, unit="USD per quarter", reported=("2026Q2", "connectivity", "revenue_usd"),
        description="Connectivity (Starlink) revenue in the latest reported quarter, Q2 2026.")
    space_quarterly_revenue_usd: float = param(
        962e6, ge=0, le=1e12, unit="USD per quarter", reported=("2026Q2", "space", "revenue_usd"),
        description="Space segment revenue in the latest reported quarter, Q2 2026.")


class Valuation(_Group):
    ipo_price_usd: float = param(
        135.0, ge=1, le=10_000, unit="USD per share", fact="ipo_price",
        description="IPO price per share.")
    first_close_usd: float = param(
        160.95, ge=1, le=10_000, unit="USD per share", fact="ipo_first_close",
        description="Closing price on the first day of trading.")
    share_price_usd: float = param(
        162.57, ge=1, le=10_000, unit="USD per share", fact="spcx_price_2026_10_09",
        description="The share price to analyse: by default the latest close in the facts.")
    share_price_date: str = param(
        "2026-10-09", pattern=DATE_PATTERN, unit="YYYY-MM-DD", fact="spcx_price_2026_10_09",
        description="The date of that price (a close); set it with the price. The pages state how old it "
                    "is, and the build flags it when it is more than 45 days older than the book.")
    as_of: str = param(
        AS_OF_PRICE_DATE, pattern=DATE_PATTERN[:-1] + "$|^" + AS_OF_PRICE_DATE + "$", unit="YYYY-MM-DD",
        bull=AS_OF_PRICE_DATE, bear=AS_OF_PRICE_DATE,
        description="Valuation date (end of that day): every present value, per-share value and cliff is of "
                    "the rent still to come after it, discounted to it, given the lease is in force then with "
                    "no notice served; months paid by then are realised cash. 'share_price_date' (default): "
                    "the date of the price analysed.")
    shares_outstanding: float = param(
        13_180_700_000.0, ge=1e8, le=1e11, unit="shares", fact="spacex_shares_ex_cursor_2026_10_09",
        description="Shares outstanding other than the Cursor shares: the about 13.57B shares behind the "
                    "market value of 2026-10-09, less the 389.3M Cursor shares.")
    cursor_shares_issued: float = param(
        389.3e6, ge=0, le=1e10, unit="shares", fact="cursor_shares_issued",
        description="Class A shares issued for Cursor (closed 2026-08-14).")
    net_cash_usd: float = param(
        4.0e10, ge=-1e12, le=1e12, unit="USD", bull=6.0e10, bear=2.0e10,
        description="Net cash (cash less debt) after the IPO; not disclosed in the sources used "
                    "(the IPO raised $85.7B, capex runs about $18B a quarter).")
    connectivity_ev_revenue_multiple: float = param(
        12.0, ge=0, le=200, unit="x annual revenue", bull=16.0, bear=8.0,
        description="EV / revenue multiple for Connectivity (Starlink).")
    space_ev_revenue_multiple: float = param(
        6.0, ge=0, le=200, unit="x annual revenue", bull=10.0, bear=4.0,
        description="EV / revenue multiple for the Space segment.")
    ai_lab_ev_revenue_multiple: float = param(
        21.0, ge=0, le=200, unit="x run-rate revenue", fact="anthropic_ev_revenue_multiple",
        description="EV / run-rate revenue of an AI lab (Anthropic at $965B, May 2026; OpenAI about 34x).")
    neocloud_ev_revenue_multiple: float = param(
        6.5, ge=0, le=200, unit="x run-rate revenue", fact="coreweave_price_sales_2026",
        description="EV / revenue multiple of a neocloud (CoreWeave, about 6.5x in March 2026).")
    ai_lab_multiple_date: str = param(
        "2026-05-28", pattern=DATE_PATTERN, unit="YYYY-MM-DD", fact="anthropic_ev_revenue_multiple",
        description="The date of the AI lab multiple; set it with the multiple.")
    neocloud_multiple_date: str = param(
        "2026-03-31", pattern=DATE_PATTERN, unit="YYYY-MM-DD", fact="coreweave_price_sales_2026",
        description="The date of the neocloud multiple; set it with the multiple.")


class Model(_Group):
    anchor_quarter: str = param(
        "latest", pattern=r"^(latest|[0-9]{4}Q[1-4])$", unit="YYYYQn or latest", bull="latest", bear="latest",
        description="The reported quarter every growth path starts from; the forecast starts the quarter after. "
                    "'latest': the newest quarter of data/reported_quarters.csv with the AI segment's revenue and "
                    "operating income and SpaceX's operating income. The anchor values are its reported figures "
                    "unless set (xai.anchor_*, spacex.anchor_operating_income_usd).")


class Cash(_Group):
    capex_quarterly_usd: float = param(
        15.828e9, ge=0, le=1e12, unit="USD per quarter", reported=("2026Q2", "ai", "capex_usd"),
        description="AI segment capital expenditure per quarter while it is guided: Q2 2026's $15.8B, guided "
                    "'very similar' for each of the next two quarters.")
    capex_guided_through: str = param(
        "2026Q4", pattern=r"^[0-9]{4}Q[1-4]$", unit="YYYYQn", bull="2026Q4", bear="2027Q2",
        description="The last quarter at the guided capex: the guidance of 2026-08-04 covers Q3 and Q4 2026; "
                    "the bear case keeps it up two quarters longer.")
    capex_growth_qoq: float = param(
        -0.05, ge=-0.5, le=1, unit="per quarter", bull=-0.1, bear=0.05,
        description="g_I: quarterly growth of the AI segment's capex after the guided quarters (negative: it "
                    "falls back from the build-out's peak).")
    anchor_depreciation_usd: float = param(
        2.0e9, ge=0, le=1e11, unit="USD per quarter", bull=2.5e9, bear=1.5e9,
        description="The AI segment's depreciation in the anchor quarter, a cost inside its operating income that "
                    "is not paid in cash then (not reported by segment; about $40-45B of compute bought from 2024 "
                    "to mid-2026 written off over about five years); it grows with the segment's cost.")


class Finance(_Group):
    discount_rate_annual: float = param(
        0.10, ge=0, le=0.5, unit="per year", bull=0.08, bear=0.14,
        description="r: effective annual discount rate; a payment at the end of month t is "
                    "divided by (1 + r)^(t/12).")


class Simulation(_Group):
    paths: int = param(
        100_000, ge=1_000, le=2_000_000, unit="paths", bull=100_000, bear=100_000,
        description="Monte Carlo paths for the termination simulator (a cross-check of the exact law).")
    seed: int = param(
        20260611, ge=0, le=2**32 - 1, unit="integer", bull=20260611, bear=20260611,
        description="Seed of the random generator; the same seed gives the same draws on every build.")


_GROUPS = {"model": Model, "lease": Lease, "market": Market, "costs": Costs, "xai": Xai, "tenants": Tenants,
           "spacex": Spacex, "cash": Cash, "valuation": Valuation, "finance": Finance, "simulation": Simulation}
_GROUP_NAMES = {cls.__name__: name for name, cls in _GROUPS.items()}


class Parameters(BaseModel):
    """All model inputs. Access as ``p.lease.monthly_rent_usd``; dotted name ``lease.monthly_rent_usd``."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    model: Model = Field(default_factory=Model, description="Where the model starts: the anchor quarter.")
    lease: Lease = Field(default_factory=Lease, description="The contract: rent, term, notice, capacity.")
    market: Market = Field(default_factory=Market, description="Market prices the lease is compared with.")
    costs: Costs = Field(default_factory=Costs, description="What it costs xAI to serve the lease.")
    xai: Xai = Field(default_factory=Xai, description="xAI, SpaceX's AI segment.")
    tenants: Tenants = Field(default_factory=Tenants, description="xAI's other compute tenants.")
    spacex: Spacex = Field(default_factory=Spacex, description="SpaceX consolidated and its other segments.")
    cash: Cash = Field(default_factory=Cash, description="The AI segment's capital expenditure and depreciation.")
    valuation: Valuation = Field(default_factory=Valuation, description="Share prices, shares and multiples.")
    finance: Finance = Field(default_factory=Finance, description="Discounting.")
    simulation: Simulation = Field(default_factory=Simulation, description="The Monte Carlo cross-check.")

    @model_validator(mode="after")
    def _check_term(self) -> "Parameters":
        L = self.lease
        start, end = month_index(L.start), month_index(L.end)
        if end < start:
            raise ValueError(f"lease.end: got {L.end!r}, before lease.start {L.start!r}; "
                             "the last paid month must be on or after the first")
        months = end - start + 1
        if months > MAX_TERM_MONTHS:
            raise ValueError(f"lease.end: got {L.end!r}, a {months}-month lease from {L.start}; "
                             f"the model takes terms of at most {MAX_TERM_MONTHS} months")
        if L.ramp_months > months:
            raise ValueError(f"lease.ramp_months: got {L.ramp_months}, longer than the "
                             f"{months}-month lease")
        for name in ("lock_months", "notice_months"):
            value = getattr(L, name)
            if value >= months and value > 0:
                raise ValueError(f"lease.{name}: got {value}, not shorter than the {months}-month lease "
                                 f"({L.start} to {L.end}); it must be less than the term")
        T = self.tenants
        for who in ("google", "reflection"):
            s, e = getattr(T, f"{who}_start"), getattr(T, f"{who}_end")
            if month_index(e) < month_index(s):
                raise ValueError(f"tenants.{who}_end: got {e!r}, before tenants.{who}_start {s!r}")
        return self

    @property
    def fingerprint(self) -> str:
        """Short hash of the validated parameters: equal fingerprints, equal assumptions."""
        return fingerprint(self)


def month_index(month: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` string, so that differences count months.

    >>> month_index("2026-05") - month_index("2025-05")
    12
    """
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
    bull: Any = None
    bear: Any = None
    reported: tuple[str, str, str] | None = None

    @property
    def from_anchor(self) -> bool:
        """The default is the figure reported for the anchor quarter (``None`` in the schema)."""
        return self.reported is not None and self.reported[0] == "anchor"

    @property
    def explored(self) -> list[Any]:
        """``[low, high]`` of the values the base, bull and bear scenarios use."""
        return _ordered(self.default, self.bull, self.bear)


def _bounds_text(finfo) -> str:
    parts = []
    for m in finfo.metadata:
        for attr, sym in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
            v = getattr(m, attr, None)
            if v is not None:
                parts.append(f"{sym} {v:g}" if isinstance(v, (int, float)) else f"{sym} {v}")
        pattern = getattr(m, "pattern", None)
        if pattern:
            parts.append("'latest' or YYYYQn" if "latest" in pattern else
                         "YYYY-MM" if pattern == MONTH_PATTERN else
                         "YYYY-MM-DD" if pattern == DATE_PATTERN else
                         "YYYYQn" if "Q" in pattern else f"YYYY-MM-DD or '{AS_OF_PRICE_DATE}'")
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
                bounds=_bounds_text(finfo), bull=extra["bull"], bear=extra["bear"],
                reported=tuple(extra["reported"]) if extra.get("reported") else None))
    return rows


def spec(name: str) -> ParameterSpec:
    for s in specs():
        if s.name == name:
            return s
    raise KeyError(name)


def outside_explored(p: Parameters) -> list[str]:
    """Parameters whose value lies outside the range the base, bull and bear scenarios
    explore, each as ``"name = value (explored: low to high)"``. Such a build is allowed;
    the build warns and the banner says so.

    >>> outside_explored(Parameters())
    []
    >>> from colossus.inputs.loading import validate
    >>> outside_explored(validate({"lease": {"monthly_notice_probability": 0.2}}))
    ['lease.monthly_notice_probability = 0.2 (explored: 0.01 to 0.08)']
    """
    values = flatten(p)
    out = []
    for s in specs():
        if s.unit == "YYYY-MM-DD":   # dates of market inputs: their age is flagged instead
            continue
        v = values[s.name]
        if s.from_anchor or s.name == "model.anchor_quarter":
            continue   # data, not an assumption: set values are marked "set in this build" where used
        lo, hi = s.explored
        if not lo <= v <= hi:
            span = _fmt(lo) if lo == hi else f"{_fmt(lo)} to {_fmt(hi)}"
            out.append(f"{s.name} = {_fmt(v)} (explored: {span})")
    return out


def flatten(p: Parameters | dict) -> dict[str, Any]:
    """``{"lease.monthly_rent_usd": 1.25e9, ...}`` from a Parameters or a nested dict."""
    d = p.model_dump(mode="json") if isinstance(p, BaseModel) else p
    return {f"{g}.{k}": v for g, sub in d.items() for k, v in sub.items()}


def iter_assumptions() -> Iterator[ParameterSpec]:
    return (s for s in specs() if s.fact is None and s.reported is None)


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


