"""The tag tree model: tag paths ("research/border") as a tree, each with its article count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.domain.display import one_line
from app.domain.records import TagRecord
from app.domain.tags import tag_key, tag_segments
from app.ui.icons import icon
from app.ui.plain_text import tooltip
from app.ui.widgets.tag_chips import PALETTE_COLORS

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


def unlink(root: TagNode) -> None:
    """Clear a dropped tree's parent links, so it is freed at once, not by a collection.

    With them every node is in a reference cycle; such a tree would wait for a full garbage
    collection (which walks it: 20,000 tags cost tens of milliseconds of held interpreter
    lock), or never be freed once frozen out of the collector's reach (tasks.freeze_new).
    """
    stack = [root]
    while stack:
        node = stack.pop()
        node.parent = None
        stack.extend(node.children)


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


def filter_records(records: Sequence[TagRecord], text: str) -> list[TagRecord]:
    """The tags whose path contains `text` (ignoring case); all of them for empty text."""
    needle = text.strip().casefold()
    if not needle:
        return list(records)
    return [r for r in records if needle in r.path.casefold()]


def prepare_tree(records: Sequence[TagRecord], text: str = "") -> tuple[list[TagRecord], TagNode]:
    """Filter and build the tree, off the GUI thread (pure Python, no Qt objects)."""
    shown = filter_records(records, text)
    return shown, build_tree(shown)


def tag_colors(records: Sequence[TagRecord]) -> dict[str, str]:
    """Colour name by tag key, for the tags that have one."""
    return {tag_key(r.path): r.color for r in records if r.color}


EXPAND_ROWS_MAX = 400  # open the tree only as far as this many rows: layout grows with rows


def expansion_depth(root: TagNode) -> int | None:
    """How deep to open a tree so its rows stay few: None (all), 0 (the first level), -1 (no).

    A large library shows its top-level tags closed; a small or filtered tree opens fully.
    Runs on a worker with the tree build (it walks every node).
    """
    total = 0
    stack = list(root.children)
    while stack and total <= EXPAND_ROWS_MAX:
        node = stack.pop()
        total += 1
        stack.extend(node.children)
    if total <= EXPAND_ROWS_MAX:
        return None
    first = len(root.children) + sum(len(c.children) for c in root.children)
    return 0 if first <= EXPAND_ROWS_MAX else -1


def _color_dot(color: str) -> QIcon:
    """A small filled circle in a palette colour (cached per colour)."""
    cached = _DOTS.get(color)
    if cached is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE_COLORS.get(color, "#8b949e")))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        cached = _DOTS[color] = QIcon(pixmap)
    return cached


_DOTS: dict[str, QIcon] = {}


_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.TextAlignmentRole,
        PATH_ROLE,
        COUNT_ROLE,
    }
)


class TagTreeModel(QAbstractItemModel):
    """A read-only tree of tags; column 0 is the name, column 1 the article count."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = TagNode("", "", None, 0)
        self._records: tuple[TagRecord, ...] = ()
        self._colors: dict[str, str] = {}

    def set_tags(self, records: Sequence[TagRecord]) -> None:
        """Replace every tag (a reset: the tree is small compared with the article list)."""
        if tuple(records) == self._records:
            return
        self.beginResetModel()
        old, self._root = self._root, build_tree(records)
        self._records = tuple(records)
        self._colors = tag_colors(records)
        self.endResetModel()
        unlink(old)

    def set_tree(
        self, records: Sequence[TagRecord], root: TagNode, colors: dict[str, str] | None = None
    ) -> None:
        """Show a tree built off the GUI thread by `prepare_tree` (a reset, no O(n) work here).

        Args:
            records: Every tag (for `tag_paths`), not only the shown ones.
            root: The tree to show.
            colors: Colour name by tag key, from `tag_colors` on the same worker.
        """
        self.beginResetModel()
        old, self._root = self._root, root
        self._records = tuple(records)
        self._colors = colors if colors is not None else tag_colors(records)
        self.endResetModel()
        if old is not root:
            unlink(old)

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
        # A view asks about ten roles per cell and paints two cells per row: answer the
        # roles this model has nothing for before touching the index.
        if role not in _ANSWERED_ROLES:
            return None
        node = index.internalPointer() if index.isValid() else None
        if not isinstance(node, TagNode):
            return None
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
            color = self._colors.get(tag_key(node.path)) if self._colors else None
            return _color_dot(color) if color else icon("tag")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
