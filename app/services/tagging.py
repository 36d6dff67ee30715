"""Tag use cases: bulk add/remove, rename (whole subtrees), merge, delete, list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection

from app.domain.errors import InputError, NotFoundError
from app.domain.records import TagRecord
from app.domain.tags import SEPARATOR, normalize_tag, tag_key, tag_segments
from app.services.library_query import require_ids
from app.storage import tags as tag_sql
from app.storage.database import Database

PALETTE = ("red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "grey")


def _normalized(tags: Iterable[str]) -> list[str]:
    out: dict[str, str] = {}
    for raw in tags:
        path = normalize_tag(raw)
        out.setdefault(tag_key(path), path)
    return list(out.values())


def add_tags(db: Database, ids: Sequence[int], tags: Iterable[str]) -> int:
    """Give every article every tag (created when new), in one transaction."""
    paths = _normalized(tags)
    if not paths or not ids:
        return 0
    ids = require_ids(db, ids)
    with db.write() as conn:
        tag_ids = tag_sql.ensure_tags(conn, paths)
        return tag_sql.link(conn, ids, tag_ids.values())


def remove_tags(db: Database, ids: Sequence[int], tags: Iterable[str]) -> int:
    """Take tags off articles; an unknown tag is an error naming it."""
    paths = _normalized(tags)
    ids = require_ids(db, ids)
    with db.write() as conn:
        return tag_sql.unlink(conn, ids, _existing_ids(conn, paths))


def _existing_ids(conn: Connection, paths: Iterable[str]) -> list[int]:
    """Ids of these normalised tags; NotFoundError naming the first one missing."""
    found: list[int] = []
    for path in paths:
        hit = tag_sql.find_tag(conn, path)
        if hit is None:
            raise NotFoundError(f"no tag {path!r}")
        found.append(hit[0])
    return found


def list_tags(db: Database, prefix: str | None = None) -> list[TagRecord]:
    """Every tag with its live article count, in path order."""
    with db.read() as conn:
        return tag_sql.list_tags(conn, prefix)


def rename_tag(db: Database, old: str, new: str) -> int:
    """Rename a tag and move its whole subtree ("a/b" -> "x" makes "a/b/c" into "x/c").

    Renaming onto an existing tag merges into it. Returns the number of tags renamed.
    """
    with db.write() as conn:
        return rename_in(conn, old, new)


def rename_plan(conn: Connection, old: str, new: str) -> list[tuple[int, str, str]]:
    """(id, path, new path) of every tag a rename moves; raises when it cannot be done."""
    old_path, new_path = normalize_tag(old), normalize_tag(new)
    old_key, new_key = tag_key(old_path), tag_key(new_path)
    if new_key.startswith(old_key + "/"):
        raise InputError(f"cannot move tag {old_path!r} inside itself ({new_path!r})")
    tree = tag_sql.subtree(conn, old_path)
    if not tree:
        raise NotFoundError(f"no tag {old_path!r}")
    # Segments, not characters: case folding can change a path's length.
    depth = len(tag_segments(old_path))
    return [
        (tag_id, path, SEPARATOR.join([new_path, *tag_segments(path)[depth:]]))
        for tag_id, path in tree
    ]


def rename_in(conn: Connection, old: str, new: str) -> int:
    """`rename_tag` inside the caller's transaction."""
    plan = rename_plan(conn, old, new)
    for tag_id, _path, target in plan:
        existing = tag_sql.find_tag(conn, target)
        if existing is not None and existing[0] != tag_id:
            tag_sql.move_links(conn, tag_id, existing[0])
        else:
            tag_sql.rename_path(conn, tag_id, target)
    return len(plan)


def merge_tags(db: Database, sources: Iterable[str], into: str) -> int:
    """Merge tags into one: their articles get `into`, the sources disappear."""
    with db.write() as conn:
        return merge_in(conn, sources, into)


def merge_in(conn: Connection, sources: Iterable[str], into: str) -> int:
    """`merge_tags` inside the caller's transaction."""
    target = normalize_tag(into)
    source_paths = [p for p in _normalized(sources) if tag_key(p) != tag_key(target)]
    if not source_paths:
        raise InputError("name at least one tag to merge that differs from the target")
    found = _existing_ids(conn, source_paths)
    target_id = tag_sql.ensure_tags(conn, [target])[tag_key(target)]
    for source_id in found:
        tag_sql.move_links(conn, source_id, target_id)
    return len(found)


def delete_tag(db: Database, path: str) -> int:
    """Delete a tag and its subtree from every article; returns the tags deleted."""
    with db.write() as conn:
        return delete_in(conn, path)


def delete_in(conn: Connection, path: str) -> int:
    """`delete_tag` inside the caller's transaction."""
    tree = tag_sql.subtree(conn, normalize_tag(path))
    if not tree:
        raise NotFoundError(f"no tag {normalize_tag(path)!r}")
    for tag_id, _ in tree:
        tag_sql.delete_tag(conn, tag_id)
    return len(tree)


def set_tag_color(db: Database, path: str, color: str | None) -> None:
    """Give a tag one of the palette colours (None clears it)."""
    with db.write() as conn:
        color_in(conn, path, color)


def color_in(conn: Connection, path: str, color: str | None) -> None:
    """`set_tag_color` inside the caller's transaction."""
    if color is not None and color not in PALETTE:
        raise InputError(f"unknown colour {color!r} (choose from {', '.join(PALETTE)})")
    (tag_id,) = _existing_ids(conn, [normalize_tag(path)])
    tag_sql.set_color(conn, tag_id, color)
