"""Words of the chapter "The deal": what the timeline shows, the events as a table with
their citations, and the model's own contracted revenue beside the reported deal values.

Formatting is :mod:`colossus.words.report`'s; the events come from
:func:`colossus.inputs.facts.load_all`.
"""
from __future__ import annotations

import pandas as pd

from ..inputs.facts import event_date
from . import report


def timeline_finding(events: pd.DataFrame) -> str:
    """What the timeline chart shows: how many events, from when to when, by how many actors.

    >>> ev = pd.DataFrame({"date": ["2026-01-15", "2026-09-28"], "precision": ["month", "day"],
    ...                    "actor": ["Anthropic", "xAI"], "event": ["a", "b"], "source": ["s", "t"]})
    >>> timeline_finding(ev)
    '2 events from January 2026 to 28 September 2026, by 2 actors; the table below lists them'
    """
    return (f"{len(events)} events from {event_date(events.iloc[0])} to {event_date(events.iloc[-1])}, "
            f"by {events['actor'].nunique()} actors; the table below lists them")


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events of the timeline as a table: the date in words (to the precision it is
    known), who acted, what happened, and the source as a MyST citation.

    >>> ev = pd.DataFrame({"date": ["2026-01-15"], "precision": ["month"], "actor": ["Anthropic"],
    ...                    "event": ["a ban"], "source": ["seed000"]})
    >>> events_table(ev).iloc[0].tolist()
    ['January 2026', 'Anthropic', 'a ban', '{cite:p}`seed000`']
    """
    return pd.DataFrame({
        "Date": [event_date(e) for _, e in events.iterrows()],
        "Who": events["actor"].to_numpy(),
        "Event": events["event"].to_numpy(),
        "Source": [f"{{cite:p}}`{key}`" for key in events["source"]],
    })


def deal_value_note(contracted_usd: float) -> str:
    """The model's contracted revenue, set beside the reported values of the deal.

    >>> deal_value_note(45e9)
    'Model, this build: contracted revenue $45 billion'
    """
    return f"Model, this build: contracted revenue {report.usd(contracted_usd)}"
