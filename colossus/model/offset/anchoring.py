"""The anchor quarter every growth path starts from, and its figures (reported or set).

Part of :mod:`colossus.model.offset`; why the anchor's leasing revenue and the cost of
serving its leases are set aside is in the package's docstring.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...inputs import reported
from ...inputs.params import Parameters
from .quarters import next_quarter, quarter_index, quarter_of, quarters_between
from ..memo import memoised


@dataclass(frozen=True)
class Anchor:
    """The quarter every growth path starts from, and its figures (USD per quarter).

    ``revenue_usd`` is the AI segment's revenue, leasing included; ``leasing_revenue_usd``
    the part of it set aside as compute leasing; ``operating_income_usd`` the AI segment's
    and ``spacex_operating_income_usd`` SpaceX's consolidated operating income (a loss
    negative). ``set_in_build`` names the parameters whose value was set instead of
    reported.
    """
    quarter: str
    revenue_usd: float
    leasing_revenue_usd: float
    operating_income_usd: float
    spacex_operating_income_usd: float
    set_in_build: tuple[str, ...] = ()

    @property
    def revenue_ex_leasing_usd(self) -> float:
        """``R_0 = Rev_a - Lambda_a``."""
        return self.revenue_usd - self.leasing_revenue_usd

    @property
    def cost_usd(self) -> float:
        """The anchor's whole operating cost, ``Rev_a - OI_a``."""
        return self.revenue_usd - self.operating_income_usd

    @property
    def other_segments_usd(self) -> float:
        """SpaceX's segments other than AI: ``Pi_a - OI_a``."""
        return self.spacex_operating_income_usd - self.operating_income_usd


def anchor_quarter(p: Parameters) -> str:
    """The anchor quarter of ``p``: ``model.anchor_quarter``, ``latest`` read as the newest
    quarter that can anchor the model (:func:`colossus.inputs.reported.latest_anchor_quarter`).

    >>> anchor_quarter(Parameters())
    '2026Q2'
    """
    q = p.model.anchor_quarter
    return reported.latest_anchor_quarter() if q == "latest" else q


@memoised
def anchor(p: Parameters, quarter: str | None = None) -> Anchor:
    """The anchor's figures: reported, or set in the build.

    Parameters
    ----------
    p : Parameters
    quarter : str, optional
        A reported quarter to anchor at with its reported figures only, whatever ``p``
        sets (the back-tests). Default: :func:`anchor_quarter` with the values ``p`` sets.

    Returns
    -------
    Anchor

    Notes
    -----
    Leasing revenue: the ``new_cloud_revenue_usd`` reported for the quarter, 0 when none
    is (see the module's notes on why it is set aside).

    Examples
    --------
    >>> a = anchor(Parameters())
    >>> a.quarter, a.revenue_ex_leasing_usd, a.cost_usd, a.other_segments_usd
    ('2026Q2', 961000000.0, 3818000000.0, 1114000000.0)
    >>> anchor(Parameters(), "2026Q1").leasing_revenue_usd
    0.0
    """
    use_set = quarter is None
    q = anchor_quarter(p) if quarter is None else quarter
    table = reported.load()
    if q not in reported.anchor_quarters(table):
        raise ValueError(f"quarter {q!r} cannot anchor the model: it needs "
                         + ", ".join(f"{e} {m}" for e, m in reported.ANCHOR_FIGURES)
                         + f" in reported_quarters.csv; quarters that can: {reported.anchor_quarters(table)}")
    values, set_names = {}, []
    for name, entity, measure, value in (
            ("xai.anchor_revenue_usd", "ai", "revenue_usd", p.xai.anchor_revenue_usd),
            ("xai.anchor_leasing_revenue_usd", "ai", "new_cloud_revenue_usd", p.xai.anchor_leasing_revenue_usd),
            ("xai.anchor_operating_income_usd", "ai", "operating_income_usd", p.xai.anchor_operating_income_usd),
            ("spacex.anchor_operating_income_usd", "spacex", "operating_income_usd",
             p.spacex.anchor_operating_income_usd)):
        figure = reported.figure(q, entity, measure, table)
        if use_set and value is not None:
            values[name] = float(value)
            if figure is None or float(value) != figure:
                set_names.append(name)
        else:
            values[name] = 0.0 if figure is None else figure
    return Anchor(q, values["xai.anchor_revenue_usd"], values["xai.anchor_leasing_revenue_usd"],
                  values["xai.anchor_operating_income_usd"], values["spacex.anchor_operating_income_usd"],
                  tuple(set_names))


def model_quarters(p: Parameters, anchor_q: str | None = None) -> list[str]:
    """The quarters the model covers: the quarter after the anchor to the quarter of
    ``lease.end``.

    Only the Anthropic lease sets the horizon; other tenants' months after it are left out.
    A lease that ends in or before the anchor quarter still gives the quarter after it.

    >>> from colossus.inputs.params import Parameters
    >>> q = model_quarters(Parameters())
    >>> q[0], q[-1], len(q)
    ('2026Q3', '2029Q2', 12)
    >>> model_quarters(Parameters(), "2026Q1")[0]
    '2026Q2'
    """
    a = anchor_quarter(p) if anchor_q is None else anchor_q
    first = next_quarter(a)
    last = quarter_of(p.lease.end)
    if quarter_index(last, first) < 0:
        last = first
    return quarters_between(first, last)
