"""The tag tree model: tag paths ("research/border") as a tree, each with its article count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.display import one_line
from app.domain.records import TagRecord
from app.domain.tags import tag_key, tag_segments
from app.ui.icons import icon
from app.ui.plain_text import tooltip

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_COLUMN, COUNT_COLUMN = 0, 1

AnyIndex = QModelIndex | QPersistentModelIndex


class TagNode:
    """One segment of the tree; `is_tag` is False for a parent that only exists as a prefix."""

    __slots__ = ("by_key", "children", "count", "is_tag", "name", "parent", "path", "row")

    def __init__(self, name: str, path: str, parent: TagNode | None, row: int) -> None:
        self.name = name
        self.path = path
        self.parent = parent
        self.row = row
        self.count = 0
        self.is_tag = False
        self.children: list[TagNode] = []
        self.by_key: dict[str, TagNode] = {}

    def child(self, name: str) -> TagNode:
        """The child segment called `name` (case-insensitively), created when missing."""
        key = tag_key(name)
        node = self.by_key.get(key)
        if node is None:
            path = f"{self.path}/{name}" if self.path else name
            node = TagNode(name, path, self, len(self.children))
            self.children.append(node)
            self.by_key[key] = node
        return node


def build_tree(records: Sequence[TagRecord]) -> TagNode:
    """The tree of tag paths (records come sorted by key, so children come sorted too)."""
    root = TagNode("", "", None, 0)
    for record in records:
        node = root
        for segment in tag_segments(record.path):
            node = node.child(segment)
        node.is_tag = True
        node.count = record.count
        # The record's own spelling wins over the one a child path created first.
        node.path = record.path
    return root


class TagTreeModel(QAbstractItemModel):
    """A read-only tree of tags; column 0 is the name, column 1 the article count."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = TagNode("", "", None, 0)
        self._records: tuple[TagRecord, ...] = ()

    def set_tags(self, records: Sequence[TagRecord]) -> None:
        """Replace every tag (a reset: the tree is small compared with the article list)."""
        if tuple(records) == self._records:
            return
        self.beginResetModel()
        self._records = tuple(records)
        self._root = build_tree(records)
        self.endResetModel()

    def tag_paths(self) -> list[str]:
        """Every tag path, for completion."""
        return [r.path for r in self._records]

    def index_of(self, path: str) -> QModelIndex:
        """The index of a tag path (invalid when absent)."""
        node = self._root
        for segment in tag_segments(path):
            found = node.by_key.get(tag_key(segment))
            if found is None:
                return QModelIndex()
            node = found
        return self.createIndex(node.row, 0, node)

    # -- Qt model API -----------------------------------------------------------------------

    def _node(self, index: AnyIndex) -> TagNode:
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, TagNode):
                return node
        return self._root

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column not in (NAME_COLUMN, COUNT_COLUMN) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != NAME_COLUMN:
            return QModelIndex()
        node = self._node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._node(index)
        parent = node.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != NAME_COLUMN:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME_COLUMN:
                return one_line(node.name)
            return str(node.count) if node.is_tag else ""
        if role == PATH_ROLE:
            return node.path
        if role == COUNT_ROLE:
            return node.count
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{node.path} ({node.count})" if node.is_tag else node.path)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME_COLUMN:
            return icon("tag")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
