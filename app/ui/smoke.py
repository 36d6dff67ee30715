"""The packaged build's self-test: save, search, read and summarize in a real (offscreen) window."""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.ui.launch import EXIT_FAILED, EXIT_OK, application, fail
from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

TIMEOUT_MS = 90_000
SEARCH_WORD = "lighthouse"
ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The Lighthouse Keepers of Fastnet</title>
<meta name="description" content="How a rock in the Atlantic was kept lit for a century."></head>
<body><article><h1>The Lighthouse Keepers of Fastnet</h1>
<p>The Fastnet lighthouse stands on a small rock eleven kilometres off the coast of Ireland.
For more than a century, keepers lived on the rock in shifts of several weeks.</p>
<p>The first tower was built of cast iron in 1854. Storms shook it so badly that the keepers
reported cups falling from the shelves, and a new granite tower replaced it in 1904.</p>
<p>Keeping the light meant trimming wicks, winding the clockwork that turned the lens, and
writing the weather in the log every few hours, whatever the sea was doing.</p>
<p>The light was automated in 1989, and the last keepers left the rock that year. Today the
lighthouse is watched from the shore, but its beam still sweeps the sea every five seconds.</p>
</article></body></html>
"""


class SmokeTest(QObject):
    """Drives the window step by step on signals; any step that stalls ends in a failure."""

    def __init__(self, window: MainWindow, article: Path) -> None:
        super().__init__(window)
        self.window = window
        self.article = article
        self.code: int | None = None
        self.step = "opening the library"
        self.saved_id: int | None = None
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.on_poll_timeout)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self.on_timeout)
        window.library_ready.connect(self.on_window_library_ready)
        window.library_failed.connect(lambda error: self.finish(fail(f"smoke test: {error}")))

    def start(self) -> None:
        """Show the window and start the clock."""
        self._timeout.start(TIMEOUT_MS)
        self.window.show()

    def on_window_library_ready(self) -> None:
        """Save the article file."""
        self.step = "saving an article"
        self.window.commands.articles_saved.connect(self.on_commands_articles_saved)
        self.window.commands.save([], [self.article])

    def on_commands_articles_saved(self, ids: list[int]) -> None:
        """Search for a word of it."""
        self.step = "searching"
        self.saved_id = ids[0]
        self.window.sidebar.choose("all")
        self.window.article_list.query_finished.connect(self.on_list_query_finished)
        self.window.search_field.setText(SEARCH_WORD)
        self.window.search_field.settle_now()

    def on_list_query_finished(self, count: int) -> None:
        """Open the search result with its summary."""
        if SEARCH_WORD not in self.window.article_list.query():
            return
        if count < 1 or self.window.article_list.model.id_at(0) != self.saved_id:
            return
        self.window.article_list.query_finished.disconnect(self.on_list_query_finished)
        self.step = "rendering the article"
        self.window.reading.article_shown.connect(self.on_reading_article_shown)
        self.window.reading.open(self.saved_id or 0)

    def on_reading_article_shown(self, _article_id: int) -> None:
        """Ask for the summary once the article is shown."""
        self.window.reading.article_shown.disconnect(self.on_reading_article_shown)
        self.step = "rendering the summary"
        self.window.reading.toggle_summary()
        self._poll.start(100)

    def on_poll_timeout(self) -> None:
        """Done when the summary is on screen and rendered."""
        pane = self.window.reader_pane
        if pane.is_summary_shown() and not pane.awaiting_render and pane.rendered_pages:
            self._poll.stop()
            self.finish(EXIT_OK)

    def on_timeout(self) -> None:
        """A step stalled."""
        self.finish(fail(f"smoke test: timed out while {self.step}"))

    def finish(self, code: int) -> None:
        """Close the window and end the event loop with `code`."""
        if self.code is not None:
            return
        self.code = code
        self._timeout.stop()
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.exit(code)


def run_smoke_test() -> int:
    """Run the self-test on a temporary library; 0 when every step passed."""
    with tempfile.TemporaryDirectory(prefix="broadsheet-smoke-") as tmp:
        root = Path(tmp)
        article = root / "lighthouse.html"
        article.write_text(ARTICLE_HTML, encoding="utf-8")
        app = application()
        assert isinstance(app, QApplication)
        window = MainWindow(root / "library", theme="light")
        test = SmokeTest(window, article)
        test.start()
        app.exec()
        code = test.code if test.code is not None else EXIT_FAILED
        if code == EXIT_OK:
            sys.stdout.write("smoke test passed: saved, searched, rendered, summarized\n")
        return code
