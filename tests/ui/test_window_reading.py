"""The library window as a reader uses it: preferences, position, mark read, saved page, the
status bar's Cancel, and the whole "done when" flow of issue #6 in one go."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineScript
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from app.services.library import Library
from app.ui.dialogs.preferences import PreferencesDialog
from app.ui.dialogs.save_url import SaveUrlDialog
from app.ui.main_window import MainWindow
from app.ui.single_instance import InstanceServer
from app.ui.tasks import Progress
from tests.e2e.cli import run_cli
from tests.ui import test_window as window_tests
from tests.ui.test_window import WAIT, article_html, rows, settle, shown_ids, states

LONG_ARTICLE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    "<title>The long road north</title></head><body><article><h1>The long road north</h1>"
    + "".join(
        f"<h2>Stage {n}</h2><p>Stage {n} of the journey starts at dawn. "
        + "The road climbs through forest and over the pass before the valley opens. " * 12
        + "</p>"
        for n in range(1, 26)
    )
    + "</article></body></html>"
)


@pytest.fixture
def library_ids(filled: dict[str, int], data_dir: Path, tmp_path: Path) -> dict[str, int]:
    """test_window's five short articles plus a long one; returns name -> id."""
    long_page = tmp_path / "long.html"
    long_page.write_text(LONG_ARTICLE, encoding="utf-8")
    with Library.open(data_dir) as library:
        return {**filled, "long": library.add_file(long_page).article_id}


@pytest.fixture
def window(
    make_window: Callable[[Path], MainWindow], library_ids: dict[str, int], data_dir: Path
) -> MainWindow:
    """A settled window on that library."""
    return make_window(data_dir)


# The window fixtures of test_window.py, shared by name (pytest finds fixtures by name).
make_window = window_tests.make_window
web_page = window_tests.web_page
filled = window_tests.filled


def page_js(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    """Evaluate in the reader's isolated world (page scripts stay off)."""
    web = window.reader_pane.reader.web_view()
    assert web is not None
    box: list[Any] = []
    web.page().runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def open_article(qtbot: QtBot, window: MainWindow, article_id: int) -> None:
    assert window.article_list.select_article(article_id)
    window.registry["open"].trigger()
    qtbot.waitUntil(lambda: window.reading.current_id() == article_id, timeout=WAIT)
    settle(qtbot, window)


def stored(data_dir: Path, article_id: int) -> tuple[float, str | None, bool]:
    with Library.open(data_dir) as library:
        detail = library.get(article_id)
    return detail.reading_progress, detail.reading_anchor, detail.record.read


def test_preferences_apply_live_cancel_reverts_and_ok_persists(
    qtbot: QtBot,
    window: MainWindow,
    make_window: Callable[[Path], MainWindow],
    data_dir: Path,
) -> None:
    reader = window.reader_pane.reader
    window.registry["preferences"].trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()

    dialog.font_size.setValue(26)
    qtbot.waitUntil(lambda: "--reader-size:26px" in reader.current_html(), timeout=WAIT)
    settle(qtbot, window)
    assert page_js(qtbot, window, "getComputedStyle(document.documentElement).fontSize") == "26px"
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert window.theme == "dark" and reader.theme() == "dark"
    qtbot.waitUntil(lambda: 'class="theme-dark"' in reader.current_html(), timeout=WAIT)

    dialog.reject()  # Cancel: everything as it was
    qtbot.waitUntil(lambda: "--reader-size:19px" in reader.current_html(), timeout=WAIT)
    assert window.preferences.font_size == 19 and window.preferences.theme == "system"
    ini = data_dir / "window.ini"
    assert not ini.exists() or "font_size" not in ini.read_text()  # nothing saved

    window.registry["preferences"].trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None
    dialog.typeface.setCurrentIndex(dialog.typeface.findData("sans"))
    dialog.column_width.setValue(30)
    dialog.summaries_first.setChecked(True)
    dialog.mark_read.setChecked(False)
    dialog.default_sort.setCurrentIndex(dialog.default_sort.findData("title"))
    dialog.accept()
    assert window.reading.summaries_first and not window.reading.mark_read_at_end
    with Library.open(data_dir) as library:
        by_title = library.ids(sort="+title")
    assert by_title != sorted(by_title, reverse=True)  # not the default newest-first order
    qtbot.waitUntil(lambda: shown_ids(window) == by_title, timeout=WAIT)
    window.close()

    again = make_window(data_dir)  # read back from window.ini
    assert again.preferences.font == "sans" and again.preferences.column_width == 30
    assert again.preferences.summaries_first and not again.preferences.mark_read_at_end
    assert "--reader-width:30em" in again.reader_pane.reader.current_html()
    qtbot.waitUntil(lambda: shown_ids(again) == by_title, timeout=WAIT)


def test_zoom_keys(window: MainWindow) -> None:
    window.activateWindow()
    reader = window.reader_pane.reader
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() == 1.25
    QTest.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() == 1.1
    QTest.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom_factor() == 1.0


def test_position_is_saved_restored_and_the_end_marks_read(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    library_ids: dict[str, int],
) -> None:
    long_id = library_ids["long"]
    open_article(qtbot, window, long_id)
    page_js(
        qtbot,
        window,
        "window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.4)",
    )
    qtbot.waitUntil(lambda: stored(data_dir, long_id)[0] > 0.3, timeout=WAIT)
    progress, anchor, read = stored(data_dir, long_id)
    assert progress == pytest.approx(0.4, abs=0.05) and anchor and not read

    open_article(qtbot, window, library_ids["zebra"])
    open_article(qtbot, window, long_id)
    qtbot.waitUntil(
        lambda: (
            page_js(
                qtbot,
                window,
                "window.scrollY / (document.documentElement.scrollHeight - innerHeight)",
            )
            > 0.3
        ),
        timeout=WAIT,
    )

    pages = window.reader_pane.rendered_pages
    page_js(qtbot, window, "window.scrollTo(0, document.documentElement.scrollHeight)")
    qtbot.waitUntil(lambda: stored(data_dir, long_id)[2], timeout=WAIT)  # read now
    settle(qtbot, window)
    # Still reading its last lines: the page stays, and the Unread list keeps it for now.
    assert window.reader_pane.rendered_pages == pages
    assert window.reading.current_id() == long_id and long_id in shown_ids(window)

    open_article(qtbot, window, library_ids["zebra"])  # moving on: the list catches up
    qtbot.waitUntil(lambda: long_id not in shown_ids(window), timeout=WAIT)


def test_summaries_first_and_the_saved_page(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    library_ids: dict[str, int],
) -> None:
    window.apply_preferences(replace(window.preferences, summaries_first=True))
    open_article(qtbot, window, library_ids["glacier"])
    assert window.reader_pane.is_summary_shown()
    assert "Summary · " in window.reader_pane.reader.current_html()

    window.registry["original"].trigger()
    qtbot.waitUntil(window.reader_pane.is_original_shown, timeout=WAIT)
    settle(qtbot, window)
    text = page_js(qtbot, window, "document.body.innerText")
    assert "This is article number 3" in text and "saved page" in text.lower()
    assert not window.reader_pane.is_summary_shown()
    window.registry["original"].trigger()
    qtbot.waitUntil(lambda: not window.reader_pane.is_original_shown(), timeout=WAIT)


def test_long_task_shows_progress_and_cancel_stops_it(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    library_ids: dict[str, int],
) -> None:
    bar = window.status_bar
    results: list[int] = []
    total = 100_000

    def count_slowly(progress: Progress) -> int:
        done = 0
        while done < total and not progress.is_cancelled():
            progress.cancelled.wait(0.005)  # one "item" of work
            done += 1
            progress.report(done, total)
        return done

    window.runner.run_long_io(count_slowly, results.append, label="Counting")
    qtbot.waitUntil(bar.cancel_button.isVisible, timeout=WAIT)
    qtbot.waitUntil(
        lambda: bar.busy_bar.maximum() == total and bar.busy_bar.value() > 0, timeout=WAIT
    )
    assert bar.activity_label.text().startswith("Counting")
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT)
    assert 0 < results[0] < total  # stopped early, and what it did was still reported
    qtbot.waitUntil(lambda: not bar.cancel_button.isVisible(), timeout=WAIT)
    assert not bar.busy_bar.isVisible()


def test_with_two_long_tasks_cancel_asks_which_one_to_stop(
    qtbot: QtBot, window: MainWindow
) -> None:
    # A summary from the local model and a fetch can run at once: stopping one keeps the other.
    bar = window.status_bar
    results: dict[str, int] = {}

    started: list[int] = []

    def waiting(progress: Progress) -> int:
        started.append(1)
        rounds = 0
        while not progress.is_cancelled() and rounds < 20_000:
            progress.cancelled.wait(0.005)
            rounds += 1
        return rounds

    window.runner.run_long_io(waiting, lambda n: results.update(a=n), label="Fetching")
    window.runner.run_long_io(waiting, lambda n: results.update(b=n), label="Summarizing")
    # Both running (a task cancelled while still queued is skipped, with nothing to report).
    qtbot.waitUntil(lambda: len(started) == 2, timeout=WAIT)
    qtbot.waitUntil(bar.cancel_button.isVisible, timeout=WAIT)
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    menu = bar.findChild(QMenu, "cancel_menu")
    assert menu is not None
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["Stop Fetching", "Stop Summarizing", "Stop all"]
    menu.actions()[1].trigger()  # stop the summary only
    qtbot.waitUntil(lambda: "b" in results, timeout=WAIT)
    assert "a" not in results and [t.label for t in window.runner.long_tasks()] == ["Fetching"]
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)  # one left: no menu
    qtbot.waitUntil(lambda: "a" in results, timeout=WAIT)
    assert results["a"] < 20_000
    qtbot.waitUntil(lambda: not bar.cancel_button.isVisible(), timeout=WAIT)


def _when_modal(kind: type, act: Callable[[Any], None]) -> None:
    """Run `act(dialog)` once a modal dialog of `kind` is up (polled from the event loop)."""

    def attempt(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        elif tries:
            QTimer.singleShot(25, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)


def test_done_when_save_search_open_summary_tag_archive_undo_trash_restore(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    library_ids: dict[str, int],
    web_page: str,
) -> None:
    before = rows(window)

    def fill_save(dialog: SaveUrlDialog) -> None:
        dialog.url_edit.setText(web_page)
        dialog.tags_edit.setText("mills")
        dialog.accept()

    _when_modal(SaveUrlDialog, fill_save)
    window.registry["save_url"].trigger()  # Ctrl+L
    qtbot.waitUntil(lambda: rows(window) == before + 1, timeout=WAIT)
    with Library.open(data_dir) as library:
        qtbot.waitUntil(lambda: library.search("windmill").total == 1, timeout=WAIT)
        saved = library.search("windmill").items[0]
    assert saved.tags == ("mills",)

    window.search_field.setText("windmill")
    window.search_field.settle_now()
    qtbot.waitUntil(lambda: shown_ids(window) == [saved.id], timeout=WAIT)
    open_article(qtbot, window, saved.id)
    assert "A story about the windmill" in window.reader_pane.reader.current_html()
    window.registry["summary"].trigger()
    qtbot.waitUntil(window.reader_pane.is_summary_shown, timeout=WAIT)
    settle(qtbot, window)
    summary = page_js(qtbot, window, "document.querySelector('.summary p').innerText")
    assert "windmill" in summary

    window.article_list.select_ids([saved.id])
    window.registry["tag"].trigger()  # `t` focuses the tag bar for the selection
    QTest.keyClicks(window.tag_bar.field, "places/dutch")
    QTest.keyClick(window.tag_bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "places/dutch" in states(data_dir, [saved.id])[saved.id][2], timeout=WAIT
    )

    window.search_field.clear()
    qtbot.waitUntil(lambda: rows(window) == before + 1, timeout=WAIT)
    chosen = [library_ids["harbour"], library_ids["orchard"], saved.id]
    window.article_list.select_ids(chosen)
    window.registry["archive"].trigger()
    qtbot.waitUntil(lambda: all(s[0] for s in states(data_dir, chosen).values()), timeout=WAIT)
    qtbot.waitUntil(lambda: not set(chosen) & set(shown_ids(window)), timeout=WAIT)
    window.registry["undo"].trigger()
    qtbot.waitUntil(lambda: set(chosen) <= set(shown_ids(window)), timeout=WAIT)
    assert not any(s[0] for s in states(data_dir, chosen).values())

    window.article_list.select_ids([saved.id])
    window.registry["trash"].trigger()
    qtbot.waitUntil(lambda: saved.id not in shown_ids(window), timeout=WAIT)
    window.sidebar.choose("trash")
    qtbot.waitUntil(lambda: shown_ids(window) == [saved.id], timeout=WAIT)
    window.article_list.select_ids([saved.id])
    window.registry["restore"].trigger()
    qtbot.waitUntil(lambda: rows(window) == 0, timeout=WAIT)
    assert states(data_dir, [saved.id])[saved.id][1] is False
    window.sidebar.choose("unread")
    qtbot.waitUntil(lambda: saved.id in shown_ids(window), timeout=WAIT)
    assert json.dumps(sorted(shown_ids(window))) == json.dumps(
        sorted([*library_ids.values(), saved.id])
    )


def test_closing_right_after_scrolling_still_saves_the_position(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    library_ids: dict[str, int],
) -> None:
    long_id = library_ids["long"]
    open_article(qtbot, window, long_id)
    positions: list[object] = []
    window.reader_pane.position_changed.connect(positions.append)
    page_js(
        qtbot,
        window,
        "window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.6)",
    )
    # Measured, but not yet reported: scrolling has not paused long enough.
    view = window.reader_pane.reader
    qtbot.waitUntil(
        lambda: view._position is not None and view._position._latest is not None, timeout=WAIT
    )
    assert not positions
    window.close()  # flushes the position; its save survives the runner's shutdown
    assert stored(data_dir, long_id)[0] == pytest.approx(0.6, abs=0.05)


def test_unreadable_preferences_fall_back_to_defaults(data_dir: Path) -> None:
    from app.ui.preferences import Preferences, load_preferences, save_preferences
    from app.ui.settings import WindowSettings

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "window.ini").write_text(
        "[reader]\nfont=comic\nfont_size=huge\nline_height=9\ncolumn_width=-3\n"
        "summaries_first=maybe\n[list]\ndefault_sort=random\n[view]\ntheme=neon\n",
        encoding="utf-8",
    )
    loaded = load_preferences(WindowSettings(data_dir))
    assert loaded == Preferences(line_height=2.5, column_width=20)  # clamped, others default
    chosen = Preferences("sepia", "sans", 22, 1.75, 44, True, False, "site")
    save_preferences(WindowSettings(data_dir), chosen)
    assert load_preferences(WindowSettings(data_dir)) == chosen


def test_fetch_waiting_articles_runs_as_a_long_task(
    qtbot: QtBot, window: MainWindow, data_dir: Path, web_page: str
) -> None:
    base = web_page.rsplit("/", 1)[0]
    with Library.open(data_dir) as library:
        waiting = [library.add_url(f"{base}/{n}.html", offline=True).article_id for n in (1, 2)]
        assert {library.get(i).record.fetch_status for i in waiting} == {"pending"}
    messages: list[str] = []
    window.status_bar.messageChanged.connect(messages.append)
    window.registry["fetch_pending"].trigger()
    qtbot.waitUntil(lambda: "Fetched 2 articles" in messages, timeout=WAIT)
    with Library.open(data_dir) as library:
        fetched = [library.get(i).record for i in waiting]
    assert [r.title for r in fetched] == ["A story about the windmill"] * 2
    assert not window.status_bar.cancel_button.isVisible()


@pytest.mark.skipif(sys.platform == "win32", reason="the note travels over a Unix socket")
def test_add_from_the_command_line_refreshes_the_open_window(
    qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path
) -> None:
    server = InstanceServer(data_dir, window)  # what `broadsheet` sets up for its window
    assert server.listen()
    server.library_changed.connect(window.on_outside_change)
    before = rows(window)
    page = tmp_path / "meadow.html"
    page.write_text(article_html(42, "meadow"), encoding="utf-8")
    assert run_cli(data_dir, "add", str(page)).code == 0
    qtbot.waitUntil(lambda: rows(window) == before + 1, timeout=WAIT)
    server.close()
