"""The Preferences dialog: theme, typography, summaries first, mark read, sort, library, offline.

Every change applies at once (the window listens to `preferences_changed`); Cancel puts the
preferences the dialog opened with back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialogs.library_location import LibraryLocationRow
from app.ui.preferences import Preferences

THEME_CHOICES = (
    ("system", "Follow the system (light or dark)"),
    ("light", "Light"),
    ("sepia", "Sepia"),
    ("dark", "Dark"),
)
FONT_CHOICES = (("serif", "Serif"), ("sans", "Sans serif"))
SORT_CHOICES = (
    ("relevance", "Newest first (ranked while searching)"),
    ("saved", "Date saved"),
    ("published", "Date published"),
    ("title", "Title"),
    ("site", "Site"),
    ("minutes", "Reading time"),
)


def _combo(
    parent: QWidget, name: str, choices: tuple[tuple[str, str], ...], value: str
) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for key, label in choices:
        combo.addItem(label, key)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    return combo


class PreferencesDialog(QDialog):
    """Edits Preferences and applies each change live.

    Signals:
        preferences_changed(Preferences): The edited preferences (after every change, and the
            original ones again on Cancel).
    """

    preferences_changed = Signal(object)

    def __init__(
        self,
        preferences: Preferences,
        parent: QWidget | None = None,
        *,
        library_section: QWidget | None = None,
        library_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferences_dialog")
        self._original = preferences
        self._updating = False
        p = preferences.cleaned()
        self.theme = _combo(self, "theme", THEME_CHOICES, p.theme)
        self.typeface = _combo(self, "typeface", FONT_CHOICES, p.font)
        self.font_size = QSpinBox(self)
        self.font_size.setObjectName("font_size")
        self.font_size.setRange(10, 48)
        self.font_size.setSuffix(" px")
        self.font_size.setValue(p.font_size)
        self.line_height = QDoubleSpinBox(self)
        self.line_height.setObjectName("line_height")
        self.line_height.setRange(1.0, 2.5)
        self.line_height.setSingleStep(0.05)
        self.line_height.setDecimals(2)
        self.line_height.setValue(p.line_height)
        self.column_width = QSpinBox(self)
        self.column_width.setObjectName("column_width")
        self.column_width.setRange(20, 80)
        self.column_width.setSuffix(" em")
        self.column_width.setValue(p.column_width)
        self.summaries_first = QCheckBox("Open articles on their summary", self)
        self.summaries_first.setObjectName("summaries_first")
        self.summaries_first.setChecked(p.summaries_first)
        self.mark_read = QCheckBox("Mark an article read when I reach its end", self)
        self.mark_read.setObjectName("mark_read_at_end")
        self.mark_read.setChecked(p.mark_read_at_end)
        self.default_sort = _combo(self, "default_sort", SORT_CHOICES, p.default_sort)
        self.offline = QCheckBox("Work offline: never fetch pages (saved links wait)", self)
        self.offline.setObjectName("offline")
        self.offline.setChecked(p.offline)
        self.location = LibraryLocationRow(library_folder, self) if library_folder else None

        appearance = QGroupBox("Reading", self)
        form = QFormLayout(appearance)
        form.addRow("Theme:", self.theme)
        form.addRow("Typeface:", self.typeface)
        form.addRow("Text size:", self.font_size)
        form.addRow("Line height:", self.line_height)
        form.addRow("Column width:", self.column_width)
        form.addRow(self.summaries_first)
        form.addRow(self.mark_read)
        library = QGroupBox("Article list", self)
        list_form = QFormLayout(library)
        list_form.addRow("Sort by:", self.default_sort)
        storage = QGroupBox("Library", self)
        storage_form = QFormLayout(storage)
        if self.location is not None:
            storage_form.addRow("Folder:", self.location)
        storage_form.addRow(self.offline)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        defaults = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(appearance)
        layout.addWidget(library)
        layout.addWidget(storage)
        if library_section is not None:  # summaries and backups, kept in the library
            layout.addWidget(library_section)
        layout.addWidget(buttons)

        for combo in (self.theme, self.typeface, self.default_sort):
            combo.currentIndexChanged.connect(self.on_field_changed)
        for spin in (self.font_size, self.column_width):
            spin.valueChanged.connect(self.on_field_changed)
        self.line_height.valueChanged.connect(self.on_field_changed)
        for box in (self.summaries_first, self.mark_read, self.offline):
            box.toggled.connect(self.on_field_changed)

    def preferences(self) -> Preferences:
        """The preferences as the dialog shows them."""
        return replace(
            self._original,
            theme=str(self.theme.currentData()),
            font=str(self.typeface.currentData()),
            font_size=self.font_size.value(),
            line_height=round(self.line_height.value(), 2),
            column_width=self.column_width.value(),
            summaries_first=self.summaries_first.isChecked(),
            mark_read_at_end=self.mark_read.isChecked(),
            default_sort=str(self.default_sort.currentData()),
            offline=self.offline.isChecked(),
        ).cleaned()

    def set_preferences(self, preferences: Preferences) -> None:
        """Show these preferences (applies them, like any change)."""
        p = preferences.cleaned()
        self._updating = True  # one change for the whole set, not one per field
        self.theme.setCurrentIndex(max(0, self.theme.findData(p.theme)))
        self.typeface.setCurrentIndex(max(0, self.typeface.findData(p.font)))
        self.font_size.setValue(p.font_size)
        self.line_height.setValue(p.line_height)
        self.column_width.setValue(p.column_width)
        self.summaries_first.setChecked(p.summaries_first)
        self.mark_read.setChecked(p.mark_read_at_end)
        self.default_sort.setCurrentIndex(max(0, self.default_sort.findData(p.default_sort)))
        self.offline.setChecked(p.offline)
        self._updating = False
        self.on_field_changed()

    def restore_defaults(self) -> None:
        """Back to the defaults."""
        self.set_preferences(Preferences())

    def on_field_changed(self, *_args: object) -> None:
        """Apply the change now."""
        if not self._updating:
            self.preferences_changed.emit(self.preferences())

    def reject(self) -> None:
        """Cancel: put back what was there when the dialog opened."""
        self.preferences_changed.emit(self._original)
        super().reject()
