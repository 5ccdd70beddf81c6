#!/usr/bin/env python3
"""Build the book: python scripts/build.py [--scenario NAME] [--params FILE] [--set KEY=VALUE ...] [--out DIR]"""
import sys
from pathlib import Path

# The script folder must not stay on sys.path: scripts/numbers.py would shadow the
# standard library module `numbers`. The repository root goes there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.book.build import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
