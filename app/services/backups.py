"""Backups with SQLite's online backup API: on demand, daily, before risky changes; restore.

Restoring never needs the current library to be healthy: the damaged file is copied
aside byte for byte first, then replaced by the backup's pages.
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.domain.errors import InputError, LibraryError
from app.storage.database import DB_FILENAME
from app.storage.engine import check_library_file, connect_read_only, copy_database
from app.storage.migrate import KNOWN_REVISIONS, backup_file

log = logging.getLogger(__name__)

DEFAULT_KEEP = 7
AUTO_INTERVAL = timedelta(days=1)
STALE_PART = timedelta(hours=1)
MIN_FREE_AFTER_BACKUP = 512 * 2**20  # bytes the disk keeps free besides the copy
# The copies made before schema migrations ("before-0001", "before-0002", …) are one kind.
MIGRATION_KIND = re.compile(r"-before-\d{4}$")


def backups_dir(data_dir: Path) -> Path:
    """Where a library's backups live."""
    return data_dir / "backups"


def list_backups(data_dir: Path) -> list[Path]:
    """Backups, newest first."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)


def make_backup(data_dir: Path, out: Path | None = None, reason: str = "manual") -> Path:
    """Copy the library (consistently, even while in use) to OUT or the backups folder."""
    db_path = data_dir / DB_FILENAME
    if not db_path.is_file():
        raise InputError(f"{db_path}: there is no library to back up")
    check_library_file(db_path)
    if out is None:
        return backup_file(db_path, backups_dir(data_dir), reason)
    if out.is_dir():
        out = out / f"broadsheet-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"
    if out.exists():
        raise InputError(f"{out}: already exists; choose a new file name")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such folder")
    try:
        copy_database(db_path, out)
    except (sqlite3.Error, OSError) as exc:
        raise LibraryError(f"{out}: backup failed ({exc})") from exc
    return out


def rotate(data_dir: Path, keep: int = DEFAULT_KEEP, reason: str = "daily") -> list[Path]:
    """Delete the oldest automatic backups of one kind beyond `keep`; returns the removed."""
    return _keep_newest([p for p in list_backups(data_dir) if p.stem.endswith("-" + reason)], keep)


def rotate_migration_backups(data_dir: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete the oldest copies made before schema migrations beyond `keep` (all versions
    count as one kind); returns the removed."""
    return _keep_newest([p for p in list_backups(data_dir) if MIGRATION_KIND.search(p.stem)], keep)


def _keep_newest(newest_first: list[Path], keep: int) -> list[Path]:
    removed = newest_first[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _remove_stale_parts(data_dir: Path) -> None:
    """Delete half-made copies a killed process left (an hour old: nobody writes them now)."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return
    cutoff = datetime.now(UTC).timestamp() - STALE_PART.total_seconds()
    for part in folder.glob("*.part"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except OSError:
            continue


def backup_if_due(data_dir: Path, keep: int = DEFAULT_KEEP) -> Path | None:
    """The daily automatic backup: made when the newest daily one is a day old."""
    _remove_stale_parts(data_dir)
    daily = [p for p in list_backups(data_dir) if p.stem.endswith("-daily")]
    if daily:
        newest = datetime.fromtimestamp(daily[0].stat().st_mtime, UTC)
        if datetime.now(UTC) - newest < AUTO_INTERVAL:
            return None
    if not (data_dir / DB_FILENAME).is_file() or not _room_for_a_copy(data_dir):
        return None
    path = make_backup(data_dir, reason="daily")
    rotate(data_dir, keep, "daily")
    return path


def _room_for_a_copy(data_dir: Path) -> bool:
    """Whether an automatic copy leaves the disk with room to spare: at least the library's
    size again after it (a million articles is ~18 GB; filling the disk with a backup would
    stop every later write). When there is not, the copy is skipped with a warning; a
    manual `broadsheet backup` still runs, and fails cleanly if the disk fills."""
    size = (data_dir / DB_FILENAME).stat().st_size
    free = shutil.disk_usage(data_dir).free
    if free >= 2 * size + MIN_FREE_AFTER_BACKUP:
        return True
    log.warning(
        "%s: automatic backup skipped: %d MB free, a copy needs %d MB and should leave as "
        "much again",
        data_dir,
        free // 2**20,
        size // 2**20,
    )
    return False


def backup_before(data_dir: Path, reason: str, keep: int = DEFAULT_KEEP) -> Path | None:
    """An automatic backup before a risky change (purge, tag merge or delete), rotated.

    `reason` names the kind (e.g. "before-purge"); `keep` of each kind are kept.
    """
    if not (data_dir / DB_FILENAME).is_file() or not _room_for_a_copy(data_dir):
        return None
    path = make_backup(data_dir, reason=reason)
    rotate(data_dir, keep, reason)
    log.info("backed up %s before %s", path, reason)
    return path


def newest_backup(data_dir: Path) -> Path | None:
    """The newest usable backup to restore from (copies kept aside by a restore excluded)."""
    for path in list_backups(data_dir):
        if path.stem.endswith("-before-restore"):
            continue
        try:
            _check_backup(path)
        except InputError:
            continue
        return path
    return None


def _check_backup(backup: Path) -> None:
    if not backup.is_file():
        raise InputError(f"{backup}: no such backup file")
    try:
        check_library_file(backup)
    except LibraryError as exc:
        raise InputError(str(exc)) from exc
    conn = connect_read_only(backup)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    if row is None:
        raise InputError(f"{backup}: is not a Broadsheet library backup")
    if row[0] not in KNOWN_REVISIONS:
        raise InputError(f"{backup}: was made by a newer Broadsheet (schema {row[0]})")


def _save_aside(data_dir: Path, db_path: Path) -> Path:
    """Keep the current library before a restore: a consistent copy when it is healthy,
    its bytes as they are (with its WAL) when it is damaged."""
    folder = backups_dir(data_dir)
    try:
        check_library_file(db_path)
    except LibraryError:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"broadsheet-{stamp}-before-restore.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                shutil.copy2(side, target.with_name(target.name + suffix))
        return target
    return backup_file(db_path, folder, "before-restore")


def restore(data_dir: Path, backup: Path) -> Path | None:
    """Replace the library with a backup; the current file is saved aside first.

    Returns where the previous library was saved (None when there was none). The caller
    must not hold the library open.
    """
    _check_backup(backup)
    db_path = data_dir / DB_FILENAME
    data_dir.mkdir(parents=True, exist_ok=True)
    saved_aside = _save_aside(data_dir, db_path) if db_path.exists() else None
    # The backup's pages go to a temporary file first; only then is the library replaced.
    restored = db_path.with_name(db_path.name + ".restoring")
    copy_database(backup, restored, wal=True)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    restored.replace(db_path)
    log.info("restored %s from %s (previous saved as %s)", db_path, backup, saved_aside)
    return saved_aside
