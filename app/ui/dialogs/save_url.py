"""The "Save URL" dialog: a web address and optional tags."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from app.domain.errors import InputError
from app.domain.tags import normalize_tag, split_tag_list
from app.ui.dialogs.tag_dialog import TagCompleter
from app.ui.intake import looks_like_url
from app.ui.plain_text import plain_label
from app.ui.theme import error_color


class SaveUrlDialog(QDialog):
    """Asks for a URL (pre-filled from the clipboard when it holds one) and tags."""

    def __init__(self, tag_paths: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save URL")
        self.setObjectName("save_url_dialog")
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("https://example.com/article")
        self.url_edit.setMinimumWidth(420)
        clip = QGuiApplication.clipboard().text().strip() if QGuiApplication.clipboard() else ""
        if looks_like_url(clip):
            self.url_edit.setText(clip)
            self.url_edit.selectAll()
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setPlaceholderText("optional: research/border, to-read")
        self.tags_edit.setCompleter(TagCompleter(tag_paths, self.tags_edit))
        self.error = plain_label("", self)
        self.error.setStyleSheet(f"color: {error_color()};")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("URL:", self.url_edit)
        form.addRow("Tags:", self.tags_edit)
        form.addRow(self.error)
        form.addRow(buttons)

    def url(self) -> str:
        """The URL as typed."""
        return self.url_edit.text().strip()

    def tags(self) -> list[str]:
        """The tags typed (normalised; bad ones were refused in accept)."""
        return [normalize_tag(t) for t in split_tag_list(self.tags_edit.text())]

    def accept(self) -> None:
        """Close only with a web address and valid tags."""
        if not looks_like_url(self.url()):
            self._refuse("Enter a web address starting with http:// or https://")
            return
        try:
            self.tags()
        except InputError as exc:
            self._refuse(str(exc))
            return
        super().accept()

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
