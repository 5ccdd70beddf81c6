"""Phrases of the chapter "Losses offset by rent", built from the model's results.

Every function is pure and returns text whose direction words ("covers", "falls short
of", "above", "below", "never") follow the sign of its inputs, so a sentence stays true
under any valid parameters. The numbers come from :mod:`colossus.model.offset` and are only
formatted here (with :mod:`colossus.words.report`); no formula of the model is repeated.

The package's modules, one concern each
---------------------------------------
* :mod:`~colossus.words.offset_text.results`  - quarters, incomes, growth, breakeven and the offset in words
* :mod:`~colossus.words.offset_text.backtest` - the back-test: model against reported, the error's split, the record
* :mod:`~colossus.words.offset_text.cash`     - the AI segment's cash flow, its turn and payback, the capex path
* :mod:`~colossus.words.offset_text.anchoring` - the anchor quarter's figures and what SpaceX reported, cited or flagged
* :mod:`~colossus.words.offset_text.verdict`  - the chapter's conclusions: full-rent quarter, quarters, SpaceX, verdict

Every public name is importable from ``colossus.words.offset_text`` itself, as before the split.
"""
from .results import (NEGLIGIBLE_USD, breakeven_comparison, breakeven_phrase, contribution_split, growth_phrase,
                      income_phrase, loss_cover_sentence, offset_phrase, other_segments_sentence, profit_quarters_phrase,
                      quarter_name, quarter_runs, quarters_count, reported_contradiction, widest_spread_sentence)
from .backtest import (BACKTEST_MEASURE_NAMES, above_below, backtest_pairs_phrase, cost_gap_explanation,
                       error_share_phrase, over_under, revenue_gap_explanation, track_record_sentence)
from .cash import capex_intro, cash_flow_phrase, cash_sentences
from .backtest import backtest_cell
from .anchoring import (anchor_income_text, anchor_value, anchor_why, later_quarter_sentence, later_quarters_paragraph,
                        leasing_clause, loss_or_profit, other_segments_anchor_note, reported_cited,
                        reported_figure_cited)
from .verdict import (ai_breakeven_sentence, first_full_quarter_sentence, loss_quarters, net_effect_phrase,
                      offset_quarters, others_effect_phrase, period_phrase, quarters_body, spacex_breakeven_comparison,
                      spacex_breakeven_sentence, verdict_claim, verdict_head, waterfall_finding, waterfall_title,
                      waterfall_why)

__all__ = [
    "NEGLIGIBLE_USD", "breakeven_comparison", "breakeven_phrase", "contribution_split", "growth_phrase", "income_phrase",
    "loss_cover_sentence", "offset_phrase", "other_segments_sentence", "profit_quarters_phrase", "quarter_name",
    "quarter_runs", "quarters_count", "reported_contradiction", "widest_spread_sentence",
    "BACKTEST_MEASURE_NAMES", "above_below", "backtest_pairs_phrase", "cost_gap_explanation", "error_share_phrase",
    "over_under", "revenue_gap_explanation", "track_record_sentence",
    "cash_flow_phrase", "cash_sentences", "capex_intro", "backtest_cell",
    "anchor_income_text", "anchor_value", "anchor_why", "later_quarter_sentence", "later_quarters_paragraph",
    "leasing_clause", "loss_or_profit", "other_segments_anchor_note", "reported_cited", "reported_figure_cited",
    "ai_breakeven_sentence", "first_full_quarter_sentence", "loss_quarters", "net_effect_phrase", "offset_quarters",
    "others_effect_phrase", "period_phrase", "quarters_body", "spacex_breakeven_comparison",
    "spacex_breakeven_sentence", "verdict_claim", "verdict_head", "waterfall_finding", "waterfall_title",
    "waterfall_why",
]
