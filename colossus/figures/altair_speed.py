"""Altair builds the same lookup table again for every encoding it converts; this builds
it once. The charts are the same.

A chart's encodings given as strings or dicts (``x="value:Q"``, ``y=alt.value(30)``,
``alt.condition(...)``) are turned into Altair's classes by
``altair.utils.schemapi.SchemaBase.from_dict``, which first makes a ``_FromDict``
converter: a table from the hash of each of Altair's some 600 schema classes' JSON
schema to the class. The table depends only on those classes, yet it was built anew for
each of the book's some 100 encodings (56,000 schema hashes, each a ``json.dumps``):
measured with cProfile, a seventh of the chapters' execution time. :func:`cache_converter`
keeps the table built for a set of classes and gives it to every later converter for
that same set; the converter's lookups are unchanged, so every chart spec is the same
(``tests/figures/test_altair_speed.py`` compares a converted chart with and without it).

Applied when :mod:`colossus.figures.charts` is imported (the kernels import it before
any chapter runs).
"""
from __future__ import annotations


def cache_converter() -> bool:
    """Build Altair's schema-to-class table once per set of classes; True if patched now.

    >>> cache_converter() in (True, False)
    True
    >>> from altair.utils import schemapi
    >>> schemapi._FromDict.__init__._colossus_cached
    True
    >>> cache_converter()   # idempotent
    False
    """
    from altair.utils import schemapi

    original = schemapi._FromDict.__init__
    if getattr(original, "_colossus_cached", False):
        return False
    tables: dict[tuple, object] = {}

    def __init__(self, wrapper_classes, /) -> None:
        classes = tuple(wrapper_classes)
        table = tables.get(classes)
        if table is None:
            original(self, classes)
            tables[classes] = self.class_dict
        else:
            self.class_dict = table

    __init__._colossus_cached = True
    __init__._colossus_original = original
    schemapi._FromDict.__init__ = __init__
    return True
