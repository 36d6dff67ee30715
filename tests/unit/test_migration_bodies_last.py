"""Migration 0003: a 0002 library rebuilt with the article bodies last keeps every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.services.library import Library
from app.storage import articles as article_sql
from app.storage import content as content_sql
from app.storage import fts, migrate
from app.storage import tags as tag_sql
from app.storage.database import DB_FILENAME, Database
from app.storage.dates import utcnow
from app.storage.engine import make_engine

TABLES = ("article", "article_tag", "tag", "highlight", "summary", "asset", "article_asset")


def _library_at(data_dir: Path, revision: str) -> None:
    """Create a library file migrated only up to `revision`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(data_dir / DB_FILENAME)
    try:
        migrate.run_alembic(engine, "upgrade", revision)
    finally:
        engine.dispose()


def _fill(data_dir: Path) -> None:
    """Articles with long bodies, tags, highlights, summaries, assets and one in the trash."""
    engine = make_engine(data_dir / DB_FILENAME)
    try:
        with engine.begin() as conn:
            ids = []
            for n in range(12):
                body = f"paragraph {n} about zephyrword{n} and the common lighthouse. " * 300
                ids.append(
                    article_sql.insert_article(
                        conn,
                        {
                            "given_url": f"https://example.com/{n}",
                            "url_key": f"https://example.com/{n}",
                            "title": f"Title {n}",
                            "title_key": f"title {n}",
                            "author": "Ann" if n % 2 else None,
                            "site": "Example",
                            "host": "example.com",
                            "saved": utcnow(),
                            "published": utcnow() if n % 3 else None,
                            "excerpt": f"excerpt {n}",
                            "note": f"note {n}" if n % 4 == 0 else None,
                            "word_count": 2400 + n,
                            "reading_minutes": 10,
                            "body_text": body,
                            "body_markdown": f"# Title {n}\n\n{body}",
                            "fetch_status": "failed" if n == 5 else "done",
                            "fetch_error": "timeout" if n == 5 else None,
                            "fetch_attempts": 2 if n == 5 else 0,
                        },
                    )
                )
            tag_ids = tag_sql.ensure_tags(conn, ["science/physics", "reading", "work"])
            tag_sql.link(conn, ids[:6], [tag_ids["science/physics"]])
            tag_sql.link(conn, ids[3:9], [tag_ids["reading"], tag_ids["work"]])
            for article_id in ids[:4]:
                content_sql.add_highlight(
                    conn, article_id, "common lighthouse", note="a note", position=10
                )
                content_sql.store_summary(conn, article_id, "short.", "lexrank", "1", "h")
                content_sql.record_asset(conn, article_id, "ab" * 32, "image/png", 10, "image")
            article_sql.set_flag(conn, ids[1:3], "read", True)
            article_sql.set_flag(conn, ids[2:4], "favorite", True)
            article_sql.set_trashed(conn, [ids[7]], True)
    finally:
        engine.dispose()


def _dump(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as column-name dicts in id order (column order ignored)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {
            table: [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
            for table in TABLES
        }
    finally:
        conn.close()


def _columns(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [str(r[1]) for r in conn.execute("PRAGMA table_info(article)")]
    finally:
        conn.close()


def _schema_objects(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        return {(str(r[0]), str(r[1])) for r in rows}
    finally:
        conn.close()


def test_new_library_stores_the_bodies_last(data_dir: Path) -> None:
    Database(data_dir).close()
    assert _columns(data_dir / DB_FILENAME)[-2:] == ["body_text", "body_markdown"]


def test_models_declare_the_columns_in_the_migrated_order(data_dir: Path) -> None:
    from app.storage.models import Article

    Database(data_dir).close()
    assert [c.name for c in Article.__table__.columns] == _columns(data_dir / DB_FILENAME)


def test_upgrade_from_0002_keeps_every_row_and_object(data_dir: Path) -> None:
    _library_at(data_dir, "0002")
    _fill(data_dir)
    path = data_dir / DB_FILENAME
    before, objects_before = _dump(path), _schema_objects(path)
    assert _columns(path)[-2:] != ["body_text", "body_markdown"]

    db = Database(data_dir)
    try:
        assert migrate.current_revision(db.engine) == "0003"
        assert db.last_migration_backup is not None and db.last_migration_backup.is_file()
        with db.write() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            assert fts.integrity_check(conn) is None
    finally:
        db.close()
    assert _columns(path)[-2:] == ["body_text", "body_markdown"]
    assert _dump(path) == before
    assert _schema_objects(path) == objects_before

    library = Library.open(data_dir)
    try:
        report = library.doctor()  # the asset rows have no files here, on purpose
        assert (report.sqlite_integrity, report.fts_integrity) == ("ok", "ok")
        found = library.search("zephyrword3")
        assert [r.title for r in found.items] == ["Title 3"]
        assert {r.title for r in library.search("tag:reading").items} == {
            f"Title {n}" for n in (3, 4, 5, 6, 8)
        }
        # The triggers came back: a new tag and a deleted article still reach FTS and children.
        victim = found.items[0].id
        with library.db.write() as conn:
            tag_sql.link(conn, [victim], tag_sql.ensure_tags(conn, ["fresh"]).values())
        assert [r.id for r in library.search("fresh").items] == [victim]
        with library.db.write() as conn:
            article_sql.delete_articles(conn, [victim])
            left = conn.execute(
                text("SELECT count(*) FROM highlight WHERE article_id = :a"), {"a": victim}
            ).scalar_one()
        assert left == 0  # ON DELETE CASCADE still holds after the rebuild
        assert library.search("zephyrword3").items == ()
        report = library.doctor()
        assert (report.sqlite_integrity, report.fts_integrity) == ("ok", "ok")
    finally:
        library.close()


def test_downgrade_restores_the_0002_order(data_dir: Path) -> None:
    _library_at(data_dir, "0002")
    _fill(data_dir)
    path = data_dir / DB_FILENAME
    columns_0002, before = _columns(path), _dump(path)
    Database(data_dir).close()

    engine = make_engine(path)
    try:
        migrate.run_alembic(engine, "downgrade", "0002")
    finally:
        engine.dispose()
    assert _columns(path) == columns_0002
    assert _dump(path) == before
