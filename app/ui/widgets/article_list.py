"""The article list panel: runs the current view + search on the database lane and shows it.

A newer query supersedes an older one: each query gets a generation number and results of an
older generation are dropped. A bad query leaves the list as it was and shows the parser's
message above it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.errors import QuerySyntaxError
from app.domain.query import parse_query
from app.domain.records import ArticleRecord
from app.ui.models.article_model import ArticleListModel
from app.ui.models.id_list import IdList
from app.ui.plain_text import plain_label
from app.ui.tasks import Task, TaskRunner
from app.ui.theme import error_color
from app.ui.widgets.article_table import ArticleTable
from app.ui.widgets.empty_state import EmptyState, empty_message
from app.ui.widgets.list_selection import Found, Selection

if TYPE_CHECKING:  # imported on the database lane, not on the way to the first paint
    from app.services.library import Library

log = logging.getLogger(__name__)

FIRST_PAGE = 2_000  # ids shown before the rest of a long list arrives
REST_AFTER_MS = 200  # the rest is asked for after the first rows' records, or by then
MAX_SELECTION_KEPT = 50_000  # selected ids carried over a reload


def combine(base: str, text: str) -> str:
    """The view's query and the search text as one query.

    Plain juxtaposition is an AND, and OR binds tighter than AND, so `a OR b` typed in the
    Unread view means "unread and (a or b)" without adding parentheses (which would move the
    text out of the ranked full-text part).
    """
    return " ".join(part for part in (base.strip(), text.strip()) if part)


class ArticleListPanel(QWidget):
    """The list of articles for the chosen view and search.

    Signals:
        current_changed(object): The current article id (None when the list is empty).
        article_activated(int): An article was double-clicked.
        query_finished(int): A query's ids arrived (their number).
        query_failed(str): The search text is not a valid query (the parser's message).
    """

    current_changed = Signal(object)
    article_activated = Signal(int)
    query_finished = Signal(int)
    query_failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.model = ArticleListModel(self)
        self.view = ArticleTable(self.model, self)
        self.message = plain_label("", self)
        self.message.setObjectName("list_message")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(8, 4, 8, 4)
        self.message.hide()
        self.empty_state = EmptyState(self.view)
        self._view_key = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message)
        layout.addWidget(self.view)
        self._base = ""
        self._text = ""
        self._sort: tuple[str, bool] | None = None  # None: newest first, or relevance
        self._generation = 0
        self._task: Task | None = None
        self._query_pending = False
        self._shown_query = ("", False)  # the query (and relevance mode) behind the ids shown
        self._loaded: tuple[str, str | None] | None = None  # (query, sort) last asked for
        self._rest: tuple[int, str, str | None, IdList] | None = None  # after the 1st page
        self._reselect: tuple[list[int], int] | None = None  # selection to find in the rest
        self._last_current: int | None = None
        self.model.records_wanted.connect(self.on_model_records_wanted)
        self.view.sort_chosen.connect(self.on_view_sort_chosen)
        self.view.selectionModel().currentRowChanged.connect(self.on_selection_current_changed)
        self.view.doubleClicked.connect(self.on_view_double_clicked)

    # -- what to show -----------------------------------------------------------------------

    def set_view(self, base_query: str) -> None:
        """Show a sidebar view (its query), keeping the search text."""
        self._base = base_query
        self.reload()

    def set_view_key(self, key: str) -> None:
        """Name the sidebar view shown ("trash", "tag:<path>", …) for the empty-list message."""
        self._view_key = key

    def set_search(self, text: str) -> None:
        """Narrow the view by a search (empty: the whole view)."""
        self._text = text
        self.reload()

    def set_sort(self, key: str | None, descending: bool = True) -> None:
        """Sort by a key (None: newest first, or relevance while searching)."""
        self._sort = None if key is None else (key, descending)
        self.view.show_sort(key or ("saved" if not self._text else None), descending)
        self.reload()

    def query(self) -> str:
        """The full query behind the list."""
        return combine(self._base, self._text)

    def sort_text(self) -> str | None:
        """The sort argument for the services (None: their default)."""
        if self._sort is None:
            return None
        key, descending = self._sort
        return ("-" if descending else "+") + key

    def _relevance(self) -> bool:
        return bool(self._text) and self._sort is None

    # -- querying ---------------------------------------------------------------------------

    def reload(self, changed: Collection[int] = ()) -> Task:
        """Run the query again (after a change, or a new view/search/sort)."""
        self._generation += 1
        generation = self._generation
        self._query_pending = True
        if self._task is not None:
            self._task.cancel()
        text, query, sort = self._text, self.query(), self.sort_text()
        relevance = self._relevance()
        if not self._text and self._sort is None:
            self.view.show_sort("saved", True)
        elif relevance:
            self.view.show_sort(None, True)

        # A new query shows its first page at once and fetches the rest after it; a refresh
        # of the rows shown (after a change) loads them whole, to keep the selection.
        paged = (query, sort) != self._loaded or self.model.rowCount() == 0
        self._loaded = (query, sort)
        limit = FIRST_PAGE if paged else None

        # The selection is looked up in the new ids on the lane (a pass over a million ids
        # there, none here); the GUI thread only checks that it did not change meanwhile.
        kept = self._selection()

        def work(library: Library) -> Found:
            if text:
                # Parsed alone first, so an error's position counts from the search text.
                parse_query(text)
            ids = IdList(library.packed_ids(query, sort=sort, limit=limit))
            return Found.search(ids, kept)

        self._task = self._runner.run_db(
            work,
            partial(self.on_ids_loaded, generation, changed, (query, relevance), limit),
            partial(self.on_ids_failed, generation),
        )
        return self._task

    def _start_rest(self) -> None:
        rest, self._rest = self._rest, None
        if rest is not None and rest[0] == self._generation:
            self._load_rest(*rest)

    def _load_rest(self, generation: int, query: str, sort: str | None, shown: IdList) -> None:
        wanted = [] if self._reselect is None else [*self._reselect[0], self._reselect[1]]

        def work(library: Library) -> tuple[IdList, dict[int, int]]:
            # An article saved between the two queries shifts the rest by one: drop repeats
            # here, on the database lane, not on the GUI thread.
            rest = IdList(library.packed_ids(query, sort=sort, offset=len(shown))).without(shown)
            rows = {i: len(shown) + row for i, row in rest.positions(wanted).items()}
            return rest, rows

        self._task = self._runner.run_db(
            work,
            partial(self.on_rest_loaded, generation),
            partial(self.on_ids_failed, generation),
        )

    def on_rest_loaded(self, generation: int, found: tuple[IdList, dict[int, int]]) -> None:
        """The rows after the first page: appended, nothing else moves."""
        if generation != self._generation:
            return
        ids, rows_of = found
        self._query_pending = False
        self.model.append_ids(ids, known_new=True)
        reselect, self._reselect = self._reselect, None
        if reselect is not None:
            selected, current_id = reselect
            current = rows_of.get(current_id)
            if current is not None:
                rows = [rows_of[i] for i in selected if i in rows_of]
                self.view.select_rows(rows or [current], current)
        self.query_finished.emit(self.model.rowCount())

    def on_ids_loaded(
        self,
        generation: int,
        changed: Collection[int],
        shown: tuple[str, bool],
        limit: int | None,
        found: Found,
    ) -> None:
        """Show fresh ids, keeping the selection and the current article where possible."""
        if generation != self._generation:
            return
        ids = found.ids
        more = limit is not None and len(ids) >= limit
        self._query_pending = more
        now = self._selection()
        current_row = self.view.current_row()
        # Records without snippets read the same under any query; snippets do not.
        keep = shown == self._shown_query or not (shown[1] or self._shown_query[1])
        self._shown_query = shown
        self.set_message(None)
        if self.model.set_ids(ids, changed, keep_cache=keep):
            rows, new_current = found.rows_for(now, self.model.row_of)
            current_id = now.current
            if more and current_id is not None and new_current is None:
                # The current article may be in the rest (a re-sort): find it there. No row
                # is current meanwhile (the reset cleared it without a signal), so the reader
                # keeps the article instead of showing the first row's and coming back.
                self._reselect = (now.selected, current_id)
                rows, new_current = [], None
            elif new_current is None and ids:
                # The current article left the view (archived, say): stay at the same place.
                new_current = min(current_row or 0, len(ids) - 1)
                rows = rows or [new_current]
            self.view.select_rows(rows, new_current)
            if not ids:
                self.on_selection_current_changed(QModelIndex(), QModelIndex())
        if ids:
            self.empty_state.hide()
        else:
            self.empty_state.show_message(*empty_message(self._view_key, self._text))
        if more:
            # The rest waits for the first rows' records (asked for when the view paints),
            # so that they are not queued behind it on the database lane.
            query, sort = self._loaded or ("", None)
            self._rest = (generation, query, sort, ids)
            QTimer.singleShot(REST_AFTER_MS, self._start_rest)
            return
        self.query_finished.emit(len(ids))

    def on_ids_failed(self, generation: int, error: BaseException) -> None:
        """Show why the query failed; a syntax error is the person's to fix, not a crash."""
        if generation != self._generation:
            return
        self._query_pending = False
        if isinstance(error, QuerySyntaxError):
            self.set_message(f"Search: {error}", error=True)
            self.query_failed.emit(str(error))
            return
        log.error("the article query failed", exc_info=error)
        self.set_message(f"Could not load the articles: {error}", error=True)

    def set_message(self, text: str | None, *, error: bool = False) -> None:
        """Show a line above the list (None hides it)."""
        self.message.setVisible(bool(text))
        self.message.setText(text or "")
        self.message.setStyleSheet(f"color: {error_color()};" if error else "")

    def is_busy(self) -> bool:
        """Whether a query or a batch of rows is still on its way."""
        return self._query_pending or self.model.is_loading()

    def on_model_records_wanted(self, generation: int, first_row: int, ids: list[int]) -> None:
        """Fetch a batch of rows (with search snippets while searching by relevance)."""
        query, relevance = self._shown_query

        def work(library: Library) -> dict[int, ArticleRecord]:
            found: dict[int, ArticleRecord] = {}
            if relevance:
                page = library.search(query, limit=len(ids), offset=first_row)
                wanted = set(ids)
                found = {r.id: r for r in page.items if r.id in wanted}
            missing = [i for i in ids if i not in found]
            if missing:
                found.update(library.records(missing))
            return found

        self._runner.run_db(
            work,
            partial(self.model.deliver, generation, first_row),
            lambda _error: self.model.deliver(generation, first_row, {}),
        )
        self._start_rest()

    # -- selection --------------------------------------------------------------------------

    def selected_ids(self, limit: int | None = None) -> list[int]:
        """The selected articles in list order (the current one when nothing is selected).

        The current article counts as selected only when nothing is; a reload keeps it
        apart (see _selection)."""
        ids = self.model.ids()
        out: list[int] = []
        selection = self.view.selectionModel().selection()
        for number in range(selection.count()):
            selection_range = selection.at(number)
            out.extend(ids[selection_range.top() : selection_range.bottom() + 1])
            if limit is not None and len(out) >= limit:
                break
        if not out:
            row = self.view.current_row()
            if row is not None and self.model.id_at(row) is not None:
                out.append(ids[row])
        return list(dict.fromkeys(out))

    def _selection(self) -> Selection:
        return Selection(self.selected_ids(limit=MAX_SELECTION_KEPT), self.current_id())

    def current_id(self) -> int | None:
        """The current article's id."""
        row = self.view.current_row()
        return self.model.id_at(row) if row is not None else None

    def current_record(self) -> ArticleRecord | None:
        """The current article's cached record, if loaded."""
        row = self.view.current_row()
        return self.model.cached_record(row) if row is not None else None

    def step(self, step: int) -> None:
        """Go to the next (1) or previous (-1) article."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.view.current_row()
        target = 0 if row is None else max(0, min(count - 1, row + step))
        self.view.go_to_row(target)

    def select_article(self, article_id: int) -> bool:
        """Make an article current if it is in the list."""
        row = self.model.row_of(article_id)
        if row is None:
            return False
        self.view.go_to_row(row)
        return True

    def select_all(self) -> None:
        """Select every row."""
        self.view.selectAll()

    def select_ids(self, ids: Sequence[int]) -> None:
        """Select these articles (tests and restoring state)."""
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        self.view.select_rows(rows, rows[0] if rows else None)

    def on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Announce the new current article."""
        article_id = self.model.id_at(current.row()) if current.isValid() else None
        if article_id != self._last_current:
            self._last_current = article_id
            self.current_changed.emit(article_id)

    def on_view_double_clicked(self, index: QModelIndex) -> None:
        """Open the double-clicked article."""
        article_id = self.model.id_at(index.row())
        if article_id is not None:
            self.article_activated.emit(article_id)

    def on_view_sort_chosen(self, key: str, descending: bool) -> None:
        """A header was clicked: sort by it."""
        self._sort = (key, descending)
        self.reload()
