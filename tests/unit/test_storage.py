"""Storage: migrations, refusal of bad files, and the FTS index staying in sync."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.domain.errors import LibraryError
from app.storage import articles as article_sql
from app.storage import fts, migrate
from app.storage import tags as tag_sql
from app.storage.database import DB_FILENAME, Database
from app.storage.dates import utcnow


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _insert(db: Database, title: str, body: str) -> int:
    with db.write() as conn:
        return article_sql.insert_article(
            conn,
            {
                "given_url": f"https://example.com/{title}",
                "url_key": f"https://example.com/{title}",
                "title": title,
                "title_key": title.casefold(),
                "saved": utcnow(),
                "body_text": body,
                "body_markdown": body,
            },
        )


def _fts_ids(db: Database, term: str) -> set[int]:
    with db.read() as conn:
        rows = conn.execute(
            text("SELECT rowid FROM article_fts WHERE article_fts MATCH :q"), {"q": f'"{term}"'}
        )
        return {int(r[0]) for r in rows}


def test_new_library_is_migrated_to_head(data_dir: Path) -> None:
    db = Database(data_dir)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        with db.read() as conn:
            mode = conn.execute(text("PRAGMA journal_mode")).scalar_one()
            fk = conn.execute(text("PRAGMA foreign_keys")).scalar_one()
        assert mode == "wal"
        assert fk == 1
    finally:
        db.close()


def test_known_revisions_match_alembic_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == migrate.HEAD_REVISION
    walked = [rev.revision for rev in script.walk_revisions()]
    assert sorted(walked) == sorted(migrate.KNOWN_REVISIONS)


def test_upgrade_backs_up_first(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(data_dir)
    _insert(db, "kept", "a body worth keeping")
    db.close()
    seen: list[list[Path]] = []

    def fake_upgrade(config: object, revision: str) -> None:
        # At the moment the migration would run, the backup must already exist.
        seen.append(sorted((data_dir / "backups").glob("*.sqlite3")))

    import alembic.command

    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*migrate.KNOWN_REVISIONS, "9000"))
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9000")
    monkeypatch.setattr(alembic.command, "upgrade", fake_upgrade)
    Database(data_dir).close()
    assert len(seen) == 1 and len(seen[0]) == 1
    backup = sqlite3.connect(seen[0][0])
    try:
        titles = [r[0] for r in backup.execute("SELECT title FROM article")]
    finally:
        backup.close()
    assert titles == ["kept"]


def test_newer_library_is_refused_untouched(data_dir: Path) -> None:
    Database(data_dir).close()
    path = data_dir / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(path)
    with pytest.raises(LibraryError, match="newer Broadsheet"):
        Database(data_dir)
    assert _digest(path) == before


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all", b"SQLite format 3\x00" + b"\x00" * 40, bytes(range(256))],
)
def test_bad_library_file_is_refused_untouched(data_dir: Path, content: bytes) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / DB_FILENAME
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=str(DB_FILENAME)):
        Database(data_dir)
    assert path.read_bytes() == content


def test_truncated_library_is_refused(data_dir: Path) -> None:
    db = Database(data_dir)
    for n in range(300):
        _insert(db, f"t{n}", "lorem ipsum " * 200)
    db.close()
    path = data_dir / DB_FILENAME
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    truncated = path.read_bytes()
    with pytest.raises(LibraryError, match="damaged"):
        Database(data_dir)
    assert path.read_bytes() == truncated


def test_fts_stays_in_sync_under_random_operations(data_dir: Path) -> None:
    rng = random.Random(20261125)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    db = Database(data_dir)
    expected: dict[int, set[str]] = {}
    tags: dict[int, set[str]] = {}
    try:
        for _step in range(2500):
            op = rng.random()
            ids = list(expected)
            if op < 0.3 or not ids:
                body = set(rng.sample(words, 3))
                new_id = _insert(db, rng.choice(words) + "x", " ".join(body))
                expected[new_id] = body
                tags[new_id] = set()
            elif op < 0.5:
                target = rng.choice(ids)
                body = set(rng.sample(words, 2))
                with db.write() as conn:
                    article_sql.update_article(conn, target, {"body_text": " ".join(body)})
                expected[target] = body
            elif op < 0.7:
                target, tag = rng.choice(ids), "tg" + rng.choice(words)
                with db.write() as conn:
                    tag_ids = tag_sql.ensure_tags(conn, [tag])
                    tag_sql.link(conn, [target], tag_ids.values())
                tags[target].add(tag)
            elif op < 0.8:
                target = rng.choice(ids)
                if tags[target]:
                    tag = rng.choice(sorted(tags[target]))
                    with db.write() as conn:
                        found = tag_sql.find_tag(conn, tag)
                        assert found is not None
                        tag_sql.unlink(conn, [target], [found[0]])
                    tags[target].discard(tag)
            elif op < 0.85:
                target = rng.choice(ids)
                with db.write() as conn:
                    article_sql.set_flag(conn, [target], "read", True)
            else:
                target = rng.choice(ids)
                with db.write() as conn:
                    article_sql.delete_articles(conn, [target])
                del expected[target]
                del tags[target]
        with db.write() as conn:
            assert fts.integrity_check(conn) is None
        for word in words:
            want = {i for i, body in expected.items() if word in body}
            assert _fts_ids(db, word) == want, word
            want_tag = {i for i, t in tags.items() if "tg" + word in t}
            assert _fts_ids(db, "tg" + word) == want_tag
    finally:
        db.close()
