"""Changes the window asks for: state and tag changes (undoable), and saving URLs and files.

State and tag changes run on the database lane; saves run on the I/O pool, since fetching and
extracting can take seconds and must not hold up the list's queries. Every finished write is
announced on the app-wide `library_changed` signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.domain.errors import BroadsheetError
from app.ui.application import ChangeHub, LibraryChange
from app.ui.operations import (
    Applied,
    Operation,
    UndoStack,
    apply,
    apply_all,
    tag_change_applied,
)
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.library import Library
    from app.services.saving import SaveResult
    from app.services.tag_manager import TagChange

log = logging.getLogger(__name__)


def _describe(error: BaseException) -> str:
    return str(error) if isinstance(error, BroadsheetError) else f"{type(error).__name__}: {error}"


class ArticleCommands(QObject):
    """Runs the window's changes and keeps the undo stack.

    Signals:
        status_posted(str): A short message for the status bar.
        articles_saved(list): Ids saved by the last finished save (new or existing).
        undo_available(bool): Whether there is something to undo.
        tag_change_failed(str): A tag-manager change was refused (the reason).
    """

    status_posted = Signal(str)
    articles_saved = Signal(list)
    undo_available = Signal(bool)
    tag_change_failed = Signal(str)

    def __init__(
        self, runner: TaskRunner, hub: ChangeHub, *, offline: bool = False, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._hub = hub
        self.offline = offline
        self.undo_stack = UndoStack()

    # -- state and tags ---------------------------------------------------------------------

    def run(self, operation: Operation) -> None:
        """Apply an operation on the database lane; it can then be undone."""
        if not operation.ids:
            self.status_posted.emit("No article selected")
            return
        self._runner.run_db(
            lambda library: apply(library, operation),
            self.on_operation_applied,
            self.on_operation_failed,
            label="Updating articles" if len(operation.ids) > 1000 else "",
        )

    def mark(self, ids: Sequence[int], action: str) -> None:
        """Apply a state action (read, archive, trash, restore, …)."""
        self.run(Operation("mark", tuple(ids), action=action))

    def toggle(self, ids: Sequence[int], name: str) -> None:
        """Toggle read, favorite or archive (set unless all already have it)."""
        self.run(Operation("toggle", tuple(ids), action=name))

    def tag(self, ids: Sequence[int], add: Sequence[str], remove: Sequence[str]) -> None:
        """Add and remove tags."""
        if add:
            self.run(Operation("add_tags", tuple(ids), tags=tuple(add)))
        if remove:
            self.run(Operation("remove_tags", tuple(ids), tags=tuple(remove)))

    def change_tags(self, work: Callable[[Library], TagChange]) -> None:
        """Run a tag-manager change (rename, merge, delete, colour) undoably on the lane."""
        self._runner.run_db(
            lambda library: tag_change_applied(work(library)),
            self.on_operation_applied,
            self.on_tag_change_failed,
            label="Changing tags",
        )

    def on_tag_change_failed(self, error: BaseException) -> None:
        """Report a refused tag change (nothing was written)."""
        log.info("tag change failed: %s", error)
        self.status_posted.emit(f"Could not change the tags: {_describe(error)}")
        self.tag_change_failed.emit(_describe(error))

    def undo(self) -> None:
        """Undo the newest change."""
        step = self.undo_stack.pop()
        self.undo_available.emit(bool(len(self.undo_stack)))
        if step is None:
            self.status_posted.emit("Nothing to undo")
            return
        _message, operations = step
        self._runner.run_db(
            lambda library: apply_all(library, operations),
            self.on_undo_applied,
            self.on_operation_failed,
        )

    def on_operation_applied(self, applied: Applied) -> None:
        """Remember the inverse and tell every view."""
        self.undo_stack.push(applied)
        self.undo_available.emit(bool(len(self.undo_stack)))
        self._announce(applied)

    def on_undo_applied(self, applied: Applied) -> None:
        """Tell every view what the undo changed."""
        self._announce(applied)

    def _announce(self, applied: Applied) -> None:
        self.status_posted.emit(applied.message)
        if applied.changed or applied.tags_changed:
            self._hub.library_changed.emit(
                LibraryChange.articles(applied.changed, tags=applied.tags_changed)
            )

    def on_operation_failed(self, error: BaseException) -> None:
        """Report a failed change."""
        log.warning("change failed: %s", error, exc_info=error)
        self.status_posted.emit(f"Could not change the articles: {_describe(error)}")

    # -- saving -----------------------------------------------------------------------------

    def save(self, urls: Sequence[str], files: Sequence[Path], tags: Sequence[str] = ()) -> None:
        """Save web addresses and local files in the background.

        A URL is stored first (a quick write on the database lane, so it shows in the list at
        once), then fetched on the I/O pool. Files are extracted on the I/O pool.
        """
        library = self._runner.library
        if library is None:
            self.status_posted.emit("The library is not open yet")
            return
        tag_list = list(tags)
        if len(urls) > 1:
            # Several at once: store them together, then fetch them as one polite batch.
            self._runner.run_db(
                partial(_store_urls, urls=list(urls), tags=tag_list),
                self.on_urls_stored,
                partial(self.on_save_failed, f"{len(urls)} addresses"),
            )
            urls = ()
        for url in urls:
            self._runner.run_db(
                partial(_store_url, url=url, tags=tag_list),
                self.on_url_stored,
                partial(self.on_save_failed, url),
            )
        for path in files:
            self._runner.run_io(
                partial(library.add_file, path, tag_list),
                self.on_save_finished,
                partial(self.on_save_failed, path.name),
                label=f"Saving {path.name}",
            )

    def on_url_stored(self, result: SaveResult) -> None:
        """Show the stored URL, then fetch its page unless offline or already saved."""
        self.on_save_finished(result)
        library = self._runner.library
        if not result.created or self.offline or library is None:
            return
        article_id = result.article_id
        self._runner.run_io(
            partial(library.refetch, article_id),
            partial(self.on_url_fetched, article_id),
            partial(self.on_save_failed, f"article {article_id}"),
            label="Fetching",
        )

    def on_urls_stored(self, results: list[SaveResult]) -> None:
        """Show the stored URLs; the fetch queue fetches them (one request per host)."""
        ids = frozenset(r.article_id for r in results)
        self.status_posted.emit(f"Saved {len(results)} addresses")
        self._hub.library_changed.emit(LibraryChange(article_ids=ids, tags=True, added=ids))
        self.articles_saved.emit([r.article_id for r in results])
        window = self.parent()
        if window is not None and not self.offline and any(r.created for r in results):
            from app.ui.fetch_resume import resume_pending_fetches

            resume_pending_fetches(window)

    def on_url_fetched(self, stored_id: int, final_id: int) -> None:
        """Show the fetched article (the page may have turned out to be a saved one)."""
        ids = frozenset({stored_id, final_id})
        self.status_posted.emit("Fetched")
        self._hub.library_changed.emit(LibraryChange(article_ids=ids, tags=True, added=ids))
        if final_id != stored_id:
            self.articles_saved.emit([final_id])

    def on_save_finished(self, result: SaveResult) -> None:
        """Show the saved article."""
        article_id = result.article_id
        self.status_posted.emit("Saved" if result.created else "Already saved; tags updated")
        self._hub.library_changed.emit(
            LibraryChange(
                article_ids=frozenset({article_id}), tags=True, added=frozenset({article_id})
            )
        )
        self.articles_saved.emit([article_id])

    def on_save_failed(self, name: str, error: BaseException) -> None:
        """Report a failed save."""
        log.warning("saving %s failed: %s", name, error)
        self.status_posted.emit(f"Could not save {name}: {_describe(error)}")


def _store_url(library: Library, *, url: str, tags: list[str]) -> SaveResult:
    # offline=True: store only; the fetch runs on the I/O pool so queries are not held up.
    return library.add_url(url, tags, offline=True)


def _store_urls(library: Library, *, urls: list[str], tags: list[str]) -> list[SaveResult]:
    return library.store_urls(urls, tags)
