"""Loading one article in full: its row, summary, highlights and assets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.domain.records import (
    ArticleDetail,
    AssetRecord,
    HighlightRecord,
    SummaryRecord,
)
from app.storage.dates import from_db, utcnow
from app.storage.rows import RECORD_COLUMNS, row_to_record


def load_detail(conn: Connection, article_id: int) -> ArticleDetail | None:
    """The whole article, or None when the id is unknown."""
    row = conn.execute(
        text(
            f"SELECT {RECORD_COLUMNS}, a.given_url, a.final_url, a.canonical_url, "
            "a.body_markdown, a.body_text, a.updated, a.reading_progress, a.fetch_error, "
            "a.description, a.lead_image, a.content_hash, a.reading_anchor, a.note "
            "FROM article a WHERE a.id = :id"
        ),
        {"id": article_id},
    ).first()
    if row is None:
        return None
    record = row_to_record(row[:17])
    extra = row[17:]
    return ArticleDetail(
        record=record,
        given_url=extra[0],
        final_url=extra[1],
        canonical_url=extra[2],
        body_markdown=extra[3] or "",
        body_text=extra[4] or "",
        updated=from_db(extra[5]),
        reading_progress=float(extra[6] or 0.0),
        fetch_error=extra[7],
        description=extra[8],
        lead_image=extra[9],
        note=extra[12],
        summary=load_summary(conn, article_id, extra[10]),
        highlights=tuple(load_highlights(conn, article_id)),
        assets=tuple(load_assets(conn, article_id)),
        reading_anchor=extra[11],
    )


@dataclass(frozen=True)
class SummarySource:
    """What a summary is computed from, and the body version it belongs to."""

    body_text: str
    language: str | None
    title: str
    body_hash: str | None


def summary_source(conn: Connection, article_id: int) -> SummarySource | None:
    """The text, language, title and body hash of one article (None when unknown)."""
    row = conn.execute(
        text("SELECT body_text, language, title, content_hash FROM article WHERE id = :id"),
        {"id": article_id},
    ).first()
    if row is None:
        return None
    return SummarySource(row[0] or "", row[1], row[2], row[3])


def load_summary(
    conn: Connection, article_id: int, body_hash: str | None = None
) -> SummaryRecord | None:
    """The cached summary, if one was computed for the current body."""
    row = conn.execute(
        text(
            "SELECT text, method, version, created, body_hash FROM summary WHERE article_id = :id"
        ),
        {"id": article_id},
    ).first()
    if row is None:
        return None
    if body_hash is not None and row[4] is not None and row[4] != body_hash:
        return None
    return SummaryRecord(text=row[0], method=row[1], version=row[2], created=from_db(row[3]))


def load_highlights(conn: Connection, article_id: int) -> list[HighlightRecord]:
    """An article's highlights in reading order (unplaced ones last)."""
    rows = conn.execute(
        text(
            f"SELECT {HIGHLIGHT_COLUMNS} FROM highlight h WHERE h.article_id = :id "
            "ORDER BY h.placed DESC, h.position IS NULL, h.position, h.id"
        ),
        {"id": article_id},
    )
    return [row_to_highlight(r) for r in rows]


HIGHLIGHT_COLUMNS = (
    "h.id, h.article_id, h.quote, h.note, h.color, h.prefix, h.suffix, h.position, h.created, "
    "h.placed, h.updated"
)


def row_to_highlight(r: Any) -> HighlightRecord:
    """A highlight record from a row selected with HIGHLIGHT_COLUMNS."""
    return HighlightRecord(
        id=int(r[0]),
        article_id=int(r[1]),
        quote=r[2],
        note=r[3],
        color=r[4],
        prefix=r[5] or "",
        suffix=r[6] or "",
        position=r[7],
        created=from_db(r[8]) or utcnow(),
        placed=bool(r[9]),
        updated=from_db(r[10]),
    )


def load_assets(conn: Connection, article_id: int) -> list[AssetRecord]:
    """The files an article uses."""
    rows = conn.execute(
        text(
            "SELECT s.sha256, s.mime, s.bytes, l.role, l.source_url FROM article_asset l "
            "JOIN asset s ON s.sha256 = l.sha256 WHERE l.article_id = :id ORDER BY l.role, s.sha256"
        ),
        {"id": article_id},
    )
    return [
        AssetRecord(sha256=r[0], mime=r[1], bytes=int(r[2]), role=r[3], source_url=r[4])
        for r in rows
    ]
