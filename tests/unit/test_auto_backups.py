"""Automatic backups: daily on the first write, before purges and tag merges/deletes, rotated."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.services import backups
from app.services.library import Library


def _add(lib: Library, tmp: Path, title: str) -> int:
    page = tmp / f"{title}.md"
    page.write_text(f"# {title}\n\nSome text about {title}.\n", encoding="utf-8")
    return lib.add_file(page).article_id


def _kinds(data: Path) -> list[str]:
    return sorted(p.stem.rsplit("-", 1)[-1] for p in backups.list_backups(data))


def _age(path: Path, days: float) -> None:
    stamp = time.time() - days * 86400
    os.utime(path, (stamp, stamp))


def test_first_write_of_the_day_makes_one_daily_backup(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        _add(lib, tmp_path, "alpha")
    with Library.open(data) as lib:
        _add(lib, tmp_path, "beta")
        lib.mark([1], "read")
    daily = [p for p in backups.list_backups(data) if p.stem.endswith("-daily")]
    # The second process found a backup younger than a day and made none.
    assert len(daily) == 1
    assert daily[0].parent == data / "backups"


def test_a_day_old_backup_is_followed_by_a_new_one_and_rotation_keeps_n(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        _add(lib, tmp_path, "alpha")
        lib.set_backup_keep(3)
    for round_ in range(5):
        for path in backups.list_backups(data):
            _age(path, 1.5 + round_)
        with Library.open(data) as lib:
            _add(lib, tmp_path, f"item{round_}")
    daily = [p for p in backups.list_backups(data) if p.stem.endswith("-daily")]
    assert len(daily) == 3
    # The newest survived: it holds every article but the last one added after it.
    newest = daily[0]
    assert newest.stat().st_mtime == max(p.stat().st_mtime for p in daily)


def test_purge_and_tag_merge_and_delete_back_up_first(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        first = _add(lib, tmp_path, "alpha")
        second = _add(lib, tmp_path, "beta")
        lib.add_tags([first], ["one", "two"])
        lib.add_tags([second], ["three"])
        lib.merge_tags(["one"], "two")
        lib.delete_tag("three")
        lib.mark([first], "trash")
        assert lib.empty_trash() == 1
    kinds = [p.stem for p in backups.list_backups(data)]
    assert any(k.endswith("before-purge") for k in kinds)
    assert any(k.endswith("before-tag-merge") for k in kinds)
    assert any(k.endswith("before-tag-delete") for k in kinds)
    # The purge backup still holds the purged article.
    purge_copy = next(p for p in backups.list_backups(data) if p.stem.endswith("before-purge"))
    check = tmp_path / "check"
    backups.restore(check, purge_copy)
    with Library.open(check) as lib:
        assert "alpha" in [r.title for r in lib.list("is:trashed")]


def test_backup_keep_setting_is_checked_and_persisted(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        assert lib.backup_keep() == 7
        lib.set_backup_keep(2)
        for bad in (0, -1, 366, True):
            with pytest.raises(InputError):
                lib.set_backup_keep(bad)  # type: ignore[arg-type]
    with Library.open(data) as lib:
        assert lib.backup_keep() == 2


def test_purge_rotation_keeps_n_of_that_kind(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        lib.set_backup_keep(2)
        for n in range(4):
            article = _add(lib, tmp_path, f"gone{n}")
            lib.mark([article], "trash")
            lib.empty_trash()
    purges = [p for p in backups.list_backups(data) if p.stem.endswith("before-purge")]
    assert len(purges) == 2


def test_a_failing_daily_backup_does_not_stop_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "backup_if_due", broken)
    with Library.open(tmp_path / "lib") as lib:
        _add(lib, tmp_path, "alpha")
        assert lib.count() == 1


def test_half_made_copies_left_by_a_kill_are_swept(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    folder = backups.backups_dir(data)
    folder.mkdir(parents=True)
    stale = folder / "broadsheet-20250101-000000-000000-daily.sqlite3.part"
    fresh = folder / "broadsheet-20250101-000001-000000-purge.sqlite3.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    _age(stale, 0.5)
    with Library.open(data) as lib:
        _add(lib, tmp_path, "alpha")
    assert not stale.exists() and fresh.exists()


def test_backups_before_migrations_are_rotated_with_the_keep_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import alembic.command

    from app.storage import migrate

    data = tmp_path / "lib"
    with Library.open(data) as lib:
        _add(lib, tmp_path, "alpha")
        lib.set_backup_keep(2)
    manual = backups.make_backup(data, reason="manual")
    # Copies left by earlier migrations (two schema versions), oldest first.
    older = [backups.make_backup(data, reason=f"before-000{1 + n % 2}") for n in range(4)]
    for age, path in enumerate(reversed(older)):
        _age(path, 10 + age)
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*migrate.KNOWN_REVISIONS, "9000"))
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9000")
    monkeypatch.setattr(alembic.command, "upgrade", lambda *_args, **_kwargs: None)
    with Library.open(data) as lib:
        made = lib.db.last_migration_backup
    migration = [p for p in backups.list_backups(data) if backups.MIGRATION_KIND.search(p.stem)]
    assert made is not None and migration == [made, older[-1]]
    assert manual.exists()


def test_a_new_library_makes_no_empty_daily_backup(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        lib.set_backup_keep(3)  # a write, but there is nothing to keep yet
        assert backups.list_backups(data) == []
        _add(lib, tmp_path, "alpha")
        _add(lib, tmp_path, "beta")
    daily = [p for p in backups.list_backups(data) if p.stem.endswith("-daily")]
    assert len(daily) == 1
    # It was made on the first write after content existed: it is not an empty copy.
    check = tmp_path / "check"
    backups.restore(check, daily[0])
    with Library.open(check) as lib:
        assert "alpha" in [r.title for r in lib.list(None)]


def test_automatic_backups_never_fill_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        _add(lib, tmp_path, "alpha")
    for old in backups.list_backups(data):
        old.unlink()
    size = (data / "broadsheet.sqlite3").stat().st_size
    tight = backups.shutil.disk_usage(data)._replace(free=2 * size)  # less than copy + margin
    monkeypatch.setattr(backups.shutil, "disk_usage", lambda _path: tight)
    with Library.open(data) as lib:
        _add(lib, tmp_path, "beta")  # the first write of the day: no room, no copy
        lib.mark([1, 2], "trash")
        assert lib.purge([1]) == 1  # nor before a purge; the purge itself still happens
    assert backups.list_backups(data) == []
    assert "automatic backup skipped" in caplog.text
    monkeypatch.undo()
    assert backups.backup_if_due(data) is not None  # room again: the daily copy is made
