"""Preferences kept in the library itself: the summary method and how many backups are kept.

Read and written on the task runner's database lane, never on the GUI thread; each change
applies at once, and `revert()` (the dialog's Cancel) writes back what was there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QSpinBox, QVBoxLayout, QWidget

from app.ui.plain_text import plain_label
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.library import Library

log = logging.getLogger(__name__)

METHOD_CHOICES = (("extractive", "Key sentences"), ("llm", "Local model"))


@dataclass(frozen=True)
class LibraryChoices:
    """What the section shows: the summary method, the model's endpoint, backups kept."""

    method: str
    url: str | None
    model: str | None
    backup_keep: int

    @property
    def chosen_model(self) -> str | None:
        """The model the reader summarizes with (None: key sentences)."""
        return self.model if self.method == "llm" and self.model else None


def read_choices(library: Library) -> LibraryChoices:
    """The library's current choices (on the database lane)."""
    config = library.llm_config()
    method = library.default_summary_method() if config is not None else "extractive"
    return LibraryChoices(
        method=method,
        url=config.url if config is not None else None,
        model=config.model if config is not None else None,
        backup_keep=library.backup_keep(),
    )


class LibraryPreferencesSection(QWidget):
    """The "Summaries" and "Backups" groups of the Preferences dialog.

    Signals:
        summary_model_changed(object): The reader's summarizer changed: the local model's name,
            or None for key sentences.
        loaded(): The library's choices are shown (the fields are enabled).
        saved(): A change was written to the library.
    """

    summary_model_changed = Signal(object)
    loaded = Signal()
    saved = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._original: LibraryChoices | None = None
        self._current: LibraryChoices | None = None
        self.method = QComboBox(self)
        self.method.setObjectName("summary_method")
        for key, label in METHOD_CHOICES:
            self.method.addItem(label, key)
        self.endpoint = plain_label("No local model is set up (broadsheet llm --url …)", self)
        self.endpoint.setObjectName("summary_endpoint")
        self.endpoint.setWordWrap(True)
        self.backup_keep = QSpinBox(self)
        self.backup_keep.setObjectName("backup_keep")
        from app.services.settings import MAX_BACKUP_KEEP

        self.backup_keep.setRange(1, MAX_BACKUP_KEEP)
        self.backup_keep.setSuffix(" of each kind")
        summaries = QGroupBox("Summaries", self)
        summary_form = QFormLayout(summaries)
        summary_form.addRow("Method:", self.method)
        summary_form.addRow("Model:", self.endpoint)
        backups = QGroupBox("Backups", self)
        backup_form = QFormLayout(backups)
        backup_form.addRow("Backups kept:", self.backup_keep)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(summaries)
        layout.addWidget(backups)
        self.setEnabled(False)  # until the library's values are in
        self.method.currentIndexChanged.connect(self.on_method_changed)
        self.backup_keep.valueChanged.connect(self.on_backup_keep_changed)
        runner.run_db(
            read_choices,
            self.on_choices_loaded,
            lambda error: log.warning("could not read the library's preferences: %s", error),
        )

    def on_choices_loaded(self, choices: LibraryChoices) -> None:
        """Show the library's values; "Local model" only when an endpoint is set up."""
        self._original = self._current = choices
        self.method.blockSignals(True)
        self.backup_keep.blockSignals(True)
        local = self.method.model()
        if isinstance(local, QStandardItemModel):
            item = local.item(self.method.findData("llm"))
            if item is not None:
                item.setEnabled(choices.url is not None)
        if choices.url is not None:
            self.endpoint.setText(f"{choices.model} at {choices.url}")
        self.method.setCurrentIndex(max(0, self.method.findData(choices.method)))
        self.backup_keep.setValue(choices.backup_keep)
        self.method.blockSignals(False)
        self.backup_keep.blockSignals(False)
        self.setEnabled(True)
        self.loaded.emit()

    def on_method_changed(self, *_args: object) -> None:
        """Use the chosen method from now on (stored in the library, like `broadsheet llm`)."""
        if self._current is None:
            return
        method = str(self.method.currentData())
        self._apply(
            LibraryChoices(
                method, self._current.url, self._current.model, self._current.backup_keep
            )
        )

    def on_backup_keep_changed(self, keep: int) -> None:
        """Keep this many automatic backups of each kind."""
        if self._current is None:
            return
        c = self._current
        self._apply(LibraryChoices(c.method, c.url, c.model, keep))

    def revert(self) -> None:
        """Put back the values the section opened with (the dialog was cancelled)."""
        if self._original is not None and self._current != self._original:
            self._apply(self._original)

    def _apply(self, choices: LibraryChoices) -> None:
        old, self._current = self._current, choices
        method_changed = old is None or old.method != choices.method
        keep_changed = old is None or old.backup_keep != choices.backup_keep

        def work(library: Library) -> None:
            if method_changed:
                library.set_default_summary_method(choices.method)
            if keep_changed:
                library.set_backup_keep(choices.backup_keep)

        self._runner.run_db(
            work,
            lambda _none: self._announce_saved(),
            lambda error: log.warning("could not save the library's preferences: %s", error),
            essential=True,
        )
        if method_changed:
            self.summary_model_changed.emit(choices.chosen_model)

    def _announce_saved(self) -> None:
        # Cancel's write-back finishes after the dialog (and this section) may be gone.
        if shiboken6.isValid(self):
            self.saved.emit()
