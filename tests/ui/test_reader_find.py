"""The reader from the keyboard: find in the article, j/k and Space while the page has focus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from tests.ui import test_window_reading as reading_tests
from tests.ui.test_window import WAIT, settle

# Fixtures shared by name with the other window tests.
make_window = reading_tests.make_window
filled = reading_tests.filled
library_ids = reading_tests.library_ids
web_page = reading_tests.web_page
open_article = reading_tests.open_article


@pytest.fixture
def window(
    make_window: Callable[[Path], MainWindow], library_ids: dict[str, int], data_dir: Path
) -> MainWindow:
    window = make_window(data_dir)
    window.activateWindow()
    return window


def key_to_focus(
    key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key where the keyboard is, as a person would."""
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, modifier)


def focus_page(qtbot: QtBot, window: MainWindow) -> QWidget:
    window.reader_pane.focus_reader()
    web = window.reader_pane.reader.web_view()
    assert web is not None
    qtbot.waitUntil(lambda: web.hasFocus() or web.focusProxy() is QApplication.focusWidget())
    return web


def test_find_in_article_counts_steps_and_closes(
    qtbot: QtBot, window: MainWindow, library_ids: dict[str, int]
) -> None:
    open_article(qtbot, window, library_ids["long"])
    settle(qtbot, window)
    focus_page(qtbot, window)
    key_to_focus(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.reader_pane.reader.find_bar
    assert bar.isVisible()
    assert bar.edit.hasFocus()

    QTest.keyClicks(bar.edit, "Stage 1")  # "Stage 1", "Stage 10" … "Stage 19": 11 headings
    qtbot.waitUntil(lambda: bar.matches()[1] > 0, timeout=WAIT)
    active, total = bar.matches()
    assert total >= 11
    assert bar.count.text() == f"{active} of {total}"
    QTest.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.matches()[0] == active + 1, timeout=WAIT)
    QTest.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bar.matches()[0] == active, timeout=WAIT)

    QTest.keyClicks(bar.edit, "xyzzy")
    qtbot.waitUntil(lambda: bar.count.text() == "No matches", timeout=WAIT)

    QTest.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert bar.matches() == (0, 0)

    # Letters typed in the bar are text, not j/k; Esc from the page closes the bar too.
    row = window.article_list.view.current_row()
    window.registry["find_in_article"].trigger()
    QTest.keyClicks(bar.edit, "jk ")
    assert bar.edit.text() == "jk "
    assert window.article_list.view.current_row() == row
    focus_page(qtbot, window)
    key_to_focus(Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_ctrl_f_without_an_article_searches_the_library(qtbot: QtBot, window: MainWindow) -> None:
    window.reader_pane.article_id = None  # nothing shown to search in
    window.registry["find_in_article"].trigger()
    assert window.search_field.hasFocus()
    assert not window.reader_pane.reader.find_bar.isVisible()
    rows = window.registry.sheet()
    assert ("Edit", "Find in Article…", "Ctrl+F") in rows
    assert any(action == "Page Down" and keys == "Space" for _, action, keys in rows)


def test_j_and_k_move_through_the_list_while_the_page_has_focus(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.article_list.view
    window.article_list.view.go_to_row(0)
    qtbot.waitUntil(lambda: window.reading.current_id() == window.article_list.current_id())
    settle(qtbot, window)
    focus_page(qtbot, window)
    key_to_focus(Qt.Key.Key_J)
    assert view.current_row() == 1
    qtbot.waitUntil(
        lambda: window.reading.current_id() == window.article_list.current_id(), timeout=WAIT
    )
    settle(qtbot, window)
    focus_page(qtbot, window)
    key_to_focus(Qt.Key.Key_K)
    assert view.current_row() == 0


def test_space_pages_the_article_down_and_shift_space_up(
    qtbot: QtBot, window: MainWindow, library_ids: dict[str, int]
) -> None:
    open_article(qtbot, window, library_ids["long"])
    settle(qtbot, window)
    page = window.reader_pane.reader.web_view().page()  # type: ignore[union-attr]
    start = page.scrollPosition().y()
    window.article_list.view.setFocus()  # from the list, too: Space reads on
    key_to_focus(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.scrollPosition().y() > start + 100, timeout=WAIT)
    down = page.scrollPosition().y()
    focus_page(qtbot, window)
    key_to_focus(Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: page.scrollPosition().y() < down - 100, timeout=WAIT)


def test_an_open_find_bar_searches_the_next_article_too(
    qtbot: QtBot, window: MainWindow, library_ids: dict[str, int]
) -> None:
    open_article(qtbot, window, library_ids["long"])
    settle(qtbot, window)
    window.registry["find_in_article"].trigger()
    bar = window.reader_pane.reader.find_bar
    QTest.keyClicks(bar.edit, "Stage")
    qtbot.waitUntil(lambda: bar.matches()[1] >= 25, timeout=WAIT)
    window.registry["next"].trigger()  # a short article without the word
    qtbot.waitUntil(lambda: window.reading.current_id() != library_ids["long"], timeout=WAIT)
    qtbot.waitUntil(lambda: bar.count.text() == "No matches", timeout=WAIT)
    assert bar.isVisible()
