"""Layer 2, the model: every formula (lease, costs, termination, the quarterly model and its
back-test, cash, valuation, key numbers, scenarios). Imports only :mod:`colossus.inputs`."""
