"""The article list's columns in a narrow window: Title keeps most of the width."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.models.article_model import COLUMN_INDEX
from tests.ui import test_window as window_tests
from tests.ui.test_window import WAIT

make_window = window_tests.make_window
filled = window_tests.filled
window = window_tests.window


def _widths(header: QHeaderView) -> tuple[int, int]:
    others = sum(
        header.sectionSize(n) for n in range(1, header.count()) if not header.isSectionHidden(n)
    )
    return header.sectionSize(0), others


def test_title_keeps_most_of_the_width_in_a_narrow_window(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(800, 600)
    table = window.article_list.view
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: window.width() == 800, timeout=WAIT)
    qtbot.wait(50)
    title, others = _widths(header)
    assert title > others
    # Only the title stretches: the others keep their width whatever the window's.
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    for n in range(1, header.count()):
        assert header.sectionResizeMode(n) != QHeaderView.ResizeMode.ResizeToContents


def test_columns_come_back_when_there_is_room_and_a_hidden_one_stays_hidden(
    qtbot: QtBot, window: MainWindow
) -> None:
    table = window.article_list.view
    header = table.horizontalHeader()
    site = COLUMN_INDEX["site"]
    window.resize(800, 600)
    qtbot.waitUntil(lambda: header.sectionSize(0) > header.length() // 2, timeout=WAIT)
    window.resize(2400, 900)
    qtbot.waitUntil(lambda: not header.isSectionHidden(site), timeout=WAIT)
    assert header.sectionSize(0) > sum(header.sectionSize(n) for n in range(1, header.count()))
    table.columns.set_user_hidden(site, True)
    window.resize(800, 600)
    window.resize(2400, 900)
    qtbot.wait(50)
    assert header.isSectionHidden(site)
