"""`broadsheet highlights [ID] [--query Q] [--tag T] [--color C] [--unplaced] [--json]`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli_output import clean_line, print_json
from app.domain.highlight_marks import COLORS


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of the highlights command."""
    p.add_argument("id", type=int, nargs="?", help="only this article's highlights")
    p.add_argument("--query", "-q", default=None, help="words in the quote or the note")
    p.add_argument("--tag", default=None, help="articles with this tag (or one under it)")
    p.add_argument("--color", choices=COLORS, default=None)
    p.add_argument("--unplaced", action="store_true", help="only those not found in the body")
    p.add_argument("--limit", type=int, default=500)
    p.add_argument("--json", action="store_true")


def run(lib: Any, args: argparse.Namespace) -> int:
    """List highlights, one block each (or a JSON array); exit 0."""
    if args.id is not None:
        lib.get(args.id)  # NotFoundError (exit 2) names an unknown id
    found = lib.highlights.search(
        args.query,
        tag=args.tag,
        color=args.color,
        article_id=args.id,
        placed=False if args.unplaced else None,
        limit=args.limit,
    )
    if args.json:
        print_json([f.to_json() for f in found])
        return 0
    for entry in found:
        h = entry.highlight
        flag = "" if h.placed else "  (unplaced)"
        title = clean_line(entry.article_title)
        print(f"{h.id:>7}  {h.color:<6}  article {h.article_id}: {title}{flag}")
        print(f"{'':>7}  > {clean_line(h.quote)}")
        if h.note:
            print(f"{'':>7}  note: {clean_line(h.note)}")
    return 0
