"""colossus: the model behind the book on xAI's Colossus lease to Anthropic.

One module per concern, layered so that arrows point one way:

* :mod:`colossus.config`      - every path, and the version and date a build states (from the commit)
* :mod:`colossus.params`      - the parameter schema (units, bounds, sources, bull/bear), loading, validation
* :mod:`colossus.facts`       - the sourced facts table, events and source conflicts
* :mod:`colossus.lease`       - contract cash flows, survival, revenue, NPV, $/GPU-hour
* :mod:`colossus.costs`       - cost of serving, replacement compute, margin, payback, $/MW-month
* :mod:`colossus.termination` - the exact law of the lease's end, its Monte Carlo check, reclaiming
* :mod:`colossus.offset`      - the quarterly model of the AI segment and SpaceX, and the back-test
* :mod:`colossus.valuation`   - durable and story value, the cliff, sum of the parts, the price's reading
* :mod:`colossus.keynumbers`  - the flat dict of key numbers (scripts/numbers.py, the build)
* :mod:`colossus.sensitivity` - scenarios side by side, the tornado, scenario weights
* :mod:`colossus.report`      - formatting and glue helpers the chapters call, and the chapters'
  computed wording in :mod:`~colossus.lease_text`, :mod:`~colossus.offset_text`,
  :mod:`~colossus.ipo_text` and :mod:`~colossus.summary_text`
* :mod:`colossus.charts`      - Altair charts, house theme, figures with provenance, offline renderer
  (and :mod:`~colossus.charts_scenarios`)
* :mod:`colossus.figures`, :mod:`colossus.pdf` - ``make figures`` and ``make pdf`` from a built site
* :mod:`colossus.build`       - the pipeline: validate, execute, build, publish (with
  :mod:`~colossus.sphinx_tables`, :mod:`~colossus.sphinx_speed` and :mod:`~colossus.a11y`)
* :mod:`colossus.bench`       - the build benchmark (make bench) and its table in the book
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:  # one version, pyproject.toml's
    __version__ = _version("colossus-lease")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    __version__ = "0.0.0"
