"""colossus: the model behind the book on xAI's Colossus lease to Anthropic.

One folder a layer, from the bottom up; a module imports its own layer and the layers below
it, never one above (``tests/test_layers.py`` reads every import):

* :mod:`colossus.inputs`  - paths and the commit's date, the parameter schema and its loading, facts, reported quarters
* :mod:`colossus.model`   - the formulas: lease, costs, termination, the quarterly model, cash, valuation, key numbers, scenarios
* :mod:`colossus.words`   - the numbers in words: formatting and glue, sourced values, each chapter's computed wording
* :mod:`colossus.figures` - the charts: house theme, provenance, renderer, one module a chapter, exports and slide form
* :mod:`colossus.pages`   - one page model a chapter: everything the chapter shows, in one object
* :mod:`colossus.book`    - the pipeline (plan, execute, stage, Sphinx, publish), site, PDF, deck, brief, benchmark
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:  # one version, pyproject.toml's
    __version__ = _version("colossus-lease")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    __version__ = "0.0.0"
