"""The tag manager's use cases: set-based changes that each return how to undo them.

Every change (rename, merge, delete, colour) runs in one transaction and first captures the
tags it touches — their rows and their article links — so `undo` can put them back exactly,
in one transaction too. Also: usage filters ("unused", "used once") and likely duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from app.domain.errors import InputError, NotFoundError
from app.domain.records import TagRecord
from app.domain.tag_duplicates import DuplicateGroup, find_duplicates
from app.domain.tags import normalize_tag, tag_key
from app.services import tagging
from app.storage import tags as tag_sql
from app.storage.database import Database
from app.storage.tags import CapturedTag

USAGE_FILTERS = ("all", "unused", "once")


@dataclass(frozen=True)
class TagUndo:
    """What a tag change replaced: the tags (with links) that existed under these keys."""

    keys: tuple[str, ...]
    rows: tuple[CapturedTag, ...]

    @property
    def article_ids(self) -> frozenset[int]:
        """The articles whose tags the change (or its undo) touches."""
        return frozenset(i for row in self.rows for i in row[4])


@dataclass(frozen=True)
class TagChange:
    """A finished change: a message for people and how to undo it."""

    message: str
    undo: TagUndo


def filter_usage(tags: Iterable[TagRecord], usage: str) -> list[TagRecord]:
    """Tags by use: "all", "unused" (no live article) or "once" (exactly one)."""
    if usage not in USAGE_FILTERS:
        raise InputError(f"unknown filter {usage!r} (choose from {', '.join(USAGE_FILTERS)})")
    if usage == "unused":
        return [t for t in tags if t.count == 0]
    if usage == "once":
        return [t for t in tags if t.count == 1]
    return list(tags)


def duplicates(db: Database) -> list[DuplicateGroup]:
    """Groups of tags that are probably one tag (case, accents, separators, plural)."""
    return find_duplicates((t.path, t.count) for t in tagging.list_tags(db))


def _subtree_keys(conn: Connection, paths: Iterable[str]) -> list[str]:
    keys: list[str] = []
    for path in paths:
        keys.extend(tag_key(p) for _, p in tag_sql.subtree(conn, normalize_tag(path)))
    return keys


def _change(
    db: Database, keys_of: Callable[[Connection], list[str]], work: Callable[[Connection], str]
) -> TagChange:
    """Capture the touched tags, run the change, all in one transaction."""
    with db.write() as conn:
        keys = tuple(dict.fromkeys(keys_of(conn)))
        rows = tuple(tag_sql.capture(conn, keys))
        message = work(conn)
    return TagChange(message, TagUndo(keys, rows))


def _plural(n: int, noun: str) -> str:
    return f"1 {noun}" if n == 1 else f"{n:,} {noun}s"


def rename(db: Database, old: str, new: str) -> TagChange:
    """Rename a tag and its subtree (onto an existing tag: a merge), undoably."""

    def keys_of(conn: Connection) -> list[str]:
        plan = tagging.rename_plan(conn, old, new)
        return [tag_key(p) for _, p, _ in plan] + [tag_key(t) for _, _, t in plan]

    def work(conn: Connection) -> str:
        count = tagging.rename_in(conn, old, new)
        return f"Renamed {normalize_tag(old)} to {normalize_tag(new)} ({_plural(count, 'tag')})"

    return _change(db, keys_of, work)


def merge(db: Database, sources: Sequence[str], into: str) -> TagChange:
    """Merge tags into one (created when new), undoably."""

    def keys_of(conn: Connection) -> list[str]:
        return [tag_key(normalize_tag(p)) for p in (*sources, into)]

    def work(conn: Connection) -> str:
        count = tagging.merge_in(conn, sources, into)
        return f"Merged {_plural(count, 'tag')} into {normalize_tag(into)}"

    return _change(db, keys_of, work)


def delete(db: Database, paths: Sequence[str]) -> TagChange:
    """Delete tags and their subtrees from every article, undoably."""
    if not paths:
        raise InputError("name at least one tag to delete")

    def work(conn: Connection) -> str:
        for path in paths:
            if not tag_sql.subtree(conn, normalize_tag(path)):
                raise NotFoundError(f"no tag {normalize_tag(path)!r}")
        count = 0
        for path in paths:
            if tag_sql.subtree(conn, normalize_tag(path)):  # a child may be gone with its parent
                count += tagging.delete_in(conn, path)
        return f"Deleted {_plural(count, 'tag')}"

    return _change(db, lambda conn: _subtree_keys(conn, paths), work)


def set_color(db: Database, paths: Sequence[str], color: str | None) -> TagChange:
    """Give tags one palette colour (None clears it), undoably."""

    def work(conn: Connection) -> str:
        for path in paths:
            tagging.color_in(conn, path, color)
        return f"Coloured {_plural(len(paths), 'tag')} {color}" if color else "Colour cleared"

    return _change(db, lambda conn: [tag_key(normalize_tag(p)) for p in paths], work)


def undo(db: Database, change: TagUndo) -> str:
    """Put the captured tags back exactly as they were, in one transaction."""
    with db.write() as conn:
        tag_sql.drop_keys(conn, change.keys)
        tag_sql.restore(conn, change.rows)
    return f"Undone: {_plural(len(change.rows), 'tag')} restored"
