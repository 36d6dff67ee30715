"""The tag manager: every tag with its count and colour; rename, merge, delete, colour, undo.

Filters show unused tags, tags used once, and likely duplicates (with the tag to keep). Every
change goes through ArticleCommands.change_tags: one transaction on the database lane, undone
with Ctrl+Z here or in the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import TagRecord
from app.domain.tag_duplicates import DuplicateGroup
from app.services import tag_manager
from app.services.library import Library
from app.services.tagging import PALETTE
from app.ui.application import ChangeHub, LibraryChange
from app.ui.commands import ArticleCommands
from app.ui.tasks import TaskRunner
from app.ui.widgets.tag_chips import PALETTE_COLORS

USAGES = (
    ("all", "All tags"),
    ("unused", "Unused"),
    ("once", "Used once"),
    ("dupes", "Likely duplicates"),
)
PATH_COLUMN, COUNT_COLUMN, COLOR_COLUMN, NOTE_COLUMN = range(4)
HEADERS = ("Tag", "Articles", "Colour", "Note")
AnyIndex = QModelIndex | QPersistentModelIndex


class TagTableModel(QAbstractTableModel):
    """Rows of (tag, count, colour, note); the note explains a duplicate group."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[TagRecord, str]] = []

    def set_rows(self, rows: Sequence[tuple[TagRecord, str]]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        record, note = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == PATH_COLUMN:
                return record.path
            if column == COUNT_COLUMN:
                return record.count if role == Qt.ItemDataRole.EditRole else f"{record.count:,}"
            if column == COLOR_COLUMN:
                return record.color or ""
            return note
        if role == Qt.ItemDataRole.ForegroundRole and column == COLOR_COLUMN and record.color:
            from PySide6.QtGui import QColor

            return QColor(PALETTE_COLORS.get(record.color, "#8b949e"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def duplicate_rows(
    groups: Sequence[DuplicateGroup], tags: Sequence[TagRecord]
) -> list[tuple[TagRecord, str]]:
    """Rows for the duplicates view: each group's tag to keep, then the ones to merge."""
    by_path = {t.path: t for t in tags}
    rows: list[tuple[TagRecord, str]] = []
    for group in groups:
        why = ", ".join(group.reasons)
        rows.append((by_path.get(group.keep, TagRecord(group.keep, 0)), f"keep ({why})"))
        for path in group.merge:
            rows.append((by_path.get(path, TagRecord(path, 0)), f"merge into {group.keep}"))
    return rows


def _merge_group(group: DuplicateGroup, library: Library) -> tag_manager.TagChange:
    return tag_manager.merge(library.db, list(group.merge), group.keep)


class TagManagerDialog(QDialog):
    """Manage every tag of the library in one place (non-modal; follows library changes)."""

    def __init__(
        self,
        runner: TaskRunner,
        commands: ArticleCommands,
        hub: ChangeHub,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tag_manager")
        self.setWindowTitle("Manage Tags")
        self.resize(640, 520)
        self._runner = runner
        self._commands = commands
        self.tags: list[TagRecord] = []
        self.groups: list[DuplicateGroup] = []
        self.loaded = False
        self._generation = 0
        self.filter = QLineEdit(self)
        self.filter.setObjectName("tag_manager_filter")
        self.filter.setPlaceholderText("Filter tags")
        self.filter.setClearButtonEnabled(True)
        self.usage = QComboBox(self)
        self.usage.setObjectName("tag_manager_usage")
        for key, label in USAGES:
            self.usage.addItem(label, key)
        self.model = TagTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(PATH_COLUMN)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.table = QTableView(self)
        self.table.setObjectName("tag_manager_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PATH_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column in (COUNT_COLUMN, COLOR_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NOTE_COLUMN, 180)
        self.table.setSortingEnabled(False)
        self.rename_button = QPushButton("Rename…", self)
        self.merge_button = QPushButton("Merge…", self)
        self.delete_button = QPushButton("Delete", self)
        self.color_button = QPushButton("Colour", self)
        color_menu = QMenu(self.color_button)
        for name in PALETTE:
            color_menu.addAction(name.capitalize(), partial(self.color_selected, name))
        color_menu.addSeparator()
        color_menu.addAction("No colour", lambda: self.color_selected(None))
        self.color_button.setMenu(color_menu)
        self.merge_dupes_button = QPushButton("Merge suggested", self)
        self.merge_dupes_button.setToolTip("Merge each selected duplicate group into its kept tag")
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.setEnabled(False)
        self.status = QLabel(self)
        self.status.setObjectName("tag_manager_status")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.usage)
        buttons = QHBoxLayout()
        for button in (
            self.rename_button,
            self.merge_button,
            self.delete_button,
            self.color_button,
            self.merge_dupes_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.usage.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.rename_button.clicked.connect(self.on_rename_clicked)
        self.merge_button.clicked.connect(self.on_merge_clicked)
        self.delete_button.clicked.connect(self.delete_selected)
        self.merge_dupes_button.clicked.connect(self.merge_suggested)
        self.undo_button.clicked.connect(self._commands.undo)
        QShortcut(QKeySequence("Ctrl+Z"), self, self._commands.undo)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._commands.undo_available.connect(self.undo_button.setEnabled)
        self._commands.status_posted.connect(self.status.setText)
        hub.library_changed.connect(self.on_hub_library_changed)
        self._update_buttons()
        self.reload()

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the tags and the duplicate groups off the GUI thread (on the I/O pool when the
        library is open, like the sidebar: the lane stays free for the list)."""
        self._generation += 1
        generation = self._generation

        def work(library: Library) -> tuple[list[TagRecord], list[DuplicateGroup]]:
            return library.tags(), tag_manager.duplicates(library.db)

        def done(result: tuple[list[TagRecord], list[DuplicateGroup]]) -> None:
            if generation == self._generation:
                self.on_tags_loaded(result)

        library = self._runner.library
        if library is None:
            self._runner.run_db(work, done)
        else:
            self._runner.run_io(lambda: work(library), done)

    def on_tags_loaded(self, result: tuple[list[TagRecord], list[DuplicateGroup]]) -> None:
        """Show fresh tags."""
        self.tags, self.groups = result
        self.loaded = True
        self._show_rows()

    def on_hub_library_changed(self, change: LibraryChange) -> None:
        """Counts or names may have changed (marking articles read changes neither)."""
        if change.tags or change.added:
            self.reload()

    def set_usage(self, key: str) -> None:
        """Show "all", "unused", "once" or "dupes"."""
        self.usage.setCurrentIndex(self.usage.findData(key))

    def _show_rows(self) -> None:
        key = self.usage.currentData()
        if key == "dupes":
            rows = duplicate_rows(self.groups, self.tags)
        else:
            rows = [(t, "") for t in tag_manager.filter_usage(self.tags, key)]
        self.model.set_rows(rows)
        self.table.setColumnHidden(NOTE_COLUMN, key != "dupes")
        self.merge_dupes_button.setVisible(key == "dupes")
        total = len(self.tags)
        self.setWindowTitle(f"Manage Tags ({total:,})")
        self._update_buttons()

    def visible_paths(self) -> list[str]:
        """The paths shown, in order (tests)."""
        return [str(self.proxy.index(r, PATH_COLUMN).data()) for r in range(self.proxy.rowCount())]

    # -- selection --------------------------------------------------------------------------

    def selected_paths(self) -> list[str]:
        """The selected tags, in table order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows(PATH_COLUMN))
        return [str(self.proxy.index(r, PATH_COLUMN).data()) for r in rows]

    def select_paths(self, paths: Sequence[str]) -> None:
        """Select these tags (tests, and after a change)."""
        wanted = set(paths)
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, PATH_COLUMN).data() in wanted:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def _update_buttons(self) -> None:
        count = len(self.selected_paths())
        self.rename_button.setEnabled(count == 1)
        self.merge_button.setEnabled(count >= 2)
        self.delete_button.setEnabled(count >= 1)
        self.color_button.setEnabled(count >= 1)
        self.merge_dupes_button.setEnabled(count >= 1)

    # -- changes ----------------------------------------------------------------------------

    def on_rename_clicked(self) -> None:
        """Ask for the new name of the selected tag."""
        paths = self.selected_paths()
        if len(paths) != 1:
            return
        new, ok = QInputDialog.getText(
            self, "Rename Tag", "New name (a parent moves its children with it):", text=paths[0]
        )
        if ok and new.strip():
            self.rename_selected(new)

    def rename_selected(self, new: str) -> None:
        """Rename the one selected tag (onto an existing tag: a merge)."""
        (old,) = self.selected_paths()
        self._commands.change_tags(lambda library: tag_manager.rename(library.db, old, new))

    def on_merge_clicked(self) -> None:
        """Ask which tag the selected ones become."""
        paths = self.selected_paths()
        if len(paths) < 2:
            return
        counts = {t.path: t.count for t in self.tags}
        by_count = sorted(paths, key=lambda p: -counts.get(p, 0))
        target, ok = QInputDialog.getItem(
            self, "Merge Tags", f"Merge {len(paths)} tags into:", by_count, 0, True
        )
        if ok and target.strip():
            self.merge_selected(target)

    def merge_selected(self, target: str) -> None:
        """Merge every selected tag into `target` (which may be one of them, or new)."""
        sources = self.selected_paths()
        self._commands.change_tags(lambda library: tag_manager.merge(library.db, sources, target))

    def merge_suggested(self) -> None:
        """Merge the duplicate groups touched by the selection into their kept tags."""
        chosen = set(self.selected_paths())
        for group in self.groups:
            if chosen & {group.keep, *group.merge}:
                self._commands.change_tags(partial(_merge_group, group))

    def delete_selected(self) -> None:
        """Delete the selected tags (and their children) from every article; Ctrl+Z undoes."""
        paths = self.selected_paths()
        if paths:
            self._commands.change_tags(lambda library: tag_manager.delete(library.db, paths))

    def color_selected(self, color: str | None) -> None:
        """Give the selected tags a palette colour (None clears it)."""
        paths = self.selected_paths()
        if paths:
            self._commands.change_tags(
                lambda library: tag_manager.set_color(library.db, paths, color)
            )
