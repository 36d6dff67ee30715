"""The status bar: short messages, background work with its progress, and the article count."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QStatusBar, QToolButton, QWidget

from app.domain.display import one_line
from app.ui.plain_text import plain_label

MESSAGE_MS = 5000


class StatusBar(QStatusBar):
    """Messages on the left; on the right what runs in the background and how many rows.

    Signals:
        cancel_requested(): The person pressed the button that stops long background work.
        tasks_cancel_chosen(list): The tasks (ids) the person chose to stop from the menu
            the button offers when several run (see offer_tasks).
    """

    cancel_requested = Signal()
    tasks_cancel_chosen = Signal(list)

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

    def offer_tasks(self, tasks: Sequence[tuple[int, str]]) -> QMenu:
        """Several long tasks run: let the person stop one of them, or all.

        Args:
            tasks: (id, label) of each long task, oldest first.
        """
        menu = QMenu(self)
        menu.setObjectName("cancel_menu")
        for task_id, label in tasks:
            action = menu.addAction(f"Stop {one_line(label) or 'background work'}")
            action.triggered.connect(lambda _=False, i=task_id: self.tasks_cancel_chosen.emit([i]))
        menu.addSeparator()
        every = [task_id for task_id, _label in tasks]
        stop_all = menu.addAction("Stop all")
        stop_all.triggered.connect(lambda _=False: self.tasks_cancel_chosen.emit(every))
        menu.aboutToHide.connect(menu.deleteLater)
        button = self.cancel_button
        menu.popup(button.mapToGlobal(QPoint(0, 0)) - QPoint(0, menu.sizeHint().height()))
        return menu

    def set_count(self, count: int) -> None:
        """How many articles the list shows."""
        self.count_label.setText("1 article" if count == 1 else f"{count:,} articles")
