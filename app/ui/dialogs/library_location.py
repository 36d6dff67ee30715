"""Preferences' "Library" row: which library folder is open, and switching to another one.

Switching opens the chosen folder's library in a new window (a new, empty library when the
folder has none yet) and closes this one; the folder is remembered as the default, so the next
start and every command without --data-dir use it too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from app.ui.plain_text import plain_label


class LibraryLocationRow(QWidget):
    """The open library's folder and an "Open another library…" button.

    Signals:
        switch_requested(object): The person chose another folder (a Path).
    """

    switch_requested = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.path_label = plain_label(str(folder), self)
        self.path_label.setObjectName("library_folder")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        self.switch_button = QPushButton("Open another library…", self)
        self.switch_button.setObjectName("switch_library")
        self.switch_button.setToolTip(
            "Open the library in another folder (an empty folder starts a new library). "
            "It becomes the default for the next start and for the command line."
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_label, 1)
        layout.addWidget(self.switch_button)
        self.switch_button.clicked.connect(self.on_switch_clicked)

    def ask_for_folder(self) -> str:
        """The folder the person picks ("" when cancelled); tests replace this."""
        return QFileDialog.getExistingDirectory(self, "Open another library", str(self.folder))

    def on_switch_clicked(self) -> None:
        chosen = self.ask_for_folder()
        if chosen and Path(chosen).resolve() != self.folder.resolve():
            self.switch_requested.emit(Path(chosen))
