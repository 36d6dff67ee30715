"""The article list model: every matching id, with rows fetched in batches into a small cache.

The model never does per-row work on reset: it holds a plain list of ids (a million is fine) and
asks for the records of a batch only when the view paints a row of it. The fetching itself is
not the model's job: it emits `records_wanted` and whoever owns the database lane answers with
`deliver`. A generation counter drops answers that arrive after the ids were replaced.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
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

from app.domain.display import one_line
from app.domain.records import ArticleRecord
from app.ui.plain_text import tooltip

log = logging.getLogger(__name__)

BATCH_SIZE = 200
SCANNED_LOOKUPS = 16  # row_of scans this many times before it builds an index
MAX_CACHED_BATCHES = 64  # about 13,000 rows of records; older batches are fetched again
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


@lru_cache(maxsize=4096)
def short_date(value: datetime | None) -> str:
    """A date as YYYY-MM-DD in local time (stored times are UTC).

    Cached: every repaint of every visible row asks again, and astimezone + strftime cost
    about as much as the rest of the row's data together.
    """
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().strftime("%Y-%m-%d")


def state_text(record: ArticleRecord) -> str:
    """Compact state marks: ● unread, ★ favourite, then archived/trashed/fetch state words."""
    marks = []
    if not record.read:
        marks.append("●")
    if record.favorite:
        marks.append("★")
    if record.trashed:
        marks.append("Trashed")
    elif record.archived:
        marks.append("Archived")
    if record.fetch_status not in ("done", ""):
        marks.append(record.fetch_status.capitalize())
    return " ".join(marks)


def site_text(record: ArticleRecord) -> str:
    """The site name, else the URL's host."""
    if record.site:
        return record.site
    host = record.url.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


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
        self._ids: list[int] = []
        self._generation = 0
        self._batches: OrderedDict[int, dict[int, ArticleRecord]] = OrderedDict()
        self._requested: set[int] = set()
        self._wanted: set[int] = set()
        # Records kept across a reset, so a refreshed list does not flash placeholders.
        self._spare: dict[int, ArticleRecord] = {}
        self._row_index: dict[int, int] | None = None
        self._lookups = 0  # row_of calls since the ids changed (see row_of)
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

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

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
        record = self._record(row)
        if record is None:
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return LOADING_TEXT
            return None
        return self._record_data(record, COLUMNS[column].key, role)

    def _record_data(self, record: ArticleRecord, key: str, role: int) -> Any:
        if role == RECORD_ROLE:
            return record
        if role == SECOND_LINE_ROLE:
            return one_line(record.snippet or record.excerpt or "")
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if key == "title" and not record.read else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(record.title, record.url) if key == "title" else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key == "minutes":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        # DisplayRole
        if key == "title":
            return one_line(record.title or record.url)
        if key == "site":
            return one_line(site_text(record))
        if key == "saved":
            return short_date(record.saved)
        if key == "minutes":
            return f"{record.reading_minutes} min" if record.reading_minutes > 0 else ""
        if key == "tags":
            return one_line(", ".join(record.tags))
        return state_text(record)

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
            ids: The article ids, in display order.
            changed: Articles whose cached records are stale (refetched either way).
            keep_cache: Reuse cached records of unchanged articles (False when the rows
                carry query-specific text, such as search snippets).
        """
        ids = ids if isinstance(ids, list) else list(ids)
        if len(ids) == len(self._ids) and ids == self._ids:
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
        self._ids = ids[:]  # one copy: the caller's list stays the caller's
        self._generation += 1
        self._batches.clear()
        self._requested.clear()
        self._wanted.clear()
        self._row_index = None
        self._lookups = 0
        self.endResetModel()
        return True

    def append_ids(self, ids: list[int], *, known_new: bool = False) -> int:
        """Add rows at the end (the rest of a list shown by its first page); returns how many.

        Ids already shown are skipped (an article saved between the two pages' queries);
        `known_new` says the caller checked that already, off the GUI thread.
        """
        if known_new:
            fresh = ids
        else:
            shown = set(self._ids)
            fresh = [i for i in ids if i not in shown]
        if not fresh:
            return 0
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._ids.extend(fresh)
        self._row_index = None
        self._lookups = 0
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

    def ids(self) -> list[int]:
        """The ids in display order (the model's own list: do not modify)."""
        return self._ids

    def id_at(self, row: int) -> int | None:
        """The article id of a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        """The row showing an article.

        The first few lookups after a change scan the list (in C, milliseconds even at a
        million rows, and usually near the top); only many lookups build a full index,
        which at a million rows would hold up the GUI thread for a quarter of a second.
        """
        if self._row_index is None:
            self._lookups += 1
            if self._lookups <= SCANNED_LOOKUPS:
                try:
                    return self._ids.index(article_id)
                except ValueError:
                    return None
            self._row_index = {article_id: row for row, article_id in enumerate(self._ids)}
        return self._row_index.get(article_id)

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
