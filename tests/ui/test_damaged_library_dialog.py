"""The damaged-library dialog: restore the newest backup, open another library, or quit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.errors import LibraryOpenError
from app.services import backups
from app.services.library import Library
from app.storage.database import DB_FILENAME
from app.ui.dialogs.damaged_library import (
    OPEN_OTHER,
    QUIT,
    RESTORE,
    DamagedLibraryDialog,
    resolve_unusable_library,
)
from app.ui.main_window import MainWindow

HOSTILE = "<b>bold</b><img src=x onerror=alert(1)>"


def _damaged_library(tmp_path: Path) -> tuple[Path, LibraryOpenError, str]:
    data = tmp_path / "lib"
    with Library.open(data) as lib:
        page = tmp_path / "page.md"
        page.write_text("# Kept article\n\nWords worth keeping.\n", encoding="utf-8")
        lib.add_file(page)
    backups.make_backup(data)
    (data / DB_FILENAME).write_bytes(b"scribbled over " * 100)
    digest = hashlib.sha256((data / DB_FILENAME).read_bytes()).hexdigest()
    with pytest.raises(LibraryOpenError) as caught:
        Library.open(data)
    return data, caught.value, digest


def _auto(button: str, folder: str = "") -> Callable[[str, str | None], DamagedLibraryDialog]:
    """A dialog that, instead of waiting for a person, clicks one of its buttons."""

    class Clicking(DamagedLibraryDialog):
        def exec(self) -> int:
            getattr(self, button).click()
            return 0

    return lambda problem, newest: Clicking(problem, newest, choose_folder=lambda: folder)


def test_dialog_shows_the_problem_as_plain_text(qtbot: QtBot) -> None:
    dialog = DamagedLibraryDialog(f"/x/{HOSTILE}: is damaged", None)
    qtbot.addWidget(dialog)
    assert dialog.problem_label.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in dialog.problem_label.text()
    assert not dialog.restore_button.isEnabled()  # no backup to restore
    dialog.quit_button.click()
    assert dialog.choice == QUIT


def test_open_another_asks_for_a_folder_and_a_cancelled_picker_stays(qtbot: QtBot) -> None:
    answers = iter(["", "/some/other/library"])
    dialog = DamagedLibraryDialog("bad", "/b.sqlite3", choose_folder=lambda: next(answers))
    qtbot.addWidget(dialog)
    dialog.open_button.click()
    assert dialog.choice == QUIT and dialog.chosen_folder is None  # cancelled: still open
    dialog.open_button.click()
    assert dialog.choice == OPEN_OTHER and dialog.chosen_folder == Path("/some/other/library")
    dialog.restore_button.click()
    assert dialog.choice == RESTORE


def test_restore_brings_back_the_backup_and_keeps_the_damaged_bytes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data, error, digest = _damaged_library(tmp_path)
    assert error.newest_backup is not None
    chosen = resolve_unusable_library(None, data, error, make_dialog=_auto("restore_button"))
    assert chosen == data
    with Library.open(data) as lib:
        assert [r.title for r in lib.list()] == ["Kept article"]
    aside = [p for p in backups.list_backups(data) if p.stem.endswith("before-restore")]
    assert len(aside) == 1
    assert hashlib.sha256(aside[0].read_bytes()).hexdigest() == digest


def test_open_other_and_quit_leave_the_damaged_file_alone(qtbot: QtBot, tmp_path: Path) -> None:
    data, error, digest = _damaged_library(tmp_path)
    other = str(tmp_path / "other")
    chosen = resolve_unusable_library(None, data, error, make_dialog=_auto("open_button", other))
    assert chosen == Path(other)
    assert resolve_unusable_library(None, data, error, make_dialog=_auto("quit_button")) is None
    assert hashlib.sha256((data / DB_FILENAME).read_bytes()).hexdigest() == digest


def test_window_reports_an_unusable_library(qtbot: QtBot, tmp_path: Path) -> None:
    data, _, digest = _damaged_library(tmp_path)
    window = MainWindow(data, theme="light")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.library_failed, timeout=20_000) as signal:
        window.show()
    error = signal.args[0]
    assert isinstance(error, LibraryOpenError)
    assert str(data / DB_FILENAME) in error.problem
    assert hashlib.sha256((data / DB_FILENAME).read_bytes()).hexdigest() == digest
