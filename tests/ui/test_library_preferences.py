"""Preferences' library part: offline mode, switching libraries, the local model's endpoint."""

from __future__ import annotations

import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.paths import chosen_library, default_data_dir
from app.services.library import Library
from app.ui.main_window import MainWindow
from app.ui.preferences import load_preferences
from app.ui.settings import WindowSettings
from tests.ui import test_summary_preferences as summary_tests
from tests.ui import test_window as window_tests
from tests.ui.test_summary_preferences import llm_item_enabled, open_preferences
from tests.ui.test_window import WAIT
from tests.unit.test_summaries_llm import FakeModel

make_window = window_tests.make_window
filled = window_tests.filled
web_page = window_tests.web_page
model = summary_tests.model


def test_offline_mode_holds_saved_links_until_it_is_turned_off(
    qtbot: QtBot,
    make_window: Callable[[Path], MainWindow],
    filled: dict[str, int],
    data_dir: Path,
    web_page: str,
) -> None:
    window = make_window(data_dir)
    dialog, _section = open_preferences(qtbot, window)
    dialog.offline.setChecked(True)  # applies at once
    assert window.commands.offline
    dialog.accept()
    assert load_preferences(WindowSettings(data_dir)).offline  # remembered

    with Library.open(data_dir) as library:
        waiting = library.add_url(web_page, offline=True).article_id
    messages: list[str] = []
    window.status_bar.messageChanged.connect(messages.append)
    window.registry["fetch_pending"].trigger()
    assert "Offline: nothing is fetched" in messages

    dialog, _section = open_preferences(qtbot, window)
    dialog.offline.setChecked(False)  # back online: what waits is fetched
    dialog.accept()
    assert not window.commands.offline

    def fetched() -> bool:
        with Library.open(data_dir) as library:
            return library.get(waiting).record.fetch_status == "done"

    qtbot.waitUntil(fetched, timeout=WAIT)


def test_offline_from_the_command_line_wins_over_the_preference(
    qtbot: QtBot, filled: dict[str, int], data_dir: Path
) -> None:
    window = MainWindow(data_dir, theme="light", offline=True)
    try:
        window.apply_preferences(load_preferences(WindowSettings(data_dir)))  # offline: False
        assert window.commands.offline
    finally:
        window.close()
        window.deleteLater()


def test_open_another_library_remembers_it_as_the_default(
    qtbot: QtBot,
    make_window: Callable[[Path], MainWindow],
    filled: dict[str, int],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "research library"
    other.mkdir()
    window = make_window(data_dir)
    dialog, _section = open_preferences(qtbot, window)
    location = dialog.location
    assert location is not None and location.path_label.text() == str(data_dir)
    monkeypatch.setattr(location, "ask_for_folder", lambda: str(other))
    with qtbot.waitSignal(window.library_switch_requested, timeout=WAIT) as switched:
        location.switch_button.click()
    assert switched.args == [other]
    assert window.preferences_dialog is None or not window.preferences_dialog.isVisible()
    assert chosen_library() == other.resolve()
    monkeypatch.delenv("BROADSHEET_DATA_DIR")
    assert default_data_dir() == other.resolve()  # the next start and the CLI use it

    # Choosing the folder already open does nothing.
    dialog, _section = open_preferences(qtbot, window)
    assert dialog.location is not None
    monkeypatch.setattr(dialog.location, "ask_for_folder", lambda: str(data_dir))
    with qtbot.assertNotEmitted(window.library_switch_requested, wait=100):
        dialog.location.switch_button.click()
    dialog.reject()


def test_local_model_endpoint_is_set_checked_and_turned_off_in_preferences(
    qtbot: QtBot,
    make_window: Callable[[Path], MainWindow],
    filled: dict[str, int],
    data_dir: Path,
    model: FakeModel,
) -> None:
    window = make_window(data_dir)
    dialog, section = open_preferences(qtbot, window)
    assert not llm_item_enabled(section) and not section.llm_off.isEnabled()

    section.llm_url.setText("ftp://example.invalid/model")
    section.llm_model.setText("tiny-model")
    section.llm_save.click()
    qtbot.waitUntil(lambda: section.endpoint.text().startswith("Not saved:"), timeout=WAIT)
    assert "http:// or https://" in section.endpoint.text()
    with Library.open(data_dir) as library:
        assert library.llm_config() is None  # nothing half written

    url = model.url("/api/generate")
    section.llm_url.setText(url)
    section.llm_key.setText("s3cret")
    with qtbot.waitSignal(section.saved, timeout=WAIT):
        section.llm_save.click()
    assert section.endpoint.text() == f"tiny-model at {url}"
    assert llm_item_enabled(section) and section.llm_key.text() == ""
    with Library.open(data_dir) as library:
        config = library.llm_config()
    assert config is not None and (config.url, config.model, config.api_key) == (
        url,
        "tiny-model",
        "s3cret",
    )
    key_file = data_dir / "llm-api-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    with qtbot.waitSignal(section.saved, timeout=WAIT):
        section.method.setCurrentIndex(section.method.findData("llm"))
    assert window.reading.summary_model == "tiny-model"
    dialog.reject()  # Cancel undoes the method, not the endpoint (an explicit button)
    qtbot.waitUntil(lambda: window.reading.summary_model is None, timeout=WAIT)

    dialog, section = open_preferences(qtbot, window)
    assert section.llm_url.text() == url and section.llm_off.isEnabled()
    with qtbot.waitSignal(section.saved, timeout=WAIT):
        section.llm_off.click()
    assert not llm_item_enabled(section)
    assert section.method.currentData() == "extractive"
    dialog.accept()
    with Library.open(data_dir) as library:
        assert library.llm_config() is None
    assert not key_file.exists()


def test_closing_preferences_before_the_library_answers_is_harmless(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], filled: dict[str, int], data_dir: Path
) -> None:
    """The section asks the database lane for the library's choices; the dialog may be gone
    (Cancel at once, Escape) before the answer arrives, which must then be dropped."""
    window = make_window(data_dir)
    window.runner.run_db(lambda _library: time.sleep(0.5))  # the lane is busy for a while
    window.registry["preferences"].trigger()
    dialog = window.preferences_dialog
    assert dialog is not None
    dialog.reject()  # long before the lane answers
    qtbot.waitUntil(lambda: window.preferences_dialog is None, timeout=WAIT)
    qtbot.wait(20)  # the deferred delete runs
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT)
    qtbot.wait(50)  # any late answer is delivered (and would raise in the event loop)
