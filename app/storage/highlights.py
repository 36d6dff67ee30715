"""SQL for highlights: change one, re-place an article's, and list them across the library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.domain.records import HighlightRecord, LibraryHighlight
from app.domain.tags import tag_key
from app.storage.dates import to_db, utcnow
from app.storage.details import HIGHLIGHT_COLUMNS, row_to_highlight


@dataclass(frozen=True)
class HighlightFilter:
    """Which highlights a library-wide listing shows (every field narrows it)."""

    match: str | None = None  # an FTS5 MATCH expression over quote and note
    tag: str | None = None  # the tag and everything under it
    color: str | None = None
    article_id: int | None = None
    placed: bool | None = None
    include_trashed: bool = False


def get_highlight(conn: Connection, highlight_id: int) -> HighlightRecord | None:
    """One highlight, or None."""
    row = conn.execute(
        text(f"SELECT {HIGHLIGHT_COLUMNS} FROM highlight h WHERE h.id = :id"), {"id": highlight_id}
    ).first()
    return row_to_highlight(row) if row is not None else None


def update_highlight(conn: Connection, highlight_id: int, values: dict[str, Any]) -> bool:
    """Change named columns (color, note, prefix, suffix, position, placed); False if unknown."""
    allowed = {"color", "note", "prefix", "suffix", "position", "placed", "quote"}
    unknown = set(values) - allowed
    if unknown:
        raise KeyError(f"unknown highlight columns: {sorted(unknown)}")
    params = dict(values, _id=highlight_id, updated=to_db(utcnow()))
    assignments = ", ".join(f"{c} = :{c}" for c in values)
    result = conn.execute(
        text(f"UPDATE highlight SET {assignments}, updated = :updated WHERE id = :_id"), params
    )
    return bool(result.rowcount)


def set_placements(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Store re-anchoring results (id, position, prefix, suffix, placed) without touching
    `updated`: the reader did not change these highlights, the body around them did."""
    for row in rows:
        conn.execute(
            text(
                "UPDATE highlight SET position = :position, prefix = :prefix, suffix = :suffix, "
                "placed = :placed WHERE id = :id"
            ),
            dict(row),
        )


def delete_highlight(conn: Connection, highlight_id: int) -> bool:
    """Remove one highlight; False when there was none."""
    result = conn.execute(text("DELETE FROM highlight WHERE id = :id"), {"id": highlight_id})
    return bool(result.rowcount)


def list_highlights(
    conn: Connection, where: HighlightFilter, *, limit: int = 500, offset: int = 0
) -> list[LibraryHighlight]:
    """Highlights with their article's title, URL and tags, newest first (best first with
    a text match)."""
    clauses: list[str] = []
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    source = "highlight h"
    order = "h.created DESC, h.id DESC"
    if where.match:
        source = "highlight_fts f JOIN highlight h ON h.id = f.rowid"
        clauses.append("highlight_fts MATCH :match")
        params["match"] = where.match
        order = "bm25(highlight_fts), h.id DESC"
    if where.tag:
        key = tag_key(where.tag)
        clauses.append(
            "h.article_id IN (SELECT x.article_id FROM article_tag x JOIN tag t ON t.id = x.tag_id "
            "WHERE t.key = :tag OR substr(t.key, 1, length(:tag) + 1) = :tag || '/')"
        )
        params["tag"] = key
    if where.color:
        clauses.append("h.color = :color")
        params["color"] = where.color
    if where.article_id is not None:
        clauses.append("h.article_id = :article")
        params["article"] = where.article_id
    if where.placed is not None:
        clauses.append("h.placed = :placed")
        params["placed"] = where.placed
    if not where.include_trashed:
        clauses.append("a.trashed_at IS NULL")
    condition = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = conn.execute(
        text(
            f"SELECT {HIGHLIGHT_COLUMNS}, a.title, coalesce(a.final_url, a.given_url), "
            f"a.tags_text FROM {source} JOIN article a ON a.id = h.article_id {condition} "
            f"ORDER BY {order} LIMIT :limit OFFSET :offset"
        ),
        params,
    )
    width = len(HIGHLIGHT_COLUMNS.split(","))
    return [
        LibraryHighlight(
            highlight=row_to_highlight(r[:width]),
            article_title=r[width] or "",
            article_url=r[width + 1] or "",
            article_tags=tuple(t for t in (r[width + 2] or "").split("\n") if t),
        )
        for r in rows
    ]


def article_body(conn: Connection, article_id: int) -> str | None:
    """An article's Markdown body (None for an unknown id)."""
    row = conn.execute(
        text("SELECT body_markdown FROM article WHERE id = :id"), {"id": article_id}
    ).first()
    return None if row is None else str(row[0] or "")


def integrity_check(conn: Connection) -> str | None:
    """FTS5's own check of the highlight index; None when it passes."""
    try:
        conn.execute(
            text("INSERT INTO highlight_fts(highlight_fts, rank) VALUES ('integrity-check', 1)")
        )
    except Exception as exc:  # sqlite reports corruption as a generic DatabaseError
        return str(exc)
    return None
