#!/usr/bin/env python3
"""Benchmark the build: python scripts/bench.py [--runs N] [--no-stock] [--out FILE]

Writes medians to _build/bench.json (cold, unchanged, one parameter, switch back, stock
jupyter-book with forced execution) with the machine's core count. Rebuild the book to
show them in the Methodology appendix.
"""
import argparse
import json
import sys
from pathlib import Path

# The script folder must not stay on sys.path (see scripts/numbers.py); the repo root goes there.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.book import bench
from colossus.inputs import config  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions per measurement (median)")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock jupyter-book comparison")
    parser.add_argument("--out", default=str(config.BENCH_JSON), help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    result = bench.run(args.runs, args.out, include_stock=not args.no_stock,
                       log=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps({k: result[k] for k in list(bench.LABELS) + ["cores", "ratios", "targets_met"] if k in result},
                     indent=2))
    for key, (base, limit) in bench.RATIO_TARGETS.items():
        name = bench.RATIO_NAMES[key]
        if name in result["ratios"]:
            ok = "met" if result["targets_met"][name] else "NOT MET"
            print(f"{key[:-2].replace('_', ' ')} / {base[:-2].replace('_', ' ')} = {result['ratios'][name]:.3f} "
                  f"(target <= {limit:g}): {ok}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
