"""The article list view: a table with uniform two-line rows, fit for a million rows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from app.ui.models.article_model import (
    COLUMNS,
    HIDDEN_BY_DEFAULT,
    SORT_COLUMNS,
    ArticleListModel,
)
from app.ui.widgets.article_delegate import TwoLineDelegate, row_height
from app.ui.widgets.column_fit import ColumnFitter

SelectionFlag = QItemSelectionModel.SelectionFlag


def row_ranges(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Rows merged into inclusive (first, last) runs."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


class ArticleTable(QTableView):
    """Rows of fixed height (never sized to contents), multi-selection, sortable headers.

    Signals:
        sort_chosen(str, bool): A sortable header was clicked (key, descending).
    """

    sort_chosen = Signal(str, bool)

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article_list")
        self._header_selections: list[QItemSelectionModel] = []
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # One delegate for every column: each cell asks the model once for its row's strings.
        self.setItemDelegate(TwoLineDelegate(self))
        rows = self.verticalHeader()
        rows.hide()
        # Fixed: the header never asks the model for a row's size (a million rows stay instant).
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(row_height(self))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        for number, column in enumerate(COLUMNS):
            header.setSectionHidden(number, column.key in HIDDEN_BY_DEFAULT)
        # Title stretches; the others are sized to their usual content, never per row.
        self.columns = ColumnFitter(header)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.on_header_context_menu_requested)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.on_header_section_clicked)
        self._sort_key = "saved"
        self._descending = True
        self.show_sort("saved", True)

    def setSelectionModel(self, selection_model: QItemSelectionModel) -> None:
        super().setSelectionModel(selection_model)
        # Headers ask the selection model whether a whole column is selected, and Qt answers
        # by visiting every row (a Python call each): after "select all" on a million rows,
        # each paint took seconds. The headers do not highlight sections, so they get an
        # empty selection model of their own.
        model = self.model()
        self._header_selections = [QItemSelectionModel(model, self) for _ in range(2)]
        self.horizontalHeader().setSelectionModel(self._header_selections[0])
        self.verticalHeader().setSelectionModel(self._header_selections[1])

    def on_header_context_menu_requested(self, pos: QPoint) -> None:
        """Let the person show or hide columns (the title always stays)."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for number, column in enumerate(COLUMNS[1:], start=1):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(lambda shown, n=number: self._choose_column(n, shown))
        menu.exec(header.mapToGlobal(pos))

    def _choose_column(self, number: int, shown: bool) -> None:
        self.columns.set_user_hidden(number, not shown)
        self.columns.fit(self.viewport().width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.columns.fit(self.viewport().width())

    def header_state(self) -> QByteArray:
        """The header's state to save (columns hidden only for lack of room count as shown)."""
        return self.columns.save_state()

    def show_sort(self, key: str | None, descending: bool) -> None:
        """Show the sort indicator on the column of `key` (none for relevance order)."""
        header = self.horizontalHeader()
        if key is None or key not in SORT_COLUMNS:
            header.setSortIndicatorShown(False)
            return
        self._sort_key, self._descending = key, descending
        header.setSortIndicatorShown(True)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(SORT_COLUMNS[key], order)

    def on_header_section_clicked(self, section: int) -> None:
        """Sort by a sortable column; clicking it again reverses the order."""
        key = COLUMNS[section].sort_key
        if key is None:
            self.show_sort(self._sort_key, self._descending)
            return
        header = self.horizontalHeader()
        if key == self._sort_key and header.isSortIndicatorShown():
            descending = not self._descending
        else:
            descending = key in ("saved", "published")
        self.show_sort(key, descending)
        self.sort_chosen.emit(key, descending)

    def select_rows(self, rows: Sequence[int], current: int | None) -> None:
        """Select rows (merged into ranges, so thousands stay cheap) and set the current row."""
        selection = QItemSelection()
        model = self.model()
        last_column = model.columnCount() - 1
        for first, last in row_ranges(rows):
            selection.select(model.index(first, 0), model.index(last, last_column))
        selection_model = self.selectionModel()
        if current is not None:
            selection_model.setCurrentIndex(model.index(current, 0), SelectionFlag.NoUpdate)
            self.scrollTo(model.index(current, 0))
        selection_model.select(selection, SelectionFlag.ClearAndSelect)

    def go_to_row(self, row: int) -> None:
        """Make `row` the current and only selected row."""
        index = self.model().index(row, 0)
        if not index.isValid():
            return
        self.selectionModel().setCurrentIndex(
            index, SelectionFlag.ClearAndSelect | SelectionFlag.Rows
        )
        self.scrollTo(index)

    def current_row(self) -> int | None:
        """The current row, or None."""
        index: QModelIndex = self.currentIndex()
        return index.row() if index.isValid() else None
