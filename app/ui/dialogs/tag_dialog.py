"""Typing tags: completion of the tag being typed, and "a, b/c, -d" split into add/remove.

Used by the tag bar (app/ui/widgets/tag_bar.py), which replaced the modal tag dialog.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
)

from app.domain.tags import normalize_tag, split_tag_list


class TagCompleter(QCompleter):
    """Completes the last tag of a comma-separated list from the existing tags."""

    def __init__(self, tag_paths: Sequence[str], parent: QLineEdit) -> None:
        super().__init__(parent)
        # Parented to the completer: QCompleter does not own a model passed to it, and a
        # model only Python refers to would be collected (leaving the completer empty).
        self.setModel(QStringListModel(list(tag_paths), self))
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
