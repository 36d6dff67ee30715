"""The sidebar: the fixed views (Unread … Trash), the tag tree with counts, saved searches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import icon
from app.ui.models.tag_model import COUNT_COLUMN, NAME_COLUMN, PATH_ROLE, TagTreeModel

if TYPE_CHECKING:
    from app.services.saved_searches import SavedSearch

QUERY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_QUERY_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_DELAY_MS = 150
MAX_SAVED_ROWS = 8


@dataclass(frozen=True)
class View:
    """A fixed sidebar entry and the query it stands for."""

    key: str
    title: str
    query: str
    icon: str


VIEWS: tuple[View, ...] = (
    View("unread", "Unread", "is:unread -is:archived", "unread"),
    View("all", "All", "", "all"),
    View("favorites", "Favorites", "is:favorite", "favorite"),
    View("archive", "Archive", "is:archived", "archive"),
    View("trash", "Trash", "is:trashed", "trash"),
    View("highlights", "Highlights", "", "highlight"),  # not a query: app/ui/highlighting.py
)

TAG_INDENT_PX = 14  # Qt's 20 px per level leaves a narrow sidebar no room for names
COUNT_PADDING_PX = 10  # between a name's ellipsis and its count
VIEW_BY_KEY = {v.key: v for v in VIEWS}


def tag_query(path: str) -> str:
    """The query for a tag and everything under it.

    The query language has no escapes inside quotes, so a tag holding a quote falls back to
    the prefix before it (a slightly wider match, never a syntax error).
    """
    if '"' in path:
        return f'tag:"{path.split(chr(34), 1)[0]}"*'
    return f'tag:"{path}"'


def tags_query(paths: Sequence[str], any_of: bool) -> str:
    """The query for several tags: all of them (AND) or any of them (OR)."""
    parts = [tag_query(p) for p in paths]
    if len(parts) < 2:
        return "".join(parts)
    return "(" + " OR ".join(parts) + ")" if any_of else " ".join(parts)


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text.upper(), parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.85)
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(8, 10, 8, 2)
    label.setEnabled(False)  # the muted palette colour, without a stylesheet
    return label


class Sidebar(QWidget):
    """Where the reader picks what the list shows.

    Tags: a click shows one tag (and its children); Ctrl-click adds more, shown when they
    ALL apply, or ANY of them with the "Any" toggle. Saved searches list their live counts.

    Signals:
        view_chosen(str, str): A view's key ("unread", "tag:<path>", "saved:<name>", …) and
            its query.
        tag_filter_changed(str): The text of the tag filter, after a pause in typing.
        saved_search_action(str, str): "edit" or "delete", and a saved search's name.
        tag_action(str, str): "rename", "delete", "color:<name>" (or "color:" to clear) or
            "manage", and the tag path right-clicked.
    """

    view_chosen = Signal(str, str)
    tag_filter_changed = Signal(str)
    saved_search_action = Signal(str, str)
    tag_action = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.views = QListWidget(self)
        self.views.setObjectName("sidebar_views")
        for view in VIEWS:
            item = QListWidgetItem(icon(view.icon), view.title)
            item.setData(QUERY_ROLE, view.key)
            self.views.addItem(item)
        self.views.setFrameShape(QListWidget.Shape.NoFrame)
        row_height = self.views.sizeHintForRow(0)
        self.views.setFixedHeight(row_height * len(VIEWS) + 6)
        self.tag_model = TagTreeModel(self)
        self.tags = QTreeView(self)
        self.tags.setObjectName("sidebar_tags")
        self.tags.setModel(self.tag_model)
        self.tags.setHeaderHidden(True)
        self.tags.setFrameShape(QTreeView.Shape.NoFrame)
        self.tags.setUniformRowHeights(True)
        self.tags.setIndentation(TAG_INDENT_PX)
        self.tags.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tags.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tags.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.tags.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.fit_count_column(999)
        self.tag_filter = QLineEdit(self)
        self.tag_filter.setObjectName("sidebar_tag_filter")
        self.tag_filter.setPlaceholderText("Filter tags")
        self.tag_filter.setClearButtonEnabled(True)
        self.match_any = QToolButton(self)
        self.match_any.setObjectName("sidebar_match_any")
        self.match_any.setCheckable(True)
        self.match_any.setText("All")
        self.match_any.setToolTip(
            "With several tags selected (Ctrl-click): show articles with ALL of them, "
            "or with ANY of them"
        )
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self.saved = QListWidget(self)
        self.saved.setObjectName("sidebar_saved_searches")
        self.saved.setFrameShape(QListWidget.Shape.NoFrame)
        self.saved.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.saved_heading = _heading("Saved searches", self)
        tag_tools = QHBoxLayout()
        tag_tools.setContentsMargins(6, 0, 6, 2)
        tag_tools.setSpacing(4)
        tag_tools.addWidget(self.tag_filter, 1)
        tag_tools.addWidget(self.match_any)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(_heading("Library", self))
        layout.addWidget(self.views)
        layout.addWidget(self.saved_heading)
        layout.addWidget(self.saved)
        layout.addWidget(_heading("Tags", self))
        layout.addLayout(tag_tools)
        layout.addWidget(self.tags, 1)
        self.saved_heading.setVisible(False)
        self.saved.setVisible(False)
        self._key = ""
        self._saved_searches: list[SavedSearch] = []
        self.views.currentRowChanged.connect(self.on_views_current_row_changed)
        self.tags.selectionModel().selectionChanged.connect(self.on_tags_selection_changed)
        self.tags.clicked.connect(self.on_tags_clicked)
        self.match_any.toggled.connect(self.on_match_any_toggled)
        self.tag_filter.textEdited.connect(lambda _text: self._filter_timer.start())
        self.tag_filter.textChanged.connect(self.on_tag_filter_text_changed)
        self._filter_timer.timeout.connect(
            lambda: self.tag_filter_changed.emit(self.tag_filter.text().strip())
        )
        self.saved.itemClicked.connect(self.on_saved_item_clicked)
        self.saved.currentItemChanged.connect(self.on_saved_current_item_changed)
        self.saved.customContextMenuRequested.connect(self.on_saved_context_menu_requested)
        self.tags.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tags.customContextMenuRequested.connect(self.on_tags_context_menu_requested)

    def current_key(self) -> str:
        """The key of the chosen view ("unread", "all", …, or "tag:<path>")."""
        return self._key

    def choose(self, key: str) -> None:
        """Choose a view by key (a fixed view, "tag:<path>" or "saved:<name>")."""
        if key.startswith("tag:"):
            index = self.tag_model.index_of(key[4:])
            if index.isValid():
                self.tags.setCurrentIndex(index)
                return
            key = "all"
        if key.startswith("saved:"):
            for row in range(self.saved.count()):
                item = self.saved.item(row)
                if item is not None and item.data(QUERY_ROLE) == key:
                    self.saved.setCurrentRow(row)
                    return
            key = "all"
        view = VIEW_BY_KEY.get(key, VIEWS[0])
        row = VIEWS.index(view)
        if self.views.currentRow() == row:
            self._announce(view.key, view.query)
        else:
            self.views.setCurrentRow(row)

    def on_views_current_row_changed(self, row: int) -> None:
        """A fixed view was chosen."""
        if 0 <= row < len(VIEWS):
            # Focus alone makes the first row current without selecting it: select it, so
            # the chosen view is always highlighted.
            self.views.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self._clear_others(self.views)
            self._announce(VIEWS[row].key, VIEWS[row].query)

    def _clear_others(self, keep: QWidget) -> None:
        """Only one of the three lists shows a choice at a time."""
        for widget in (self.views, self.saved):
            if widget is not keep:
                widget.blockSignals(True)
                widget.setCurrentRow(-1)
                widget.clearSelection()
                widget.blockSignals(False)
        if keep is not self.tags:
            self.tags.selectionModel().blockSignals(True)
            self.tags.selectionModel().clear()
            self.tags.selectionModel().blockSignals(False)

    def selected_tags(self) -> list[str]:
        """The selected tag paths, in tree order."""
        rows = self.tags.selectionModel().selectedRows(NAME_COLUMN)
        rows.sort(key=lambda i: self.tags.visualRect(i).top())
        return [p for p in (i.data(PATH_ROLE) for i in rows) if p]

    def on_tags_selection_changed(self, *_: object) -> None:
        """Show the selected tags: one tag with its children, several combined."""
        paths = self.selected_tags()
        if not paths:
            return
        self._clear_others(self.tags)
        any_of = self.match_any.isChecked()
        if len(paths) == 1:
            self._announce(f"tag:{paths[0]}", tag_query(paths[0]))
        else:
            mode = "any" if any_of else "all"
            self._announce(f"tags:{mode}:" + "\n".join(paths), tags_query(paths, any_of))

    def on_tags_clicked(self, _index: QModelIndex) -> None:
        """Clicking the chosen tag again shows it again (after a fixed view was chosen)."""
        self.on_tags_selection_changed()

    def on_match_any_toggled(self, checked: bool) -> None:
        """Switch several selected tags between ALL and ANY."""
        self.match_any.setText("Any" if checked else "All")
        if len(self.selected_tags()) > 1:
            self.on_tags_selection_changed()

    def on_tag_filter_text_changed(self, text: str) -> None:
        """Clearing the filter (its clear button) applies at once."""
        if not text:
            self._filter_timer.stop()
            self.tag_filter_changed.emit("")

    # -- saved searches ---------------------------------------------------------------------

    def set_saved_searches(self, searches: Sequence[SavedSearch]) -> None:
        """Show the saved searches with their counts, keeping the chosen one chosen."""
        self._saved_searches = list(searches)
        self.saved.blockSignals(True)
        self.saved.clear()
        for search in searches:
            count = "?" if search.count is None else f"{search.count:,}"
            item = QListWidgetItem(icon("saved-search"), f"{search.name}  ({count})")
            item.setData(QUERY_ROLE, f"saved:{search.name}")
            item.setData(SEARCH_QUERY_ROLE, search.query)
            item.setToolTip(search.query)
            self.saved.addItem(item)
            if self._key == f"saved:{search.name}":
                self.saved.setCurrentItem(item)
        self.saved.blockSignals(False)
        self.saved_heading.setVisible(bool(searches))
        self.saved.setVisible(bool(searches))
        # As tall as its rows (up to MAX_SAVED_ROWS, then it scrolls): the tag tree gets the rest.
        rows = min(len(searches), MAX_SAVED_ROWS)
        self.saved.setFixedHeight(self.saved.sizeHintForRow(0) * rows + 6 if rows else 0)
        key = self._key
        if key.startswith("saved:"):
            # The chosen search was edited: show its new query.
            for search in searches:
                if f"saved:{search.name}" == key:
                    self._key = ""
                    self._announce(key, search.query)

    def saved_searches(self) -> list[SavedSearch]:
        """The saved searches shown, with their counts."""
        return list(self._saved_searches)

    def on_saved_item_clicked(self, item: QListWidgetItem) -> None:
        """A saved search was clicked."""
        self.on_saved_current_item_changed(item, None)

    def on_saved_current_item_changed(
        self, item: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        """Show a saved search's articles."""
        if item is None:
            return
        self._clear_others(self.saved)
        self._announce(str(item.data(QUERY_ROLE)), str(item.data(SEARCH_QUERY_ROLE)))

    def on_saved_context_menu_requested(self, pos: QPoint) -> None:
        """Edit or delete a saved search."""
        item = self.saved.itemAt(pos)
        if item is None:
            return
        name = str(item.data(QUERY_ROLE))[len("saved:") :]
        menu = QMenu(self)
        menu.addAction("Edit…", lambda: self.saved_search_action.emit("edit", name))
        menu.addAction("Delete", lambda: self.saved_search_action.emit("delete", name))
        menu.exec(self.saved.viewport().mapToGlobal(pos))

    def fit_count_column(self, largest: int) -> None:
        """Make the count column as wide as the largest count, no wider: in a narrow sidebar
        the names (elided with "…") keep the rest."""
        digits = "0" * len(str(max(largest, 0)))
        width = self.tags.fontMetrics().horizontalAdvance(digits) + COUNT_PADDING_PX
        self.tags.header().resizeSection(COUNT_COLUMN, width)

    def on_tags_context_menu_requested(self, pos: QPoint) -> None:
        """Rename, colour or delete the tag under the pointer, or open the tag manager."""
        index = self.tags.indexAt(pos)
        path = index.siblingAtColumn(NAME_COLUMN).data(PATH_ROLE) if index.isValid() else None
        menu = QMenu(self)
        if path:
            emit = self.tag_action.emit
            menu.addAction("Rename…", lambda: emit("rename", path))
            colors = menu.addMenu("Colour")
            from app.services.tagging import PALETTE

            for name in PALETTE:
                colors.addAction(name.capitalize(), partial(emit, f"color:{name}", path))
            colors.addSeparator()
            colors.addAction("No colour", lambda: emit("color:", path))
            menu.addAction("Delete", lambda: emit("delete", path))
            menu.addSeparator()
        menu.addAction("Manage Tags…", lambda: self.tag_action.emit("manage", path or ""))
        menu.exec(self.tags.viewport().mapToGlobal(pos))

    def _announce(self, key: str, query: str) -> None:
        if key == self._key:
            return
        self._key = key
        self.view_chosen.emit(key, query)
