"""The tag tree model: tag paths ("research/border") as a lazily built tree with article counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.records import TagRecord
from app.domain.tags import SEPARATOR, tag_key, tag_segments
from app.ui.icons import icon

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_COLUMN, COUNT_COLUMN = 0, 1

AnyIndex = QModelIndex | QPersistentModelIndex


class TagNode:
    """One segment of the tree; `is_tag` is False for a parent that only exists as a prefix.

    Children are built on first use (`children` is None until then) from `members`, the
    indices of the records in this node's subtree: opening the sidebar on 20,000 tags
    builds the top level only, and each level as it is expanded.
    """

    __slots__ = (
        "by_key", "children", "count", "depth", "is_tag", "members", "name", "parent", "path",
        "row",
    )  # fmt: skip

    def __init__(self, name: str, path: str, parent: TagNode | None, row: int, depth: int) -> None:
        self.name = name
        self.path = path
        self.parent = parent
        self.row = row
        self.depth = depth  # segments above this node's children (0 for the root)
        self.count = 0
        self.is_tag = False
        self.members: list[int] = []
        self.children: list[TagNode] | None = None
        self.by_key: dict[str, TagNode] = {}


def build_children(node: TagNode, records: Sequence[TagRecord]) -> list[TagNode]:
    """The node's children (built once), in the order their paths first appear."""
    if node.children is not None:
        return node.children
    children: list[TagNode] = []
    keys: dict[str, str] = {}  # segment -> tag_key(segment): most records share a few names
    depth = node.depth
    for index in node.members:
        record = records[index]
        segments = record.path.split(SEPARATOR, depth + 1)
        if len(segments) <= depth:
            continue
        name = segments[depth]
        key = keys.get(name)
        if key is None:
            key = keys[name] = tag_key(name)
        child = node.by_key.get(key)
        if child is None:
            path = f"{node.path}/{name}" if node.path else name
            child = TagNode(name, path, node, len(children), node.depth + 1)
            children.append(child)
            node.by_key[key] = child
        if len(segments) == depth + 1:
            child.is_tag = True
            child.count = record.count
            # The record's own spelling wins over the one a child path created first.
            child.path = record.path
        else:
            child.members.append(index)
    node.children = children
    node.members = []  # handed down to the children
    return children


class TagTreeModel(QAbstractItemModel):
    """A read-only tree of tags; column 0 is the name, column 1 the article count.

    The counts come with the records (one query on the database lane); the tree itself is
    built level by level as the view asks for it, so nothing here grows with the number of
    tags in the library, only with what is shown.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: tuple[TagRecord, ...] = ()
        self._root = self._new_root()

    def _new_root(self) -> TagNode:
        root = TagNode("", "", None, 0, 0)
        root.members = list(range(len(self._records)))
        return root

    def set_tags(self, records: Sequence[TagRecord]) -> None:
        """Replace every tag (a reset; only the top level is built until expanded)."""
        if tuple(records) == self._records:
            return
        self.beginResetModel()
        self._records = tuple(records)
        self._root = self._new_root()
        self.endResetModel()

    def tag_paths(self) -> list[str]:
        """Every tag path, for completion."""
        return [r.path for r in self._records]

    def index_of(self, path: str) -> QModelIndex:
        """The index of a tag path (invalid when absent); builds the levels on its way."""
        node = self._root
        for segment in tag_segments(path):
            build_children(node, self._records)
            found = node.by_key.get(tag_key(segment))
            if found is None:
                return QModelIndex()
            node = found
        return self.createIndex(node.row, 0, node)

    def _children(self, node: TagNode) -> list[TagNode]:
        return build_children(node, self._records)

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
        children = self._children(self._node(parent))
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

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
        return len(self._children(self._node(parent)))

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != NAME_COLUMN:
            return False
        node = self._node(parent)
        # Unbuilt: any record left below this node is a child to come (no build needed).
        return bool(node.children) if node.children is not None else bool(node.members)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME_COLUMN:
                return node.name
            return str(node.count) if node.is_tag else ""
        if role == PATH_ROLE:
            return node.path
        if role == COUNT_ROLE:
            return node.count
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{node.path} ({node.count})" if node.is_tag else node.path
        if role == Qt.ItemDataRole.DecorationRole and column == NAME_COLUMN:
            return icon("tag")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
