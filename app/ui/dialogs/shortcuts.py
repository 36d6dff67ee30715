"""The shortcut sheet ("?"): every action that has keys, grouped by menu."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


def _group_table(group: str, rows: Sequence[tuple[str, str]]) -> str:
    heading = f"<tr><td colspan='2'><b>{escape(group)}</b></td></tr>"
    out = [f"<table cellspacing='0' cellpadding='3'>{heading}"]
    for action, keys in rows:
        out.append(
            f"<tr><td width='150'>{escape(action)}</td><td><tt>{escape(keys)}</tt></td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def sheet_html(rows: Sequence[tuple[str, str, str]], columns: int = 2) -> str:
    """(menu, action, keys) rows as HTML: one small table per menu, in balanced columns.

    Columns keep the sheet short enough for a laptop screen as the list of actions grows.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for group, action, keys in rows:
        groups.setdefault(group, []).append((action, keys))
    # Fill the columns in menu order, moving on once a column holds its share of the rows.
    share = (sum(len(g) + 2 for g in groups.values()) + columns - 1) // max(1, columns)
    cells: list[list[str]] = [[]]
    filled = 0
    for group, items in groups.items():
        if filled >= share and len(cells) < columns:
            cells.append([])
            filled = 0
        cells[-1].append(_group_table(group, items))
        filled += len(items) + 2
    out = ["<table cellspacing='0' cellpadding='0'><tr>"]
    for cell in cells:
        out.append("<td valign='top' style='padding-right: 24px'>" + "<br>".join(cell) + "</td>")
    out.append("</tr></table>")
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
