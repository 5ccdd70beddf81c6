"""Print the built book to one PDF: ``scripts/pdf.py [--site _build/html] [--out _build/pdf/book.pdf] [--base-url URL]``.

The site must have been built first (``make pdf`` builds it). See ``colossus/book/pdf.py``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The script folder must not stay on sys.path (scripts/numbers.py would shadow `numbers`).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from colossus.inputs import config  # noqa: E402
from colossus.book.pdf import DEFAULT_PDF, PdfError, print_book  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/pdf.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=str(config.DEFAULT_OUT), help="built site (default: _build/html)")
    parser.add_argument("--out", default=str(DEFAULT_PDF), help="PDF to write (default: _build/pdf/book.pdf)")
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help="where the site is published: links to its data files become URL/<file> "
                             "(default: none, links relative to the site)")
    args = parser.parse_args(argv)
    if args.base_url is not None and not args.base_url.startswith(("https://", "http://")):
        print(f"error: --base-url must start with https:// or http://, got {args.base_url!r}", file=sys.stderr)
        return 2
    try:
        result = print_book(Path(args.site), Path(args.out), base_url=args.base_url)
    except PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    pages = result["pages"]
    total = sum(n for *_, n in pages) + result["contents_pages"]
    for rel, title, first, n in pages:
        print(f"[pdf] p. {first:>3}  {title}  ({n} page{'s' if n > 1 else ''}, {rel})", file=sys.stderr)
    links = result["links"]
    print(f"[pdf] wrote {args.out}: {total} pages (contents and {len(pages)} pages of the site) "
          f"in {result['seconds']:.1f}s; links: {links['internal']} inside the PDF, "
          f"{links['relative'] + links['base_url']} to the site's files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
