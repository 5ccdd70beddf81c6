"""Calendar quarters ``YYYYQn``: the quarter of a month, counting and listing quarters.

Part of :mod:`colossus.model.offset` (its conventions are in the package's docstring).
"""
from __future__ import annotations

import re

from ...inputs.params import month_index

_QUARTER_RE = re.compile(r"^([0-9]{4})Q([1-4])$")


def _quarter_ordinal(quarter: str) -> int:
    """Quarters since year 0: ``4 year + n - 1``, so differences count quarters."""
    m = _QUARTER_RE.fullmatch(quarter) if isinstance(quarter, str) else None
    if m is None:
        raise ValueError(f"quarter {quarter!r}: expected YYYYQn with n in 1..4, for example '2026Q2'")
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def _quarter_from_ordinal(ordinal: int) -> str:
    return f"{ordinal // 4}Q{ordinal % 4 + 1}"


def quarter_of(month: str) -> str:
    """Calendar quarter of a ``YYYY-MM`` month.

    Parameters
    ----------
    month : str
        ``YYYY-MM``.

    Returns
    -------
    str
        ``YYYYQn`` with ``n = ceil(month / 3)``.

    Examples
    --------
    >>> quarter_of("2026-05"), quarter_of("2026-03"), quarter_of("2029-12")
    ('2026Q2', '2026Q1', '2029Q4')
    """
    return _quarter_from_ordinal(month_index(month) // 3)


def quarter_index(quarter: str, anchor: str) -> int:
    """``k(q)``: the number of quarters from ``anchor`` to ``quarter`` (negative before it).

    Parameters
    ----------
    quarter, anchor : str
        ``YYYYQn``.

    Returns
    -------
    int
        ``k``, the exponent of the quarterly growth factors.

    Notes
    -----
    .. math:: k(q) = 4\\,(y_q - y_a) + (n_q - n_a)

    Examples
    --------
    >>> [quarter_index(q, "2026Q1") for q in ("2026Q1", "2026Q2", "2027Q1", "2025Q4")]
    [0, 1, 4, -1]
    """
    return _quarter_ordinal(quarter) - _quarter_ordinal(anchor)


def quarters_between(first: str, last: str) -> list[str]:
    """Every calendar quarter from ``first`` to ``last``, both included.

    Examples
    --------
    >>> quarters_between("2026Q3", "2027Q2")
    ['2026Q3', '2026Q4', '2027Q1', '2027Q2']
    >>> quarters_between("2026Q1", "2026Q1")
    ['2026Q1']
    >>> quarters_between("2026Q2", "2026Q1")
    []
    """
    return [_quarter_from_ordinal(o) for o in range(_quarter_ordinal(first), _quarter_ordinal(last) + 1)]


def next_quarter(quarter: str, n: int = 1) -> str:
    """The quarter ``n`` quarters after ``quarter`` (before it when ``n < 0``).

    >>> next_quarter("2026Q4"), next_quarter("2026Q1", -1), next_quarter("2026Q2", 0)
    ('2027Q1', '2025Q4', '2026Q2')
    """
    return _quarter_from_ordinal(_quarter_ordinal(quarter) + n)


def months_of_quarter(quarter: str) -> list[str]:
    """The three ``YYYY-MM`` months of a calendar quarter.

    >>> months_of_quarter("2026Q2")
    ['2026-04', '2026-05', '2026-06']
    """
    o = _quarter_ordinal(quarter)
    return [f"{(3 * o + i) // 12:04d}-{(3 * o + i) % 12 + 1:02d}" for i in range(3)]
