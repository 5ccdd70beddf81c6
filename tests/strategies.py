"""Hypothesis strategies shared by the tests (one place, as in numpy-financial)."""
from hypothesis import strategies as st

hazards = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
small_terms = st.integers(min_value=1, max_value=60)
rates = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
