"""Compiling a parsed query's filters into a safe SQL WHERE clause with bound parameters."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from app.domain.query import (
    AndFilter,
    DateFilter,
    Filter,
    LangFilter,
    NotFilter,
    OrFilter,
    SiteFilter,
    StateFilter,
    TagFilter,
    TextMatch,
)
from app.domain.tags import tag_key
from app.storage.dates import to_db

_STATE_SQL = {
    "unread": "a.read = 0",
    "read": "a.read = 1",
    "favorite": "a.favorite = 1",
    "archived": "a.archived = 1",
    "trashed": "a.trashed_at IS NOT NULL",
}


def key_range_end(key: str) -> str:
    """The smallest string greater than every string starting with `key`."""
    return key[:-1] + chr(ord(key[-1]) + 1) if key else "\U0010ffff"


def tag_ids_sql(path: str, prefix: bool, params: dict[str, Any]) -> str:
    """SQL selecting ids of tags matching a tag filter: the tag and its subtree, or a prefix."""
    key = tag_key(path) if path else ""
    n = len(params)
    params[f"k{n}"] = key
    if prefix and not key:
        return "SELECT id FROM tag"
    if prefix:
        params[f"e{n}"] = key_range_end(key)
        return f"SELECT id FROM tag WHERE key >= :k{n} AND key < :e{n}"
    # Children are "key/…": the range ["key/", "key0") holds exactly them ('0' follows '/').
    params[f"c{n}"] = key + "/"
    params[f"e{n}"] = key + "0"
    return f"SELECT id FROM tag WHERE key = :k{n} OR (key >= :c{n} AND key < :e{n})"


def compile_filter(node: Filter, params: dict[str, Any]) -> str:
    """SQL for one filter node over the article alias `a`; params are filled in."""
    n = len(params)
    if isinstance(node, TextMatch):
        params[f"m{n}"] = node.fts
        return f"a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :m{n})"
    if isinstance(node, TagFilter):
        ids = tag_ids_sql(node.path, node.prefix, params)
        return f"a.id IN (SELECT article_id FROM article_tag WHERE tag_id IN ({ids}))"
    if isinstance(node, SiteFilter):
        host = node.host.lower().removeprefix("www.")
        params[f"h{n}"] = host
        params[f"s{n}"] = "%." + host
        return f"(a.host = :h{n} OR a.host LIKE :s{n})"
    if isinstance(node, StateFilter):
        return _STATE_SQL[node.state]
    if isinstance(node, DateFilter):
        if node.op == "before":
            params[f"d{n}"] = to_db(datetime.combine(node.day, time.min))
            return f"a.saved < :d{n}"
        params[f"d{n}"] = to_db(datetime.combine(node.day + timedelta(days=1), time.min))
        return f"a.saved >= :d{n}"
    if isinstance(node, LangFilter):
        params[f"l{n}"] = node.lang.lower()
        params[f"lp{n}"] = node.lang.lower() + "-%"
        return f"(lower(a.language) = :l{n} OR lower(a.language) LIKE :lp{n})"
    if isinstance(node, NotFilter):
        # coalesce: a NULL column (no language, no host) must count as "not matching".
        return f"NOT coalesce(({compile_filter(node.child, params)}), 0)"
    if isinstance(node, AndFilter):
        return "(" + " AND ".join(compile_filter(c, params) for c in node.children) + ")"
    if isinstance(node, OrFilter):
        return "(" + " OR ".join(compile_filter(c, params) for c in node.children) + ")"
    raise TypeError(f"unknown filter node {node!r}")
