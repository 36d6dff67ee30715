"""Summaries: computed once per body version and cached with their method and version."""

from __future__ import annotations

from app.domain.records import SummaryRecord
from app.domain.summarize import METHOD, VERSION, summarize
from app.storage import content as content_sql
from app.storage.database import Database
from app.storage.details import load_detail, load_summary


def summarize_text(text: str, language: str | None = None, title: str | None = None) -> str:
    """The extractive summary of any text, one sentence per line."""
    return summarize(text, language, title=title).text


def summary_for(db: Database, article_id: int) -> SummaryRecord | None:
    """The article's summary: the cached one when current, else computed and cached.

    None only when the article does not exist.
    """
    with db.read() as conn:
        detail = load_detail(conn, article_id)
    if detail is None:
        return None
    body_hash = _body_hash(db, article_id)
    cached = detail.summary
    if cached is not None and cached.method == METHOD and cached.version == VERSION:
        return cached
    result = summarize(detail.body_text, detail.record.language, title=detail.record.title)
    with db.write() as conn:
        content_sql.store_summary(conn, article_id, result.text, METHOD, VERSION, body_hash)
        stored = load_summary(conn, article_id)
    return stored


def _body_hash(db: Database, article_id: int) -> str | None:
    from sqlalchemy import text

    with db.read() as conn:
        row = conn.execute(
            text("SELECT content_hash FROM article WHERE id = :id"), {"id": article_id}
        ).first()
    return None if row is None else row[0]
