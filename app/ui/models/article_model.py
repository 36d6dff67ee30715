"""The article list model: every matching id, with rows fetched in batches into a small cache.

The model never does per-row work on reset: it holds the ids packed in one buffer (IdList: a
million is 8 MB, handed over without a copy) and asks for the records of a batch only when the
view paints a row of it. What a row shows is worked out once per record (RowDisplay). The
fetching itself is not the model's job: it emits `records_wanted` and whoever owns the
database lane answers with `deliver`. A generation counter drops answers that arrive after
the ids were replaced.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from app.domain.records import ArticleRecord
from app.ui.models.id_list import IdList
from app.ui.models.row_display import RowDisplay
from app.ui.plain_text import tooltip

log = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_CACHED_BATCHES = 64  # about 13,000 rows of records; older batches are fetched again
MAX_DISPLAYS = 4_000  # rows' worked-out strings kept (a few screens); rebuilt when dropped
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SECOND_LINE_ROLE = Qt.ItemDataRole.UserRole + 3
LOADING_TEXT = "…"

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One list column: its key, header and the service's sort key (None: not sortable).

    Widths come from app/ui/widgets/column_fit.py (font metrics of typical content)."""

    key: str
    title: str
    sort_key: str | None


COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", "title"),
    Column("site", "Site", "site"),
    Column("saved", "Saved", "saved"),
    Column("minutes", "Time", "minutes"),
    Column("tags", "Tags", None),
    Column("state", "State", None),
)
# The title cell already shows tags and state marks; these columns are there on request.
HIDDEN_BY_DEFAULT = frozenset({"tags", "state"})
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
SORT_COLUMNS = {c.sort_key: i for i, c in enumerate(COLUMNS) if c.sort_key}


class ArticleListModel(QAbstractTableModel):
    """Rows are article ids; records come in batches through `records_wanted`/`deliver`.

    Signals:
        records_wanted(int, int, list): generation, first row and ids of a batch to fetch.
        sort_requested(str, bool): The view asked for a sort key, descending or not.
    """

    records_wanted = Signal(int, int, object)
    sort_requested = Signal(str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = IdList()
        self._generation = 0
        self._batches: OrderedDict[int, dict[int, ArticleRecord]] = OrderedDict()
        self._requested: set[int] = set()
        self._wanted: set[int] = set()
        # Records kept across a reset, so a refreshed list does not flash placeholders.
        self._spare: dict[int, ArticleRecord] = {}
        self._displays: dict[int, RowDisplay] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self.on_flush_timeout)

    # -- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    # flags() is QAbstractTableModel's own (enabled, selectable, no children): the view asks
    # for every painted cell, and an override would be one more call into Python each time.

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._ids) or not 0 <= column < len(COLUMNS):
            return None
        if role == ID_ROLE:
            return self._ids[row]
        if role not in _ROLES_NEEDING_RECORD:
            return None
        display = self.display(row)
        if display is None:
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return LOADING_TEXT
            return None
        return self._display_data(display, column, role)

    def _display_data(self, display: RowDisplay, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return display.cells[column]
        if role == RECORD_ROLE:
            return display.record
        if role == SECOND_LINE_ROLE:
            return display.second_line
        key = COLUMNS[column].key
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if key == "title" and display.bold else None
        if role == Qt.ItemDataRole.ToolTipRole:
            record = display.record
            return tooltip(record.title, record.url) if key == "title" else None
        # TextAlignmentRole
        if key == "minutes":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, row: int) -> RowDisplay | None:
        """What a row shows (None while its record is being fetched; asks for it then).

        The delegate calls this directly, once per painted cell: one Python call instead of
        a data() call per role through Qt.
        """
        if not 0 <= row < len(self._ids):
            return None
        record = self._record(row)
        if record is None:
            return None
        display = self._displays.get(record.id)
        if display is None or display.record is not record:
            if len(self._displays) >= MAX_DISPLAYS:
                self._displays.clear()
            display = self._displays[record.id] = RowDisplay.build(record)
        return display

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for a new order (the owner re-queries; the model never sorts itself)."""
        if 0 <= column < len(COLUMNS) and COLUMNS[column].sort_key:
            key = COLUMNS[column].sort_key or ""
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    # -- ids --------------------------------------------------------------------------------

    def set_ids(
        self, ids: Sequence[int], changed: Collection[int] = (), *, keep_cache: bool = True
    ) -> bool:
        """Show these ids; returns whether the rows changed (False: same rows, refreshed).

        Args:
            ids: The article ids, in display order. An IdList (packed on the database lane)
                is taken as it is; anything else is packed here, which is linear.
            changed: Articles whose cached records are stale (refetched either way).
            keep_cache: Reuse cached records of unchanged articles (False when the rows
                carry query-specific text, such as search snippets).
        """
        packed = IdList.of(ids)
        if packed == self._ids:  # memcmp, not a Python loop
            self.refresh(changed if keep_cache else ())
            return False
        self.beginResetModel()
        stale = set(changed)
        self._spare = {
            i: r
            for batch in self._batches.values()
            for i, r in batch.items()
            if keep_cache and i not in stale
        }
        self._ids = packed  # immutable: shared with the caller, never copied
        self._generation += 1
        self._batches.clear()
        self._requested.clear()
        self._wanted.clear()
        if not keep_cache:
            self._displays.clear()
        self.endResetModel()
        return True

    def append_ids(self, ids: Sequence[int], *, known_new: bool = False) -> int:
        """Add rows at the end (the rest of a list shown by its first page); returns how many.

        Ids already shown are skipped (an article saved between the two pages' queries);
        `known_new` says the caller checked that already, off the GUI thread.
        """
        if known_new:
            fresh = IdList.of(ids)
        else:
            shown = set(self._ids)
            fresh = IdList.of([i for i in ids if i not in shown])
        if not fresh:
            return 0
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._ids = self._ids + fresh  # one memcpy
        self.endInsertRows()
        if self._batches.get(first // BATCH_SIZE) is not None and first % BATCH_SIZE:
            self._batches.pop(first // BATCH_SIZE)  # the last, partial batch grew: fetch it again
        return len(fresh)

    def refresh(self, changed: Collection[int] = ()) -> None:
        """Fetch cached batches again (only those holding `changed` ids, when given)."""
        wanted = set(changed)
        for number, batch in list(self._batches.items()):
            if not wanted or not wanted.isdisjoint(batch.keys()) or self._has_missing(number):
                self._request(number)

    def _has_missing(self, number: int) -> bool:
        batch = self._batches.get(number, {})
        return len(batch) < len(self._batch_ids(number))

    @property
    def generation(self) -> int:
        """Bumped at every reset; fetch answers for an older generation are dropped."""
        return self._generation

    def ids(self) -> IdList:
        """The ids in display order (immutable; compares equal to a list of the same ids)."""
        return self._ids

    def id_at(self, row: int) -> int | None:
        """The article id of a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        """The row showing an article: a byte search in C (a millisecond or two at a
        million rows), no index to build or keep on the GUI thread."""
        return self._ids.index_of(article_id)

    def cached_record(self, row: int) -> ArticleRecord | None:
        """A row's record if it is cached (never triggers a fetch)."""
        article_id = self.id_at(row)
        batch = self._batches.get(row // BATCH_SIZE)
        return batch.get(article_id) if batch is not None and article_id is not None else None

    def is_loading(self) -> bool:
        """Whether any batch is waiting to be fetched or delivered."""
        return bool(self._wanted or self._requested)

    # -- batches ----------------------------------------------------------------------------

    def _batch_ids(self, number: int) -> list[int]:
        return self._ids[number * BATCH_SIZE : (number + 1) * BATCH_SIZE]

    def _record(self, row: int) -> ArticleRecord | None:
        number = row // BATCH_SIZE
        batch = self._batches.get(number)
        if batch is None:
            batch = self._from_spare(number)
        if batch is not None:
            self._batches.move_to_end(number)
            return batch.get(self._ids[row])
        if number not in self._requested:
            self._wanted.add(number)
            if not self._flush.isActive():
                self._flush.start()
        return None

    def _from_spare(self, number: int) -> dict[int, ArticleRecord] | None:
        if not self._spare:
            return None
        ids = self._batch_ids(number)
        if not all(i in self._spare for i in ids):
            return None
        batch = {i: self._spare[i] for i in ids}
        self._store(number, batch)
        return batch

    def _store(self, number: int, batch: dict[int, ArticleRecord]) -> None:
        self._batches[number] = batch
        self._batches.move_to_end(number)
        while len(self._batches) > MAX_CACHED_BATCHES:
            self._batches.popitem(last=False)

    def _request(self, number: int) -> None:
        ids = self._batch_ids(number)
        if not ids:
            return
        self._requested.add(number)
        self.records_wanted.emit(self._generation, number * BATCH_SIZE, ids)

    def on_flush_timeout(self) -> None:
        """Ask for every batch the view wanted since the last turn of the event loop."""
        wanted, self._wanted = sorted(self._wanted), set()
        for number in wanted:
            if number not in self._requested:
                self._request(number)

    def deliver(
        self, generation: int, first_row: int, records: Mapping[int, ArticleRecord]
    ) -> None:
        """Store a fetched batch (ignored when the ids were replaced since it was asked for).

        Ids missing from `records` (deleted meanwhile) stay blank until the next refresh.
        """
        if generation != self._generation:
            return
        number = first_row // BATCH_SIZE
        self._requested.discard(number)
        ids = self._batch_ids(number)
        if not ids:
            return
        self._store(number, {i: records[i] for i in ids if i in records})
        last = number * BATCH_SIZE + len(ids) - 1
        self.dataChanged.emit(
            self.index(number * BATCH_SIZE, 0), self.index(last, len(COLUMNS) - 1)
        )


_ROLES_NEEDING_RECORD = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        RECORD_ROLE,
        SECOND_LINE_ROLE,
    }
)
