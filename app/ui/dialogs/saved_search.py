"""Edit a saved search: its name and its query."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget


class SavedSearchDialog(QDialog):
    """Two fields, name and query; the service checks both when saving."""

    def __init__(self, name: str, query: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saved_search_dialog")
        self.setWindowTitle("Saved Search")
        self.name_edit = QLineEdit(name, self)
        self.query_edit = QLineEdit(query, self)
        self.query_edit.setMinimumWidth(380)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name:", self.name_edit)
        form.addRow("Query:", self.query_edit)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        """(name, query) as typed."""
        return self.name_edit.text(), self.query_edit.text()
