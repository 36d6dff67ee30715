"""Small things a person notices: the chosen view is highlighted, previous/next are buttons,
the shortcut sheet fits a laptop screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.ui.dialogs.shortcuts import ShortcutSheet
from app.ui.main_window import MainWindow
from tests.ui import test_window as window_tests
from tests.ui.test_window import WAIT

make_window = window_tests.make_window
filled = window_tests.filled
window = window_tests.window


def test_the_chosen_view_is_highlighted_from_the_start(qtbot: QtBot, window: MainWindow) -> None:
    assert [item.text() for item in window.sidebar.views.selectedItems()] == ["Unread"]
    window.sidebar.choose("trash")
    qtbot.waitUntil(lambda: window.sidebar.current_key() == "trash", timeout=WAIT)
    assert [item.text() for item in window.sidebar.views.selectedItems()] == ["Trash"]


def test_previous_and_next_are_toolbar_buttons(qtbot: QtBot, window: MainWindow) -> None:
    actions = window.toolbar.actions()
    assert window.registry["previous"] in actions
    assert window.registry["next"] in actions
    assert not window.registry["next"].icon().isNull()
    window.article_list.view.go_to_row(0)
    window.registry["next"].trigger()
    assert window.article_list.view.current_row() == 1


def test_shortcut_sheet_fits_a_laptop_screen(qtbot: QtBot, window: MainWindow) -> None:
    sheet = ShortcutSheet(window.registry.sheet(), window)
    qtbot.addWidget(sheet)
    label = sheet.findChild(QLabel, "shortcut_table")
    assert label is not None
    assert "Find in Article" in label.text()
    assert sheet.sizeHint().height() < 700
