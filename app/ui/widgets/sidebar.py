"""The sidebar: the fixed views (Unread … Trash), the tag tree with counts, saved searches."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import icon
from app.ui.models.tag_model import COUNT_COLUMN, NAME_COLUMN, PATH_ROLE, TagTreeModel

QUERY_ROLE = Qt.ItemDataRole.UserRole + 1


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
VIEW_BY_KEY = {v.key: v for v in VIEWS}


def tag_query(path: str) -> str:
    """The query for a tag and everything under it.

    The query language has no escapes inside quotes, so a tag holding a quote falls back to
    the prefix before it (a slightly wider match, never a syntax error).
    """
    if '"' in path:
        return f'tag:"{path.split(chr(34), 1)[0]}"*'
    return f'tag:"{path}"'


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

    Signals:
        view_chosen(str, str): A view's key ("unread", "tag:<path>", …) and its query.
    """

    view_chosen = Signal(str, str)

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
        self.tags.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tags.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COUNT_COLUMN, self.fontMetrics().horizontalAdvance("0000000"))
        self.saved = QListWidget(self)
        self.saved.setObjectName("sidebar_saved_searches")
        self.saved.setFrameShape(QListWidget.Shape.NoFrame)
        self.saved.setMaximumHeight(120)
        self.saved_heading = _heading("Saved searches", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(_heading("Library", self))
        layout.addWidget(self.views)
        layout.addWidget(_heading("Tags", self))
        layout.addWidget(self.tags, 1)
        layout.addWidget(self.saved_heading)
        layout.addWidget(self.saved)
        self.saved_heading.setVisible(False)
        self.saved.setVisible(False)
        self._key = ""
        self.views.currentRowChanged.connect(self.on_views_current_row_changed)
        self.tags.selectionModel().currentChanged.connect(self.on_tags_current_changed)
        self.tags.clicked.connect(self.on_tags_current_changed)

    def current_key(self) -> str:
        """The key of the chosen view ("unread", "all", …, or "tag:<path>")."""
        return self._key

    def choose(self, key: str) -> None:
        """Choose a view by key (a fixed view or "tag:<path>")."""
        if key.startswith("tag:"):
            index = self.tag_model.index_of(key[4:])
            if index.isValid():
                self.tags.setCurrentIndex(index)
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
            self.tags.selectionModel().clear()
            self._announce(VIEWS[row].key, VIEWS[row].query)

    def on_tags_current_changed(self, current: QModelIndex, *_: object) -> None:
        """A tag was chosen: show it and everything under it."""
        if not current.isValid():
            return
        path = current.siblingAtColumn(NAME_COLUMN).data(PATH_ROLE)
        if not path:
            return
        self.views.blockSignals(True)
        self.views.setCurrentRow(-1)
        self.views.clearSelection()
        self.views.blockSignals(False)
        self.tags.selectionModel().select(
            current,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._announce(f"tag:{path}", tag_query(path))

    def _announce(self, key: str, query: str) -> None:
        if key == self._key:
            return
        self._key = key
        self.view_chosen.emit(key, query)
