"""SQL for what hangs off an article: asset rows and links, cached summaries, highlights."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, text

from app.storage.dates import to_db, utcnow


def record_asset(
    conn: Connection,
    article_id: int,
    sha256: str,
    mime: str,
    size: int,
    role: str,
    source_url: str | None = None,
) -> None:
    """Point an article at a stored file (the file must already be on disk)."""
    conn.execute(
        text(
            "INSERT INTO asset (sha256, mime, bytes, created) VALUES (:s, :m, :b, :c) "
            "ON CONFLICT(sha256) DO NOTHING"
        ),
        {"s": sha256, "m": mime, "b": size, "c": to_db(utcnow())},
    )
    conn.execute(
        text(
            "INSERT INTO article_asset (article_id, sha256, role, source_url) "
            "VALUES (:a, :s, :r, :u) ON CONFLICT DO UPDATE SET source_url = excluded.source_url"
        ),
        {"a": article_id, "s": sha256, "r": role, "u": source_url},
    )


def drop_asset_links(conn: Connection, article_id: int, roles: tuple[str, ...]) -> None:
    """Forget an article's assets of some roles (before a re-extraction relinks them)."""
    for role in roles:
        conn.execute(
            text("DELETE FROM article_asset WHERE article_id = :a AND role = :r"),
            {"a": article_id, "r": role},
        )


def unreferenced_assets(conn: Connection) -> list[str]:
    """Asset rows no article points at any more."""
    rows = conn.execute(
        text("SELECT sha256 FROM asset WHERE sha256 NOT IN (SELECT sha256 FROM article_asset)")
    )
    return [str(r[0]) for r in rows]


def all_asset_digests(conn: Connection) -> set[str]:
    """Every asset the database knows."""
    return {str(r[0]) for r in conn.execute(text("SELECT sha256 FROM asset"))}


def delete_asset_rows(conn: Connection, digests: list[str]) -> None:
    """Remove asset rows (their files are swept afterwards)."""
    for digest in digests:
        conn.execute(text("DELETE FROM asset WHERE sha256 = :s"), {"s": digest})


def store_summary(
    conn: Connection,
    article_id: int,
    summary_text: str,
    method: str,
    version: str,
    body_hash: str | None,
) -> None:
    """Cache an article's summary (replacing the previous one)."""
    conn.execute(
        text(
            "INSERT INTO summary (article_id, method, version, text, body_hash, created) "
            "VALUES (:a, :m, :v, :t, :h, :c) ON CONFLICT(article_id) DO UPDATE SET "
            "method = excluded.method, version = excluded.version, text = excluded.text, "
            "body_hash = excluded.body_hash, created = excluded.created"
        ),
        {
            "a": article_id,
            "m": method,
            "v": version,
            "t": summary_text,
            "h": body_hash,
            "c": to_db(utcnow()),
        },
    )


def add_highlight(
    conn: Connection,
    article_id: int,
    quote: str,
    *,
    note: str | None = None,
    color: str = "yellow",
    prefix: str = "",
    suffix: str = "",
    position: int | None = None,
    created: datetime | None = None,
    placed: bool | None = None,
    updated: datetime | None = None,
) -> int:
    """Store a highlight; returns its id (placed defaults to "has a position")."""
    result = conn.execute(
        text(
            "INSERT INTO highlight (article_id, quote, note, color, prefix, suffix, position, "
            "created, placed, updated) VALUES (:a, :q, :n, :c, :p, :s, :pos, :cr, :pl, :up)"
        ),
        {
            "a": article_id,
            "q": quote,
            "n": note,
            "c": color,
            "p": prefix,
            "s": suffix,
            "pos": position,
            "cr": to_db(created or utcnow()),
            "pl": (position is not None) if placed is None else placed,
            "up": to_db(updated),
        },
    )
    return int(result.lastrowid or 0)


def highlight_exists(conn: Connection, article_id: int, quote: str) -> bool:
    """Whether an article already has a highlight with this exact quote (import idempotence)."""
    row = conn.execute(
        text("SELECT 1 FROM highlight WHERE article_id = :a AND quote = :q LIMIT 1"),
        {"a": article_id, "q": quote},
    ).first()
    return row is not None
