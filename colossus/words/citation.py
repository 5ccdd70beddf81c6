"""How to cite the book: the plain-text and BibTeX citations of one build (methodology
appendix, "How to cite"), from its version, the commit's date, the scenario and the
parameter fingerprint; ``CITATION.cff`` holds the same metadata for citation tools.
"""
from __future__ import annotations

import html

TITLE = "Colossus for rent: xAI's compute lease to Anthropic"
AUTHORS = "The Colossus lease model contributors"


def year(build_date: str) -> str:
    """The citation's year: the commit's year, or ``n.d.`` for an undated build.

    >>> year("2026-12-02"), year("undated")
    ('2026', 'n.d.')
    """
    return build_date[:4] if build_date[:4].isdigit() else "n.d."


def plain(scenario: str, fingerprint: str, build_date: str, build_version: str) -> str:
    """The plain-text citation (the scenario's whitespace collapsed: it may be a file name).

    >>> plain("base", "4a46df065bb8", "2026-12-02", "0.1.0")
    "The Colossus lease model contributors (2026). Colossus for rent: xAI's compute lease to Anthropic. Version 0.1.0, dated 2026-12-02; scenario base, parameter fingerprint 4a46df065bb8. Analysis, not investment advice."
    >>> plain("base  +  my.yml", "4a46df065bb8", "undated", "0.1.0")
    "The Colossus lease model contributors (n.d.). Colossus for rent: xAI's compute lease to Anthropic. Version 0.1.0, undated; scenario base + my.yml, parameter fingerprint 4a46df065bb8. Analysis, not investment advice."
    """
    dated = "dated " + build_date if build_date != "undated" else "undated"
    return (f"{AUTHORS} ({year(build_date)}). {TITLE}. Version {build_version}, {dated}; "
            f"scenario {' '.join(scenario.split())}, parameter fingerprint {fingerprint}. "
            "Analysis, not investment advice.")


def bibtex(scenario: str, fingerprint: str, build_date: str, build_version: str) -> str:
    """The BibTeX entry, keyed by the fingerprint.

    >>> print(bibtex("bear", "4a46df065bb8", "2026-12-02", "0.1.0"))
    @misc{colossus_lease_4a46df065bb8,
      title   = {{Colossus for rent: xAI's compute lease to Anthropic}},
      author  = {{The Colossus lease model contributors}},
      year    = {2026},
      date    = {2026-12-02},
      version = {0.1.0},
      note    = {Scenario bear, parameter fingerprint 4a46df065bb8},
    }
    """
    return "\n".join([
        f"@misc{{colossus_lease_{fingerprint},",
        f"  title   = {{{{{TITLE}}}}},",
        f"  author  = {{{{{AUTHORS}}}}},",
        f"  year    = {{{year(build_date)}}},",
        f"  date    = {{{build_date}}},",
        f"  version = {{{build_version}}},",
        f"  note    = {{Scenario {' '.join(scenario.split())}, parameter fingerprint {fingerprint}}},",
        "}",
    ])


def citation_html(scenario: str, fingerprint: str, build_date: str, build_version: str) -> str:
    """Both citations as the methodology appendix shows them (escaped).

    >>> citation_html("<b>", "f", "undated", "0.1.0").count("&lt;b&gt;")
    2
    """
    return (f'<p class="colossus-cite"><strong>Plain text.</strong> '
            f'{html.escape(plain(scenario, fingerprint, build_date, build_version))}</p>\n'
            f'<p><strong>BibTeX.</strong></p>\n<pre class="colossus-bibtex">'
            f'{html.escape(bibtex(scenario, fingerprint, build_date, build_version))}</pre>')
