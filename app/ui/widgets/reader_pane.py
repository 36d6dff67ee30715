"""The reader side of the window: creates the web reader lazily and forwards to it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedLayout, QWidget

from app.domain.records import ArticleDetail, SummaryRecord
from app.ui.plain_text import plain_label

if TYPE_CHECKING:
    from app.domain.render_original import SavedPage
    from app.ui.reader import ReaderView

log = logging.getLogger(__name__)

AssetLoader = Callable[[str], "tuple[bytes, str] | None"]


class ReaderPane(QWidget):
    """Holds a placeholder until the reader is needed, then the reader itself.

    Chromium takes a while to start, so the window paints first and the reader comes after.

    Signals:
        page_rendered(): The reader finished showing a page.
        summary_toggled(bool): The reader switched to the summary (True) or the body.
        summary_form_changed(bool): The page's switch chose key points (True) or a paragraph.
        position_changed(ReadingPosition): Where the reader is in the article body.
        original_requested(): The page's "saved page" link was clicked.
    """

    page_rendered = Signal()
    summary_toggled = Signal(bool)
    summary_form_changed = Signal(bool)
    position_changed = Signal(object)
    original_requested = Signal()

    def __init__(self, asset_loader: AssetLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader_pane")
        self._asset_loader = asset_loader
        self._layout = QStackedLayout(self)
        self._placeholder = plain_label("", self)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._placeholder)
        self._reader: ReaderView | None = None
        self._theme = "auto"
        self._typography: tuple[str, int, float, int] | None = None
        self._summary_form: tuple[bool, str | None] = (False, None)
        self.rendered_pages = 0
        self.awaiting_render = False
        self.article_id: int | None = None

    @property
    def reader(self) -> ReaderView:
        """The reader widget (created on first use)."""
        return self.ensure_reader()

    def has_reader(self) -> bool:
        """Whether the reader exists yet."""
        return self._reader is not None

    def ensure_reader(self) -> ReaderView:
        """Create the reader if it does not exist yet."""
        if self._reader is None:
            # Chromium's widgets, the renderer (Markdown, nh3) load here, after the first paint.
            from app.ui.reader import ReaderView

            reader = ReaderView(self, asset_loader=self._asset_loader)
            reader.setObjectName("reader")
            reader.page_rendered.connect(self.on_reader_page_rendered)
            reader.summary_toggled.connect(self.summary_toggled)
            reader.summary_form_changed.connect(self.on_reader_summary_form_changed)
            reader.position_changed.connect(self.position_changed)
            reader.original_requested.connect(self.original_requested)
            self._layout.addWidget(reader)
            self._layout.setCurrentWidget(reader)
            self._reader = reader
            self._apply_theme()
            if self._typography is not None:
                reader.set_typography(*self._typography)
            points, busy = self._summary_form
            reader.set_summary_form(points, busy=busy)
        return self._reader

    def set_summary_form(self, points: bool, *, busy: str | None = None) -> None:
        """Key points or a paragraph; `busy` shows in the summary area while it computes."""
        self._summary_form = (points, busy)
        if self._reader is not None:
            self._rerender(self._reader.set_summary_form, points, busy)

    def on_reader_summary_form_changed(self, points: bool) -> None:
        """The page's own switch changed the form: remember it and pass it on."""
        self._summary_form = (points, self._summary_form[1])
        self.awaiting_render = True
        self.summary_form_changed.emit(points)

    def on_reader_page_rendered(self) -> None:
        """Count and forward a finished page."""
        self.rendered_pages += 1
        self.awaiting_render = False
        self.page_rendered.emit()

    def show_article(
        self,
        detail: ArticleDetail,
        summary: SummaryRecord | None = None,
        *,
        summary_first: bool = False,
    ) -> None:
        """Show an article (a new one on its summary when `summary_first`)."""
        self.article_id = detail.id
        self.awaiting_render = True
        self.reader.show_article(detail, summary, summary_first=summary_first)

    def set_original(self, page: SavedPage | None) -> None:
        """Show the article's saved page (None: back to the article)."""
        reader = self.reader
        if page is not None or reader.is_original_shown():
            self.awaiting_render = True
            reader.set_original(page)

    def is_original_shown(self) -> bool:
        """Whether the saved page is shown."""
        return bool(self._reader is not None and self._reader.is_original_shown())

    def set_typography(self, font: str, size_px: int, line_height: float, width_em: int) -> None:
        """Typeface ("serif"/"sans"), size, line height and column width (kept until created)."""
        self._typography = (font, size_px, line_height, width_em)
        if self._reader is not None:
            self._rerender(self._reader.set_typography, font, size_px, line_height, width_em)

    def flush_position(self) -> None:
        """Report the reading position now (before closing)."""
        if self._reader is not None:
            self._reader.flush_position()

    def show_welcome(self) -> None:
        """Show the welcome page."""
        self.article_id = None
        self.awaiting_render = True
        self.reader.show_welcome()

    def show_nothing(self, text: str = "") -> None:
        """Show a quiet placeholder (nothing selected)."""
        self.article_id = None
        self.awaiting_render = False
        self._placeholder.setText(text)
        self._layout.setCurrentWidget(self._placeholder)

    def bring_reader_forward(self) -> None:
        """Show the reader again after `show_nothing`."""
        if self._reader is not None:
            self._layout.setCurrentWidget(self._reader)

    def is_summary_shown(self) -> bool:
        """Whether the summary is on."""
        return bool(self._reader is not None and self._reader.is_summary_shown())

    def set_show_summary(self, show: bool) -> None:
        """Switch the summary on or off."""
        reader = self.reader
        if reader.is_summary_shown() != show:
            self.awaiting_render = True
            reader.set_show_summary(show)

    def set_theme(self, theme: str) -> None:
        """light, sepia, dark or auto (follow the system)."""
        self._theme = theme
        if self._reader is not None:
            self._apply_theme()

    def _apply_theme(self) -> None:
        if self._reader is None:
            return
        try:
            self._rerender(self._reader.set_theme, self._theme)
        except ValueError:
            log.warning("the reader does not know the theme %r", self._theme)

    def _rerender(self, change: Callable[..., None], *args: object) -> None:
        """Make a change that may render the page again, and wait for it if it does."""
        reader = self.reader
        before = reader.current_html()
        change(*args)
        if before and reader.current_html() != before:
            self.awaiting_render = True

    def zoom(self, step: int) -> None:
        """Zoom in (1), out (-1) or back to 100 % (0)."""
        reader = self.reader
        if step > 0:
            reader.zoom_in()
        elif step < 0:
            reader.zoom_out()
        else:
            reader.zoom_reset()

    def focus_reader(self) -> None:
        """Move keyboard focus into the page (so arrows and space scroll it)."""
        if self._reader is None:
            return
        web = getattr(self._reader, "web_view", lambda: None)()
        (web or self._reader).setFocus()

    def open_find(self) -> bool:
        """Open the find bar over the article; False when no article is shown to search."""
        if self._reader is None or self.article_id is None:
            return False
        self._reader.find_bar.open_bar()
        return True

    def find_step(self, step: int) -> bool:
        """Next (1) or previous (-1) match; False when there is no article to search."""
        if self._reader is None or self.article_id is None:
            return False
        if step > 0:
            self._reader.find_bar.find_next()
        else:
            self._reader.find_bar.find_previous()
        return True

    def scroll_page(self, pages: float) -> None:
        """Scroll the reader by screens (Space and Shift+Space), wherever the keyboard is."""
        if self._reader is not None and self._layout.currentWidget() is self._reader:
            self._reader.scroll_page(pages)
