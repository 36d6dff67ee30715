"""Fetching, in the background, the pages still waiting when the window opens (or after an
import): URLs saved offline, imported bookmarks, fetches a crash cut short.

The batch runs on the I/O pool through the fetch-queue service (newest first, one request per
host at a time); each stored article is announced as it lands, so the list fills in live.
Closing the window cancels it; what was not fetched stays queued for next time.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from app.ui.application import ChangeHub, LibraryChange
from app.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from app.services.fetch_queue import FetchReport
    from app.services.library import Library

log = logging.getLogger(__name__)


class PendingFetcher(QObject):
    """Runs one batch of queued fetches at a time.

    Signals:
        status_posted(str): A short message for the status bar.
        finished(object): The batch's FetchReport (tests wait on it).
        _stored(int, int): (article id, id now holding it), emitted on the worker thread and
            delivered on the GUI thread (queued, since this object lives there).
    """

    status_posted = Signal(str)
    finished = Signal(object)
    _stored = Signal(int, int)

    def __init__(self, runner: TaskRunner, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._hub = hub
        self._task: Task | None = None
        self._waiting = self._done = 0
        self._stored.connect(self.on_article_stored, Qt.ConnectionType.QueuedConnection)

    def is_running(self) -> bool:
        """Whether a batch is queued or running."""
        return self._task is not None

    def start(self) -> None:
        """Count what waits, then fetch it (one batch at a time; a second call waits)."""
        if self._task is not None or self._runner.library is None:
            return
        self._runner.run_db(lambda lib: len(lib.queued_ids()), self.on_counted)

    def on_counted(self, waiting: int) -> None:
        """Start the batch when something waits."""
        library = self._runner.library
        if waiting == 0 or library is None or self._task is not None:
            return

        def work(cancel: threading.Event, library: Library = library) -> FetchReport:
            return library.fetch_queued(cancel=cancel, on_stored=self._stored.emit)

        self._waiting, self._done = waiting, 0
        plural = "page" if waiting == 1 else "pages"
        self._task = self._runner.run_io_cancellable(
            work,
            self.on_batch_done,
            self.on_batch_failed,
            label=f"Fetching {waiting} waiting {plural}",
        )

    def on_article_stored(self, article_id: int, final_id: int) -> None:
        """Show a fetched article in every view."""
        ids = frozenset({article_id, final_id})
        self._hub.library_changed.emit(LibraryChange(article_ids=ids, tags=True, added=ids))
        self._done += 1
        self.status_posted.emit(f"Fetched {self._done} of {self._waiting} waiting pages")

    def on_batch_done(self, report: FetchReport) -> None:
        """Report the batch."""
        self._task = None
        message = f"Fetched {report.fetched} waiting pages"
        if report.failed:
            message += f"; {report.failed} failed (use Refetch to retry)"
        self.status_posted.emit(message)
        self.finished.emit(report)
        if report.done:
            self.start()  # pages queued while this batch ran (an import, an offline save)

    def on_batch_failed(self, error: BaseException) -> None:
        """A crash in the batch (not a failed page): the articles stay queued."""
        self._task = None
        log.warning("fetching waiting pages failed: %s", error, exc_info=error)
        self.status_posted.emit(f"Could not fetch waiting pages: {error}")


def resume_pending_fetches(window: QObject) -> PendingFetcher | None:
    """The window's hook: fetch what waits, unless the window runs offline.

    The fetcher is created once per window and reused (after an import, for instance).
    """
    if getattr(getattr(window, "commands", None), "offline", False):
        return None
    if not isinstance(getattr(window, "runner", None), TaskRunner):
        return None  # not a library window
    fetcher = window.findChild(PendingFetcher, "pending_fetcher")
    if fetcher is None:
        fetcher = PendingFetcher(window.runner, window.hub, window)  # type: ignore[attr-defined]
        fetcher.setObjectName("pending_fetcher")
        show = getattr(window, "show_status", None)
        if show is not None:
            fetcher.status_posted.connect(show)
    fetcher.start()
    return fetcher
