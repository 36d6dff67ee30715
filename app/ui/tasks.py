"""Background work for the window: one database lane, a small I/O pool, results on the GUI thread.

Work functions take and return plain data; they never touch widgets. Each result (or error)
travels back to the GUI thread by a queued signal, where the caller's callback runs. A task can
be cancelled with its threading.Event: a cancelled task that has not started is skipped, and a
quick task's result is dropped. Long tasks (`run_long_db`, `run_long_io`) get a Progress to
report through and to check between items; cancelled, they stop early and their (partial)
result is still delivered, so the window shows what was done.
"""

from __future__ import annotations

import gc
import itertools
import logging
import threading
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from app.domain.errors import LibraryError

if TYPE_CHECKING:  # imported on the database lane, not on the way to the first paint
    from app.services.library import Library

log = logging.getLogger(__name__)

T = TypeVar("T")
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
IO_WORKERS = 4


def freeze_long_lived() -> None:
    """Collect garbage once, then move every object still alive out of the collector's reach.

    What the window has loaded once the reader starts (modules, SQLAlchemy's metadata, Qt
    wrappers, Chromium's) lives as long as the process, yet every full collection walks all
    of it: about 100,000 objects and 50 ms of CPU in the settled window at 100,000 articles
    (100-270 ms seen on a loaded machine), holding the interpreter lock, so the GUI thread
    stalls whichever thread collects. Frozen (`gc.freeze`), a full collection walks only what
    was made since (under 1 ms there). The one collection before it frees startup garbage
    instead of freezing it; it runs once, beside the reader's own start (about a second).
    """
    gc.collect()
    gc.freeze()


def freeze_new() -> None:
    """Move what was made since the last freeze out of the collector's reach (no full pass).

    For a large structure that stays, built after the window settled (the tag tree of
    20,000 tags: 60,000 objects, a 20-30 ms full collection, holding the interpreter lock,
    on whichever thread it falls). The young generations are collected first (well under a
    millisecond); older cyclic garbage would be kept for good, so callers free what they
    drop without cycles (tag_model.unlink). Before the first freeze_long_lived it does
    nothing: that one collects all of the startup garbage first.
    """
    if gc.get_freeze_count() == 0:
        return
    gc.collect(1)
    gc.freeze()


@dataclass
class Task:
    """A handle on submitted work.

    Attributes:
        id: Unique within the runner.
        label: Shown in the status bar while the task runs; empty for quick queries.
        cancelled: Set to cancel; long work checks it between items.
        long: Reports progress, can be cancelled from the status bar, and delivers its result
            even when cancelled.
        essential: Still runs when the window closes (saving the reading position).
    """

    id: int
    label: str = ""
    cancelled: threading.Event = field(default_factory=threading.Event)
    long: bool = False
    essential: bool = False

    def cancel(self) -> None:
        """Ask the task to stop; its result will not be delivered."""
        self.cancelled.set()


class Progress:
    """What long work gets: a way to report how far it is, and the cancel flag to check."""

    def __init__(self, task: Task, report: Callable[[int, int, int], None]) -> None:
        self._task = task
        self._report = report

    @property
    def cancelled(self) -> threading.Event:
        """Set when the person cancelled; pass it on to services that take `cancel=`."""
        return self._task.cancelled

    def is_cancelled(self) -> bool:
        """Whether to stop now."""
        return self._task.cancelled.is_set()

    def report(self, done: int, total: int) -> None:
        """`done` of `total` items are finished (thread-safe; shown in the status bar)."""
        self._report(self._task.id, done, total)


@dataclass
class _Pending:
    task: Task
    on_done: DoneCallback | None
    on_error: ErrorCallback | None


class TaskRunner(QObject):
    """Runs work off the GUI thread: `run_db` on the single database lane, `run_io` on a pool.

    The Library is only ever used on the database lane, so its work is serialised; the pool
    is for network fetches and file reading, which must not hold up queries.

    Signals:
        activity_changed(tuple): Labels of the labelled tasks now queued or running.
        progress_changed(int, int, int): A long task (id) reported done of total items.
        cancellable_changed(bool): Whether a long task that can be cancelled is running.
        library_opened(object): The Library finished opening (the Library object).
        library_failed(object): Opening the library failed (the exception).
    """

    activity_changed = Signal(tuple)
    progress_changed = Signal(int, int, int)
    cancellable_changed = Signal(bool)
    library_opened = Signal(object)
    library_failed = Signal(object)
    library_upgrading = Signal()  # opening migrates the library first (may take minutes)
    _finished = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="broadsheet-db")
        self._io = ThreadPoolExecutor(max_workers=IO_WORKERS, thread_name_prefix="broadsheet-io")
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._library: Library | None = None
        self._closed = False
        # Queued: the worker thread emits, the GUI thread runs on_task_finished.
        self._finished.connect(self.on_task_finished, Qt.ConnectionType.QueuedConnection)

    # -- the library ------------------------------------------------------------------------

    @property
    def library(self) -> Library | None:
        """The open library (None until `open_library` succeeded). Use it on the lane only."""
        return self._library

    def open_library(self, data_dir: Path) -> Task:
        """Open (and migrate when needed) the library on the database lane."""

        def work(_: Library | None) -> Library:
            # The services (and SQLAlchemy under them) load here, on the lane, while the
            # window paints.
            from app.services.library import Library

            if Library.upgrade_pending(data_dir):
                self.library_upgrading.emit()  # queued to the GUI thread
            library = Library.open(data_dir)
            # Set here, on the lane, so tasks queued behind this one already see it.
            self._library = library
            return library

        return self._submit(
            self._db, work, self._on_opened, self.library_failed.emit, "Opening library", False
        )

    def _on_opened(self, library: Library) -> None:
        if self._closed:
            return
        self.library_opened.emit(library)

    # -- submitting work --------------------------------------------------------------------

    def run_db(
        self,
        work: Callable[[Library], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        *,
        label: str = "",
        essential: bool = False,
    ) -> Task:
        """Run `work(library)` on the database lane; callbacks run on the GUI thread.

        An essential task still runs when the window closes (it must be quick).
        """
        return self._submit(self._db, work, on_done, on_error, label, True, essential=essential)

    def run_long_db(
        self,
        work: Callable[[Library, Progress], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        *,
        label: str,
    ) -> Task:
        """Run long `work(library, progress)` on the database lane, cancellable and reported."""
        return self._submit_long(self._db, work, on_done, on_error, label, needs_library=True)

    def run_long_io(
        self,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        *,
        label: str,
    ) -> Task:
        """Run long `work(progress)` on the I/O pool, cancellable and reported."""
        return self._submit_long(
            self._io,
            lambda _lib, progress: work(progress),
            on_done,
            on_error,
            label,
            needs_library=False,
        )

    def _submit_long(
        self,
        pool: ThreadPoolExecutor,
        work: Callable[[Any, Progress], Any],
        on_done: Callable[[Any], None] | None,
        on_error: ErrorCallback | None,
        label: str,
        *,
        needs_library: bool,
    ) -> Task:
        task = self._new_task(label, long=True)
        progress = Progress(task, self.progress_changed.emit)
        return self._submit(
            pool,
            lambda lib: work(lib, progress),
            on_done,
            on_error,
            label,
            needs_library,
            task=task,
        )

    def long_tasks(self) -> list[Task]:
        """The long tasks queued or running that were not cancelled yet, oldest first."""
        return [
            p.task for p in self._pending.values() if p.task.long and not p.task.cancelled.is_set()
        ]

    def cancel_long_tasks(self, task_ids: Collection[int] | None = None) -> int:
        """Cancel long tasks queued or running (the status bar's button): these ids, or every
        one when None. Returns how many were cancelled."""
        chosen = [t for t in self.long_tasks() if task_ids is None or t.id in task_ids]
        for task in chosen:
            task.cancel()
        if chosen:
            self._announce()
        return len(chosen)

    def run_io(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        *,
        label: str = "",
    ) -> Task:
        """Run `work()` on the I/O pool (network, files); callbacks run on the GUI thread."""
        return self._submit(self._io, lambda _lib: work(), on_done, on_error, label, False)

    def run_io_cancellable(
        self,
        work: Callable[[threading.Event], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        *,
        label: str = "",
    ) -> Task:
        """Like run_io, but `work` receives the task's cancel event, so long work (a batch
        of fetches, an import) stops between items when cancelled or when the window closes."""
        task = self._new_task(label)
        return self._submit(
            self._io, lambda _lib: work(task.cancelled), on_done, on_error, label, False, task=task
        )

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        work: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None,
        on_error: ErrorCallback | None,
        label: str,
        needs_library: bool,
        *,
        task: Task | None = None,
        essential: bool = False,
    ) -> Task:
        task = task or self._new_task(label, essential=essential)
        if self._closed:
            task.cancel()
            return task
        self._pending[task.id] = _Pending(task, on_done, on_error)
        pool.submit(self._execute, task, work, needs_library)
        if label:
            self._announce()
        return task

    def _new_task(self, label: str, *, long: bool = False, essential: bool = False) -> Task:
        return Task(next(self._ids), label, long=long, essential=essential)

    def _execute(self, task: Task, work: Callable[[Any], Any], needs_library: bool) -> None:
        """Runs on a worker thread: never touches widgets."""
        if task.cancelled.is_set():
            self._finished.emit(task.id, False, None)
            return
        try:
            library = self._library
            if needs_library and library is None:
                raise LibraryError("the library is not open")
            result = work(library)
        except BaseException as exc:
            log.debug("task %d (%s) failed: %r", task.id, task.label, exc)
            self._finished.emit(task.id, False, exc)
            return
        self._finished.emit(task.id, True, result)

    # -- results (GUI thread) ---------------------------------------------------------------

    def on_task_finished(self, task_id: int, ok: bool, value: object) -> None:
        """Hand a result or an error to the caller's callback, unless the task was cancelled."""
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        if pending.task.label:
            self._announce()
        cancelled = pending.task.cancelled.is_set()
        # A long task stopped early still reports what it did (unless the window is closing).
        if self._closed or (cancelled and not (pending.task.long and ok)):
            return
        if ok:
            if pending.on_done is not None:
                pending.on_done(value)
        elif isinstance(value, BaseException):
            if pending.on_error is not None:
                pending.on_error(value)
            else:
                log.error("background task %r failed", pending.task.label, exc_info=value)

    def _announce(self) -> None:
        labels = tuple(p.task.label for p in self._pending.values() if p.task.label)
        self.activity_changed.emit(labels)
        self.cancellable_changed.emit(
            any(p.task.long and not p.task.cancelled.is_set() for p in self._pending.values())
        )

    def _close_library(self) -> None:
        library, self._library = self._library, None
        if library is not None:
            library.close()

    def busy_labels(self) -> tuple[str, ...]:
        """Labels of the labelled tasks still queued or running."""
        return tuple(p.task.label for p in self._pending.values() if p.task.label)

    def is_idle(self) -> bool:
        """Whether no task is queued or running (tests and the screenshot mode wait on it)."""
        return not self._pending

    # -- shutting down ----------------------------------------------------------------------

    def shutdown(self) -> None:
        """Cancel everything queued, close the library on its lane and stop the workers.

        Waits for the database lane (so the WAL is checkpointed) but not for network work.
        """
        if self._closed:
            return
        self._closed = True
        for pending in self._pending.values():
            if not pending.task.essential:
                pending.task.cancel()
        # Queued behind the (now skipping) tasks, so nothing uses the library after it; read
        # on the lane, so a library still opening is closed too.
        self._db.submit(self._close_library)
        self._db.shutdown(wait=True)
        self._io.shutdown(wait=False, cancel_futures=True)
