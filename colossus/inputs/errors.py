"""The errors a user can cause with bad input, in a module that imports nothing heavy, so
that a no-op rebuild (``colossus.book.build``) can name them without loading pandas."""


class DataError(ValueError):
    """A data file in ``data/`` is malformed; the message names the file, row and column."""
