"""Feeds the reader: loads the chosen article and its summary on the database lane."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.errors import NotFoundError
from app.domain.records import ArticleDetail, SummaryRecord
from app.ui.tasks import TaskRunner
from app.ui.widgets.reader_pane import ReaderPane

if TYPE_CHECKING:  # imported on the database lane, not on the way to the first paint
    from app.services.library import Library

log = logging.getLogger(__name__)

FOLLOW_DELAY_MS = 120  # holding j down should not load every article it passes


def sniff_mime(data: bytes) -> str:
    """An image type from its first bytes (for assets the article's record does not list)."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith(b"GIF8"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.lstrip()[:5] in (b"<svg ", b"<?xml"):
        return "image/svg+xml"
    return "application/octet-stream"


class ReadingController(QObject):
    """Keeps the reader showing the current article (or the welcome page).

    Signals:
        article_shown(int): An article was handed to the reader.
        status_posted(str): A short message for the status bar.
    """

    article_shown = Signal(int)
    status_posted = Signal(str)

    def __init__(self, runner: TaskRunner, pane: ReaderPane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.pane = pane
        self._generation = 0
        self._wanted: int | None = None
        self.detail: ArticleDetail | None = None
        self._summary: SummaryRecord | None = None
        self._summary_for: int | None = None
        self._summary_loading = False
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_DELAY_MS)
        self._follow.timeout.connect(self.on_follow_timeout)
        pane.summary_toggled.connect(self.on_pane_summary_toggled)

    # -- choosing what to show --------------------------------------------------------------

    def follow(self, article_id: int | None) -> None:
        """Show this article after a short pause (the list's current row moved)."""
        self._wanted = article_id
        self._follow.start()

    def on_follow_timeout(self) -> None:
        """The pause is over: show the wanted article."""
        if self._wanted is None:
            self.show_nothing()
        else:
            self.open(self._wanted)

    def open(self, article_id: int, *, force: bool = False) -> None:
        """Load and show an article now (unless it is already shown)."""
        self._follow.stop()
        self._wanted = article_id
        if not force and self.detail is not None and self.detail.id == article_id:
            return
        self._generation += 1
        generation = self._generation
        self._runner.run_db(
            lambda library: library.get(article_id),
            lambda detail: self.on_detail_loaded(generation, detail),
            lambda error: self.on_detail_failed(generation, article_id, error),
        )

    def on_detail_loaded(self, generation: int, detail: ArticleDetail) -> None:
        """Hand a loaded article to the reader."""
        if generation != self._generation:
            return
        if self._summary_for != detail.id:
            self._summary, self._summary_for = detail.summary, detail.id if detail.summary else None
        self.detail = detail
        self.pane.bring_reader_forward()
        self.pane.show_article(detail, self._summary)
        self.article_shown.emit(detail.id)

    def on_detail_failed(self, generation: int, article_id: int, error: BaseException) -> None:
        """A deleted or unreadable article: say so instead of crashing."""
        if generation != self._generation:
            return
        if not isinstance(error, NotFoundError):
            log.error("could not load article %d", article_id, exc_info=error)
        self.status_posted.emit(f"Could not open article {article_id}: {error}")

    def show_welcome(self) -> None:
        """Show the welcome page (an empty library)."""
        self._follow.stop()
        self._generation += 1
        self.detail = None
        self.pane.show_welcome()

    def show_nothing(self) -> None:
        """Nothing is selected: a quiet, empty reader."""
        self._generation += 1
        self.detail = None
        self.pane.show_nothing("No article selected")

    def refresh(self, changed: Collection[int]) -> None:
        """Reload the shown article if a change touched it (its tags or state changed)."""
        if self.detail is not None and self.detail.id in changed:
            self.open(self.detail.id, force=True)

    def current_id(self) -> int | None:
        """The article the reader shows."""
        return self.detail.id if self.detail is not None else None

    def is_settled(self) -> bool:
        """Whether everything asked of the reader has been rendered."""
        return not self._follow.isActive() and not self.pane.awaiting_render

    def load_asset(self, sha256: str) -> tuple[bytes, str] | None:
        """An asset of the shown article for the reader (a file read, no query)."""
        library = self._runner.library
        if library is None:
            return None
        data = library.read_asset(sha256)
        if data is None:
            return None
        if self.detail is not None:
            for asset in self.detail.assets:
                if asset.sha256 == sha256:
                    return data, asset.mime
        return data, sniff_mime(data)

    # -- the summary ------------------------------------------------------------------------

    def toggle_summary(self) -> None:
        """Switch between body and summary, computing the summary first when needed."""
        if self.detail is None:
            return
        if self.pane.is_summary_shown():
            self.pane.set_show_summary(False)
            return
        if self._summary_for == self.detail.id:
            self.pane.set_show_summary(True)
            return
        self._load_summary(self.detail.id, then_show=True)

    def _load_summary(self, article_id: int, *, then_show: bool) -> None:
        if self._summary_loading:
            return
        self._summary_loading = True

        def work(library: Library) -> SummaryRecord:
            return library.summary(article_id)

        self._runner.run_db(
            work,
            lambda summary: self.on_summary_loaded(article_id, summary, then_show),
            self.on_summary_failed,
            label="Summarizing",
        )

    def on_summary_loaded(self, article_id: int, summary: SummaryRecord, then_show: bool) -> None:
        """Show the computed summary (if the article is still the one shown)."""
        self._summary_loading = False
        if self.detail is None or self.detail.id != article_id:
            return
        self._summary, self._summary_for = summary, article_id
        if then_show:
            # Switch first: showing the same article again keeps the summary switched on.
            self.pane.set_show_summary(True)
        self.pane.show_article(self.detail, summary)

    def on_summary_failed(self, error: BaseException) -> None:
        """Report a summary that could not be computed."""
        self._summary_loading = False
        log.warning("summary failed: %s", error)
        self.status_posted.emit(f"Could not summarize: {error}")

    def on_pane_summary_toggled(self, shown: bool) -> None:
        """The summary was switched on in the page itself: compute it if it is missing."""
        if shown and self.detail is not None and self._summary_for != self.detail.id:
            self._load_summary(self.detail.id, then_show=False)
