"""The library window on a real temporary library: list, search, read, tag, archive, undo."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.services.library import Library
from app.ui.dialogs.shortcuts import ShortcutSheet
from app.ui.dialogs.tag_dialog import parse_tag_edit
from app.ui.main_window import MainWindow
from app.ui.models.article_model import SECOND_LINE_ROLE

WAIT = 30_000
TOPICS = ["harbour", "orchard", "glacier", "zebra", "lantern"]


def article_html(number: int, topic: str) -> str:
    """A small article page whose title and body name its topic."""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>A story about the {topic}</title></head><body><article>"
        f"<h1>A story about the {topic}</h1>"
        f"<p>This is article number {number}. It tells of the {topic} in detail, with "
        f"several sentences so that the summary has something to choose from.</p>"
        f"<p>The {topic} was first described long ago. People still visit the {topic} "
        f"every summer, and some of them write about it at length.</p>"
        f"<p>In the end the {topic} remains, and this article ends here.</p>"
        f"</article></body></html>"
    )


@pytest.fixture
def filled(data_dir: Path, tmp_path: Path) -> dict[str, int]:
    """A library with one article per topic; returns topic -> id."""
    files = tmp_path / "files"
    files.mkdir()
    ids: dict[str, int] = {}
    with Library.open(data_dir) as library:
        for number, topic in enumerate(TOPICS, start=1):
            path = files / f"{topic}.html"
            path.write_text(article_html(number, topic), encoding="utf-8")
            ids[topic] = library.add_file(path).article_id
    return ids


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens settled windows; closes and deletes them (reader included) after the test."""
    made: list[MainWindow] = []

    def make(data_dir: Path) -> MainWindow:
        window = MainWindow(data_dir, theme="light")
        made.append(window)
        window.show()
        qtbot.waitUntil(window.is_settled, timeout=WAIT)
        return window

    yield make
    for window in made:
        window.close()
        window.deleteLater()
    qtbot.wait(20)  # runs the deferred deletes


@pytest.fixture
def window(
    make_window: Callable[[Path], MainWindow], data_dir: Path, filled: dict[str, int]
) -> MainWindow:
    """The window on the filled library, settled."""
    return make_window(data_dir)


def rows(window: MainWindow) -> int:
    return window.article_list.model.rowCount()


def shown_ids(window: MainWindow) -> list[int]:
    return list(window.article_list.model.ids())


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_settled, timeout=WAIT)


def states(data_dir: Path, ids: list[int]) -> dict[int, tuple[bool, bool, tuple[str, ...]]]:
    """(archived, trashed, tags) per article, read straight from the library."""
    with Library.open(data_dir) as library:
        return {i: (r.archived, r.trashed, r.tags) for i, r in library.records(ids).items()}


def test_window_shows_the_articles(window: MainWindow, filled: dict[str, int]) -> None:
    assert window.sidebar.current_key() == "unread"
    assert rows(window) == len(TOPICS)
    assert sorted(shown_ids(window)) == sorted(filled.values())
    assert window.status_bar.count_label.text() == f"{len(TOPICS)} articles"
    titles = {window.article_list.model.index(r, 0).data() for r in range(rows(window))}
    assert "A story about the zebra" in titles
    # The first article is opened in the reader.
    first = shown_ids(window)[0]
    assert window.reading.current_id() == first
    assert window.reader_pane.rendered_pages >= 1


def test_search_narrows_and_bad_query_is_a_message(
    qtbot: QtBot, window: MainWindow, filled: dict[str, int]
) -> None:
    window.search_field.setText("zebra")
    window.search_field.settle_now()
    qtbot.waitUntil(lambda: shown_ids(window) == [filled["zebra"]], timeout=WAIT)
    settle(qtbot, window)
    snippet = window.article_list.model.index(0, 0).data(SECOND_LINE_ROLE)
    assert "⟦" in snippet  # the search hit is marked in the second line

    window.search_field.setText('"unbalanced')
    window.search_field.settle_now()
    qtbot.waitUntil(window.article_list.message.isVisible, timeout=WAIT)
    assert "quote" in window.article_list.message.text()
    assert window.search_field.property("invalid") is True
    assert shown_ids(window) == [filled["zebra"]]  # the list stays as it was

    window.search_field.clear()
    qtbot.waitUntil(lambda: rows(window) == len(TOPICS), timeout=WAIT)
    assert not window.article_list.message.isVisible()


def test_open_article_and_toggle_summary(
    qtbot: QtBot, window: MainWindow, filled: dict[str, int]
) -> None:
    target = filled["glacier"]
    assert window.article_list.select_article(target)
    window.registry["open"].trigger()
    qtbot.waitUntil(lambda: window.reading.current_id() == target, timeout=WAIT)
    settle(qtbot, window)
    reader = window.reader_pane.reader
    assert "A story about the glacier" in reader.current_html()
    assert not window.reader_pane.is_summary_shown()
    body_html = reader.current_html()

    window.registry["summary"].trigger()
    qtbot.waitUntil(window.reader_pane.is_summary_shown, timeout=WAIT)
    settle(qtbot, window)
    assert reader.current_html() != body_html
    window.registry["summary"].trigger()
    qtbot.waitUntil(lambda: not window.reader_pane.is_summary_shown(), timeout=WAIT)


def test_tag_then_undo(
    qtbot: QtBot, window: MainWindow, data_dir: Path, filled: dict[str, int]
) -> None:
    ids = [filled["harbour"], filled["orchard"]]
    window.article_list.select_ids(ids)
    assert sorted(window.selected_ids()) == sorted(ids)
    add, remove = parse_tag_edit("places/coast, -nothing")
    assert (add, remove) == (["places/coast"], ["nothing"])
    window.commands.tag(window.selected_ids(), add, [])
    model = window.sidebar.tag_model
    qtbot.waitUntil(lambda: model.index_of("places/coast").isValid(), timeout=WAIT)
    assert model.index_of("places/coast").siblingAtColumn(1).data() == "2"
    assert all(s[2] == ("places/coast",) for s in states(data_dir, ids).values())

    window.registry["undo"].trigger()
    qtbot.waitUntil(
        lambda: model.index_of("places/coast").siblingAtColumn(1).data() == "0", timeout=WAIT
    )
    assert all(s[2] == () for s in states(data_dir, ids).values())


def test_bulk_archive_then_undo(
    qtbot: QtBot, window: MainWindow, data_dir: Path, filled: dict[str, int]
) -> None:
    ids = [filled["harbour"], filled["glacier"], filled["lantern"]]
    window.article_list.select_ids(ids)
    window.registry["archive"].trigger()
    qtbot.waitUntil(lambda: rows(window) == len(TOPICS) - 3, timeout=WAIT)
    assert all(s[0] for s in states(data_dir, ids).values())
    assert not set(ids) & set(shown_ids(window))

    window.registry["undo"].trigger()
    qtbot.waitUntil(lambda: rows(window) == len(TOPICS), timeout=WAIT)
    assert not any(s[0] for s in states(data_dir, ids).values())


def test_trash_then_restore_from_the_trash_view(
    qtbot: QtBot, window: MainWindow, data_dir: Path, filled: dict[str, int]
) -> None:
    target = filled["orchard"]
    window.article_list.select_ids([target])
    window.registry["trash"].trigger()
    qtbot.waitUntil(lambda: target not in shown_ids(window), timeout=WAIT)
    assert states(data_dir, [target])[target][1] is True

    window.sidebar.choose("trash")
    qtbot.waitUntil(lambda: shown_ids(window) == [target], timeout=WAIT)
    window.article_list.select_ids([target])
    window.registry["restore"].trigger()
    qtbot.waitUntil(lambda: rows(window) == 0, timeout=WAIT)
    assert states(data_dir, [target])[target][1] is False
    assert "The trash is empty" in window.article_list.empty_state.text()

    window.sidebar.choose("all")
    qtbot.waitUntil(lambda: target in shown_ids(window), timeout=WAIT)


def test_keyboard_moves_and_marks(qtbot: QtBot, window: MainWindow, data_dir: Path) -> None:
    view = window.article_list.view
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=WAIT)
    view.setCurrentIndex(view.model().index(0, 0))
    QTest.keyClick(view, Qt.Key.Key_J)
    assert view.current_row() == 1
    QTest.keyClick(view, Qt.Key.Key_J)
    QTest.keyClick(view, Qt.Key.Key_K)
    assert view.current_row() == 1
    second = window.article_list.current_id()
    assert second is not None
    QTest.keyClick(view, Qt.Key.Key_F)
    qtbot.waitUntil(
        lambda: (r := window.article_list.current_record()) is not None and r.favorite,
        timeout=WAIT,
    )
    QTest.keyClick(view, Qt.Key.Key_Slash)
    assert window.search_field.hasFocus()
    sheet = ShortcutSheet(window.registry.sheet(), window)
    label = sheet.findChild(QLabel, "shortcut_table")
    assert label is not None
    text = label.text()
    for key in ("J", "K", "Ctrl+Z", "Ctrl+L", "Del"):
        assert key in text


def test_drop_a_file_saves_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = tmp_path / "dropped.html"
    page.write_text(article_html(99, "meadow"), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(page))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: rows(window) == len(TOPICS) + 1, timeout=WAIT)
    qtbot.waitUntil(
        lambda: (
            (r := window.article_list.current_record()) is not None
            and r.title == "A story about the meadow"
        ),
        timeout=WAIT,
    )


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = article_html(7, "windmill").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_page() -> Iterator[str]:
    """A local web server with one article; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=partial(server.serve_forever, 0.05), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/windmill.html"
    finally:
        server.shutdown()
        server.server_close()


def test_paste_a_url_saves_and_fetches_it(qtbot: QtBot, window: MainWindow, web_page: str) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(web_page)
    window.registry["paste_url"].trigger()
    # Stored at once (before the fetch), then fetched and extracted.
    qtbot.waitUntil(lambda: rows(window) == len(TOPICS) + 1, timeout=WAIT)
    qtbot.waitUntil(
        lambda: any(
            (r := window.article_list.model.cached_record(row)) is not None
            and r.title == "A story about the windmill"
            for row in range(rows(window))
        ),
        timeout=WAIT,
    )


def test_empty_library_shows_the_welcome_page(
    make_window: Callable[[Path], MainWindow], data_dir: Path
) -> None:
    window = make_window(data_dir)
    assert window.library_empty is True
    assert rows(window) == 0
    assert window.reader_pane.article_id is None
    assert "Welcome" in window.reader_pane.reader.current_html()


def test_window_remembers_its_layout(
    make_window: Callable[[Path], MainWindow], data_dir: Path, filled: object
) -> None:
    window = make_window(data_dir)
    window.resize(701, 555)
    window.sidebar.choose("favorites")
    window.close()
    assert (data_dir / "window.ini").is_file()
    again = make_window(data_dir)
    assert again.size().width() == 701
    assert again.sidebar.current_key() == "favorites"


def test_sort_menu_orders_the_list(
    qtbot: QtBot, window: MainWindow, filled: dict[str, int]
) -> None:
    window.registry["sort_title"].trigger()
    by_title = [filled[t] for t in sorted(TOPICS)]
    qtbot.waitUntil(lambda: shown_ids(window) == by_title, timeout=WAIT)
    window.registry["sort_relevance"].trigger()  # back to newest first
    qtbot.waitUntil(
        lambda: shown_ids(window) == sorted(filled.values(), reverse=True), timeout=WAIT
    )
