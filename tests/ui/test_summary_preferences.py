"""Preferences' Summaries and Backups sections, and the reader summarizing with a local model
(a fake one on 127.0.0.1): busy message, the model named, key points remembered, fallback note,
Cancel in the status bar."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.services.library import Library
from app.ui.dialogs.library_preferences import LibraryPreferencesSection
from app.ui.dialogs.preferences import PreferencesDialog
from app.ui.main_window import MainWindow
from tests.ui import test_window as window_tests
from tests.ui.test_window import WAIT, settle
from tests.ui.test_window_reading import open_article, page_js
from tests.unit.test_llm_cancel import SlowModel
from tests.unit.test_summaries_llm import FakeModel

make_window = window_tests.make_window
filled = window_tests.filled


@pytest.fixture
def model() -> Iterator[FakeModel]:
    fake = FakeModel()
    fake.delay = 0.3  # long enough for the busy message to be rendered first
    yield fake
    fake.close()


def open_preferences(
    qtbot: QtBot, window: MainWindow
) -> tuple[PreferencesDialog, LibraryPreferencesSection]:
    window.registry["preferences"].trigger()
    dialog = window.preferences_dialog  # the new one (a closed one may await deletion)
    assert isinstance(dialog, PreferencesDialog)
    section = dialog.findChild(LibraryPreferencesSection)
    assert section is not None
    qtbot.waitUntil(section.isEnabled, timeout=WAIT)  # the library's values arrived
    return dialog, section


def llm_item_enabled(section: LibraryPreferencesSection) -> bool:
    items = section.method.model()
    assert isinstance(items, QStandardItemModel)
    item = items.item(section.method.findData("llm"))
    return item is not None and item.isEnabled()


def test_local_model_is_offered_only_when_set_up_and_backups_kept_is_saved(
    qtbot: QtBot,
    make_window: Callable[[Path], MainWindow],
    filled: dict[str, int],
    data_dir: Path,
) -> None:
    window = make_window(data_dir)
    dialog, section = open_preferences(qtbot, window)
    assert not llm_item_enabled(section) and section.method.currentData() == "extractive"
    with Library.open(data_dir) as library:
        assert section.backup_keep.value() == library.backup_keep()
    with qtbot.waitSignal(section.saved, timeout=WAIT):
        section.backup_keep.setValue(4)
    dialog.accept()
    with Library.open(data_dir) as library:
        assert library.backup_keep() == 4

    dialog, section = open_preferences(qtbot, window)
    assert section.backup_keep.value() == 4
    with qtbot.waitSignal(section.saved, timeout=WAIT):
        section.backup_keep.setValue(7)
    dialog.reject()  # Cancel writes the old value back (on the lane)

    def kept() -> int:
        with Library.open(data_dir) as library:
            return library.backup_keep()

    qtbot.waitUntil(lambda: window.runner.library is not None and kept() == 4, timeout=WAIT)


def test_reader_summarizes_with_the_local_model_chosen_in_preferences(
    qtbot: QtBot,
    make_window: Callable[[Path], MainWindow],
    filled: dict[str, int],
    data_dir: Path,
    model: FakeModel,
) -> None:
    with Library.open(data_dir) as library:
        library.configure_llm(model.url("/api/generate"), "tiny-model", timeout=10)
    window = make_window(data_dir)
    dialog, section = open_preferences(qtbot, window)
    assert llm_item_enabled(section)
    assert section.endpoint.text() == f"tiny-model at {model.url('/api/generate')}"
    with qtbot.waitSignal(section.saved, timeout=WAIT):
        section.method.setCurrentIndex(section.method.findData("llm"))
    dialog.accept()
    assert window.reading.summary_model == "tiny-model"
    with Library.open(data_dir) as library:
        assert library.default_summary_method() == "llm"

    reader = window.reader_pane.reader
    open_article(qtbot, window, filled["harbour"])
    assert not model.requests  # nothing is sent until a summary is asked for
    window.reading.toggle_summary()
    qtbot.waitUntil(lambda: "Summarizing with tiny-model…" in reader.current_html(), timeout=WAIT)
    qtbot.waitUntil(
        lambda: "tiny-model (local language model)" in reader.current_html(), timeout=WAIT
    )
    settle(qtbot, window)
    assert [path for path, _payload, _headers in model.requests] == ["/api/generate"]
    paragraph = page_js(qtbot, window, "document.querySelector('.summary-text').textContent")
    assert paragraph == "Rivers flood the valley. Towns prepare every spring."

    reader.on_page_action_requested("summary-points")  # what the in-page link does
    qtbot.waitUntil(lambda: 'class="key-points"' in reader.current_html(), timeout=WAIT)
    settle(qtbot, window)
    items = page_js(
        qtbot,
        window,
        "JSON.stringify([...document.querySelectorAll('.key-points li')].map(e => e.textContent))",
    )
    assert json.loads(items) == ["Rivers flood the valley.", "Towns prepare every spring."]
    assert window.preferences.summary_points  # remembered
    assert "summary_points=true" in (data_dir / "window.ini").read_text()

    model.status = 500  # a failing model: the key sentences, with a one-line note
    window.reading.toggle_summary()  # back to the article
    open_article(qtbot, window, filled["glacier"])
    window.reading.toggle_summary()
    qtbot.waitUntil(lambda: "summary-note" in reader.current_html(), timeout=WAIT)
    html = reader.current_html()
    assert "Summary · key sentences" in html and "the model failed" in html
    assert len(model.requests) == 2


def test_cancel_in_the_status_bar_stops_the_local_model_and_shows_the_key_sentences(
    qtbot: QtBot,
    make_window: Callable[[Path], MainWindow],
    filled: dict[str, int],
    data_dir: Path,
) -> None:
    slow = SlowModel()  # on 127.0.0.1; says nothing until released, notes a hang-up
    try:
        with Library.open(data_dir) as library:
            library.configure_llm(slow.url(), "slow-model", timeout=300)
            library.set_default_summary_method("llm")
        window = make_window(data_dir)
        qtbot.waitUntil(lambda: window.reading.summary_model == "slow-model", timeout=WAIT)
        reader = window.reader_pane.reader
        status = window.status_bar
        busy = "Summarizing with slow-model…"
        open_article(qtbot, window, filled["harbour"])
        window.reading.toggle_summary()
        qtbot.waitUntil(lambda: busy in reader.current_html(), timeout=WAIT)
        # The window's way out of long work: the status bar's Cancel, beside what runs.
        qtbot.waitUntil(status.cancel_button.isVisible, timeout=WAIT)
        assert status.activity_label.text() == "Summarizing with slow-model…"
        assert slow.received.wait(WAIT / 1000)

        QTest.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
        # At once (not when the request has wound down): the key sentences, summary still on.
        html = reader.current_html()
        assert "Summarizing with" not in html and "Summary · key sentences" in html
        assert window.reader_pane.is_summary_shown()
        qtbot.waitUntil(slow.closed.is_set, timeout=WAIT)  # the request itself stopped
        qtbot.waitUntil(lambda: not status.cancel_button.isVisible(), timeout=WAIT)
        settle(qtbot, window)
        assert not slow.answered.is_set()
        assert "Summary · key sentences" in reader.current_html()  # nothing came in later
        with Library.open(data_dir) as library:
            kept = library.get(filled["harbour"]).summary
        assert kept is not None and kept.method == "key sentences"  # nothing half-written

        # Asked again, the model is asked again.
        slow.received.clear()
        window.reading.toggle_summary()  # back to the article
        window.reading.toggle_summary()
        assert slow.received.wait(WAIT / 1000)
        qtbot.waitUntil(lambda: busy in reader.current_html(), timeout=WAIT)
    finally:
        slow.close()
