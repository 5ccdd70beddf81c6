"""Layer 4, figures: the house theme, figures with their provenance, the offline renderer,
one module a chapter's charts, and the exports (SVG, PNG, CSV, slide form)."""
