"""Memoising the model's month-by-month tables.

The tornado alone evaluates the whole model some 45 times a build, and each evaluation asks
for the same lease schedule a score of times with the same parameters. The parameters are
frozen (hashable) pydantic models, so a table is computed once per set of arguments and a
copy handed out each time (a caller may add columns to it).
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., pd.DataFrame])

#: Tables kept per function: enough for the tornado's variations and the named scenarios.
MAXSIZE = 512


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
    cached = functools.lru_cache(maxsize=MAXSIZE)(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return cached(*args, **kwargs).copy()

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
