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
from app.storage.engine import copy_database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Every revision this code knows, oldest first; a test checks it against Alembic's scripts.
KNOWN_REVISIONS = ("0001", "0002")
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

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return backup
