"""colossus: the model behind the book on xAI's Colossus lease to Anthropic.

One module per concern, layered so that arrows point one way:

* :mod:`colossus.inputs.config`      - every path, and the version and date a build states (from the commit)
* :mod:`colossus.inputs.params`      - the parameter schema (units, bounds, sources, bull/bear)
* :mod:`colossus.inputs.loading`     - parameters as they arrive: scenarios, YAML, ``--set``, validation, errors
* :mod:`colossus.inputs.facts`       - the sourced facts table, events and source conflicts
* :mod:`colossus.model.lease`       - contract cash flows, survival, revenue, NPV, $/GPU-hour
* :mod:`colossus.model.costs`       - cost of serving, replacement compute, margin, payback, $/MW-month
* :mod:`colossus.model.termination` - the exact law of the lease's end, its Monte Carlo check, reclaiming
* :mod:`colossus.model.offset`      - the quarterly model of the AI segment and SpaceX, and the back-test
* :mod:`colossus.model.valuation`   - durable and story value, the cliff, sum of the parts, the price's reading
* :mod:`colossus.model.keynumbers`  - the flat dict of key numbers (scripts/numbers.py, the build)
* :mod:`colossus.model.sensitivity` - scenarios side by side, the tornado, scenario weights
* :mod:`colossus.words.report`      - formatting and glue helpers the chapters call, and the chapters'
  computed wording in :mod:`~colossus.words.lease_text`, :mod:`~colossus.words.offset_text`,
  :mod:`~colossus.words.ipo_text` and :mod:`~colossus.words.summary_text`
  (with the brief's :mod:`~colossus.words.brief_text`, the benchmark's :mod:`~colossus.words.bench_text`
  and the citation's :mod:`~colossus.words.citation`)
* :mod:`colossus.figures.charts`      - Altair charts, house theme, figures with provenance, offline renderer
  (and :mod:`~colossus.figures.charts_scenarios`)
* :mod:`colossus.figures.export`, :mod:`colossus.book.pdf` - ``make figures`` and ``make pdf`` from a built site
* :mod:`colossus.book.build`       - the pipeline: validate, execute, build, publish (with
  :mod:`~colossus.book.sphinx_tables`, :mod:`~colossus.book.sphinx_speed` and :mod:`~colossus.book.a11y`)
* :mod:`colossus.book.bench`       - the build benchmark (make bench) and its table in the book
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:  # one version, pyproject.toml's
    __version__ = _version("colossus-lease")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    __version__ = "0.0.0"
