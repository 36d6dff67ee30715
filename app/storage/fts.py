"""The FTS5 index over articles: integrity checks and rebuilds (DDL lives in migrations)."""

from __future__ import annotations

from sqlalchemy import Connection, text

FTS_TABLE = "article_fts"


def integrity_check(conn: Connection) -> str | None:
    """Run FTS5's own integrity check against the content; None when it passes."""
    try:
        conn.execute(
            text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
        )
    except Exception as exc:  # sqlite reports corruption as a generic DatabaseError
        return str(exc)
    return None


def rebuild(conn: Connection) -> None:
    """Rebuild the whole index from the article table (repairs any drift)."""
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def optimize(conn: Connection) -> None:
    """Merge the index's b-trees (after big imports)."""
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
