"""When the library cannot be opened: restore the newest backup, open another library, or quit.

The dialog only decides; `resolve_unusable_library` carries the choice out through the
backups service. The damaged file is never written: a restore first keeps it aside as is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import BroadsheetError
from app.services import backups
from app.ui.plain_text import plain_label

log = logging.getLogger(__name__)

RESTORE, OPEN_OTHER, QUIT = "restore", "open-other", "quit"


def _plain_label(text: str, parent: QWidget) -> QLabel:
    # File names and messages are shown as typed, never as rich text.
    label = plain_label(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DamagedLibraryDialog(QDialog):
    """Says what is wrong with the library file and offers the three ways on.

    After `exec()`, `choice` is RESTORE, OPEN_OTHER (with `chosen_folder`) or QUIT.
    """

    def __init__(
        self,
        problem: str,
        newest_backup: str | None,
        parent: QWidget | None = None,
        *,
        choose_folder: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damaged_library_dialog")
        self.setWindowTitle("Cannot open the library")
        self.choice = QUIT
        self.chosen_folder: Path | None = None
        self._choose_folder = choose_folder or self._ask_for_folder
        self.problem_label = _plain_label(problem, self)
        if newest_backup:
            backup_text = f"The newest backup is {newest_backup}."
        else:
            backup_text = "There is no backup of this library yet."
        self.backup_label = _plain_label(
            backup_text + " The damaged file is kept as it is either way.", self
        )
        self.restore_button = QPushButton("Restore the newest backup", self)
        self.restore_button.setEnabled(bool(newest_backup))
        self.open_button = QPushButton("Open another library…", self)
        self.quit_button = QPushButton("Quit", self)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        self.setMinimumWidth(560)
        heading = plain_label("Broadsheet cannot open this library.", self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(heading)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.backup_label)
        layout.addLayout(buttons)
        (self.restore_button if newest_backup else self.open_button).setDefault(True)

    def _ask_for_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Open another library")

    def _on_restore_clicked(self) -> None:
        self.choice = RESTORE
        self.accept()

    def _on_open_clicked(self) -> None:
        folder = self._choose_folder()
        if not folder:
            return  # the folder picker was cancelled: stay in the dialog
        self.choice = OPEN_OTHER
        self.chosen_folder = Path(folder)
        self.accept()

    def reject(self) -> None:
        self.choice = QUIT
        super().reject()


def resolve_unusable_library(
    parent: QWidget | None,
    data_dir: Path,
    error: BaseException,
    *,
    make_dialog: Callable[[str, str | None], DamagedLibraryDialog] | None = None,
) -> Path | None:
    """Ask what to do about a library that failed to open; returns the folder to open next
    (the same one after a restore), or None to quit."""
    problem = str(getattr(error, "problem", error))
    newest = getattr(error, "newest_backup", None)
    build = make_dialog or (lambda p, n: DamagedLibraryDialog(p, n, parent))
    while True:
        dialog = build(problem, newest)
        dialog.exec()
        if dialog.choice == OPEN_OTHER:
            return dialog.chosen_folder
        if dialog.choice != RESTORE or newest is None:
            return None
        try:
            aside = backups.restore(data_dir, Path(newest))
        except (BroadsheetError, OSError) as exc:
            log.warning("restore failed: %s", exc)
            box = QMessageBox(QMessageBox.Icon.Warning, "Restore failed", str(exc))
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()
            continue
        log.info("restored %s from %s; the damaged file is kept as %s", data_dir, newest, aside)
        return data_dir
