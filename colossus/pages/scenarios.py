"""The scenarios chapter (``chapters/scenarios.md``): every key number under base, bull and
bear and this build side by side, the one-at-a-time sensitivity (the tornado) and the
scenario-weighted values. The computations are :mod:`colossus.model.sensitivity`, the
wording :mod:`colossus.words.summary_text`, the charts :mod:`colossus.figures.charts_scenarios`.
"""
from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from ..figures import charts_scenarios
from ..model import keynumbers, sensitivity
from ..words import report, summary_text
from .page import Build, Figure, Page

CHAPTER = "Scenarios and sensitivity"
TABLE = "tbl-scenarios-key-numbers"
#: The starting weights of the scenario-weights chart.
WEIGHTS = {"base": 2, "bull": 1, "bear": 1}
#: The outputs the scenario-weights chart shows, in its order.
WEIGHTED = ["npv_expected_revenue_usd", "anthropic_net_contribution_usd", "lease_durable_value_per_share_usd"]


def build_column(n: dict, by_scenario: dict[str, dict]) -> str | None:
    """The scenario whose parameters this build's are (same fingerprint), or ``None``.

    >>> build_column({"parameter_fingerprint": "b"}, {"base": {"parameter_fingerprint": "a"},
    ...                                                "bull": {"parameter_fingerprint": "b"}})
    'bull'
    >>> build_column({"parameter_fingerprint": "c"}, {"base": {"parameter_fingerprint": "a"}}) is None
    True
    """
    same = [s for s in by_scenario if by_scenario[s]["parameter_fingerprint"] == n["parameter_fingerprint"]]
    return same[0] if same else None


def key_numbers_table(n: dict, by_scenario: dict[str, dict], column: str | None) -> HTML:
    """Every key number (the fingerprint last) under each scenario and, when it is none of
    them, this build: the chapter's side-by-side table."""
    numbers = {**by_scenario, "this build": n}
    headings = summary_text.column_names(list(sensitivity.SCENARIOS), column)
    keys = [k for k in n if k != "parameter_fingerprint"] + ["parameter_fingerprint"]
    return HTML(summary_text.side_by_side_html({c: numbers[c] for c in headings}, keys, headings, {},
                                               lambda k, v: summary_text.plain(v), TABLE, "Key numbers by scenario"))


def weighted(n: dict, by_scenario: dict[str, dict], weights: dict[str, float]) -> tuple[pd.DataFrame, list[str]]:
    """The scenario-weights chart's data (each output under each scenario and this build)
    and the weighted means at ``weights`` in words (:func:`colossus.words.summary_text.weighted_values`)."""
    values = pd.DataFrame([{"output": k, "label": sensitivity.MAIN_OUTPUTS[k],
                            **{s: by_scenario[s][k] for s in sensitivity.SCENARIOS}, "this build": n[k]}
                           for k in WEIGHTED])
    means = [sensitivity.weighted_value({s: by_scenario[s][k] for s in sensitivity.SCENARIOS}, weights)
             for k in WEIGHTED]
    return values, summary_text.weighted_values(*means)


def page(parameters: dict | None, scenario_label: str, scenario_description: str, build_date: str,
         build_version: str) -> Page:
    """Everything the scenarios chapter glues, for the parameters a build injects."""
    build = Build.of(parameters, scenario_label, scenario_description, build_date, build_version)
    p = build.parameters
    provenance = build.provenance(CHAPTER)
    n = keynumbers.compute(p).numbers
    by_scenario = sensitivity.scenario_key_numbers()
    column = build_column(n, by_scenario)
    base_anchor = by_scenario["base"]["anchor_quarter"]
    same_anchor = all(by_scenario[s]["anchor_quarter"] == n["anchor_quarter"] for s in sensitivity.SCENARIOS)
    tornado = sensitivity.tornado_table(p)
    movers = summary_text.movers(tornado, sensitivity.MAIN_OUTPUTS)
    values, texts = weighted(n, by_scenario, WEIGHTS)
    return Page(
        CHAPTER, provenance,
        text={
            "build_is": summary_text.build_is(column),
            "n_keys": f"{len([k for k in n if k != 'parameter_fingerprint'])}",
            "n_varied": f"{len(sensitivity.varied_assumptions())}",
            "anchor_note": summary_text.anchor_note(n["anchor_quarter"], base_anchor, same_anchor),
            "movers": movers,
            "invalid": summary_text.left_out(sorted(set(tornado.loc[~tornado["valid"], "parameter"]))),
            "weights_text": summary_text.weights_text(WEIGHTS),
            "weighted_text": summary_text.weighted_text(texts),
        },
        tables={TABLE: key_numbers_table(n, by_scenario, column)},
        figures={
            "fig-scenarios-tornado": Figure(
                charts_scenarios.tornado_chart(tornado), "What moves the main outputs: one assumption at a time",
                movers, "the bull and bear values of each assumption (Parameters appendix)", tornado),
            "fig-scenarios-weights": Figure(
                charts_scenarios.scenario_weights_chart(values, WEIGHTS), "Scenario-weighted values",
                "At the starting weights the weighted values are " + "; ".join(texts),
                "key numbers of the base, bull and bear scenarios, computed in this build", values),
        },
    )


def download_link() -> HTML:
    """The link to the key numbers by scenario as CSV, under the side-by-side table."""
    return HTML('<p><a class="colossus-download" href="../data/key_numbers_by_scenario.csv" download>'
                'Download these numbers as CSV (data/key_numbers_by_scenario.csv)</a>, with the scenario '
                'fingerprints and the build\'s date in its <code>#</code> header lines.</p>')
