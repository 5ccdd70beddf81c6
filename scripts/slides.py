"""The book as a deck: ``scripts/slides.py [--site _build/html] [--out _build/slides]``.

Writes ``colossus-<scenario>-<fingerprint>.pptx`` from a built site (``make slides`` builds
it first). See ``colossus/book/slides.py``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The script folder must not stay on sys.path (scripts/numbers.py would shadow `numbers`).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.inputs import config  # noqa: E402
from colossus.book.slides import DEFAULT_SLIDES_DIR, build_deck  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/slides.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=str(config.DEFAULT_OUT), help="built site (default: _build/html)")
    parser.add_argument("--out", default=str(DEFAULT_SLIDES_DIR), help="folder for the deck (default: _build/slides)")
    args = parser.parse_args(argv)
    try:
        path = build_deck(Path(args.site), Path(args.out))
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"[slides] wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
