"""File → Import… and File → Export… dialogs, and fetching waiting pages when the window opens."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services.importing import ImportReport
from app.services.library import Library
from app.ui.application import ChangeHub
from app.ui.dialogs.transfer import ExportDialog, ImportDialog
from app.ui.fetch_resume import PendingFetcher
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.unit.webserver import LocalServer, article_page, serve

WAIT = 30_000


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


@pytest.fixture
def runner(qtbot: QtBot, tmp_path: Path) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    opened: list[Library] = []
    runner.library_opened.connect(opened.append)
    runner.open_library(tmp_path / "lib")
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
    yield runner
    runner.shutdown()


def test_import_dialog_imports_with_progress_and_export_dialog_writes_a_bundle(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"https://example.com/a{n}\n" for n in range(1200)), encoding="utf-8")
    hub = ChangeHub()
    changes: list[object] = []
    hub.library_changed.connect(changes.append)
    dialog = ImportDialog(runner, hub)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(urls))
    with qtbot.waitSignal(dialog.finished_work, timeout=WAIT) as done:
        dialog.start_button.click()
        assert not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    report = done.args[0]
    assert isinstance(report, ImportReport) and report.added == 1200 and report.queued == 1200
    assert "Added 1200" in dialog.status.text() and "1200 pages wait" in dialog.status.text()
    assert dialog.start_button.isEnabled() and changes  # the window is told to reload

    out = tmp_path / "out.zip"
    export = ExportDialog(runner, hub, "")
    qtbot.addWidget(export)
    export.path_edit.setText(str(out))
    seen: list[int] = []
    export._progressed.connect(seen.append)
    with qtbot.waitSignal(export.finished_work, timeout=WAIT) as exported:
        export.start_button.click()
    assert exported.args[0] == 1200
    assert seen[-1] == 1200 and seen == sorted(seen)
    assert export.status.text() == f"Exported 1200 articles to {out}."
    with zipfile.ZipFile(out) as zf:
        assert "bundle.json" in zf.namelist()


def test_cancelling_an_import_keeps_what_it_stored_and_a_rerun_adds_the_rest(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    urls = tmp_path / "urls.txt"
    total = 3000
    urls.write_text("".join(f"https://example.com/b{n}\n" for n in range(total)), encoding="utf-8")
    dialog = ImportDialog(runner, ChangeHub())
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(urls))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: "so far" in dialog.status.text(), timeout=WAIT)
    with qtbot.waitSignal(dialog.finished_work, timeout=WAIT):
        dialog.cancel_button.click()
    assert dialog.status.text().startswith("Cancelled")
    assert dialog.start_button.isEnabled()
    qtbot.waitUntil(runner.is_idle, timeout=WAIT)
    library = runner.library
    assert library is not None
    stored = library.count("")
    assert 0 < stored < total  # stopped early; what was stored stays
    with qtbot.waitSignal(dialog.finished_work, timeout=60_000) as again:
        dialog.start_button.click()
    assert again.args[0].added == total - stored and library.count("") == total


def test_bad_import_file_shows_one_line(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    dialog = ImportDialog(runner, ChangeHub())
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(bad))
    with qtbot.waitSignal(dialog.finished_work, timeout=WAIT):
        dialog.start_button.click()
    assert dialog.status.text().startswith("Failed: ") and "empty.csv" in dialog.status.text()
    dialog.path_edit.setText(str(tmp_path / "missing.json"))
    dialog.start_button.click()
    assert dialog.status.text() == "Choose the file to import."


def test_window_fetches_waiting_pages_when_it_opens(
    qtbot: QtBot, server: LocalServer, tmp_path: Path
) -> None:
    data = tmp_path / "lib"
    urls = [server.page(f"/{t}", article_page(t)) for t in ("rivers", "lakes")]
    with Library.open(data) as library:
        ids = [r.article_id for r in library.store_urls(urls)]
    window = MainWindow(data, theme="light")
    try:
        window.show()
        qtbot.waitUntil(lambda: window.findChild(PendingFetcher) is not None, timeout=WAIT)
        fetcher = window.findChild(PendingFetcher)
        library = window.runner.library
        assert fetcher is not None and library is not None
        qtbot.waitUntil(
            lambda: not fetcher.is_running() and library.queued_ids() == [], timeout=WAIT
        )
        assert len(server.hits) == 2
        assert {library.get(i).record.title for i in ids} == {"All about rivers", "All about lakes"}
    finally:
        window.close()
        window.deleteLater()
        qtbot.wait(20)


def test_offline_window_leaves_the_queue_alone(
    qtbot: QtBot, server: LocalServer, tmp_path: Path
) -> None:
    data = tmp_path / "lib"
    with Library.open(data) as library:
        library.store_urls([server.page("/x", article_page("x"))])
    window = MainWindow(data, theme="light", offline=True)
    try:
        window.show()
        qtbot.waitUntil(window.is_settled, timeout=WAIT)
        assert window.findChild(PendingFetcher) is None and server.hits == []
    finally:
        window.close()
        window.deleteLater()
        qtbot.wait(20)


def test_several_urls_saved_at_once_are_fetched_politely(
    qtbot: QtBot, server: LocalServer, tmp_path: Path
) -> None:
    urls = [server.page(f"/{t}", article_page(t)) for t in ("rivers", "lakes", "hills")]
    urls.append(server.url("/rivers", "localhost"))
    window = MainWindow(tmp_path / "lib", theme="light")
    try:
        window.show()
        qtbot.waitUntil(window.is_settled, timeout=WAIT)
        window.commands.save(urls, [])
        library = window.runner.library
        assert library is not None
        qtbot.waitUntil(lambda: library.count("") == 4, timeout=WAIT)
        fetcher = window.findChild(PendingFetcher)
        qtbot.waitUntil(
            lambda: fetcher is not None and not fetcher.is_running() and not library.queued_ids(),
            timeout=WAIT,
        )
        titles = sorted(r.title for r in library.list(""))
        expected = ["All about hills", "All about lakes", "All about rivers", "All about rivers"]
        assert titles == expected
        local = sorted(
            (h for h in server.hits if h.headers["host"].startswith("127")), key=lambda h: h.started
        )
        assert len(local) == 3
        assert all(b.started >= a.ended for a, b in itertools.pairwise(local))  # one at a time
    finally:
        window.close()
        window.deleteLater()
        qtbot.wait(20)
