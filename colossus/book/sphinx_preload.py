"""Imported once by the warm server's Sphinx fork server (:mod:`colossus.book.warm`).

Importing it loads the Sphinx extensions the book uses and fills the caches that every
Sphinx run would otherwise fill again at first use: the Pygments lexers' compiled token
tables (built on a lexer class's first use and kept on the class) for the languages the
book's code blocks use, and the book's sources formatted as its bibliography formats them
(:func:`colossus.book.sphinx_speed.preformat`). Each Sphinx run is a process forked from
the one that imported this module, so it starts with those caches filled; what it writes
is unchanged (the lexers and their rules are the same ones, only built earlier, and an
entry is formatted the same way whenever it is).
"""
from __future__ import annotations

import importlib

#: The Sphinx extensions of the generated conf.py (see colossus.book.stage.sphinx_conf).
EXTENSIONS = ("sphinx.cmd.build", "sphinx.builders.html", "myst_nb", "myst_nb.sphinx_ext", "jupyter_book",
              "sphinx_book_theme", "sphinxcontrib.bibtex", "sphinx_togglebutton",
              "sphinx_copybutton", "sphinx_external_toc", "sphinx_design",
              "sphinx_jupyterbook_latex", "sphinx_multitoc_numbering",
              "colossus.book.sphinx_speed", "colossus.book.sphinx_stream", "colossus.book.sphinx_tables", "colossus.book.a11y")

#: The languages of the book's code blocks (code cells are ipython3).
LANGUAGES = ("ipython3", "python", "bash", "yaml", "default", "none")


def warm() -> None:
    """Import the extensions and highlight a line in each of :data:`LANGUAGES`.

    >>> warm()
    >>> from pygments.lexers import get_lexer_by_name
    >>> "_tokens" in vars(type(get_lexer_by_name("ipython3")))
    True
    """
    for name in EXTENSIONS:
        importlib.import_module(name)
    from sphinx.highlighting import PygmentsBridge

    bridge = PygmentsBridge("html")
    for lang in LANGUAGES:
        bridge.highlight_block("x = 1  # a line\nprint(x)\n", lang)
    from ..inputs import config
    from .sphinx_speed import preformat

    preformat([config.SOURCES_BIB])


warm()
