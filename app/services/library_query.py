"""Shared query helpers for services that work on "the articles a query selects"."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.errors import NotFoundError
from app.domain.query import parse_query
from app.storage import articles as article_sql
from app.storage.articles import SortSpec
from app.storage.database import Database


def require_ids(db: Database, ids: Iterable[int]) -> list[int]:
    """The ids, de-duplicated in order; NotFoundError naming any that do not exist."""
    id_list = list(dict.fromkeys(int(i) for i in ids))
    with db.read() as conn:
        found = article_sql.existing_ids(conn, id_list)
    missing = [i for i in id_list if i not in found]
    if missing:
        raise NotFoundError("no article with id " + ", ".join(map(str, missing[:10])))
    return id_list


def matching_ids(db: Database, query: str | None) -> list[int]:
    """Ids matching a query (all live articles when empty), oldest saved first."""
    parsed = parse_query(query) if query and query.strip() else None
    if parsed is not None and parsed.is_empty:
        parsed = None
    with db.read() as conn:
        return article_sql.list_ids(conn, parsed, SortSpec("saved", descending=False))
