"""Opening a library file: safety checks, the SQLAlchemy engine and per-connection PRAGMAs.

SQLite-only SQL lives here and in fts.py, so a PostgreSQL backend can replace both later.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.domain.errors import LibraryError

BUSY_TIMEOUT_MS = 10_000
# How long opening waits for a library another program holds locked (tests shorten it).
OPEN_TIMEOUT_S = BUSY_TIMEOUT_MS / 1000


def connect_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that can never write to the file (SQLite's read-only URI mode)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def check_library_file(path: Path) -> None:
    """Refuse a file that is not a usable SQLite database, without ever writing to it.

    A missing or empty file is fine (it becomes a new library). The file is only ever
    opened through SQLite: closing a plain file handle on a database drops every POSIX lock
    this process holds on it (SQLite's own connections included), after which another
    process may checkpoint and delete the WAL under our feet and corrupt the library.
    """
    if not path.exists():
        return
    if path.is_dir():
        raise LibraryError(f"{path}: is a directory, not a library file")
    try:
        if path.stat().st_size == 0:
            return
    except OSError as exc:
        raise LibraryError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not os.access(path, os.R_OK):
        raise LibraryError(f"{path}: cannot be read (permission denied)")
    try:
        conn = connect_read_only(path, timeout=OPEN_TIMEOUT_S)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "file is not a database" in str(exc):
            raise LibraryError(
                f"{path}: is not a Broadsheet library (not a SQLite database)"
            ) from exc
        if "locked" in str(exc):
            raise LibraryError(
                f"{path}: the library is locked by another program (close it and try again)"
            ) from exc
        raise LibraryError(f"{path}: the library file is damaged ({exc})") from exc


def check_writable(path: Path) -> None:
    """Refuse a read-only library file or folder before anything tries to write to it.

    A file without its owner's write bit counts as read-only even for root: someone made
    it so on purpose.
    """
    folder = path.parent
    if not os.access(folder, os.W_OK) or not folder.stat().st_mode & stat.S_IWUSR:
        raise LibraryError(f"{path}: the library folder {folder} is read-only")
    if path.is_file() and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
        raise LibraryError(f"{path}: the library file is read-only (no write permission)")


def copy_database(source: Path, target: Path, *, wal: bool = False) -> None:
    """Copy a library file page by page with SQLite's online backup API.

    Consistent even while another connection writes; the source is opened read-only; the
    copy is written beside `target` and renamed into place, so `target` is never half
    written. Raises sqlite3.Error or OSError.
    """
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = connect_read_only(source)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            src.backup(dest)
            if wal:
                dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()


def space_in_use(path: Path) -> tuple[int, int]:
    """(bytes the library file takes, bytes of it that are free pages), read-only."""
    conn = connect_read_only(path)
    try:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
    finally:
        conn.close()
    return pages * page_size, free * page_size


def vacuum(path: Path) -> None:
    """Rewrite the library without its free pages (SQLite's VACUUM).

    VACUUM is atomic: when it fails (the disk fills up: it needs about the file's size
    again, in the folder's temp space and the WAL) the library is left as it was. It waits
    for other writers like any write, and holds the write lock while it runs.
    Raises LibraryError with one line naming the cause.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # give the WAL's copy back too
    except sqlite3.Error as exc:
        if "full" in str(exc):
            raise LibraryError(
                f"{path}: not compacted, the disk is full (compacting needs about the "
                "library's size free again); the library is unchanged"
            ) from exc
        raise LibraryError(f"{path}: not compacted ({exc}); the library is unchanged") from exc
    finally:
        conn.close()


def fts5_available() -> bool:
    """Whether this Python's SQLite was built with FTS5."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def sqlite_version() -> str:
    """The SQLite library version in use."""
    return sqlite3.sqlite_version


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Autocommit at the driver level; SQLAlchemy issues BEGIN itself (see _on_begin),
    # which lets us use BEGIN IMMEDIATE and avoid lock upgrades that fail under WAL.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.execute("PRAGMA cache_size = -32000")
    cursor.close()


def _on_begin(conn: Any) -> None:
    # A writing transaction takes the write lock up front (BEGIN IMMEDIATE): one writer at
    # a time, and a second process waits (busy_timeout) instead of failing with
    # "database is locked" when a read lock cannot be upgraded. Readers stay deferred.
    if conn.get_execution_options().get("immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine for the library file with WAL, NORMAL sync, foreign keys and a busy timeout."""
    if read_only:
        url = f"sqlite:///file:{path.resolve()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path}"
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
