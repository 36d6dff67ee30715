"""The tag dialog: add tags to (or, with a leading "-", remove them from) the selection."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import InputError
from app.domain.tags import normalize_tag, split_tag_list
from app.ui.theme import error_color


class TagCompleter(QCompleter):
    """Completes the last tag of a comma-separated list from the existing tags."""

    def __init__(self, tag_paths: Sequence[str], parent: QLineEdit) -> None:
        super().__init__(QStringListModel(list(tag_paths)), parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        # Only the tag being typed (after the last comma, without a "-") is completed.
        return [path.rsplit(",", 1)[-1].strip().lstrip("-")]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        chosen = str(super().pathFromIndex(index))
        if not isinstance(widget, QLineEdit):
            return chosen
        head, _, last = widget.text().rpartition(",")
        minus = "-" if last.strip().startswith("-") else ""
        prefix = f"{head}, " if head else ""
        return f"{prefix}{minus}{chosen}"


def parse_tag_edit(text: str) -> tuple[list[str], list[str]]:
    """Split "a, b/c, -d" into tags to add (a, b/c) and to remove (d).

    Raises:
        InputError: A tag is empty or too long after cleaning.
    """
    add: list[str] = []
    remove: list[str] = []
    for raw in split_tag_list(text):
        item = raw.strip()
        if item.startswith("-"):
            remove.append(normalize_tag(item[1:]))
        elif item:
            add.append(normalize_tag(item))
    return add, remove


class TagDialog(QDialog):
    """One line: tags to add, `-tag` to remove; existing tags complete as you type."""

    def __init__(
        self,
        tag_paths: Sequence[str],
        current: Sequence[str],
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tag_dialog")
        self.setWindowTitle("Tag" if count == 1 else f"Tag {count:,} articles")
        noun = "this article" if count == 1 else f"these {count:,} articles"
        hint = QLabel(f"Tags for {noun}, separated by commas. Put “-” before a tag to remove it.")
        hint.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("tag_edit")
        self.edit.setMinimumWidth(380)
        self.edit.setPlaceholderText("research/border, to-read, -old")
        self.edit.setCompleter(TagCompleter(tag_paths, self.edit))
        shared = QLabel("Now: " + (", ".join(current) if current else "no tags"), self)
        shared.setEnabled(False)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {error_color()};")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (hint, self.edit, shared, self.error, buttons):
            layout.addWidget(widget)

    def changes(self) -> tuple[list[str], list[str]]:
        """(tags to add, tags to remove)."""
        return parse_tag_edit(self.edit.text())

    def accept(self) -> None:
        """Close only when every tag is valid."""
        try:
            self.changes()
        except InputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
