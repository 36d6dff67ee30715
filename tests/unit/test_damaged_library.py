"""A library that cannot be opened: one clear error naming the file, how to restore, and the
file left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.errors import LibraryOpenError
from app.services import backups
from app.services.library import Library
from app.storage import engine
from app.storage.database import DB_FILENAME


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _healthy(data: Path, tmp: Path, articles: int = 1) -> Path:
    with Library.open(data) as lib:
        for n in range(articles):
            page = tmp / f"page{n}.md"
            page.write_text(f"# Page {n}\n\n" + "Some words to keep. " * 200, encoding="utf-8")
            lib.add_file(page)
    return data / DB_FILENAME


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    # Keep the header, scribble over the schema page and the rest.
    for offset in range(100, len(data), 7):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"<html>I am a web page, not a library</html>\n" * 50)


def _foreign_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other(x)")
    conn.execute("INSERT INTO other VALUES (1)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "corrupt": (_corrupt, "damaged|not a SQLite"),
    "truncated": (_truncate, "damaged"),
    "not sqlite": (_not_sqlite, "not a SQLite database"),
    "foreign sqlite": (_foreign_sqlite, "not a Broadsheet library"),
    "newer": (_newer, "newer Broadsheet"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_unusable_library_is_refused_untouched(kind: str, tmp_path: Path) -> None:
    data = tmp_path / "lib"
    path = _healthy(data, tmp_path, articles=40)
    kept = backups.make_backup(data)
    damage, expected = DAMAGE[kind]
    damage(path)
    before = _digest(path)
    with pytest.raises(LibraryOpenError, match=expected) as caught:
        Library.open(data)
    message = str(caught.value)
    assert str(path) in message and "broadsheet restore" in message
    assert "\n" not in message
    assert _digest(path) == before
    # A read-only SQLite look at a WAL file may leave an empty -wal beside it, never pages.
    wal = data / (DB_FILENAME + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # The newest backup is offered, and restoring it brings the articles back.
    assert caught.value.newest_backup == str(kept) == str(backups.newest_backup(data))
    backups.restore(data, kept)
    with Library.open(data) as lib:
        assert lib.count() == 40


def test_read_only_file_is_refused_untouched(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    path = _healthy(data, tmp_path)
    before = _digest(path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(LibraryOpenError, match="read-only"):
            Library.open(data)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert _digest(path) == before


def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    _healthy(data, tmp_path)
    data.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(LibraryOpenError, match=r"folder .* is read-only"):
            Library.open(data)
    finally:
        data.chmod(stat.S_IRWXU)


def test_locked_library_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "lib"
    path = _healthy(data, tmp_path)
    monkeypatch.setattr(engine, "OPEN_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO setting(key, value) VALUES ('holder', '1')")
        before = _digest(path)
        with pytest.raises(LibraryOpenError, match="locked by another program"):
            Library.open(data)
        assert _digest(path) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_no_backup_still_names_the_restore_command(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    data.mkdir()
    _not_sqlite(data / DB_FILENAME)
    with pytest.raises(LibraryOpenError, match=r"broadsheet restore BACKUP") as caught:
        Library.open(data)
    assert caught.value.newest_backup is None
    assert os.listdir(data) == [DB_FILENAME]
