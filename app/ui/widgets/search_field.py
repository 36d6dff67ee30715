"""The search box: debounced search as you type, with an inline mark for a bad query."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from app.ui.icons import icon
from app.ui.plain_text import tooltip
from app.ui.theme import error_color

DEBOUNCE_MS = 250


class SearchField(QLineEdit):
    """A line edit that announces its text once typing pauses.

    Signals:
        query_settled(str): The text after a pause in typing (or at once on Enter).
        escaped(): Escape was pressed on an empty field (focus goes back to the list).
    """

    query_settled = Signal(str)
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_field")
        self.setPlaceholderText("Search   (/)   e.g. climate tag:research -is:read")
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.setMinimumWidth(260)
        self._last = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self.textEdited.connect(self.on_self_text_edited)
        # The clear button changes the text without textEdited.
        self.textChanged.connect(self.on_self_text_changed)

    def on_self_text_edited(self, _text: str) -> None:
        """Restart the pause timer on every keystroke."""
        self._timer.start()

    def on_self_text_changed(self, text: str) -> None:
        """Search at once when the field was cleared."""
        if not text and self._last:
            self._timer.stop()
            self.on_timer_timeout()

    def on_timer_timeout(self) -> None:
        """Announce the text if it changed since the last announcement."""
        text = self.text().strip()
        if text != self._last:
            self._last = text
            self.query_settled.emit(text)

    def settle_now(self) -> None:
        """Announce pending text without waiting for the pause."""
        self._timer.stop()
        self.on_timer_timeout()

    def set_error(self, message: str | None) -> None:
        """Mark the field as holding a bad query (the message becomes its tooltip)."""
        self.setProperty("invalid", bool(message))
        self.setToolTip(tooltip(message))
        self.setStyleSheet(f"QLineEdit {{ border: 1px solid {error_color()}; }}" if message else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
            else:
                self.escaped.emit()
            return
        super().keyPressEvent(event)
