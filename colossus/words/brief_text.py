"""Wording of the one-page brief (``brief.md``, :mod:`colossus.pages.brief`): its provenance
line, its disclaimer and the values its lease chart compares. The three answers and the
headline table it shares with the summary page are :mod:`colossus.words.answers`.
"""
from __future__ import annotations

import html

import pandas as pd

DISCLAIMER = ("An analysis of one contract from public sources and stated assumptions; "
              "not an offer or a recommendation to buy or sell any security, and not a forecast of any "
              "company's results. Many inputs are assumptions; change them and the conclusions change with them.")


def provenance_line(scenario: str, fingerprint: str, date: str, version: str, facts_as_of: str) -> str:
    """The brief's provenance: what produced it and from what.

    >>> provenance_line("base", "4a46df065bb8", "2026-12-02", "0.1.0", "2026-10-09")
    'Scenario base · parameters 4a46df065bb8 · dated 2026-12-02 · colossus 0.1.0 · Source: “Colossus for rent”, computed from SpaceX filings and the sources in its References, facts as of 2026-10-09'
    """
    return (f"Scenario {' '.join(scenario.split())} · parameters {fingerprint} · dated {date} · colossus {version} · "
            f"Source: “Colossus for rent”, computed from SpaceX filings and the sources in its References, "
            f"facts as of {facts_as_of}")


def provenance_html(scenario: str, fingerprint: str, date: str, version: str, facts_as_of: str) -> str:
    """:func:`provenance_line` as the brief's first paragraph (escaped: the scenario may be a
    user's file name)."""
    return (f'<p class="colossus-brief-provenance" data-fingerprint="{html.escape(fingerprint, quote=True)}">'
            f"{html.escape(provenance_line(scenario, fingerprint, date, version, facts_as_of))}</p>")


def disclaimer_html() -> str:
    """The brief's closing paragraph: not investment advice (:data:`DISCLAIMER`).

    >>> disclaimer_html().startswith('<p class="colossus-brief-disclaimer"><strong>Not investment advice.</strong> An analysis')
    True
    """
    return f'<p class="colossus-brief-disclaimer"><strong>Not investment advice.</strong> {html.escape(DISCLAIMER)}</p>'


#: The values the brief's lease chart compares: key number -> bar label, in the chart's order.
LEASE_VALUES: dict[str, str] = {
    "contracted_revenue_usd": "Contracted rent",
    "expected_revenue_usd": "Expected rent",
    "npv_expected_revenue_usd": "Expected rent to come, present value",
    "lease_durable_value_usd": "Durable value (net of costs)",
}


def lease_values(n: dict) -> pd.DataFrame:
    """What the lease is worth, four ways, for the brief's bar chart: ``label`` and ``usd``
    from the key numbers ``n``.

    >>> lease_values({"contracted_revenue_usd": 45e9, "expected_revenue_usd": 28e9,
    ...               "npv_expected_revenue_usd": 21e9, "lease_durable_value_usd": 4e9}).values.tolist()
    [['Contracted rent', 45000000000.0], ['Expected rent', 28000000000.0], ['Expected rent to come, present value', 21000000000.0], ['Durable value (net of costs)', 4000000000.0]]
    """
    return pd.DataFrame([(label, n[key]) for key, label in LEASE_VALUES.items()], columns=["label", "usd"])
