"""File → Import… and File → Export…: choose a file and a format, then watch it run.

The work runs on the runner's I/O pool through the library services (the same import and
export as the command line), reporting progress to the dialog; Cancel stops it between
articles. An import commits in batches, so a cancelled one keeps what it stored and running it
again adds the rest; a cancelled export leaves no half-written file (folders excepted).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.domain.errors import BroadsheetError
from app.services.formats import EXPORT_FORMATS, IMPORT_FORMATS
from app.services.importing import ImportReport
from app.services.library import Library
from app.ui.application import ChangeHub, LibraryChange
from app.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

_EXPORT_SUFFIX = {
    "bundle": ".zip",
    "epub": ".epub",
    "netscape": ".html",
    "csv": ".csv",
    "bibtex": ".bib",
    "csl-json": ".json",
    "markdown": "",
}


class ExportCancelled(BroadsheetError):
    """The person cancelled an export (raised from its progress callback)."""


class TransferDialog(QDialog):
    """What import and export share: a form, a progress bar, Start, Cancel and Close.

    Signals:
        finished_work(object): The result (an ImportReport or an article count), or the
            exception; emitted once per run (tests wait on it).
        _progressed(int): Articles done so far, emitted from the worker thread.
    """

    finished_work = Signal(object)
    _progressed = Signal(int)

    def __init__(
        self, runner: TaskRunner, hub: ChangeHub, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.runner = runner
        self.hub = hub
        self.task: Task | None = None
        self.total: int | None = None
        self.form = QFormLayout(self)
        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton("Browse…", self)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.form.addRow("File:", row)
        self.format_box = QComboBox(self)
        self.form.addRow("Format:", self.format_box)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setVisible(False)  # shown once something runs
        self.form.addRow(self.progress)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(self.status)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton("Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.form.addRow(self.buttons)
        self.buttons.accepted.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.browse_button.clicked.connect(self.browse)
        self._progressed.connect(self.on_progress, Qt.ConnectionType.QueuedConnection)
        self._set_running(False)

    # -- subclasses fill these ---------------------------------------------------------------

    def browse(self) -> None:
        """Choose the file."""
        raise NotImplementedError

    def start(self) -> None:
        """Start the work."""
        raise NotImplementedError

    # -- shared -----------------------------------------------------------------------------

    def path(self) -> Path | None:
        """The chosen path (None when empty)."""
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def chosen_format(self) -> str | None:
        """The format key (None: detect)."""
        value = self.format_box.currentData()
        return str(value) if value else None

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        for widget in (self.path_edit, self.browse_button, self.format_box):
            widget.setEnabled(not running)

    def _launch(self, work: Any, label: str) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, self.total or 0)  # no total: a busy bar
        self.progress.setValue(0)
        self.status.setText(f"{label}…")
        self._set_running(True)
        self.task = self.runner.run_io_cancellable(work, self.on_done, self.on_failed, label=label)

    def report_progress(self, done: int) -> None:
        """Progress callback for the services (any thread)."""
        self._progressed.emit(done)

    def on_progress(self, done: int) -> None:
        """Show how far the work got."""
        if self.total:
            self.progress.setValue(min(done, self.total))
            self.status.setText(f"{done} of {self.total} articles")
        else:
            self.status.setText(f"{done} articles so far")

    def cancel(self) -> None:
        """Stop between articles; what an import stored stays."""
        if self.task is None:
            return
        self.task.cancel()
        self.task = None
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.status.setText("Cancelled. " + self.cancelled_note())
        self.hub.library_changed.emit(LibraryChange(tags=True))
        self.finished_work.emit(None)

    def cancelled_note(self) -> str:
        """What a cancel leaves behind."""
        return ""

    def on_done(self, result: object) -> None:
        """Show the result."""
        self.task = None
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(self.describe(result))
        self.after_done(result)
        self.finished_work.emit(result)

    def on_failed(self, error: BaseException) -> None:
        """Show why it failed, in one line."""
        self.task = None
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        message = str(error) if isinstance(error, BroadsheetError | OSError) else repr(error)
        log.info("%s failed: %s", self.windowTitle(), message)
        self.status.setText(f"Failed: {message}")
        self.finished_work.emit(error)

    def describe(self, result: object) -> str:
        """One line about a finished run."""
        return str(result)

    def after_done(self, result: object) -> None:
        """Tell the window what changed."""

    def reject(self) -> None:
        """Closing while running cancels first."""
        if self.task is not None:
            self.cancel()
        super().reject()


class ImportDialog(TransferDialog):
    """Import another tool's export or a Broadsheet bundle."""

    def __init__(self, runner: TaskRunner, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(runner, hub, "Import", parent)
        self.setObjectName("import_dialog")
        self.format_box.addItem("Detect from the file", None)
        for key, label in IMPORT_FORMATS.items():
            self.format_box.addItem(label, key)
        self.status.setText("Pocket, Instapaper, Omnivore, Wallabag, bookmarks and more.")
        self.on_imported: Any = None

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import", str(Path.home()), "Exports (*.zip *.csv *.json *.html *.htm *.txt)"
        )
        if chosen:
            self.path_edit.setText(chosen)

    def start(self) -> None:
        path = self.path()
        if path is None or not path.is_file():
            self.status.setText("Choose the file to import.")
            return
        library = self.runner.library
        if library is None:
            self.status.setText("The library is not open yet.")
            return
        fmt = self.chosen_format()
        self.total = None

        def work(cancel: threading.Event, lib: Library = library) -> ImportReport:
            return lib.import_file(path, fmt, on_progress=self.report_progress, cancel=cancel)

        self._launch(work, f"Importing {path.name}")

    def cancelled_note(self) -> str:
        return "What was imported stays; import the same file again to add the rest."

    def describe(self, result: object) -> str:
        if not isinstance(result, ImportReport):
            return str(result)
        text = (
            f"Added {result.added}, already there {result.merged}, skipped {result.skipped}, "
            f"highlights {result.highlights}."
        )
        if result.queued:
            text += f" {result.queued} pages wait to be fetched."
        if result.problems:
            text += "\n" + "\n".join(result.problems[:5])
        return text

    def after_done(self, result: object) -> None:
        self.hub.library_changed.emit(LibraryChange(tags=True))
        if isinstance(result, ImportReport) and result.queued and self.on_imported is not None:
            self.on_imported()


class ExportDialog(TransferDialog):
    """Export the library, or the articles of a query, in any export format."""

    def __init__(
        self,
        runner: TaskRunner,
        hub: ChangeHub,
        query: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, hub, "Export", parent)
        self.setObjectName("export_dialog")
        for key, label in EXPORT_FORMATS.items():
            self.format_box.addItem(label, key)
        self.query_edit = QLineEdit(query, self)
        self.query_edit.setPlaceholderText("empty: the whole library (e.g. tag:research)")
        self.form.insertRow(2, "Articles:", self.query_edit)
        self.status.setText("A bundle keeps everything and imports back exactly.")

    def browse(self) -> None:
        fmt = self.chosen_format() or "bundle"
        suffix = _EXPORT_SUFFIX.get(fmt, "")
        start = str(Path.home() / f"broadsheet-export{suffix}")
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", start)
        if chosen:
            self.path_edit.setText(chosen)

    def _set_running(self, running: bool) -> None:
        super()._set_running(running)
        if hasattr(self, "query_edit"):
            self.query_edit.setEnabled(not running)

    def start(self) -> None:
        out = self.path()
        fmt = self.chosen_format()
        library = self.runner.library
        if out is None or fmt is None:
            self.status.setText("Choose where to export.")
            return
        if library is None:
            self.status.setText("The library is not open yet.")
            return
        query = self.query_edit.text().strip() or None
        self.runner.run_db(lambda lib: lib.count(query), lambda n: self._export(out, fmt, query, n))

    def _export(self, out: Path, fmt: str, query: str | None, total: int) -> None:
        library = self.runner.library
        if library is None:
            return
        self.total = total

        def work(cancel: threading.Event, lib: Library = library) -> int:
            def progress(done: int) -> None:
                if cancel.is_set():
                    raise ExportCancelled("export cancelled")
                self.report_progress(done)

            return int(lib.export(fmt, out, query, progress=progress))

        self._launch(work, f"Exporting to {out.name}")

    def cancelled_note(self) -> str:
        return "Nothing was written (a Markdown folder may hold the articles done so far)."

    def describe(self, result: object) -> str:
        out = self.path()
        return f"Exported {result} articles to {out}."


def open_import(window: Any) -> ImportDialog:
    """File → Import…: the window's hook (fetches what the import queued, unless offline)."""
    from app.ui.fetch_resume import resume_pending_fetches

    dialog = ImportDialog(window.runner, window.hub, window)
    dialog.on_imported = lambda: resume_pending_fetches(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_export(window: Any) -> ExportDialog:
    """File → Export…: the window's hook (the current view's query pre-filled)."""
    article_list = getattr(window, "article_list", None)
    query = article_list.query() if article_list is not None else ""
    dialog = ExportDialog(window.runner, window.hub, query, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
