"""SQL for saved searches: a name and a query, listed in the sidebar."""

from __future__ import annotations

from sqlalchemy import Connection, text

from app.storage.dates import to_db, utcnow


def list_saved(conn: Connection) -> list[tuple[str, str]]:
    """(name, query) of every saved search, by name."""
    rows = conn.execute(text("SELECT name, query FROM saved_search ORDER BY name COLLATE NOCASE"))
    return [(str(r[0]), str(r[1])) for r in rows]


def find(conn: Connection, name: str) -> tuple[int, str, str] | None:
    """(id, stored name, query) of a saved search, matched ignoring case."""
    for row in conn.execute(text("SELECT id, name, query FROM saved_search")):
        if str(row[1]).casefold() == name.casefold():
            return int(row[0]), str(row[1]), str(row[2])
    return None


def insert(conn: Connection, name: str, query: str) -> None:
    """Store a new saved search."""
    conn.execute(
        text("INSERT INTO saved_search (name, query, created) VALUES (:n, :q, :c)"),
        {"n": name, "q": query, "c": to_db(utcnow())},
    )


def update(conn: Connection, search_id: int, name: str, query: str) -> None:
    """Change a saved search's name and query."""
    conn.execute(
        text("UPDATE saved_search SET name = :n, query = :q WHERE id = :i"),
        {"n": name, "q": query, "i": search_id},
    )


def delete(conn: Connection, search_id: int) -> None:
    """Remove a saved search."""
    conn.execute(text("DELETE FROM saved_search WHERE id = :i"), {"i": search_id})
