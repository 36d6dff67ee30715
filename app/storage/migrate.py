"""Bringing a library file's schema up to date with Alembic, safely.

Alembic is imported only when a migration is needed, so a normal start stays fast.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text

from app.domain.errors import LibraryError
from app.storage.engine import connect_read_only, copy_database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Every revision this code knows, oldest first; a test checks it against Alembic's scripts.
KNOWN_REVISIONS = ("0001", "0002", "0003")
HEAD_REVISION = KNOWN_REVISIONS[-1]


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the file, or None for a new, empty file."""
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            tables = conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type='table'")
            ).scalar_one()
            if tables:
                raise LibraryError(
                    f"{engine.url.database}: is a SQLite database, but not a Broadsheet library"
                )
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def check_schema(db_path: Path) -> None:
    """Refuse, read-only and before any write, a SQLite file that is not a Broadsheet
    library or was written by a newer Broadsheet (an empty database is a new library)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return
    conn = connect_read_only(db_path)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not names:
            return
        if "alembic_version" not in names:
            raise LibraryError(f"{db_path}: is a SQLite database, but not a Broadsheet library")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{db_path}: the library file is damaged ({exc})") from exc
    finally:
        conn.close()
    if row is not None and row[0] not in KNOWN_REVISIONS:
        raise LibraryError(
            f"{db_path}: was written by a newer Broadsheet (schema {row[0]}; this version "
            f"knows up to {HEAD_REVISION}); it was left untouched"
        )


def upgrade_pending(db_path: Path) -> bool:
    """Whether opening this library will migrate it (read-only; False for a new, foreign or
    damaged file: opening says what is wrong with those)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return False
    try:
        conn = connect_read_only(db_path)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] in KNOWN_REVISIONS and row[0] != HEAD_REVISION


def backup_file(db_path: Path, backups_dir: Path, reason: str) -> Path:
    """Copy the library with SQLite's online backup API (consistent even while in use)."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    try:
        copy_database(db_path, target)
    except (sqlite3.Error, OSError) as exc:
        raise LibraryError(f"{db_path}: backup to {target} failed ({exc})") from exc
    return target


def upgrade(engine: Engine, db_path: Path, backups_dir: Path) -> Path | None:
    """Migrate to the newest schema; returns the backup made first, if any.

    A file written by a newer Broadsheet is refused and never touched.
    """
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise LibraryError(
            f"{db_path}: was written by a newer Broadsheet (schema {revision}; this version "
            f"knows up to {HEAD_REVISION}); it was left untouched"
        )
    backup = None
    if revision is not None:
        backup = backup_file(db_path, backups_dir, f"before-{HEAD_REVISION}")
        log.info("backed up %s to %s before migrating", db_path, backup)

    run_alembic(engine, "upgrade", "head")
    return backup


def run_alembic(engine: Engine, action: str, revision: str) -> None:
    """Run Alembic's `upgrade` or `downgrade` to `revision` in one transaction."""
    from alembic import command
    from alembic.config import Config

    step = {"upgrade": command.upgrade, "downgrade": command.downgrade}[action]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        # Foreign keys off for the whole run (SQLite ignores the PRAGMA inside a
        # transaction, so it goes to the driver before BEGIN): a migration that rebuilds a
        # table (0003) drops the old one, which would otherwise cascade into its children.
        # Each such migration checks PRAGMA foreign_key_check before the commit.
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        dbapi.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                step(config, revision)
        finally:
            dbapi.execute("PRAGMA foreign_keys = ON")
