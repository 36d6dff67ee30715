"""Backups and restore: consistent copies, the current library kept aside, damage handled."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.services import backups
from app.services.library import Library
from app.storage.database import DB_FILENAME


def _library_with(data: Path, tmp: Path, titles: list[str]) -> None:
    with Library.open(data) as lib:
        for n, title in enumerate(titles):
            page = tmp / f"{title}-{n}.md"
            page.write_text(f"# {title}\n\nSome text about {title}.\n", encoding="utf-8")
            lib.add_file(page)


def _titles(data: Path) -> list[str]:
    with Library.open(data) as lib:
        return sorted(r.title for r in lib.list())


def test_backup_then_restore_brings_the_old_library_back(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    _library_with(data, tmp_path, ["alpha"])
    copy = backups.make_backup(data, tmp_path / "copy.sqlite3")
    _library_with(data, tmp_path, ["beta"])
    assert _titles(data) == ["alpha", "beta"]

    aside = backups.restore(data, copy)
    assert _titles(data) == ["alpha"]
    assert aside is not None and aside.is_file()
    assert _titles_of_file(aside, tmp_path) == ["alpha", "beta"]


def _titles_of_file(path: Path, tmp: Path) -> list[str]:
    other = tmp / "inspect"
    other.mkdir(exist_ok=True)
    (other / DB_FILENAME).write_bytes(path.read_bytes())
    return _titles(other)


def test_restore_over_a_damaged_library_keeps_its_bytes(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    _library_with(data, tmp_path, ["alpha"])
    copy = backups.make_backup(data)
    damaged = b"this library was overwritten by accident"
    (data / DB_FILENAME).write_bytes(damaged)
    aside = backups.restore(data, copy)
    assert aside is not None and aside.read_bytes() == damaged
    assert _titles(data) == ["alpha"]


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    _library_with(data, tmp_path, ["alpha"])
    before = (data / DB_FILENAME).read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk")
    for bad in (junk, tmp_path / "missing.sqlite3"):
        with pytest.raises(InputError, match=bad.name):
            backups.restore(data, bad)
    assert (data / DB_FILENAME).read_bytes() == before
    with pytest.raises(InputError, match="already exists"):
        backups.make_backup(data, junk)


def test_daily_backup_once_a_day_with_rotation(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    _library_with(data, tmp_path, ["alpha"])
    # The library's first write already made today's backup.
    assert [p.stem.endswith("-daily") for p in backups.list_backups(data)] == [True]
    assert backups.backup_if_due(data, keep=2) is None  # not due again today
    for _ in range(3):
        backups.make_backup(data, reason="daily")
    backups.rotate(data, keep=2)
    assert len([p for p in backups.list_backups(data) if p.stem.endswith("-daily")]) == 2
