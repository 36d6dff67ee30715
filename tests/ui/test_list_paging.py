"""A long list shows its first page at once, then the rest is appended without a reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.interop.records import ImportedItem
from app.services import importing
from app.services.library import Library
from app.ui.main_window import MainWindow
from app.ui.models.article_model import ArticleListModel
from app.ui.widgets import article_list

COUNT = 9
WAIT = 20_000


def test_append_ids_adds_rows_and_skips_ids_already_shown(qtmodeltester: ModelTester) -> None:
    model = ArticleListModel()
    model.set_ids([1, 2, 3])
    qtmodeltester.check(model)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    assert model.append_ids([3, 4, 5]) == 2
    assert model.ids() == [1, 2, 3, 4, 5]
    assert model.row_of(5) == 4
    assert inserted == [(3, 4)]
    assert model.append_ids([1, 4]) == 0
    qtmodeltester.check(model)


def test_the_window_shows_a_long_list_in_two_pages(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_list, "FIRST_PAGE", 4)
    data_dir = tmp_path / "lib"
    with Library.open(data_dir) as lib:
        items = [
            ImportedItem(url=f"https://example.org/{i}", title=f"Story {i}") for i in range(COUNT)
        ]
        importing.import_items(lib.db, items)
        expected = lib.ids("is:unread -is:archived")
    assert len(expected) == COUNT
    window = MainWindow(data_dir, theme="light", offline=True)  # URL-only items: no fetch
    try:
        window.show()
        qtbot.waitUntil(window.is_settled, timeout=WAIT)
        model = window.article_list.model
        assert model.ids() == expected
        assert window.status_bar.count_label.text() == f"{COUNT} articles"
        # A re-sort keeps the current article even when it lands beyond the first page.
        panel = window.article_list
        newest = expected[0]  # last in oldest-first order: beyond the first page of 4
        assert panel.select_article(newest)
        announced: list[object] = []
        panel.current_changed.connect(announced.append)
        panel.set_sort("saved", descending=False)
        qtbot.waitUntil(lambda: not panel.is_busy() and model.ids() == expected[::-1], timeout=WAIT)
        qtbot.waitUntil(lambda: panel.current_id() == newest, timeout=WAIT)
        # Meanwhile no other article became current (the reader would have shown it).
        assert announced == []
        panel.current_changed.disconnect(announced.append)
        panel.set_sort(None)
        qtbot.waitUntil(lambda: not panel.is_busy() and model.ids() == expected, timeout=WAIT)
        # A refresh after a change reloads the rows whole (and keeps them in order).
        with Library.open(data_dir) as lib:
            lib.mark([expected[-1]], "archive")
        window.article_list.reload([expected[-1]])
        qtbot.waitUntil(lambda: model.ids() == expected[:-1], timeout=WAIT)
    finally:
        window.close()
        window.deleteLater()
        qtbot.wait(20)


def test_row_of_answers_the_same_by_scanning_and_by_index() -> None:
    model = ArticleListModel()
    ids = [10 * i for i in range(100)]
    model.set_ids(ids)
    answers = [model.row_of(i) for i in [*ids[::-1], 5, 990]]  # past the scanned lookups
    assert answers == [*range(99, -1, -1), None, 99]
    model.append_ids([7, 8], known_new=True)
    assert (model.row_of(8), model.row_of(10)) == (101, 1)
