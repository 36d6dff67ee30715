"""Summaries: computed once per body version and cached with their method and version."""

from __future__ import annotations

from app.domain.records import SummaryRecord
from app.domain.summarize import METHOD, VERSION, summarize
from app.storage import content as content_sql
from app.storage.database import Database
from app.storage.details import load_summary, summary_source


def summarize_text(text: str, language: str | None = None, title: str | None = None) -> str:
    """The extractive summary of any text, one sentence per line."""
    return summarize(text, language, title=title).text


def summary_for(db: Database, article_id: int) -> SummaryRecord | None:
    """The article's summary: the cached one when current, else computed and cached.

    None only when the article does not exist.
    """
    with db.read() as conn:
        source = summary_source(conn, article_id)
        if source is None:
            return None
        cached = load_summary(conn, article_id, source.body_hash)
    if cached is not None and cached.method == METHOD and cached.version == VERSION:
        return cached
    result = summarize(source.body_text, source.language, title=source.title)
    with db.write() as conn:
        content_sql.store_summary(conn, article_id, result.text, METHOD, VERSION, source.body_hash)
        return load_summary(conn, article_id)
