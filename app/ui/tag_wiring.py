"""Wires the researcher tools into the window: tag tree loading and filtering off the GUI
thread, the tag bar, saved searches with live counts, the tag manager, "Save search"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

from app.domain.errors import BroadsheetError
from app.domain.records import TagRecord
from app.ui.application import LibraryChange
from app.ui.dialogs.saved_search import SavedSearchDialog
from app.ui.models.tag_model import TagNode, expansion_depth, prepare_tree, tag_colors
from app.ui.tag_expansion import TagExpansion
from app.ui.tasks import freeze_new
from app.ui.widgets.tag_chips import TAG_COLORS

if TYPE_CHECKING:
    from app.services.library import Library
    from app.services.saved_searches import SavedSearch
    from app.ui.dialogs.tag_manager import TagManagerDialog
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)
COUNT_DELAY_MS = 400  # saved-search counts wait for a burst of changes to end


@dataclass(frozen=True)
class PreparedTree:
    """Everything the sidebar needs, computed on a worker so the GUI thread only swaps it in."""

    records: list[TagRecord]
    root: TagNode
    depth: int | None  # how far to open it (see expansion_depth)
    colors: dict[str, str]
    paths: list[str]
    largest_count: int = 0  # sizes the count column


def prepare(records: list[TagRecord], text: str) -> PreparedTree:
    """Filter, build and measure the tree (pure Python: runs on a worker)."""
    _shown, root = prepare_tree(records, text)
    return PreparedTree(
        records,
        root,
        expansion_depth(root),
        tag_colors(records),
        [r.path for r in records],
        max((r.count for r in records), default=0),
    )


class TagWiring(QObject):
    """The window's tag tree, tag bar, saved searches and tag manager, connected."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.records: list[TagRecord] = []
        self.manager: TagManagerDialog | None = None
        self._filter = ""
        self._tree_task_generation = 0
        self._count_generation = 0
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.reload_saved_searches)
        w = window
        self.expansion = TagExpansion(w.sidebar.tags, w.sidebar.tag_model, w.settings)
        w.sidebar.tag_filter_changed.connect(self.on_sidebar_tag_filter_changed)
        w.sidebar.saved_search_action.connect(self.on_sidebar_saved_search_action)
        w.sidebar.tag_action.connect(self.on_sidebar_tag_action)
        w.tag_bar.tags_submitted.connect(self.on_tag_bar_tags_submitted)
        w.tag_bar.escaped.connect(w.article_list.view.setFocus)
        w.tag_bar.error_posted.connect(w.show_status)
        w.article_list.view.selectionModel().selectionChanged.connect(self.follow_selection)
        w.article_list.current_changed.connect(self.follow_selection)
        w.hub.library_changed.connect(self.on_hub_library_changed)
        w.runner.library_opened.connect(lambda _lib: self.reload_saved_searches())
        w.registry["manage_tags"].triggered.connect(self.open_manager)
        w.registry["save_search"].triggered.connect(self.on_action_save_search)
        # "Save search" also sits at the end of the search field.
        w.search_field.addAction(
            w.registry["save_search"], QLineEdit.ActionPosition.TrailingPosition
        )

    # -- the tag tree -----------------------------------------------------------------------

    def reload_tags(self) -> None:
        """Read the tags and build the (filtered) tree off the GUI thread.

        On the I/O pool, not the database lane: with 20,000 tags the counts take most of a
        second, and the lane must stay free for the list's queries (a read under WAL runs
        beside them on its own connection).
        """
        self._tree_task_generation += 1
        generation, text = self._tree_task_generation, self._filter
        library = self.window.runner.library
        done = partial(self.on_tree_ready, generation)
        if library is None:
            self.window.runner.run_db(lambda lib: prepare(lib.tags(), text), done)
        else:
            self.window.runner.run_io(lambda: prepare(library.tags(), text), done)

    def on_sidebar_tag_filter_changed(self, text: str) -> None:
        """Filter the tree on the I/O pool: 20,000 tags never block typing."""
        self._filter = text
        self._tree_task_generation += 1
        generation, records = self._tree_task_generation, self.records

        def work() -> PreparedTree:
            return prepare(records, text)

        self.window.runner.run_io(work, partial(self.on_tree_ready, generation))

    def on_tree_ready(self, generation: int, tree: PreparedTree) -> None:
        """Show a freshly built tree, keeping the chosen tags chosen."""
        if generation != self._tree_task_generation:
            return
        self.records = tree.records
        sidebar = self.window.sidebar
        chosen = sidebar.selected_tags()
        TAG_COLORS.replace(tree.colors)
        sidebar.tag_model.set_tree(tree.records, tree.root, tree.colors)
        sidebar.fit_count_column(tree.largest_count)
        # The tags the person left open; until they touch one, only as many rows as lay out
        # quickly (20,000 tags show their roots closed). A filter opens its matches instead.
        self.expansion.recording = not self._filter
        self.expansion.apply(tree.depth)
        self.window.tag_bar.set_tag_paths(tree.paths)
        freeze_new()  # the tree stays until the tags change: keep collections short
        key = sidebar.current_key()
        if key.startswith("tag:"):
            chosen = [key[4:]]
        selection = sidebar.tags.selectionModel()
        selection.blockSignals(True)
        for path in chosen:
            index = sidebar.tag_model.index_of(path)
            if index.isValid():
                flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                selection.select(index, flags)
        selection.blockSignals(False)
        self.window.article_list.view.viewport().update()

    # -- the tag bar ------------------------------------------------------------------------

    def follow_selection(self, *_: object) -> None:
        """Point the tag bar at the selected articles."""
        w = self.window
        w.tag_bar.follow(w.selected_ids(), w.article_list.current_record())

    def on_tag_bar_tags_submitted(self, add: list[str], remove: list[str]) -> None:
        """Apply the tag bar's tags to its articles (undoable like any tag change)."""
        self.window.commands.tag(self.window.tag_bar.ids, add, remove)

    def focus_tag_field(self) -> None:
        """The `t` key: type tags for the selection."""
        if not self.window.selected_ids():
            self.window.show_status("No article selected")
            return
        self.follow_selection()
        self.window.tag_bar.focus_field()

    def on_hub_library_changed(self, change: LibraryChange) -> None:
        """Refresh what a write may have changed."""
        self.window.tag_bar.refresh(change.article_ids)
        self._count_timer.start()

    # -- saved searches ---------------------------------------------------------------------

    def reload_saved_searches(self) -> None:
        """Count every saved search off the GUI thread (on the I/O pool, like the tag counts,
        so slow counts never hold up the list's queries), then list them."""
        from app.services import saved_searches

        library = self.window.runner.library
        self._count_generation += 1
        generation = self._count_generation

        def show(searches: list[SavedSearch]) -> None:
            # Counts run in parallel on the pool: only the newest may land.
            if generation == self._count_generation:
                self.window.sidebar.set_saved_searches(searches)

        if library is None:
            self.window.runner.run_db(lambda lib: saved_searches.with_counts(lib.db), show)
        else:
            self.window.runner.run_io(lambda: saved_searches.with_counts(library.db), show)

    def on_action_save_search(self) -> None:
        """Save what the list shows now (view and search) under a name."""
        query = self.window.article_list.query().strip()
        if not query:
            self.window.show_status("Type a search first: there is nothing to save")
            return
        name, ok = QInputDialog.getText(self.window, "Save Search", f"Name for “{query}”:")
        if ok:
            self.save_search(name, query)

    def save_search(self, name: str, query: str) -> None:
        """Save a query under a name (on the lane), then list it."""
        from app.services import saved_searches

        self._write(lambda library: saved_searches.save(library.db, name, query), "Saved search")

    def on_sidebar_saved_search_action(self, action: str, name: str) -> None:
        """Edit or delete a saved search from its context menu."""
        if action == "delete":
            self.delete_search(name)
            return
        from app.services.saved_searches import SavedSearch

        shown = {s.name: s for s in self.window.sidebar.saved_searches()}
        current = shown.get(name, SavedSearch(name, ""))
        dialog = SavedSearchDialog(current.name, current.query, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            new_name, query = dialog.values()
            self.edit_search(name, new_name, query)

    def edit_search(self, name: str, new_name: str, query: str) -> None:
        """Rename a saved search and change its query."""
        from app.services import saved_searches

        self._write(
            lambda library: saved_searches.edit(library.db, name, new_name, query), "Changed"
        )

    def delete_search(self, name: str) -> None:
        """Delete a saved search (its query is shown, to type again if that was a slip)."""
        from app.services import saved_searches

        def work(library: Library) -> SavedSearch:
            found = saved_searches.get(library.db, name)
            saved_searches.delete(library.db, name)
            return found

        self._write(work, "Deleted saved search")

    def _write(self, work: Callable[[Library], SavedSearch], verb: str) -> None:
        def done(search: SavedSearch) -> None:
            self.window.show_status(f"{verb} “{search.name}”: {search.query}")
            self.reload_saved_searches()

        def failed(error: BaseException) -> None:
            text = str(error) if isinstance(error, BroadsheetError) else repr(error)
            self.window.show_status(f"Could not save the search: {text}")

        self.window.runner.run_db(work, done, failed)

    # -- tag changes from the sidebar's context menu ------------------------------------------

    def on_sidebar_tag_action(self, action: str, path: str) -> None:
        """Rename, colour or delete one tag (undoable), or open the tag manager."""
        from app.services import tag_manager

        commands = self.window.commands
        if action == "manage":
            self.open_manager()
        elif action == "rename":
            new, ok = QInputDialog.getText(
                self.window, "Rename Tag", "New name (its children move with it):", text=path
            )
            if ok and new.strip():
                commands.change_tags(lambda library: tag_manager.rename(library.db, path, new))
        elif action == "delete":
            commands.change_tags(lambda library: tag_manager.delete(library.db, [path]))
        elif action.startswith("color:"):
            color = action.removeprefix("color:") or None
            commands.change_tags(lambda library: tag_manager.set_color(library.db, [path], color))

    # -- the tag manager --------------------------------------------------------------------

    def open_manager(self) -> TagManagerDialog:
        """Show the tag manager (one per window)."""
        if self.manager is None:
            from app.ui.dialogs.tag_manager import TagManagerDialog  # the services: lazily

            w = self.window
            self.manager = TagManagerDialog(w.runner, w.commands, w.hub, w)
        self.manager.show()
        self.manager.raise_()
        self.manager.activateWindow()
        return self.manager
