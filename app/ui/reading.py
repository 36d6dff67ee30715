"""Feeds the reader: loads the chosen article and its summary on the database lane."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.errors import NotFoundError
from app.domain.records import ArticleDetail, SummaryRecord
from app.ui.summary_method import chosen_model, fits, llm_summary
from app.ui.tasks import Task, TaskRunner
from app.ui.widgets.reader_pane import ReaderPane

if TYPE_CHECKING:
    from app.domain.render_original import SavedPage
    from app.services.reading import PositionSaved
    from app.ui.reader.position import ReadingPosition

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

    Attributes:
        summaries_first: A newly opened article shows its summary first (a preference).
        mark_read_at_end: Scrolling to the end of an article marks it read (a preference).

    Signals:
        article_shown(int): An article was handed to the reader.
        status_posted(str): A short message for the status bar.
        marked_read(int): Reading to the end marked this article read.
    """

    article_shown = Signal(int)
    status_posted = Signal(str)
    marked_read = Signal(int)

    def __init__(self, runner: TaskRunner, pane: ReaderPane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.pane = pane
        self._generation = 0
        self._wanted: int | None = None
        self.detail: ArticleDetail | None = None
        self._summary: SummaryRecord | None = None
        self._summary_for: int | None = None
        self._summary_loading: int | None = None  # the article whose summary is computing
        # The local model's request running, and its article (Cancel in the status bar).
        self._llm_task: tuple[int, Task] | None = None
        # Read to the end, announced once the reader moves on: in the Unread view the list
        # would otherwise drop the article, and the reader follow away, mid-sentence.
        self._marked_unannounced: set[int] = set()
        self.summaries_first = False
        self.mark_read_at_end = True
        self.summary_points = False
        self.summary_model: str | None = None  # the local model's name when it is the method
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_DELAY_MS)
        self._follow.timeout.connect(self.on_follow_timeout)
        pane.summary_toggled.connect(self.on_pane_summary_toggled)
        pane.position_changed.connect(self.on_pane_position_changed)
        pane.original_requested.connect(self.toggle_original)
        runner.library_opened.connect(lambda _library: self.refresh_summary_method())
        # Emitted when the status bar's Cancel cancels long tasks (and as they come and go).
        runner.cancellable_changed.connect(self.on_runner_cancellable_changed)

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
        self._announce_marked(keep=article_id)
        if not force and self.detail is not None and self.detail.id == article_id:
            return
        self._generation += 1
        generation = self._generation
        self._runner.run_db(
            lambda library: library.get(article_id),
            lambda detail: self._prepare_page(generation, detail),
            lambda error: self.on_detail_failed(generation, article_id, error),
        )

    def _prepare_page(self, generation: int, detail: ArticleDetail) -> None:
        """Build the article's page body on the I/O pool, then show it: Markdown and the
        sanitiser on the GUI thread stalled it for hundreds of ms on long articles."""
        if generation != self._generation:
            return
        from app.domain.render import prepare_article_page  # Markdown loads with the reader

        self._runner.run_io(
            lambda: prepare_article_page(detail),
            lambda _done: self.on_detail_loaded(generation, detail),
            # the page is then built on show, where its error is handled as before
            lambda _error: self.on_detail_loaded(generation, detail),
        )

    def on_detail_loaded(self, generation: int, detail: ArticleDetail) -> None:
        """Hand a loaded article to the reader."""
        if generation != self._generation:
            return
        if self._summary_for != detail.id:
            fitting = fits(detail.summary, self.summary_model)
            self._summary, self._summary_for = detail.summary, detail.id if fitting else None
        self.detail = detail
        self.pane.bring_reader_forward()
        new = self.pane.article_id != detail.id
        if new and self.summaries_first and self._summary_for != detail.id:
            # Summarise first (on the lane), so the article opens once, on its summary.
            self._load_summary(detail.id, then_show=True)
            return
        self.pane.show_article(detail, self._summary, summary_first=new and self.summaries_first)
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
        self._announce_marked()
        self._follow.stop()
        self._generation += 1
        self.detail = None
        self.pane.show_welcome()

    def show_nothing(self) -> None:
        """Nothing is selected: a quiet, empty reader."""
        self._announce_marked()
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

    def set_summary_points(self, points: bool) -> None:
        """Show summaries as key points (True) or a paragraph (a preference)."""
        self.summary_points = points
        self._show_summary_form()

    def _show_summary_form(self) -> None:
        busy = None
        if self.summary_model is not None and self._summary_loading is not None:
            busy = f"Summarizing with {self.summary_model}…"
        self.pane.set_summary_form(self.summary_points, busy=busy)

    def refresh_summary_method(self) -> None:
        """Read the chosen summary method (Preferences) from the library, on the lane."""
        self._runner.run_db(
            chosen_model,
            self.set_summary_model,
            lambda error: log.warning("could not read the summary method: %s", error),
        )

    def set_summary_model(self, model: str | None) -> None:
        """Summarize with this local model from now on (None: key sentences)."""
        if model == self.summary_model:
            return
        self.summary_model = model
        self._summary_for = None  # the next summary comes from the new method
        if self.detail is not None and self.pane.is_summary_shown():
            self._load_summary(self.detail.id, then_show=False)

    def _load_summary(self, article_id: int, *, then_show: bool) -> None:
        if self._summary_loading == article_id:
            return
        self._summary_loading = article_id
        done = lambda summary: self.on_summary_loaded(article_id, summary, then_show)  # noqa: E731
        failed = lambda error: self.on_summary_failed(article_id, error)  # noqa: E731
        library = self._runner.library
        if self.summary_model is None or library is None:
            self._runner.run_db(
                lambda library: library.summary(article_id, "extractive"),
                done,
                failed,
                label="Summarizing",
            )
            return
        # A local model takes seconds: the I/O pool, so the lane (the list) is not held up;
        # meanwhile the summary area says so.
        self._show_summary_form()
        if self.detail is not None and self.detail.id == article_id:
            if self.pane.article_id != article_id:
                self.pane.show_article(self.detail, None, summary_first=True)
                self.article_shown.emit(article_id)
            elif then_show:
                self.pane.set_show_summary(True)
        # A long task: the status bar offers Cancel, which stops the request itself.
        task: Task | None = None

        def llm_done(summary: SummaryRecord) -> None:
            if task is not None and task.cancelled.is_set():
                return  # answered as it was cancelled: the reader has moved back already
            self._llm_finished(task)
            self.on_summary_loaded(article_id, summary, then_show)

        def llm_failed(error: BaseException) -> None:
            self._llm_finished(task)
            self.on_summary_failed(article_id, error)

        task = self._runner.run_long_io(
            lambda progress: llm_summary(library, article_id, progress.cancelled),
            llm_done,
            llm_failed,
            label=f"Summarizing with {self.summary_model}",
        )
        self._llm_task = (article_id, task)

    def _llm_finished(self, task: Task | None) -> None:
        if self._llm_task is not None and self._llm_task[1] is task:
            self._llm_task = None

    def on_runner_cancellable_changed(self, _cancellable: bool) -> None:
        """Long tasks came, went or were cancelled: react at once to a cancelled summary."""
        if self._llm_task is None or not self._llm_task[1].cancelled.is_set():
            return
        article_id = self._llm_task[0]
        self._llm_task = None
        self.on_summary_cancelled(article_id)

    def on_summary_cancelled(self, article_id: int) -> None:
        """The model's summary was cancelled (its request is being closed): go back now to
        the key sentences stored with the article, or else to the article itself."""
        if self._summary_loading == article_id:
            self._summary_loading = None
        self._show_summary_form()  # the busy message goes
        self.status_posted.emit("Summary cancelled")
        detail = self.detail
        if detail is None or detail.id != article_id or self.pane.article_id != article_id:
            return
        if fits(detail.summary, None):
            self.pane.show_article(detail, detail.summary)
        else:
            self.pane.set_show_summary(False)

    def on_summary_loaded(self, article_id: int, summary: SummaryRecord, then_show: bool) -> None:
        """Show the computed summary (if the article is still the one shown)."""
        if self._summary_loading == article_id:
            self._summary_loading = None
            self._show_summary_form()
        if self.detail is None or self.detail.id != article_id:
            return
        self._summary, self._summary_for = summary, article_id
        if self.pane.article_id != article_id:  # summaries first: the article opens now
            self.pane.show_article(self.detail, summary, summary_first=True)
            self.article_shown.emit(article_id)
            return
        if then_show:
            # Switch first: showing the same article again keeps the summary switched on.
            self.pane.set_show_summary(True)
        self.pane.show_article(self.detail, summary)

    def on_summary_failed(self, article_id: int, error: BaseException) -> None:
        """Report a summary that could not be computed (the reader falls back to its own)."""
        if self._summary_loading == article_id:
            self._summary_loading = None
            self._show_summary_form()
        log.warning("summary failed: %s", error)
        self.status_posted.emit(f"Could not summarize: {error}")
        shown_elsewhere = self.pane.article_id != article_id
        if self.detail is not None and self.detail.id == article_id and shown_elsewhere:
            self.pane.show_article(self.detail, None, summary_first=True)
            self.article_shown.emit(article_id)

    # -- the saved page and the reading position ---------------------------------------------

    def toggle_original(self) -> None:
        """Switch between the article and its saved raw page (loaded on the lane)."""
        if self.detail is None:
            return
        if self.pane.is_original_shown():
            self.pane.set_original(None)
            return
        article_id = self.detail.id
        library = self._runner.library
        if library is None:
            return

        def work() -> SavedPage | None:
            from app.domain.render_original import clean_saved_page  # Markdown, nh3: lazily

            snapshot = library.page_snapshot(article_id)
            if snapshot is None:
                return None
            return clean_saved_page(
                snapshot.html, snapshot.url, snapshot.images, truncated=snapshot.truncated
            )

        # The I/O pool: unpacking and cleaning a large page must not hold up the list's
        # queries, nor the GUI thread.
        self._runner.run_io(
            work,
            lambda page: self.on_snapshot_loaded(article_id, page),
            lambda error: self.status_posted.emit(f"Could not show the saved page: {error}"),
            label="Loading the saved page",
        )

    def on_snapshot_loaded(self, article_id: int, page: SavedPage | None) -> None:
        """Show the saved page, or say why there is none."""
        if self.detail is None or self.detail.id != article_id:
            return
        if page is None:
            self.status_posted.emit("No page was kept for this article (imported or a PDF)")
            return
        self.pane.set_original(page)

    def on_pane_position_changed(self, position: ReadingPosition) -> None:
        """Remember where reading stopped; reaching the end may mark the article read."""
        mark = self.mark_read_at_end and position.at_end
        if mark and self.detail is not None and self.detail.id == position.article_id:
            mark = not self.detail.record.read
        self._runner.run_db(
            lambda library: library.save_position(
                position.article_id, position.fraction, position.anchor or None, mark_read=mark
            ),
            lambda saved: self.on_position_saved(position.article_id, saved),
            lambda error: log.warning("could not save the reading position: %s", error),
            essential=True,
        )

    def on_position_saved(self, article_id: int, saved: PositionSaved) -> None:
        """Note an article that reading to its end marked read (announced on moving on)."""
        if saved.marked_read:
            self.status_posted.emit("Marked as read")
            if self.current_id() == article_id:
                self._marked_unannounced.add(article_id)
            else:
                self.marked_read.emit(article_id)

    def _announce_marked(self, keep: int | None = None) -> None:
        """Tell the window about articles marked read, except the one still being read."""
        for article_id in sorted(self._marked_unannounced - {keep}):
            self._marked_unannounced.discard(article_id)
            self.marked_read.emit(article_id)

    def on_pane_summary_toggled(self, shown: bool) -> None:
        """The summary was switched on in the page itself: compute it if it is missing."""
        if shown and self.detail is not None and self._summary_for != self.detail.id:
            self._load_summary(self.detail.id, then_show=False)
