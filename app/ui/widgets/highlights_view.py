"""The Highlights view: every highlight across the library, searchable by the words of its
quote or note, filterable by tag and colour; each opens its article at its place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import LibraryHighlight
from app.ui.tasks import TaskRunner
from app.ui.widgets.highlight_list import item_text
from app.ui.widgets.highlight_swatches import color_combo, swatch_icon

if TYPE_CHECKING:
    from app.services.library import Library

ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_DELAY_MS = 200
LIMIT = 2000


class HighlightsView(QWidget):
    """Every highlight in the library.

    Signals:
        highlight_opened(int, int): Open this article (id) at this highlight (id).
        loaded(int): A listing finished, with this many rows.
    """

    highlight_opened = Signal(int, int)
    loaded = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlights_view")
        self._runner = runner
        self._generation = 0
        self.search = QLineEdit(self)
        self.search.setObjectName("highlights_search")
        self.search.setPlaceholderText("Search highlights and notes")
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox(self)
        self.tag.setObjectName("highlights_tag")
        self.tag.addItem("Any tag", "")
        self.color = color_combo(self, any_label="Any colour")
        self.color.setObjectName("highlights_color")
        self.list = QListWidget(self)
        self.list.setObjectName("highlights_items")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.status = QLabel("", self)
        self.status.setEnabled(False)
        filters = QHBoxLayout()
        filters.setContentsMargins(6, 0, 6, 2)
        filters.addWidget(self.tag, 1)
        filters.addWidget(self.color, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(2)
        search_row = QHBoxLayout()
        search_row.setContentsMargins(6, 0, 6, 0)
        search_row.addWidget(self.search)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self.reload)
        self.search.textChanged.connect(self._delay.start)
        self.tag.currentIndexChanged.connect(self.reload)
        self.color.currentIndexChanged.connect(self.reload)
        self.list.itemActivated.connect(self.on_list_item_activated)
        self.list.itemClicked.connect(self.on_list_item_activated)

    def set_tags(self, paths: Sequence[str]) -> None:
        """Offer these tags in the tag filter (keeping the chosen one)."""
        chosen = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", "")
        for path in paths:
            self.tag.addItem(path, path)
        index = self.tag.findData(chosen)
        self.tag.setCurrentIndex(max(index, 0))
        self.tag.blockSignals(False)

    def reload(self) -> None:
        """List the highlights the filters select (on the database lane)."""
        self._delay.stop()
        self._generation += 1
        generation = self._generation
        query = self.search.text().strip() or None
        tag = str(self.tag.currentData() or "") or None
        color = str(self.color.currentData() or "") or None

        def work(library: Library) -> list[LibraryHighlight]:
            return library.highlights.search(query, tag=tag, color=color, limit=LIMIT)

        self._runner.run_db(
            work,
            lambda found: self.on_highlights_loaded(generation, found),
            lambda error: self.on_highlights_failed(generation, error),
        )

    def on_highlights_loaded(self, generation: int, found: list[LibraryHighlight]) -> None:
        """Show a finished listing (unless a newer one was asked for)."""
        if generation != self._generation:
            return
        self.list.clear()
        for entry in found:
            h = entry.highlight
            where = entry.article_title or entry.article_url
            item = QListWidgetItem(
                swatch_icon(h.color),
                item_text(h.quote, h.note, placed=h.placed, extra=f"— {where}"),
            )
            item.setData(ARTICLE_ROLE, h.article_id)
            item.setData(HIGHLIGHT_ROLE, h.id)
            item.setToolTip(where)
            self.list.addItem(item)
        count = len(found)
        more = " (the first ones)" if count >= LIMIT else ""
        self.status.setText(f"{count} highlight{'s' if count != 1 else ''}{more}")
        self.loaded.emit(count)

    def on_highlights_failed(self, generation: int, error: BaseException) -> None:
        """Say why nothing could be listed."""
        if generation == self._generation:
            self.status.setText(f"Could not list highlights: {error}")
            self.loaded.emit(0)

    def on_list_item_activated(self, item: QListWidgetItem) -> None:
        """Open the article at this highlight."""
        self.highlight_opened.emit(int(item.data(ARTICLE_ROLE)), int(item.data(HIGHLIGHT_ROLE)))
