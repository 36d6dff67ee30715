"""Shared query helpers for services that work on "the articles a query selects"."""

from __future__ import annotations

from app.domain.query import parse_query
from app.storage import articles as article_sql
from app.storage.articles import SortSpec
from app.storage.database import Database


def matching_ids(db: Database, query: str | None) -> list[int]:
    """Ids matching a query (all live articles when empty), oldest saved first."""
    parsed = parse_query(query) if query and query.strip() else None
    if parsed is not None and parsed.is_empty:
        parsed = None
    with db.read() as conn:
        return article_sql.list_ids(conn, parsed, SortSpec("saved", descending=False))
