#!/usr/bin/env python3
"""Print the key numbers as one flat JSON object, without building the book.

python scripts/numbers.py [--scenario NAME] [--params FILE] [--set KEY=VALUE ...]
"""
import argparse
import json
import sys
from pathlib import Path

# The script folder must not stay on sys.path: scripts/numbers.py would shadow the
# standard library module `numbers`. The repository root goes there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.book.build import add_parameter_arguments, resolve_from_args  # noqa: E402
from colossus.book.stage import warn_outside  # noqa: E402
from colossus.model.keynumbers import key_numbers  # noqa: E402
from colossus.inputs.errors import DataError  # noqa: E402
from colossus.inputs.loading import ParameterError  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/numbers.py", description=__doc__.splitlines()[0])
    add_parameter_arguments(parser)
    args = parser.parse_args(argv)
    try:
        resolved = resolve_from_args(args)
        warn_outside(resolved)
        numbers = key_numbers(resolved.parameters, resolved.label)
    except (ParameterError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(numbers, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
