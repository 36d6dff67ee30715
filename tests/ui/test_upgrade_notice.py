"""Opening a library that needs an upgrade says so in the status bar while it runs."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.main_window import UPGRADING_MESSAGE, MainWindow
from tests.ui.test_window import WAIT
from tests.unit.test_migration_bodies_last import _library_at


def test_window_says_it_is_upgrading_an_old_library(qtbot: QtBot, data_dir: Path) -> None:
    _library_at(data_dir, "0002")
    window = MainWindow(data_dir, theme="light", offline=True)
    messages: list[str] = []
    window.status_bar.messageChanged.connect(messages.append)
    try:
        window.show()
        qtbot.waitUntil(window.is_settled, timeout=WAIT)
        assert UPGRADING_MESSAGE in messages
        assert window.status_bar.currentMessage() != UPGRADING_MESSAGE  # replaced when done
    finally:
        window.close()
        window.deleteLater()
        qtbot.wait(20)
