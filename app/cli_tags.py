"""Command-line parts for researchers: tag manager subcommands and saved searches.

Kept apart from app/cli.py so that file stays a thin dispatcher: `tags unused|once|
duplicates|color|suggest` and `searches [save|rename|delete]`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from app.cli_output import _clean, print_json, print_tags

TAG_COMMANDS = ("unused", "once", "duplicates", "color", "suggest")


def add_tag_subcommands(
    tags_sub: Any, add_common: Callable[[argparse.ArgumentParser], None]
) -> None:
    """`tags unused|once|duplicates|color|suggest` on the `tags` subparsers."""
    for name, help_text in (
        ("unused", "tags no live article carries"),
        ("once", "tags exactly one live article carries"),
        ("duplicates", "groups of tags that are probably one (case, accents, separators, plural)"),
    ):
        p = tags_sub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
        add_common(p)
    p = tags_sub.add_parser("color", help="set a tag's colour (or 'none' to clear it)")
    p.add_argument("name")
    p.add_argument("color")
    add_common(p)
    p = tags_sub.add_parser("suggest", help="suggest existing tags for an article")
    p.add_argument("id", type=int)
    p.add_argument("--limit", type=int, default=3)
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    add_common(p)


def run_tag_command(lib: Any, args: argparse.Namespace) -> int:
    """Run one of TAG_COMMANDS."""
    from app.services import suggestions, tag_manager

    sub = args.tags_command
    as_json = bool(getattr(args, "json", False))
    if sub in ("unused", "once"):
        tags = tag_manager.filter_usage(lib.tags(), sub)
        if as_json:
            print_json([t.to_json() for t in tags])
        else:
            print_tags(tags)
    elif sub == "duplicates":
        groups = tag_manager.duplicates(lib.db)
        if as_json:
            print_json(
                [{"keep": g.keep, "merge": list(g.merge), "reasons": list(g.reasons)}
                 for g in groups]
            )  # fmt: skip
        for g in [] if as_json else groups:
            print(f"{_clean(g.keep)}  <=  {', '.join(_clean(m) for m in g.merge)}"
                  f"  ({', '.join(g.reasons)})")  # fmt: skip
    elif sub == "color":
        color = None if args.color.lower() in ("none", "") else args.color.lower()
        tag_manager.set_color(lib.db, [args.name], color)
    elif sub == "suggest":
        if not 0 < args.limit <= 20:
            from app.domain.errors import InputError

            raise InputError(f"--limit must be between 1 and 20, not {args.limit}")
        lib.get(args.id)  # NotFoundError naming the id
        found = suggestions.suggest_tags(lib.db, args.id, args.limit)
        if as_json:
            print_json([{"path": s.path, "score": s.score} for s in found])
        for s in [] if as_json else found:
            print(f"{_clean(s.path)}  ({s.score:.2f})")
    return 0


def add_searches_command(sub: Any, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    """`searches [--json] | searches save NAME QUERY | searches rename OLD NEW | delete NAME`."""
    p = sub.add_parser("searches", help="list, save, rename or delete saved searches")
    p.add_argument("--json", action="store_true")
    add_common(p)
    s = p.add_subparsers(dest="searches_command", parser_class=type(p))
    save = s.add_parser("save", help="save QUERY under NAME")
    save.add_argument("name")
    save.add_argument("query")
    save.add_argument("--replace", action="store_true", help="overwrite a search of that name")
    rename = s.add_parser("rename", help="rename a saved search")
    rename.add_argument("old")
    rename.add_argument("new")
    delete = s.add_parser("delete", help="delete a saved search")
    delete.add_argument("name")
    for q in (save, rename, delete):
        add_common(q)


def run_searches(lib: Any, args: argparse.Namespace) -> int:
    """List (with counts), save, rename or delete saved searches."""
    from app.services import saved_searches

    sub = args.searches_command
    if sub == "save":
        saved_searches.save(lib.db, args.name, args.query, replace=args.replace)
    elif sub == "rename":
        saved_searches.edit(lib.db, args.old, new_name=args.new)
    elif sub == "delete":
        saved_searches.delete(lib.db, args.name)
    elif args.json:
        print_json([s.to_json() for s in saved_searches.with_counts(lib.db)])
    else:
        for s in saved_searches.with_counts(lib.db):
            count = "?" if s.count is None else str(s.count)
            print(f"{_clean(s.name)}  ({count})  {_clean(s.query)}", file=sys.stdout)
    return 0


def saved_query(lib: Any, name: str | None, query: str | None) -> str | None:
    """The query `export --saved NAME` stands for (with --query too: both must match)."""
    if name is None:
        return query
    from app.services import saved_searches

    saved = saved_searches.get(lib.db, name).query
    return f"({saved}) ({query})" if query and query.strip() and saved.strip() else saved or query
