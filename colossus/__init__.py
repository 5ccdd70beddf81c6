"""colossus: the model behind the book on xAI's Colossus lease to Anthropic.

One module per concern:

* :mod:`colossus.config`      - every path, resolved from this package's location
* :mod:`colossus.params`      - the parameter schema, scenario loading and validation
* :mod:`colossus.facts`       - the sourced facts table, events and source conflicts
* :mod:`colossus.lease`       - contract cash flows, survival, revenue, NPV, $/GPU-hour
* :mod:`colossus.costs`       - cost of serving, margin, payback, $/MW-month
* :mod:`colossus.termination` - Monte Carlo of termination, cost of reclaiming the compute
* :mod:`colossus.keynumbers`  - the flat dict of key numbers (scripts/numbers.py, the build)
* :mod:`colossus.charts`      - Altair charts, house theme, offline renderer
* :mod:`colossus.report`      - formatting and glue helpers the chapters call
* :mod:`colossus.build`       - the pipeline: validate, execute, build, publish
"""
__version__ = "0.1.0"
