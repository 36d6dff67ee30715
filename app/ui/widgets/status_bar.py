"""The status bar: short messages, background work with its progress, and the article count."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from app.domain.display import one_line
from app.ui.plain_text import plain_label

MESSAGE_MS = 5000


class StatusBar(QStatusBar):
    """Messages on the left; on the right what runs in the background and how many rows.

    Signals:
        cancel_requested(): The person pressed the button that stops long background work.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self.activity_label = plain_label("", self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busy_bar")
        self.busy_bar.setRange(0, 0)  # no known end: a busy indicator
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the background work (what is done is kept)")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        self.count_label = QLabel(self)
        self.addPermanentWidget(self.activity_label)
        self.addPermanentWidget(self.busy_bar)
        self.addPermanentWidget(self.cancel_button)
        self.addPermanentWidget(self.count_label)

    def post(self, message: str) -> None:
        """A short message that fades after a few seconds."""
        self.showMessage(one_line(message), MESSAGE_MS)

    def set_activity(self, labels: tuple[str, ...]) -> None:
        """Show what runs in the background (nothing: hide the indicator)."""
        self.busy_bar.setVisible(bool(labels))
        if not labels:
            self.busy_bar.setRange(0, 0)  # the next task starts as "busy" until it reports
        more = f" (+{len(labels) - 1})" if len(labels) > 1 else ""
        self.activity_label.setText(f"{labels[0]}…{more}" if labels else "")

    def set_progress(self, _task_id: int, done: int, total: int) -> None:
        """A long task finished `done` of `total` items (total 0: unknown)."""
        if total <= 0:
            self.busy_bar.setRange(0, 0)
            return
        self.busy_bar.setRange(0, total)
        self.busy_bar.setValue(min(done, total))
        self.busy_bar.setToolTip(f"{done:,} of {total:,}")

    def set_cancellable(self, cancellable: bool) -> None:
        """Offer the cancel button while long work runs."""
        self.cancel_button.setVisible(cancellable)

    def set_count(self, count: int) -> None:
        """How many articles the list shows."""
        self.count_label.setText("1 article" if count == 1 else f"{count:,} articles")
