"""colossus: the model behind the book on xAI's Colossus lease to Anthropic.

One module per concern:

* :mod:`colossus.config`      - every path, resolved from this package's location
* :mod:`colossus.params`      - the parameter schema, scenario loading and validation
* :mod:`colossus.facts`       - the sourced facts table, events and source conflicts
* :mod:`colossus.lease`       - contract cash flows, survival, revenue, NPV, $/GPU-hour
* :mod:`colossus.costs`       - cost of serving, margin, payback, $/MW-month
* :mod:`colossus.termination` - Monte Carlo of termination, cost of reclaiming the compute
* :mod:`colossus.impact`      - what the rent does for xAI and SpaceX (losses, revenue, value)
* :mod:`colossus.keynumbers`  - the flat dict of key numbers (scripts/numbers.py, the build)
* :mod:`colossus.charts`      - Altair charts, house theme, offline renderer
* :mod:`colossus.report`      - formatting and glue helpers the chapters call
* :mod:`colossus.build`       - the pipeline: validate, execute, build, publish
* :mod:`colossus.bench`       - the build benchmark (make bench) and its table in the book
"""
__version__ = "0.1.0"
