"""The margin list beside the reader: the shown article's highlights, and the tools to make,
recolour, annotate and delete them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.highlight_marks import COLORS
from app.domain.records import HighlightRecord
from app.ui.icons import icon
from app.ui.widgets.highlight_swatches import color_combo, swatch_icon

ID_ROLE = Qt.ItemDataRole.UserRole + 1
QUOTE_CHARS = 220
MIN_WIDTH, MAX_WIDTH = 120, 380
_DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def item_text(quote: str, note: str | None, *, placed: bool = True, extra: str = "") -> str:
    """The lines one highlight shows in a list: the quote, its note, where it is from."""
    flat = " ".join(quote.split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[: QUOTE_CHARS - 1].rstrip() + "…"
    lines = [f"“{flat}”"]
    if note and note.strip():
        lines.append("✎ " + " ".join(note.split()))
    if not placed:
        lines.append("Not found in the current text (kept)")
    if extra:
        lines.append(extra)
    return "\n".join(lines)


class HighlightList(QWidget):
    """The shown article's highlights.

    Signals:
        highlight_requested(): Make a highlight of the selection (in the current colour).
        highlight_activated(int): A highlight was clicked: show it in the body.
        recolor_requested(int, str): Give a highlight another colour.
        note_requested(int): Edit a highlight's note.
        delete_requested(int): Delete a highlight.
    """

    highlight_requested = Signal()
    highlight_activated = Signal(int)
    recolor_requested = Signal(int, str)
    note_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlight_list")
        self.title = QLabel("Highlights", self)
        self.color = color_combo(self, icons_only=True)
        self.color.setObjectName("highlight_color")
        self.color.setToolTip("Colour of new highlights")
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("highlight_add")
        self.add_button.setIcon(icon("highlight"))
        self.add_button.setToolTip("Highlight the selected text (H)")
        self.add_button.clicked.connect(self.highlight_requested)
        self.list = _List(self)
        self.list.setObjectName("highlight_items")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(MIN_WIDTH)
        self.setMaximumWidth(MAX_WIDTH)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self.on_list_context_menu_requested)
        self.list.itemClicked.connect(self.on_list_item_clicked)
        self.list.itemActivated.connect(self.on_list_item_clicked)
        self.list.delete_pressed.connect(self.on_list_delete_pressed)
        self.empty = QLabel("Select text in the article and press H to highlight it.", self)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 4, 2)
        top.addWidget(self.title, 1)
        top.addWidget(self.color)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self._records: list[HighlightRecord] = []
        self.set_highlights(())

    def current_color(self) -> str:
        """The colour new highlights get."""
        return str(self.color.currentData() or COLORS[0])

    def set_highlights(self, highlights: Sequence[HighlightRecord]) -> None:
        """Show these highlights (reading order, unplaced last), keeping the current one."""
        current = self.current_id()
        self._records = list(highlights)
        self.list.clear()
        for record in self._records:
            item = QListWidgetItem(
                swatch_icon(record.color),
                item_text(record.quote, record.note, placed=record.placed),
            )
            item.setData(ID_ROLE, record.id)
            item.setToolTip(record.note or record.quote[:400])
            if not record.placed:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
            if record.id == current:
                self.list.setCurrentItem(item)
        count = len(self._records)
        self.title.setText(f"Highlights ({count})" if count else "Highlights")
        self.empty.setVisible(count == 0)

    def ids(self) -> list[int]:
        """The ids shown, top to bottom."""
        return [r.id for r in self._records]

    def record(self, highlight_id: int) -> HighlightRecord | None:
        """A shown highlight by id."""
        return next((r for r in self._records if r.id == highlight_id), None)

    def current_id(self) -> int | None:
        """The highlight chosen in the list."""
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def select(self, highlight_id: int) -> None:
        """Make a highlight the current row."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == highlight_id:
                self.list.setCurrentItem(item)
                return

    def context_menu(self, highlight_id: int, parent: QWidget | None = None) -> QMenu:
        """Recolour, note and delete for one highlight (also used by the reader's menu)."""
        menu = QMenu(parent or self)
        recolor = menu.addMenu("Colour")
        for name in COLORS:
            action = recolor.addAction(swatch_icon(name), name.capitalize())
            action.triggered.connect(
                lambda _=False, c=name: self.recolor_requested.emit(highlight_id, c)
            )
        menu.addAction("Edit note…").triggered.connect(
            lambda: self.note_requested.emit(highlight_id)
        )
        menu.addAction("Delete highlight").triggered.connect(
            lambda: self.delete_requested.emit(highlight_id)
        )
        return menu

    def on_list_item_clicked(self, item: QListWidgetItem) -> None:
        """Show the clicked highlight in the body."""
        self.highlight_activated.emit(int(item.data(ID_ROLE)))

    def on_list_context_menu_requested(self, point: QPoint) -> None:
        """Right click on a highlight: colour, note, delete."""
        item = self.list.itemAt(point)
        if item is None:
            return
        self.context_menu(int(item.data(ID_ROLE))).popup(self.list.viewport().mapToGlobal(point))

    def on_list_delete_pressed(self) -> None:
        """Delete (or Backspace) in the list deletes the current highlight."""
        current = self.current_id()
        if current is not None:
            self.delete_requested.emit(current)


class _List(QListWidget):
    """A list that reports the Delete key (its own actions, not the window's Trash)."""

    delete_pressed = Signal()

    def event(self, event: QEvent) -> bool:
        # Claim Delete before the window's shortcut (Trash) sees it.
        is_override = event.type() == QEvent.Type.ShortcutOverride
        if is_override and isinstance(event, QKeyEvent) and event.key() in _DELETE_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _DELETE_KEYS:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)
