"""Find in the article: a small bar above the reader driving QWebEnginePage.findText.

findText runs inside Chromium, so it works with page JavaScript switched off. Typing searches
as you type; Enter and Shift+Enter go to the next and previous match; Esc closes the bar and
clears the highlights.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWebEngineCore import QWebEngineFindTextResult, QWebEnginePage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)

from app.ui.theme import error_color

FindFlag = QWebEnginePage.FindFlag
KEY_PRESS = QEvent.Type.KeyPress


class FindBar(QWidget):
    """The inline find bar of the reader (hidden until Ctrl+F).

    Signals:
        closed(): The bar was closed (the reader takes the keyboard back).
    """

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        # One line high: the page below takes every other pixel.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._page: QWebEnginePage | None = None
        self._matches = (0, 0)  # (active match, number of matches) of the last search
        self.edit = QLineEdit(self)
        self.edit.setObjectName("find_edit")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setObjectName("find_count")
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("000 of 000") + 8)
        style = self.style()
        self.previous_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp), "Previous match (Shift+Enter)"
        )
        self.next_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown), "Next match (Enter)"
        )
        self.close_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton), "Close (Esc)"
        )
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(self.on_edit_text_changed)
        # Esc closes the bar from the page too (the reader's children share the shortcut).
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), parent or self)
        self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for button in (self.previous_button, self.next_button, self.close_button):
            layout.addWidget(button)
        self.hide()

    def _button(self, icon: object, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def attach(self, page: QWebEnginePage) -> None:
        """Search this page (the reader's, once it exists)."""
        self._page = page
        page.findTextFinished.connect(self.on_page_find_text_finished)

    # -- public API -------------------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar with its text selected, ready to type (and search what is there)."""
        self.show()
        self._escape.setEnabled(True)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text():
            self._find(self.edit.text())

    def close_bar(self) -> None:
        """Hide the bar and clear the highlighted matches."""
        if self._page is not None:
            self._page.findText("")
        self._matches = (0, 0)
        self.count.clear()
        self._escape.setEnabled(False)
        self.hide()
        self.closed.emit()

    def find_next(self) -> None:
        """Go to the next match (opens the bar when it is closed)."""
        self._step(QWebEnginePage.FindFlag(0))

    def find_previous(self) -> None:
        """Go to the previous match."""
        self._step(FindFlag.FindBackward)

    def matches(self) -> tuple[int, int]:
        """(active match, number of matches) of the last search; (0, 0) for none."""
        return self._matches

    def on_page_changed(self) -> None:
        """A new page was shown: search it again while the bar is open."""
        if self.isVisible() and self.edit.text():
            self._find(self.edit.text())

    # -- internals --------------------------------------------------------------------------

    def _step(self, flags: QWebEnginePage.FindFlag) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if self.edit.text():
            self._find(self.edit.text(), flags)

    def _find(self, text: str, flags: QWebEnginePage.FindFlag | None = None) -> None:
        if self._page is None:
            return
        if flags is None:
            self._page.findText(text)
        else:
            self._page.findText(text, flags)

    def on_edit_text_changed(self, text: str) -> None:
        """Search as the person types; an empty field clears the highlights."""
        if not text:
            self._matches = (0, 0)
            self._show_count()
        self._find(text)

    def on_page_find_text_finished(self, result: QWebEngineFindTextResult) -> None:
        """Show "3 of 12", or "No matches"."""
        if not self.edit.text():
            self._matches = (0, 0)
        else:
            self._matches = (result.activeMatch(), result.numberOfMatches())
        self._show_count()

    def _show_count(self) -> None:
        active, total = self._matches
        if not self.edit.text():
            self.count.clear()
            self.count.setStyleSheet("")
        elif total:
            self.count.setText(f"{active} of {total}")
            self.count.setStyleSheet("")
        else:
            self.count.setText("No matches")
            self.count.setStyleSheet(f"color: {error_color()};")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == KEY_PRESS:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
