"""The shortcut sheet ("?"): every action that has keys, grouped by menu."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


def sheet_html(rows: Sequence[tuple[str, str, str]]) -> str:
    """(menu, action, keys) rows as an HTML table."""
    out = ["<table cellspacing='0' cellpadding='3'>"]
    menu = None
    for group, action, keys in rows:
        if group != menu:
            menu = group
            out.append(f"<tr><td colspan='2'><br><b>{escape(group)}</b></td></tr>")
        out.append(
            f"<tr><td>{escape(action)}</td><td>&nbsp;&nbsp;<tt>{escape(keys)}</tt></td></tr>"
        )
    out.append("</table>")
    return "".join(out)


class ShortcutSheet(QDialog):
    """A read-only list of the keyboard shortcuts."""

    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcut_sheet")
        self.setWindowTitle("Keyboard Shortcuts")
        label = QLabel(sheet_html(rows), self)
        label.setObjectName("shortcut_table")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
