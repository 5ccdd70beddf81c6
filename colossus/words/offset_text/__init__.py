"""Phrases of the chapter "Losses offset by rent", built from the model's results.

Every function is pure and returns text whose direction words ("covers", "falls short
of", "above", "below", "never") follow the sign of its inputs, so a sentence stays true
under any valid parameters. The numbers come from :mod:`colossus.model.offset` and are only
formatted here (with :mod:`colossus.words.report`); no formula of the model is repeated.

The package's modules, one concern each
---------------------------------------
* :mod:`~colossus.words.offset_text.results`  - quarters, incomes, growth, breakeven and the offset in words
* :mod:`~colossus.words.offset_text.backtest` - the back-test: model against reported, the error's split, the record
* :mod:`~colossus.words.offset_text.cash`     - the AI segment's cash flow, its turn and payback

Every public name is importable from ``colossus.words.offset_text`` itself, as before the split.
"""
from .results import (NEGLIGIBLE_USD, breakeven_comparison, breakeven_phrase, contribution_split, growth_phrase,
                      income_phrase, loss_cover_sentence, offset_phrase, other_segments_sentence, profit_quarters_phrase,
                      quarter_name, quarter_runs, quarters_count, reported_contradiction, widest_spread_sentence)
from .backtest import (BACKTEST_MEASURE_NAMES, above_below, backtest_pairs_phrase, cost_gap_explanation,
                       error_share_phrase, over_under, revenue_gap_explanation, track_record_sentence)
from .cash import cash_flow_phrase, cash_sentences

__all__ = [
    "NEGLIGIBLE_USD", "breakeven_comparison", "breakeven_phrase", "contribution_split", "growth_phrase", "income_phrase",
    "loss_cover_sentence", "offset_phrase", "other_segments_sentence", "profit_quarters_phrase", "quarter_name",
    "quarter_runs", "quarters_count", "reported_contradiction", "widest_spread_sentence",
    "BACKTEST_MEASURE_NAMES", "above_below", "backtest_pairs_phrase", "cost_gap_explanation", "error_share_phrase",
    "over_under", "revenue_gap_explanation", "track_record_sentence",
    "cash_flow_phrase", "cash_sentences",
]
