"""Memoising the model's month-by-month tables.

The tornado alone evaluates the whole model some 45 times a build, and each evaluation asks
for the same lease schedule a score of times with the same parameters. The parameters are
frozen (hashable) pydantic models, so a table is computed once per set of arguments (and
per reported-data file) and a copy handed out each time (a caller may add columns to it).
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

import pandas as pd

from ..inputs import config

F = TypeVar("F", bound=Callable[..., pd.DataFrame])

#: Tables kept per function: enough for the tornado's variations and the named scenarios.
MAXSIZE = 512


def data_key() -> str:
    """What the reported data the model reads is (its path: the data is read once per path,
    as :func:`colossus.inputs.reported.load` does)."""
    return str(config.REPORTED_QUARTERS_CSV)


def memoised(fn: Callable) -> Callable:
    """``fn`` of hashable arguments, remembered per arguments and data file; for results
    that are never changed in place (frozen dataclasses, numbers).

    >>> calls = []
    >>> @memoised
    ... def twice(n: int) -> int:
    ...     calls.append(n)
    ...     return 2 * n
    >>> twice(2), twice(2), calls
    (4, 4, [2])
    """
    cached = functools.lru_cache(maxsize=MAXSIZE)(lambda key, args, kwargs: fn(*args, **dict(kwargs)))

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return cached(data_key(), args, tuple(sorted(kwargs.items())))

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper


def memoised_table(fn: F) -> F:
    """``fn`` (a pure function of hashable arguments returning a DataFrame), computed once per
    arguments; every call gets its own copy.

    >>> calls = []
    >>> @memoised_table
    ... def table(n: int) -> pd.DataFrame:
    ...     calls.append(n)
    ...     return pd.DataFrame({"x": range(n)})
    >>> a = table(3); a["y"] = 1; b = table(3)
    >>> calls, list(b.columns)
    ([3], ['x'])
    """
    cached = memoised(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return cached(*args, **kwargs).copy()

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
