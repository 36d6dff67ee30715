"""An empty list says why, in the list area, and the message leaves when articles come back."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.widgets.empty_state import empty_message
from tests.ui import test_window as window_tests
from tests.ui.test_window import TOPICS, WAIT, rows, settle

make_window = window_tests.make_window
filled = window_tests.filled
window = window_tests.window


def test_messages_name_the_view_and_the_search() -> None:
    assert empty_message("trash", "")[0] == "The trash is empty"
    title, hint = empty_message("tag:research/border", "")
    assert title == "Nothing tagged “research/border”"
    assert "T" in hint
    title, hint = empty_message("unread", "walrus")
    assert title == "No articles match “walrus”"
    assert "try All" in hint
    assert "try All" not in empty_message("all", "walrus")[1]
    assert empty_message("saved:odd", "")[0] == "Nothing here"


def test_empty_search_and_empty_trash_show_a_message_that_goes_away(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    empty = window.article_list.empty_state
    assert not empty.isVisible()

    window.search_field.setText("walrus")
    window.search_field.settle_now()
    qtbot.waitUntil(lambda: rows(window) == 0, timeout=WAIT)
    qtbot.waitUntil(empty.isVisible, timeout=WAIT)
    assert "No articles match “walrus”" in empty.text()
    # It covers the list area, not a line above it.
    assert empty.geometry() == window.article_list.view.viewport().rect()

    window.search_field.clear()
    window.search_field.settle_now()
    qtbot.waitUntil(lambda: rows(window) == len(TOPICS), timeout=WAIT)
    assert not empty.isVisible()

    window.sidebar.choose("trash")
    qtbot.waitUntil(lambda: "The trash is empty" in empty.text(), timeout=WAIT)
    window.sidebar.choose("all")
    qtbot.waitUntil(lambda: rows(window) == len(TOPICS), timeout=WAIT)
    settle(qtbot, window)
    assert not empty.isVisible()
