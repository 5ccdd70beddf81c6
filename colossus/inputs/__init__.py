"""Layer 1, inputs: paths and the commit's date, the parameter schema and its loading, the
sourced facts and the reported quarters. Imports nothing above it."""
