"""The status bar: short messages, background work in progress, and the article count."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from app.domain.display import one_line
from app.ui.plain_text import plain_label

MESSAGE_MS = 5000


class StatusBar(QStatusBar):
    """Messages on the left; on the right what runs in the background and how many rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self.activity_label = plain_label("", self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # no known end: a busy indicator
        self.busy_bar.setMaximumWidth(100)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.hide()
        self.count_label = QLabel(self)
        self.addPermanentWidget(self.activity_label)
        self.addPermanentWidget(self.busy_bar)
        self.addPermanentWidget(self.count_label)

    def post(self, message: str) -> None:
        """A short message that fades after a few seconds."""
        self.showMessage(one_line(message), MESSAGE_MS)

    def set_activity(self, labels: tuple[str, ...]) -> None:
        """Show what runs in the background (nothing: hide the indicator)."""
        self.busy_bar.setVisible(bool(labels))
        more = f" (+{len(labels) - 1})" if len(labels) > 1 else ""
        self.activity_label.setText(f"{labels[0]}…{more}" if labels else "")

    def set_count(self, count: int) -> None:
        """How many articles the list shows."""
        self.count_label.setText("1 article" if count == 1 else f"{count:,} articles")
