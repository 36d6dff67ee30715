"""Saved searches: any query kept under a name, counted, edited, deleted, used for export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.errors import InputError, NotFoundError
from app.domain.query import parse_query
from app.storage import articles as article_sql
from app.storage import saved_searches as saved_sql
from app.storage.database import Database

MAX_NAME = 100


@dataclass(frozen=True)
class SavedSearch:
    """A named query; `count` is filled only when asked for (None: not counted or broken)."""

    name: str
    query: str
    count: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "query": self.query, "count": self.count}


def clean_name(name: str) -> str:
    """A saved search's name, trimmed; one line, not empty, at most MAX_NAME characters."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("a saved search needs a name")
    if len(cleaned) > MAX_NAME:
        raise InputError(f"saved search name is too long (the limit is {MAX_NAME} characters)")
    return cleaned


def _check_query(query: str) -> str:
    cleaned = query.strip()
    parse_query(cleaned)  # QuerySyntaxError (an InputError) names the fault
    return cleaned


def list_searches(db: Database) -> list[SavedSearch]:
    """Every saved search, by name."""
    with db.read() as conn:
        return [SavedSearch(n, q) for n, q in saved_sql.list_saved(conn)]


def with_counts(db: Database) -> list[SavedSearch]:
    """Every saved search with the number of articles it finds now (one read snapshot)."""
    out: list[SavedSearch] = []
    with db.read() as conn:
        for name, query in saved_sql.list_saved(conn):
            try:
                parsed = parse_query(query) if query.strip() else None
            except InputError:
                out.append(SavedSearch(name, query, None))
                continue
            if parsed is not None and parsed.is_empty:
                parsed = None
            out.append(SavedSearch(name, query, article_sql.count(conn, parsed)))
    return out


def get(db: Database, name: str) -> SavedSearch:
    """One saved search by name (ignoring case); NotFoundError naming it."""
    with db.read() as conn:
        hit = saved_sql.find(conn, clean_name(name))
    if hit is None:
        raise NotFoundError(f"no saved search {name!r}")
    return SavedSearch(hit[1], hit[2])


def save(db: Database, name: str, query: str, *, replace: bool = False) -> SavedSearch:
    """Save a query under a name; an existing name is an error unless `replace`."""
    name, query = clean_name(name), _check_query(query)
    with db.write() as conn:
        hit = saved_sql.find(conn, name)
        if hit is not None and not replace:
            raise InputError(f"a saved search called {hit[1]!r} exists already")
        if hit is None:
            saved_sql.insert(conn, name, query)
        else:
            saved_sql.update(conn, hit[0], name, query)
    return SavedSearch(name, query)


def edit(
    db: Database, name: str, new_name: str | None = None, query: str | None = None
) -> SavedSearch:
    """Rename a saved search and/or change its query."""
    with db.write() as conn:
        hit = saved_sql.find(conn, clean_name(name))
        if hit is None:
            raise NotFoundError(f"no saved search {name!r}")
        search_id, old_name, old_query = hit
        target = clean_name(new_name) if new_name is not None else old_name
        other = saved_sql.find(conn, target)
        if other is not None and other[0] != search_id:
            raise InputError(f"a saved search called {other[1]!r} exists already")
        new_query = _check_query(query) if query is not None else old_query
        saved_sql.update(conn, search_id, target, new_query)
    return SavedSearch(target, new_query)


def delete(db: Database, name: str) -> None:
    """Remove a saved search; NotFoundError naming it."""
    with db.write() as conn:
        hit = saved_sql.find(conn, clean_name(name))
        if hit is None:
            raise NotFoundError(f"no saved search {name!r}")
        saved_sql.delete(conn, hit[0])
