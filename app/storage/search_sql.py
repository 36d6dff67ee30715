"""Ranked full-text search: bm25 on the index first, rows and snippets only for the page shown.

The common shapes (text alone, text with tag filters) rank on the FTS5 index alone, with the
tag subtree as a plain rowid set, over-fetch a little and drop trashed articles afterwards:
as cheap as a bare FTS5 top-N query. Anything else (state, date, site filters; searching the
trash) ranks through a join with the article table.

Everything here runs on a plain sqlite3 connection (app.storage.readers), and a page is
one statement: ranking, the page's list columns and its bodies for the snippets.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from app.domain.query import AndFilter, Filter, NotFilter, OrFilter, ParsedQuery, TagFilter
from app.domain.records import ArticleRecord
from app.storage.packed_ids import fetch_packed, hex_concat, unhex
from app.storage.query_sql import tag_ids_sql
from app.storage.rows import RECORD_COLUMNS, row_to_record
from app.storage.snippets import snippet_from_utf8

# bm25 weights per FTS column: title, author, site, body, tags.
BM25 = "bm25(article_fts, 10.0, 3.0, 2.0, 1.0, 4.0)"
# The page's bodies come with its rows (for the snippets), in the same statement, as their
# stored UTF-8 bytes: snippet_from_utf8 decodes only the text around the hit.
SNIPPET_SOURCE = ", CAST(a.body_text AS BLOB)"


def index_filter(node: Filter, params: dict[str, Any]) -> str | None:
    """A condition on article_fts.rowid for tag-only filters (None: needs the article row).

    `+rowid` keeps the set out of FTS5's own planning (which would probe the index once per
    tagged article): the subtree's article ids are built once and probed per match.
    """
    if isinstance(node, TagFilter):
        ids = tag_ids_sql(node.path, node.prefix, params)
        return f"+article_fts.rowid IN (SELECT article_id FROM article_tag WHERE tag_id IN ({ids}))"
    if isinstance(node, NotFilter):
        inner = index_filter(node.child, params)
        return None if inner is None else f"NOT ({inner})"
    if isinstance(node, AndFilter | OrFilter):
        parts = [index_filter(c, params) for c in node.children]
        if any(p is None for p in parts):
            return None
        joiner = " AND " if isinstance(node, AndFilter) else " OR "
        return "(" + joiner.join(p for p in parts if p) + ")"
    return None


def _on_index_sql(
    parsed: ParsedQuery, limit: int, offset: int, columns: str, params: dict[str, Any]
) -> str | None:
    """The ranking on the index alone (None: a filter needs the article row).

    The ranking reads no article row: the best `n` matches come off the index, trashed ones
    are dropped by a primary-key probe of each of those `n` (the row's first page: the
    bodies are stored last), and only the page's rows are read in full. The first column,
    `ranked`, counts the candidates, for `_over_fetch_ran_out`.
    """
    if parsed.mentions_trash:
        return None
    # Over-fetch so that a few trashed articles among the best do not shorten the page.
    params.update({"fts": parsed.fts, "limit": limit, "offset": offset})
    params["n"] = (offset + limit) * 2 + 20
    condition = ""
    if parsed.filter is not None:
        found = index_filter(parsed.filter, params)
        if found is None:
            return None
        condition = " AND " + found
    return (
        "WITH f AS ("  # used twice: SQLite (3.35+) materialises it once
        f" SELECT article_fts.rowid AS rid, {BM25} AS score FROM article_fts"
        f" WHERE article_fts MATCH :fts{condition} ORDER BY score LIMIT :n),"
        " g AS (SELECT rid, score FROM f"
        # One primary-key probe per candidate: building the whole trash set (NOT IN) was
        # a fixed 0.2 ms, twice a rare word's FTS query.
        "  WHERE NOT EXISTS (SELECT 1 FROM article t WHERE t.id = f.rid"
        "   AND t.trashed_at IS NOT NULL)"
        "  ORDER BY score LIMIT :limit OFFSET :offset) "
        f"SELECT (SELECT count(*) FROM f) AS ranked, {columns} FROM g "
        "JOIN article a ON a.id = g.rid ORDER BY g.score"
    )


def _over_fetch_ran_out(found: int, ranked: int | None, params: dict[str, Any]) -> bool:
    """Fewer rows than asked, maybe only because trashed articles used up the over-fetch."""
    return found < params["limit"] and (ranked is None or ranked >= params["n"])


def _with_join_sql(
    parsed: ParsedQuery, limit: int, offset: int, columns: str, params: dict[str, Any]
) -> str:
    from app.storage.articles import where_clause

    params.update({"fts": parsed.fts, "limit": limit, "offset": offset})
    where = where_clause(parsed, params)
    return (
        f"SELECT {columns} FROM article_fts JOIN article a ON a.id = article_fts.rowid "
        f"WHERE article_fts MATCH :fts AND {where} ORDER BY {BM25} LIMIT :limit OFFSET :offset"
    )


def ranked_rows(
    conn: sqlite3.Connection, parsed: ParsedQuery, limit: int, offset: int, columns: str
) -> list[Sequence[Any]]:
    """`columns` of the best matches in bm25 order (title weighted), filters applied."""
    params: dict[str, Any] = {}
    sql = _on_index_sql(parsed, limit, offset, columns, params)
    if sql is not None:
        rows = conn.execute(sql, params).fetchall()
        if not _over_fetch_ran_out(len(rows), rows[0][0] if rows else None, params):
            return [r[1:] for r in rows]
    params = {}
    return conn.execute(_with_join_sql(parsed, limit, offset, columns, params), params).fetchall()


def ranked_ids(conn: sqlite3.Connection, parsed: ParsedQuery, limit: int, offset: int) -> list[int]:
    """Ids of the best matches in bm25 order, filters applied, without building rows."""
    return [int(r[0]) for r in ranked_rows(conn, parsed, limit, offset, "a.id")]


def ranked_ids_packed(
    conn: sqlite3.Connection, parsed: ParsedQuery, limit: int, offset: int
) -> bytes:
    """ranked_ids as native 8-byte ints in one buffer (app.storage.packed_ids)."""
    params: dict[str, Any] = {}
    sql = _on_index_sql(parsed, limit, offset, "a.id AS id", params)
    if sql is not None:
        sql += " LIMIT -1"  # keeps the order for group_concat (see packed_ids.packed_sql)
        row = conn.execute(
            f"SELECT max(ranked), count(*), {hex_concat('id')} FROM ({sql})",
            params,
        ).fetchone()
        if not _over_fetch_ran_out(row[1], row[0], params):
            return unhex(row[2])
    params = {}
    return fetch_packed(conn, _with_join_sql(parsed, limit, offset, "a.id AS id", params), params)


def search_records(
    conn: sqlite3.Connection, parsed: ParsedQuery, limit: int, offset: int = 0
) -> list[ArticleRecord]:
    """Ranked records (needs parsed.fts), each with a snippet of its body.

    The bodies come with the page's rows, read after ranking and only for them; body_text
    is stored after every list column (migration 0003), so the list columns never walk it.
    """
    rows = ranked_rows(conn, parsed, limit, offset, RECORD_COLUMNS + SNIPPET_SOURCE)
    terms = parsed.terms
    return [row_to_record(r, snippet=snippet_from_utf8(r[-1] or b"", terms)) for r in rows]
