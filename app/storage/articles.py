"""SQL for articles: insert, find, update, list, search, state changes, purge."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from app.domain.query import ParsedQuery
from app.domain.records import ArticleRecord
from app.storage.dates import to_db, utcnow
from app.storage.packed_ids import fetch_packed
from app.storage.query_sql import compile_filter
from app.storage.rows import RECORD_COLUMNS, row_to_record

# Sort names -> (column expression, default descending?)
SORTS: dict[str, tuple[str, bool]] = {
    "saved": ("a.saved", True),
    "published": ("coalesce(a.published, a.saved)", True),
    "title": ("a.title_key", False),
    "site": ("coalesce(a.site, '')", False),
    "minutes": ("a.reading_minutes", False),
}

ARTICLE_COLUMNS = (
    "given_url", "url_key", "final_url", "final_key", "canonical_url", "canonical_key",
    "title", "title_key", "author", "site", "host", "language", "description", "lead_image", "note",
    "published", "saved", "updated", "excerpt", "word_count", "reading_minutes", "read",
    "favorite", "archived", "trashed_at", "reading_progress", "reading_anchor",
    "body_markdown", "body_text", "content_hash", "source", "fetch_status", "fetch_error",
    "fetch_attempts",
)  # fmt: skip
_DATE_COLUMNS = {"published", "saved", "updated", "trashed_at"}
# Raw inserts bypass the ORM's Python-side defaults, so the NOT NULL ones are here.
_DEFAULTS: dict[str, Any] = {
    "word_count": 0,
    "reading_minutes": 0,
    "read": False,
    "favorite": False,
    "archived": False,
    "reading_progress": 0.0,
    "body_markdown": "",
    "body_text": "",
    "source": "file",
    "fetch_status": "done",
    "fetch_attempts": 0,
}


@dataclass(frozen=True)
class SortSpec:
    """A sort key and direction."""

    key: str = "saved"
    descending: bool | None = None

    def sql(self) -> str:
        column, default_desc = SORTS[self.key]
        desc = default_desc if self.descending is None else self.descending
        direction = "DESC" if desc else "ASC"
        return f"{column} {direction}, a.id {direction}"


def _db_value(column: str, value: Any) -> Any:
    if column in _DATE_COLUMNS and isinstance(value, datetime):
        return to_db(value)
    return value


def insert_article(conn: Connection, values: dict[str, Any], article_id: int | None = None) -> int:
    """Insert one article row (with a chosen id, when given); returns its id."""
    unknown = set(values) - set(ARTICLE_COLUMNS)
    if unknown:
        raise KeyError(f"unknown article columns: {sorted(unknown)}")
    values = {**_DEFAULTS, **values}
    cols = [c for c in ARTICLE_COLUMNS if c in values]
    params = {c: _db_value(c, values[c]) for c in cols}
    if article_id is not None:
        cols.insert(0, "id")
        params["id"] = article_id
    sql = (
        f"INSERT INTO article ({', '.join(cols)}, tags_text) "
        f"VALUES ({', '.join(':' + c for c in cols)}, '')"
    )
    result = conn.execute(text(sql), params)
    return int(result.lastrowid or 0)


def next_article_id(conn: Connection) -> int:
    """The id after the largest in use (callers hold the write lock, so it stays free)."""
    return int(conn.execute(text("SELECT coalesce(max(id), 0) + 1 FROM article")).scalar_one())


def insert_articles(conn: Connection, rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
    """Insert many (id, values) rows with one executemany per set of columns.

    The same rows as insert_article one by one, without a statement per article: an import
    of thousands costs what the triggers and the index cost, not Python round trips.
    """
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for article_id, given in rows:
        unknown = set(given) - set(ARTICLE_COLUMNS)
        if unknown:
            raise KeyError(f"unknown article columns: {sorted(unknown)}")
        values = {**_DEFAULTS, **given}
        cols = tuple(c for c in ARTICLE_COLUMNS if c in values)
        groups.setdefault(cols, []).append((article_id, *(_db_value(c, values[c]) for c in cols)))
    for cols, params in groups.items():
        marks = ", ".join("?" * (len(cols) + 1))
        conn.exec_driver_sql(
            f"INSERT INTO article (id, {', '.join(cols)}, tags_text) VALUES ({marks}, '')",
            params,
        )


def ids_by_url_keys(conn: Connection, keys: Iterable[str]) -> dict[str, int]:
    """For each key that names an article (given, final or canonical URL), its lowest id."""
    wanted = [k for k in dict.fromkeys(keys) if k]
    if not wanted:
        return {}
    rows = conn.execute(
        text(
            f"SELECT url_key, id FROM article WHERE url_key IN {IDS_IN} UNION ALL "
            f"SELECT final_key, id FROM article WHERE final_key IN {IDS_IN} UNION ALL "
            f"SELECT canonical_key, id FROM article WHERE canonical_key IN {IDS_IN}"
        ),
        {"ids": json.dumps(wanted)},
    )
    found: dict[str, int] = {}
    for key, article_id in rows:
        if key not in found or article_id < found[key]:
            found[key] = int(article_id)
    return found


def update_article(conn: Connection, article_id: int, values: dict[str, Any]) -> None:
    """Update named columns of one article."""
    unknown = set(values) - set(ARTICLE_COLUMNS)
    if unknown:
        raise KeyError(f"unknown article columns: {sorted(unknown)}")
    if not values:
        return
    params = {c: _db_value(c, v) for c, v in values.items()}
    params["_id"] = article_id
    assignments = ", ".join(f"{c} = :{c}" for c in values)
    conn.execute(text(f"UPDATE article SET {assignments} WHERE id = :_id"), params)


def find_by_url_keys(conn: Connection, keys: Iterable[str]) -> int | None:
    """The article whose given, final or canonical URL key is one of `keys`."""
    wanted = [k for k in dict.fromkeys(keys) if k]
    if not wanted:
        return None
    params = {f"k{i}": k for i, k in enumerate(wanted)}
    marks = ", ".join(f":k{i}" for i in range(len(wanted)))
    row = conn.execute(
        text(
            f"SELECT id FROM article WHERE url_key IN ({marks}) UNION "
            f"SELECT id FROM article WHERE final_key IN ({marks}) UNION "
            f"SELECT id FROM article WHERE canonical_key IN ({marks}) ORDER BY 1 LIMIT 1"
        ),
        params,
    ).first()
    return int(row[0]) if row else None


def ids_param(ids: Iterable[int]) -> str:
    """Ids as one JSON array parameter, read in SQL through IDS_IN (one statement for any count)."""
    return json.dumps([int(i) for i in ids])


# SQLite's json_each turns a JSON array parameter into a table of ids.
IDS_IN = "(SELECT value FROM json_each(:ids))"


def existing_ids(conn: Connection, ids: Sequence[int]) -> set[int]:
    """Which of these ids exist."""
    rows = conn.execute(
        text(f"SELECT id FROM article WHERE id IN {IDS_IN}"), {"ids": ids_param(ids)}
    )
    return {int(r[0]) for r in rows}


_LIVE = "a.trashed_at IS NULL"


def where_clause(parsed: ParsedQuery | None, params: dict[str, Any]) -> str:
    """The WHERE clause for a query's filters (trash hidden unless the query asks for it)."""
    parts: list[str] = []
    if parsed is None or not parsed.mentions_trash:
        parts.append(_LIVE)
    if parsed is not None and parsed.filter is not None:
        parts.append(compile_filter(parsed.filter, params))
    return " AND ".join(parts) if parts else "1"


def list_records(
    conn: Connection,
    parsed: ParsedQuery | None,
    sort: SortSpec,
    limit: int | None,
    offset: int = 0,
) -> list[ArticleRecord]:
    """Articles matching the query's filters and text (unranked), in sort order."""
    params: dict[str, Any] = {}
    where = where_clause(parsed, params)
    if parsed is not None and parsed.fts:
        params["fts"] = parsed.fts
        where += " AND a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :fts)"
    params["limit"] = -1 if limit is None else limit
    params["offset"] = offset
    sql = (
        f"SELECT {RECORD_COLUMNS} FROM article a WHERE {where} "
        f"ORDER BY {sort.sql()} LIMIT :limit OFFSET :offset"
    )
    return [row_to_record(r) for r in conn.execute(text(sql), params)]


def _list_ids_sql(
    parsed: ParsedQuery | None,
    sort: SortSpec,
    limit: int | None,
    offset: int,
    params: dict[str, Any],
) -> str:
    params.update({"limit": -1 if limit is None else limit, "offset": offset})
    # `+` keeps SQLite off the trash index for "not trashed" (nearly every row): it then
    # walks the sort key's index in order instead of reading every row and sorting them,
    # so a first page costs its own rows only.
    where = where_clause(parsed, params).replace(_LIVE, "+" + _LIVE)
    if parsed is not None and parsed.fts:
        params["fts"] = parsed.fts
        where += " AND a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :fts)"
    return (
        f"SELECT a.id FROM article a WHERE {where} ORDER BY {sort.sql()} "
        "LIMIT :limit OFFSET :offset"
    )


def list_ids(
    conn: Connection,
    parsed: ParsedQuery | None,
    sort: SortSpec,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    """Matching ids in sort order, a slice if asked."""
    params: dict[str, Any] = {}
    sql = _list_ids_sql(parsed, sort, limit, offset, params)
    # The sqlite3 cursor of this same transaction, one tuple per row, is several times
    # quicker than building SQLAlchemy rows.
    return [r[0] for r in _driver(conn).execute(sql, params)]


def list_ids_packed(
    conn: Connection,
    parsed: ParsedQuery | None,
    sort: SortSpec,
    limit: int | None = None,
    offset: int = 0,
) -> bytes:
    """list_ids as native 8-byte ints in one buffer (the article list model holds these)."""
    params: dict[str, Any] = {}
    sql = _list_ids_sql(parsed, sort, limit, offset, params)
    return fetch_packed(_driver(conn), sql, params)


def _driver(conn: Connection) -> sqlite3.Connection:
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("the library is always opened with the sqlite3 driver")
    return raw


def count(conn: Connection, parsed: ParsedQuery | None) -> int:
    """How many articles match."""
    params: dict[str, Any] = {}
    where = where_clause(parsed, params)
    if parsed is not None and parsed.fts:
        params["fts"] = parsed.fts
        where += " AND a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :fts)"
    return int(
        conn.execute(text(f"SELECT count(*) FROM article a WHERE {where}"), params).scalar_one()
    )


def records_by_ids(conn: Connection, ids: Sequence[int]) -> dict[int, ArticleRecord]:
    """List rows for these ids (any order; missing ids are absent)."""
    sql = f"SELECT {RECORD_COLUMNS} FROM article a WHERE a.id IN {IDS_IN}"
    rows = conn.execute(text(sql), {"ids": ids_param(ids)})
    return {int(r[0]): row_to_record(r) for r in rows}


def article_row(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """Every column of one article, by name."""
    row = conn.execute(text("SELECT * FROM article WHERE id = :id"), {"id": article_id}).first()
    return dict(row._mapping) if row else None


FLAGS = ("read", "favorite", "archived")


def set_flag(conn: Connection, ids: Sequence[int], flag: str, value: bool) -> int:
    """Set read/favorite/archived on many articles; returns the rows changed."""
    if flag not in FLAGS:
        raise ValueError(f"unknown flag {flag!r}")
    params = {"ids": ids_param(ids), "v": int(value), "now": to_db(utcnow())}
    sql = f"UPDATE article SET {flag} = :v, updated = :now WHERE id IN {IDS_IN} AND {flag} != :v"
    return conn.execute(text(sql), params).rowcount or 0


def set_trashed(conn: Connection, ids: Sequence[int], trashed: bool) -> int:
    """Move articles to the trash (remembering when) or restore them."""
    params = {"ids": ids_param(ids), "now": to_db(utcnow())}
    if trashed:
        sql = f"UPDATE article SET trashed_at = :now WHERE id IN {IDS_IN} AND trashed_at IS NULL"
    else:
        sql = (
            f"UPDATE article SET trashed_at = NULL WHERE id IN {IDS_IN} AND trashed_at IS NOT NULL"
        )
    return conn.execute(text(sql), params).rowcount or 0


def delete_articles(conn: Connection, ids: Sequence[int]) -> int:
    """Delete articles for good (links, summaries and highlights cascade)."""
    sql = f"DELETE FROM article WHERE id IN {IDS_IN}"
    return conn.execute(text(sql), {"ids": ids_param(ids)}).rowcount or 0


def library_has_content(conn: Connection) -> bool:
    """Whether the library holds any article or tag (a new library holds neither)."""
    row = conn.execute(
        text("SELECT EXISTS(SELECT 1 FROM article) OR EXISTS(SELECT 1 FROM tag)")
    ).scalar_one()
    return bool(row)
