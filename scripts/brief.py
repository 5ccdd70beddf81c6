#!/usr/bin/env python3
"""The book on one printed page: ``scripts/brief.py [--site _build/html] [--out _build/brief] [--base-url URL]``.

Prints the built book's ``brief.html`` with headless Chromium into
``colossus-brief-<fingerprint>.pdf`` (``make brief`` builds the book first). See
``colossus/book/brief.py``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The script folder must not stay on sys.path (scripts/numbers.py would shadow `numbers`).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.inputs import config  # noqa: E402
from colossus.book.brief import DEFAULT_BRIEF_DIR, BriefError, print_brief  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/brief.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=config.DEFAULT_OUT, help="a built book (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_BRIEF_DIR, help="folder for the PDF (default: %(default)s)")
    parser.add_argument("--base-url", default=None,
                        help="where the site is published: links to its other pages become absolute under it "
                             "(without it they are dropped, the text kept)")
    args = parser.parse_args(argv)
    try:
        result = print_brief(args.site, args.out, base_url=args.base_url)
    except BriefError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"[brief] wrote {result['path']} ({result['pages']} page{'s' if result['pages'] > 1 else ''}) "
          f"in {result['seconds']:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
