"""Every scenario in one site: ``scripts/site.py [--params FILE] [--set KEY=VALUE ...] [--out _build/site]``.

See ``colossus/book/site.py``."""
from __future__ import annotations

import sys
from pathlib import Path

# The script folder must not stay on sys.path (scripts/numbers.py would shadow `numbers`).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.book.site import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
