"""The article list model and the tag tree model, checked with qtmodeltester and at 1M rows."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.records import ArticleRecord, TagRecord
from app.ui.models.article_model import (
    BATCH_SIZE,
    ID_ROLE,
    LOADING_TEXT,
    RECORD_ROLE,
    SECOND_LINE_ROLE,
    ArticleListModel,
)
from app.ui.models.id_list import IdList
from app.ui.models.row_display import short_date
from app.ui.models.tag_model import COUNT_ROLE, PATH_ROLE, TagTreeModel
from app.ui.widgets.article_table import ArticleTable


def record(article_id: int, **changes: object) -> ArticleRecord:
    """A list row for tests."""
    values: dict[str, object] = {
        "id": article_id,
        "url": f"https://example.com/{article_id}",
        "title": f"Title {article_id}",
        "site": "example.com",
        "author": None,
        "published": None,
        "saved": datetime(2025, 1, 2, tzinfo=UTC),
        "read": False,
        "favorite": False,
        "archived": False,
        "trashed": False,
        "tags": ("a/b",),
        "word_count": 900,
        "reading_minutes": 4,
        "excerpt": f"Excerpt {article_id}",
    }
    values.update(changes)
    return ArticleRecord(**values)  # type: ignore[arg-type]


class SyncFetcher:
    """Answers the model's batch requests from a dict, on the next turn of the event loop."""

    def __init__(self, model: ArticleListModel) -> None:
        self.model = model
        self.requests: list[tuple[int, int, list[int]]] = []
        model.records_wanted.connect(self.on_records_wanted)

    def on_records_wanted(self, generation: int, first_row: int, ids: list[int]) -> None:
        self.requests.append((generation, first_row, ids))
        self.model.deliver(generation, first_row, {i: record(i) for i in ids})


def test_article_model_passes_modeltester(qtmodeltester: ModelTester) -> None:
    model = ArticleListModel()
    SyncFetcher(model)
    model.set_ids(list(range(1, 451)))
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_ids([5, 3, 1])
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_article_model_fetches_batches_lazily(qtbot: QtBot) -> None:
    model = ArticleListModel()
    fetcher = SyncFetcher(model)
    ids = list(range(1_000_000, 0, -1))
    started = time.perf_counter()
    model.set_ids(ids)
    assert time.perf_counter() - started < 1.0
    assert model.rowCount() == 1_000_000
    assert fetcher.requests == []  # nothing fetched before a row is looked at

    row = 500_123
    index = model.index(row, 0)
    assert model.data(index) == LOADING_TEXT
    assert model.data(index, ID_ROLE) == ids[row]
    qtbot.waitUntil(lambda: bool(fetcher.requests))
    _generation, first_row, batch = fetcher.requests[0]
    assert first_row == row - row % BATCH_SIZE
    assert len(batch) == BATCH_SIZE
    assert model.data(index) == f"Title {ids[row]}"
    assert model.data(index, SECOND_LINE_ROLE) == f"Excerpt {ids[row]}"
    assert model.data(model.index(row, 3)) == "4 min"
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()  # unread titles are bold
    assert len(fetcher.requests) == 1


def test_article_model_drops_stale_batches_and_keeps_cache_on_refresh(qtbot: QtBot) -> None:
    model = ArticleListModel()
    asked: list[tuple[int, int, list[int]]] = []
    model.records_wanted.connect(lambda g, f, ids: asked.append((g, f, ids)))
    model.set_ids([1, 2, 3])
    model.data(model.index(0, 0))
    qtbot.waitUntil(lambda: bool(asked))
    old_generation = asked[0][0]
    model.set_ids([3, 2, 1, 4])
    # The answer to the first question arrives after the ids changed: ignored.
    model.deliver(old_generation, 0, {i: record(i, title="stale") for i in (1, 2, 3)})
    assert model.data(model.index(0, 0)) == LOADING_TEXT
    qtbot.waitUntil(lambda: len(asked) == 2)
    generation, first_row, ids = asked[1]
    assert generation == model.generation != old_generation
    model.deliver(generation, first_row, {i: record(i) for i in ids})
    assert model.data(model.index(0, 0)) == "Title 3"
    # Same ids again: no reset, only a refetch of the changed article's batch.
    assert model.set_ids([3, 2, 1, 4], changed=[2]) is False
    assert len(asked) == 3
    assert model.data(model.index(1, 0), RECORD_ROLE).id == 2


def test_article_model_sort_request(qtbot: QtBot) -> None:
    model = ArticleListModel()
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(0, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["title", True]
    with qtbot.assertNotEmitted(model.sort_requested):
        model.sort(4)  # tags: not sortable


TAGS = [
    TagRecord("research", 3),
    TagRecord("research/border", 2),
    TagRecord("research/border/eu", 1),
    TagRecord("Reading/later", 5),
    TagRecord("zeta", 0),
]


def test_tag_model_passes_modeltester(qtmodeltester: ModelTester) -> None:
    model = TagTreeModel()
    model.set_tags(TAGS)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_tags(TAGS[:2])
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_tag_model_builds_tree_with_counts() -> None:
    model = TagTreeModel()
    model.set_tags(TAGS)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top == ["research", "Reading", "zeta"]
    reading = model.index(1, 0)
    assert model.index(1, 1).data() == ""  # "Reading" exists only as a parent
    later = model.index(0, 0, reading)
    assert later.data(PATH_ROLE) == "Reading/later"
    assert later.data(COUNT_ROLE) == 5
    eu = model.index_of("RESEARCH/Border/EU")
    assert eu.isValid() and eu.data(PATH_ROLE) == "research/border/eu"
    assert model.parent(eu).data() == "border"
    assert model.parent(model.index(0, 0)) == QModelIndex()
    assert model.tag_paths()[0] == "research"


@pytest.mark.parametrize("count", [0, 1])
def test_tag_model_handles_small_lists(qtmodeltester: ModelTester, count: int) -> None:
    model = TagTreeModel()
    model.set_tags(TAGS[:count])
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == count


def test_article_model_at_a_million_ids_finds_rows_and_keeps_order(qtbot: QtBot) -> None:
    model = ArticleListModel()
    fetcher = SyncFetcher(model)  # kept: the connection dies with it
    packed = IdList.of(range(2_000_000, 0, -2))  # a million ids, as the database lane packs them
    assert model.set_ids(packed) is True
    assert model.ids() is packed  # handed over, not copied
    assert model.rowCount() == 1_000_000
    assert (model.id_at(0), model.id_at(999_999), model.id_at(1_000_000)) == (2_000_000, 2, None)
    assert model.row_of(2_000_000) == 0
    assert model.row_of(2) == 999_999
    assert model.row_of(1_000_000) == 500_000
    assert model.row_of(3) is None  # odd ids are not in the list
    # The same ids again (packed anew): not a reset.
    assert model.set_ids(IdList.of(range(2_000_000, 0, -2))) is False
    # The rest of a list appended: rows and lookups continue after the first million.
    assert model.append_ids(IdList.of([1, 3, 5]), known_new=True) == 3
    assert model.rowCount() == 1_000_003
    assert (model.row_of(5), model.id_at(1_000_001)) == (1_000_002, 3)
    # A reversed list is a real reset and every row moves.
    assert model.set_ids(IdList.of(range(1, 2_000_001, 2))) is True
    assert (model.row_of(1), model.row_of(1_999_999), model.row_of(2)) == (0, 999_999, None)
    last = model.index(999_999, 0)
    model.data(last)
    qtbot.waitUntil(lambda: model.cached_record(999_999) is not None)
    assert model.data(last) == "Title 1999999"
    assert model.flags(last) & Qt.ItemFlag.ItemIsSelectable
    assert fetcher.requests[-1][1] == 999_800


def test_row_display_follows_a_refreshed_record(qtbot: QtBot) -> None:
    model = ArticleListModel()
    asked: list[tuple[int, int, list[int]]] = []
    model.records_wanted.connect(lambda g, f, ids: asked.append((g, f, ids)))
    model.set_ids([7, 8])
    assert model.display(0) is None  # not fetched yet: asked for
    qtbot.waitUntil(lambda: bool(asked))
    generation, first, ids = asked[-1]
    model.deliver(generation, first, {i: record(i, snippet="a ⟦hit⟧ here") for i in ids})
    shown = model.display(0)
    assert shown is not None and model.display(0) is shown  # built once, then reused
    assert shown.cells[:4] == ("Title 7", "example.com", short_date(shown.record.saved), "4 min")
    assert shown.runs == [("a ", False), ("hit", True), (" here", False)]
    assert shown.bold and shown.chips == ("a/b",)
    # A refresh delivers a new record for the same id: the display follows it.
    model.refresh([7])
    generation, first, ids = asked[-1]
    model.deliver(
        generation, first, {i: record(i, title="Renamed", read=True, favorite=True) for i in ids}
    )
    again = model.display(0)
    assert again is not shown and again is not None
    assert again.cells[0] == "Renamed" and not again.bold and again.marks == "★"
    assert model.data(model.index(0, 0)) == "Renamed"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None


def test_painting_the_list_asks_the_model_no_data(qtbot: QtBot) -> None:
    """The delegate paints every cell from the row's display: no data() call per role."""
    calls: list[int] = []

    class CountingModel(ArticleListModel):
        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            calls.append(role)
            return super().data(index, role)

    model = CountingModel()
    fetcher = SyncFetcher(model)
    table = ArticleTable(model)
    qtbot.addWidget(table)
    table.resize(900, 500)
    table.show()
    model.set_ids(list(range(1, 301)))
    qtbot.waitUntil(lambda: model.cached_record(0) is not None)
    table.viewport().repaint()
    calls.clear()
    image = table.viewport().grab().toImage()
    assert calls == []
    assert image.width() > 0 and model.display(0) is not None
    assert fetcher.requests  # the rows shown were fetched (and painted from their records)
