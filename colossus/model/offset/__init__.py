"""Losses offset by rent: xAI's quarterly operating income with and without the lease.

The quarterly model starts from the **anchor quarter**, by default the latest quarter SpaceX
has reported (``model.anchor_quarter = latest``, the quarters in
``data/reported_quarters.csv``), grows what the AI segment earns and spends without any
compute leasing at constant quarterly rates, and adds what the Anthropic lease and the
other compute tenants bring in each calendar quarter. The forecast starts the quarter
after the anchor. Every reported quarter whose previous quarter is also reported is
back-tested from that one, with nothing fitted (:func:`walk_forward`).

Conventions used throughout
---------------------------
* Calendar quarters are strings ``YYYYQn`` (``"2026Q2"``). ``k(q)`` counts quarters after
  the anchor ``a``: ``k(a) = 0``, ``k(a + 1) = 1``.
* The model runs from ``a + 1`` to the calendar quarter of ``lease.end`` (never fewer than
  one quarter). Lease months in or before the anchor quarter are in its reported figures,
  never added again.
* Lease month ``t`` (``t = 1..T`` from ``lease.start``, as in :mod:`colossus.model.lease`) falls
  in the calendar quarter of its calendar month. Quarterly amounts are the sums of the
  monthly amounts of the quarter's months: USD per quarter, flows earned or spent within
  the quarter (no discounting, no timing inside the quarter).
* Signs: revenue and operating income positive when money comes in; costs are positive
  numbers that are subtracted; a loss is a negative operating income.
* ``Expected`` amounts weight month ``t`` by the survival ``S(t)`` of
  :func:`colossus.model.lease.survival`; ``contracted`` amounts take ``S(t) = 1``.
* Null (no value) is ``None`` in an ``object`` column: pandas writes it as an empty CSV
  cell and JSON writes it as ``null`` (see :func:`quarterly_csv`).

The anchor quarter (:func:`anchor`)
-----------------------------------
Its reported AI revenue ``Rev_a`` already holds rent: in Q2 2026 "new cloud services
agreements added about $1.6B of AI-infrastructure revenue", Anthropic's reduced May-June
ramp fees among it (SpaceX's Q2 2026 earnings release, ``spacexq2release2026``; the
``new_cloud_revenue_usd`` row of ``data/reported_quarters.csv``). The model adds every
tenant's rent itself from ``a + 1`` on, so that leasing revenue ``Lambda_a`` is set aside
before anything is grown: the revenue that grows is ``R_0 = Rev_a - Lambda_a``. All of
``Lambda_a`` is set aside, whoever paid it; a contract in it that is none of the model's
tenants is thereby left out of the forecast rather than counted twice. A quarter with no
``new_cloud_revenue_usd`` row sets nothing aside (Q1 2026: the lease bills from May).
The anchor's operating cost ``Rev_a - OI_a`` likewise holds the cost of serving the
leases in its months; the model's own estimate of it (``K`` of the Anthropic lease months
in the quarter plus ``(1 - m) O`` of the other tenants', at most the whole cost) is set
aside, and the rest ``C_0`` grows. So the anchor quarter itself decomposes exactly into
``R_0 + Lambda_a - C_0 - (leasing cost) = OI_a``. Each anchor value may be set in a build
(``xai.anchor_*``, ``spacex.anchor_operating_income_usd``); a back-test never uses a set
value, only the reported figures of the quarter before the one it tests.

The cost of serving the lease (power and other cash operating cost) and the replacement
compute come from :func:`colossus.model.costs.incremental_schedule`; they are not recomputed
here. Depreciation of the cluster is sunk and is already in the anchor quarter's cost.

The package's modules, one concern each
---------------------------------------
* :mod:`~colossus.model.offset.quarters`     - calendar quarters (``quarter_of``, ``next_quarter``, ...)
* :mod:`~colossus.model.offset.anchoring`    - the anchor quarter and its figures (:func:`anchor`)
* :mod:`~colossus.model.offset.formulas`     - the pure formulas (growth, offset ratio, breakeven, quantiles)
* :mod:`~colossus.model.offset.quarterly`    - the quarterly model (:func:`quarterly_table`, :func:`offset_numbers`)
* :mod:`~colossus.model.offset.backtest`     - the walk-forward back-test and its attribution
* :mod:`~colossus.model.offset.terminations` - the fan over the ends of the lease, a notice's cliff, the waterfall

Every public name is importable from ``colossus.model.offset`` itself, as before the split.
"""
from .quarters import months_of_quarter, next_quarter, quarter_index, quarter_of, quarters_between
from .anchoring import Anchor, anchor, anchor_quarter, model_quarters
from .formulas import (breakeven_quarter, grown, loss_returns_quarter, lower_quantiles, offset_ratio,
                       tenant_rent_by_quarter)
from .quarterly import (QUARTERLY_COLUMNS, anchor_cost_ex_leasing, first_full_quarter, offset_numbers,
                        published_quarters, quarterly_csv, quarterly_table)
from .backtest import (BACKTEST_MEASURES, backtest, backtest_attribution, backtest_from_facts, backtest_quarters,
                       backtest_row, latest_backtest_quarter, not_backtested, reported_for, reported_from_facts,
                       track_record, walk_forward)
from .terminations import (WATERFALL_STEPS, default_waterfall_quarter, notice_cliff_grid, notice_last_paid_month,
                           quarterly_fan, termination_law, waterfall)

__all__ = [
    "months_of_quarter", "next_quarter", "quarter_index", "quarter_of", "quarters_between",
    "Anchor", "anchor", "anchor_quarter", "model_quarters",
    "breakeven_quarter", "grown", "loss_returns_quarter", "lower_quantiles", "offset_ratio", "tenant_rent_by_quarter",
    "QUARTERLY_COLUMNS", "anchor_cost_ex_leasing", "first_full_quarter", "offset_numbers", "published_quarters",
    "quarterly_csv", "quarterly_table",
    "BACKTEST_MEASURES", "backtest", "backtest_attribution", "backtest_from_facts", "backtest_quarters", "backtest_row",
    "latest_backtest_quarter", "not_backtested", "reported_for", "reported_from_facts", "track_record", "walk_forward",
    "WATERFALL_STEPS", "default_waterfall_quarter", "notice_cliff_grid", "notice_last_paid_month", "quarterly_fan",
    "termination_law", "waterfall",
]
