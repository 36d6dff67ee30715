"""SQL for tags: create on demand, link to articles in bulk, rename subtrees, merge, count."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, text

from app.domain.records import TagRecord
from app.domain.tags import tag_key
from app.storage.articles import IDS_IN, ids_param
from app.storage.dates import to_db, utcnow
from app.storage.query_sql import key_range_end


def ensure_tags(conn: Connection, paths: Iterable[str]) -> dict[str, int]:
    """Ids of these (normalised) tag paths, creating the missing ones. Keyed by tag_key.

    Two statements for any number of tags: an executemany insert of the missing ones and
    one lookup of them all.
    """
    by_key: dict[str, str] = {}
    for path in paths:
        by_key.setdefault(tag_key(path), path)
    if not by_key:
        return {}
    now = to_db(utcnow())
    conn.exec_driver_sql(
        "INSERT INTO tag (path, key, created) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING",
        [(path, key, now) for key, path in by_key.items()],
    )
    rows = conn.execute(
        text("SELECT key, id FROM tag WHERE key IN (SELECT value FROM json_each(:keys))"),
        {"keys": json.dumps(list(by_key))},
    )
    return {str(r[0]): int(r[1]) for r in rows}


def link_pairs(conn: Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Attach (article_id, tag_id) pairs of articles known to exist; existing links kept."""
    rows = list(pairs)
    if rows:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?, ?)", rows
        )


def find_tag(conn: Connection, path: str) -> tuple[int, str] | None:
    """(id, stored path) of a tag, matched case-insensitively."""
    row = conn.execute(
        text("SELECT id, path FROM tag WHERE key = :k"), {"k": tag_key(path)}
    ).first()
    return (int(row[0]), str(row[1])) if row else None


def subtree(conn: Connection, path: str) -> list[tuple[int, str]]:
    """(id, path) of a tag and all its descendants."""
    key = tag_key(path)
    rows = conn.execute(
        text("SELECT id, path FROM tag WHERE key = :k OR (key >= :c AND key < :e) ORDER BY key"),
        {"k": key, "c": key + "/", "e": key + "0"},
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def link(conn: Connection, article_ids: Sequence[int], tag_ids: Iterable[int]) -> int:
    """Attach tags to articles (existing links are kept); returns links added."""
    added = 0
    for tag_id in tag_ids:
        result = conn.execute(
            text(
                "INSERT OR IGNORE INTO article_tag (article_id, tag_id) "
                "SELECT value, :t FROM json_each(:ids) WHERE value IN (SELECT id FROM article)"
            ),
            {"ids": ids_param(article_ids), "t": tag_id},
        )
        added += result.rowcount or 0
    return added


def unlink(conn: Connection, article_ids: Sequence[int], tag_ids: Iterable[int]) -> int:
    """Detach tags from articles; returns links removed."""
    removed = 0
    for tag_id in tag_ids:
        result = conn.execute(
            text(f"DELETE FROM article_tag WHERE tag_id = :t AND article_id IN {IDS_IN}"),
            {"ids": ids_param(article_ids), "t": tag_id},
        )
        removed += result.rowcount or 0
    return removed


def tag_article_ids(conn: Connection, tag_id: int) -> list[int]:
    """The articles carrying one tag."""
    rows = conn.execute(text("SELECT article_id FROM article_tag WHERE tag_id = :t"), {"t": tag_id})
    return [int(r[0]) for r in rows]


def rename_path(conn: Connection, tag_id: int, new_path: str) -> None:
    """Give a tag a new path (the FTS trigger re-indexes its articles)."""
    conn.execute(
        text("UPDATE tag SET path = :p, key = :k WHERE id = :id"),
        {"p": new_path, "k": tag_key(new_path), "id": tag_id},
    )


def move_links(conn: Connection, source_id: int, target_id: int) -> None:
    """Give every article of `source` the tag `target`, then drop `source`."""
    conn.execute(
        text(
            "INSERT OR IGNORE INTO article_tag (article_id, tag_id) "
            "SELECT article_id, :t FROM article_tag WHERE tag_id = :s"
        ),
        {"s": source_id, "t": target_id},
    )
    delete_tag(conn, source_id)


def delete_tag(conn: Connection, tag_id: int) -> None:
    """Remove a tag and its links (the link triggers refresh the articles' tag text)."""
    conn.execute(text("DELETE FROM article_tag WHERE tag_id = :t"), {"t": tag_id})
    conn.execute(text("DELETE FROM tag WHERE id = :t"), {"t": tag_id})


def list_tags(conn: Connection, prefix: str | None = None) -> list[TagRecord]:
    """Every tag with the number of live (not trashed) articles carrying it."""
    params: dict[str, Any] = {}
    where = ""
    if prefix:
        key = tag_key(prefix)
        params.update({"k": key, "e": key_range_end(key)})
        where = "WHERE t.key >= :k AND t.key < :e"
    # Links per tag from the (tag_id, article_id) index alone, minus the links of trashed
    # articles (few: CROSS JOIN makes SQLite start from the trash index rather than read
    # the article row of every link).
    rows = conn.execute(
        text(
            "SELECT t.path, t.color, coalesce(c.n, 0) - coalesce(d.n, 0) "
            "FROM tag t"
            " LEFT JOIN (SELECT tag_id, count(*) AS n FROM article_tag GROUP BY tag_id) c"
            "  ON c.tag_id = t.id"
            " LEFT JOIN ("
            "  SELECT x.tag_id AS tag_id, count(*) AS n FROM article a"
            "  CROSS JOIN article_tag x ON x.article_id = a.id"
            "  WHERE a.trashed_at IS NOT NULL GROUP BY x.tag_id"
            f" ) d ON d.tag_id = t.id {where} ORDER BY t.key"
        ),
        params,
    )
    return [TagRecord(path=r[0], count=int(r[2]), color=r[1]) for r in rows]


def set_color(conn: Connection, tag_id: int, color: str | None) -> None:
    """Store a tag's colour (a palette name) or clear it."""
    conn.execute(text("UPDATE tag SET color = :c WHERE id = :t"), {"c": color, "t": tag_id})


CapturedTag = tuple[int, str, str | None, str, list[int]]


def capture(conn: Connection, keys: Iterable[str]) -> list[CapturedTag]:
    """(id, path, colour, created, article ids) of the tags with these keys, as they are now."""
    out: list[CapturedTag] = []
    for key in dict.fromkeys(keys):
        row = conn.execute(
            text("SELECT id, path, color, created FROM tag WHERE key = :k"), {"k": key}
        ).first()
        if row is not None:
            out.append(
                (int(row[0]), str(row[1]), row[2], str(row[3]), tag_article_ids(conn, row[0]))
            )
    return out


def drop_keys(conn: Connection, keys: Iterable[str]) -> None:
    """Delete the tags with these keys (and their links), where they exist."""
    for key in dict.fromkeys(keys):
        hit = conn.execute(text("SELECT id FROM tag WHERE key = :k"), {"k": key}).first()
        if hit is not None:
            delete_tag(conn, int(hit[0]))


def restore(conn: Connection, rows: Iterable[CapturedTag]) -> None:
    """Put captured tags back (keeping their ids when free) with exactly their links."""
    for tag_id, path, color, created, article_ids in rows:
        taken = conn.execute(text("SELECT 1 FROM tag WHERE id = :i"), {"i": tag_id}).first()
        result = conn.execute(
            text("INSERT INTO tag (id, path, key, color, created) VALUES (:i, :p, :k, :c, :d)"),
            {
                "i": None if taken else tag_id,
                "p": path,
                "k": tag_key(path),
                "c": color,
                "d": created,
            },
        )
        new_id = tag_id if not taken else int(result.lastrowid or 0)
        conn.execute(
            text(
                "INSERT OR IGNORE INTO article_tag (article_id, tag_id) "
                "SELECT value, :t FROM json_each(:ids) WHERE value IN (SELECT id FROM article)"
            ),
            {"ids": ids_param(article_ids), "t": new_id},
        )
