"""Layer 6, the book: the build pipeline (plan, execute, stage, Sphinx, publish, the warm
server), the site, the PDF, the deck, the brief, the benchmark and the Sphinx extensions."""
