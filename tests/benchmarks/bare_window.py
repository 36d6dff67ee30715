"""The startup floor: a bare PySide6 window with one empty QTableView, painted, saved, closed.

python tests/benchmarks/bare_window.py OUT.png
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class FirstPaint(QObject):
    """Saves the window once its table has painted, then quits."""

    def __init__(self, window: QMainWindow, out: str) -> None:
        super().__init__()
        self.window, self.out, self.done = window, out, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            # after this paint event finishes, as the app does
            QTimer.singleShot(0, self.save)
        return False

    def save(self) -> None:
        self.window.grab().save(self.out)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    view = QTableView()
    window.setCentralWidget(view)
    window.resize(1200, 800)
    watcher = FirstPaint(window, sys.argv[1])
    view.viewport().installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
