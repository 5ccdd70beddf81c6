#!/usr/bin/env python3
"""Write every figure of a built book as SVG, PNG (2x) and CSV, with an index page.

python scripts/figures.py [--site _build/html] [--out _build/figures]
"""
import argparse
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.inputs import config  # noqa: E402
from colossus.figures.export import write_figures  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/figures.py", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=config.DEFAULT_OUT, help="a built book (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=config.BUILD_DIR / "figures", help="default: %(default)s")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    try:
        figs = write_figures(args.site, args.out)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"[figures] {len(figs)} figures (SVG, PNG, 16:9 slide PNG, CSV) and index.html in {args.out} "
          f"in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
