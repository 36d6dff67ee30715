"""Checking or backing up the open library must never drop this process's SQLite locks.

Closing a plain file handle on the database drops every POSIX lock the process holds on it;
another process then believes it is alone, checkpoints and deletes the WAL, and the library
is corrupted (found by the two-writer test). These tests fail if any such open creeps back.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import LibraryError
from app.services import backups
from app.services.library import Library
from app.storage.engine import check_library_file

# In another process: switching the journal mode needs the file to itself.
_PROBE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0)
try:
    print(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
except sqlite3.OperationalError as exc:
    print("locked" if "locked" in str(exc) else exc)
"""


def _probe(path: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, check=True
    )
    return run.stdout.strip()


def _open_library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib")
    page = tmp_path / "a.md"
    page.write_text("# A\n\nSome text.\n", encoding="utf-8")
    lib.add_file(page)
    return lib


def test_the_probe_sees_an_open_library_as_busy(tmp_path: Path) -> None:
    with _open_library(tmp_path) as lib:
        assert _probe(lib.path) in ("locked", "wal")


def test_checking_the_open_file_keeps_our_locks(tmp_path: Path) -> None:
    with _open_library(tmp_path) as lib:
        check_library_file(lib.path)
        assert _probe(lib.path) in ("locked", "wal")


def test_backing_up_the_open_library_keeps_our_locks(tmp_path: Path) -> None:
    with _open_library(tmp_path) as lib:
        backups.make_backup(lib.data_dir)
        backups.backup_before(lib.data_dir, "before-test")
        assert _probe(lib.path) in ("locked", "wal")
        assert lib.doctor().ok


def test_a_write_waits_past_the_busy_timeout_for_another_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3
    import threading

    from app.storage import engine

    with _open_library(tmp_path) as lib:
        # A short busy timeout, so the retry (not SQLite's own wait) has to do the waiting.
        monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
        lib.db.engine.dispose()
        holder = sqlite3.connect(lib.path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        release = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
        release.start()
        try:
            lib.mark([1], "read")  # would fail with "database is locked" without the retry
        finally:
            release.join()
            holder.close()
        assert lib.get(1).record.read


def test_a_writer_that_never_finishes_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from app.domain.errors import LibraryError
    from app.storage import database, engine

    with _open_library(tmp_path) as lib:
        monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
        monkeypatch.setattr(database, "WRITE_PATIENCE_S", 0.3)
        lib.db.engine.dispose()
        holder = sqlite3.connect(lib.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(LibraryError, match="another program has been writing"):
                lib.mark([1], "read")
        finally:
            holder.execute("ROLLBACK")
            holder.close()


def test_opening_waits_for_a_library_being_set_up_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holding the write lock while it creates or migrates the library (past
    the busy timeout on a busy disk) makes opening wait, not fail with "database is locked"."""
    from sqlalchemy.exc import OperationalError

    from app.storage import database, migrate

    real_upgrade = migrate.upgrade
    calls = {"n": 0}

    def busy_then_free(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("SELECT 1", {}, Exception("database is locked"))
        return real_upgrade(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate, "upgrade", busy_then_free)
    db = database.Database(tmp_path / "lib")
    try:
        assert calls["n"] == 3
        with db.read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM article").scalar() == 0
    finally:
        db.close()

    def always_broken(*args: object, **kwargs: object) -> object:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    monkeypatch.setattr(migrate, "upgrade", always_broken)
    with pytest.raises(LibraryError, match="disk I/O error"):
        database.Database(tmp_path / "lib")  # other errors are not retried
