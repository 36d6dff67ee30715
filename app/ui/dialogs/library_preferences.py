"""Preferences kept in the library itself: the summary method, the optional local model's
endpoint, and how many backups are kept.

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
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.plain_text import plain_label
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.library import Library

log = logging.getLogger(__name__)

METHOD_CHOICES = (("extractive", "Key sentences"), ("llm", "Local model"))
NO_MODEL = "None yet: enter an endpoint below"


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
        self.endpoint = plain_label(NO_MODEL, self)
        self.endpoint.setObjectName("summary_endpoint")
        self.endpoint.setWordWrap(True)
        self.llm_url = QLineEdit(self)
        self.llm_url.setObjectName("llm_url")
        self.llm_url.setPlaceholderText("http://127.0.0.1:11434/api/generate")
        self.llm_url.setToolTip(
            "Ollama's /api/generate or /api/chat, or any OpenAI-compatible server's URL. "
            "Nothing is sent anywhere until a summary is asked for with the local model."
        )
        self.llm_model = QLineEdit(self)
        self.llm_model.setObjectName("llm_model")
        self.llm_model.setPlaceholderText("llama3.2")
        self.llm_key = QLineEdit(self)
        self.llm_key.setObjectName("llm_key")
        self.llm_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.llm_key.setPlaceholderText("API key, if the server needs one (kept user-only)")
        self.llm_save = QPushButton("Use this model", self)
        self.llm_save.setObjectName("llm_save")
        self.llm_off = QPushButton("Turn off", self)
        self.llm_off.setObjectName("llm_off")
        endpoint_buttons = QHBoxLayout()
        endpoint_buttons.addStretch(1)
        endpoint_buttons.addWidget(self.llm_off)
        endpoint_buttons.addWidget(self.llm_save)
        self.backup_keep = QSpinBox(self)
        self.backup_keep.setObjectName("backup_keep")
        from app.services.settings import MAX_BACKUP_KEEP

        self.backup_keep.setRange(1, MAX_BACKUP_KEEP)
        self.backup_keep.setSuffix(" of each kind")
        summaries = QGroupBox("Summaries", self)
        summary_form = QFormLayout(summaries)
        summary_form.addRow("Method:", self.method)
        summary_form.addRow("Local model:", self.endpoint)
        summary_form.addRow("Endpoint URL:", self.llm_url)
        summary_form.addRow("Model name:", self.llm_model)
        summary_form.addRow("API key:", self.llm_key)
        summary_form.addRow(endpoint_buttons)
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
        self.llm_save.clicked.connect(self.on_save_endpoint)
        self.llm_off.clicked.connect(self.on_turn_off_endpoint)
        runner.run_db(
            read_choices,
            self.on_choices_loaded,
            lambda error: log.warning("could not read the library's preferences: %s", error),
        )

    def on_choices_loaded(self, choices: LibraryChoices) -> None:
        """Show the library's values; "Local model" only when an endpoint is set up."""
        if not shiboken6.isValid(self):
            return  # the dialog closed before the lane answered
        self._original = self._current = choices
        self.method.blockSignals(True)
        self.backup_keep.blockSignals(True)
        self._show_endpoint(choices)
        self.method.setCurrentIndex(max(0, self.method.findData(choices.method)))
        self.backup_keep.setValue(choices.backup_keep)
        self.method.blockSignals(False)
        self.backup_keep.blockSignals(False)
        self.setEnabled(True)
        self.loaded.emit()

    def _show_endpoint(self, choices: LibraryChoices) -> None:
        """The endpoint's fields and status; "Local model" is offered only when one is set."""
        local = self.method.model()
        if isinstance(local, QStandardItemModel):
            item = local.item(self.method.findData("llm"))
            if item is not None:
                item.setEnabled(choices.url is not None)
        self.endpoint.setText(
            f"{choices.model} at {choices.url}" if choices.url is not None else NO_MODEL
        )
        self.llm_url.setText(choices.url or "")
        self.llm_model.setText(choices.model or "")
        self.llm_off.setEnabled(choices.url is not None)

    def on_save_endpoint(self) -> None:
        """Check and keep the endpoint (on the lane); a bad one is named in the status line."""
        if self._current is None:
            return
        url, model = self.llm_url.text(), self.llm_model.text()
        key = self.llm_key.text().strip() or None  # empty: keep the key already stored
        self.llm_key.clear()
        self._runner.run_db(
            lambda library: library.configure_llm(url, model, api_key=key),
            lambda config: self._endpoint_changed(config.url, config.model),
            lambda error: self._say(f"Not saved: {error}"),
            essential=True,
        )

    def on_turn_off_endpoint(self) -> None:
        """Forget the endpoint and its key; summaries go back to key sentences."""
        self._runner.run_db(
            lambda library: library.disable_llm(),
            lambda _none: self._endpoint_changed(None, None),
            lambda error: self._say(f"Not turned off: {error}"),
            essential=True,
        )

    def _say(self, message: str) -> None:
        if shiboken6.isValid(self):  # the answer may come after the dialog closed
            self.endpoint.setText(message)

    def _endpoint_changed(self, url: str | None, model: str | None) -> None:
        if not shiboken6.isValid(self) or self._current is None:
            return
        c = self._current
        method = c.method if url is not None else "extractive"
        self._current = LibraryChoices(method, url, model, c.backup_keep)
        # Cancel does not undo an endpoint change (it was an explicit button), only the rest.
        if self._original is not None:
            o = self._original
            self._original = LibraryChoices(
                o.method if url is not None else "extractive", url, model, o.backup_keep
            )
        self.method.blockSignals(True)
        self._show_endpoint(self._current)
        self.method.setCurrentIndex(max(0, self.method.findData(method)))
        self.method.blockSignals(False)
        if method != c.method or (method == "llm" and model != c.model):
            self.summary_model_changed.emit(self._current.chosen_model)
        self.saved.emit()

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
