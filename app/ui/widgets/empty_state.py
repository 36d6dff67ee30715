"""The friendly message shown inside an empty list (no matches, empty Trash, empty tag)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QVBoxLayout, QWidget

# (title, hint) for each fixed sidebar view when it holds nothing.
VIEW_MESSAGES: dict[str, tuple[str, str]] = {
    "unread": (
        "Nothing unread",
        "You are all caught up. Save a page with Ctrl+L, or paste or drop a link here.",
    ),
    "all": ("No articles yet", "Save a page with Ctrl+L, or paste or drop a link or a file here."),
    "favorites": ("No favorites yet", "Press F on an article to keep it here."),
    "archive": ("The archive is empty", "Press E on an article you are done with to archive it."),
    "trash": ("The trash is empty", "Articles you delete wait here until you restore them."),
}


def empty_message(view_key: str, search: str) -> tuple[str, str]:
    """What to say when a view (and search) has no articles: (title, hint)."""
    if search:
        where = "" if view_key in ("all", "") else " Only this view was searched: try All."
        return f"No articles match “{search}”", f"Check the spelling or use fewer words.{where}"
    if view_key.startswith("tag:"):
        return f"Nothing tagged “{view_key[4:]}”", "Press T to tag the selected articles."
    return VIEW_MESSAGES.get(view_key, ("Nothing here", "No article matches this view."))


class EmptyState(QWidget):
    """A centred title and hint over an item view's viewport; clicks and drops pass through."""

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view.viewport())
        self.setObjectName("empty_state")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.title = QLabel(self)
        self.title.setObjectName("empty_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self)
        self.hint.setObjectName("empty_hint")
        for label in (self.title, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        # The muted text colour of the palette, so it follows light and dark.
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(2)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        self.setGeometry(self._viewport.rect())
        self.hide()

    def show_message(self, title: str, hint: str) -> None:
        """Show the message (over the empty list)."""
        self.title.setText(title)
        self.hint.setText(hint)
        self.setGeometry(self._viewport.rect())
        self.show()
        self.raise_()

    def text(self) -> str:
        """The title and hint as one line (for tests and screen readers)."""
        return f"{self.title.text()} {self.hint.text()}" if self.isVisible() else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._viewport.rect())
        return super().eventFilter(watched, event)
