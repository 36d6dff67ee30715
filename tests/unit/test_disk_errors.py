"""Disk full and permission errors while saving or importing: one clear error, nothing half
written (no article without its files, no partial import batch, no temp files left)."""

from __future__ import annotations

import csv
import errno
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.domain.errors import LibraryError
from app.services import importing
from app.services.library import Library
from app.storage import assets as assets_module
from tests.e2e.crash_harness import PNG


def _page_with_image(tmp: Path) -> Path:
    (tmp / "figure.png").write_bytes(PNG + b"unique")
    page = tmp / "page.html"
    page.write_text(
        "<html><head><title>With a figure</title></head><body><article><h1>With a figure</h1>"
        "<p>Some text that extraction keeps, long enough to count as an article.</p>"
        '<p><img src="figure.png" alt="figure"></p><p>More words after the figure.</p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    return page


def _no_temp_files(data: Path) -> bool:
    return not list((data / "assets").rglob(".tmp-*"))


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")],
)
def test_a_failing_file_store_saves_nothing(
    code: int, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "lib"
    page = _page_with_image(tmp_path)
    with Library.open(data) as lib:

        def full(_fd: int) -> None:
            raise OSError(code, words)

        monkeypatch.setattr(assets_module.os, "fsync", full)
        with pytest.raises(LibraryError, match=words) as caught:
            lib.add_file(page)
        assert "\n" not in str(caught.value)
        monkeypatch.undo()
        assert lib.count() == 0
        assert _no_temp_files(data)
        assert lib.doctor().ok
        # Once there is room again the same save works.
        assert lib.add_file(page).created


def _big_import(tmp: Path, items: int) -> Path:
    path = tmp / "pocket.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "url", "time_added", "cursor", "tags", "status"])
        for n in range(items):
            title = f"Item {n} " + "long title words " * 20
            writer.writerow([title, f"https://full.example/{n}", 1_600_000_000, n, "a|b", "unread"])
    return path


def test_a_full_database_stops_an_import_between_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "lib"
    monkeypatch.setattr(importing, "BATCH", 100)
    with Library.open(data) as lib:
        lib.set_backup_keep(3)  # the first write (and its daily backup) happens before the cap
        pages = lib.db.engine.connect().exec_driver_sql("PRAGMA page_count").scalar_one()

        # SQLite's own "database or disk is full": cap the file a little above its size.
        def cap(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 60}")

        lib.db.engine.dispose()
        event.listen(lib.db.engine, "connect", cap)
        with pytest.raises(LibraryError, match="database or disk is full") as caught:
            lib.import_file(_big_import(tmp_path, 1200), "pocket-csv")
        assert str(lib.path) in str(caught.value)
        imported = lib.count()
        # Whole batches only: the batch that hit the wall was rolled back.
        assert imported % 100 == 0 and imported < 1200
        event.remove(lib.db.engine, "connect", cap)
        lib.db.engine.dispose()
        assert lib.doctor().ok
        # With room again, re-running the import completes it without duplicates.
        lib.import_file(_big_import(tmp_path, 1200), "pocket-csv")
        assert lib.count() == 1200
