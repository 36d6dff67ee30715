"""A plain-text stand-in for the web reader, used only when QtWebEngine cannot be imported."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.domain.records import ArticleDetail, SummaryRecord

WELCOME = "# Welcome to Broadsheet\n\nSave an article with Ctrl+L, or drop a link on the window."


class FallbackReader(QWidget):
    """The ReaderView API over a QTextBrowser (no images, no themes beyond the palette).

    Signals:
        page_rendered(): A page was shown.
        summary_toggled(bool): The summary was switched on or off.
    """

    page_rendered = Signal()
    summary_toggled = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        asset_loader: Callable[[str], tuple[bytes, str] | None] | None = None,
        link_opener: object = None,
    ) -> None:
        super().__init__(parent)
        self._browser = QTextBrowser(self)
        self._browser.setOpenExternalLinks(False)
        self._browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._browser)
        self._detail: ArticleDetail | None = None
        self._summary: SummaryRecord | None = None
        self._show_summary = False
        self._theme = "light"

    def show_article(self, detail: ArticleDetail, summary: SummaryRecord | None = None) -> None:
        """Show an article's body (or its summary when that is switched on)."""
        if self._detail is None or self._detail.id != detail.id:
            self._show_summary = False
        self._detail, self._summary = detail, summary or detail.summary
        self._render()

    def show_welcome(self) -> None:
        """Show the first-run text."""
        self._detail = None
        self._browser.setMarkdown(WELCOME)
        QTimer.singleShot(0, self.page_rendered.emit)

    def toggle_summary(self) -> None:
        """Switch between body and summary."""
        self.set_show_summary(not self._show_summary)

    def set_show_summary(self, show: bool) -> None:
        """Show the summary (True) or the body (False)."""
        if show == self._show_summary:
            return
        self._show_summary = show
        self.summary_toggled.emit(show)
        self._render()

    def is_summary_shown(self) -> bool:
        """Whether the summary is shown."""
        return self._show_summary

    def set_theme(self, name: str) -> None:
        """Remember the theme (the palette already follows the window's scheme)."""
        self._theme = name

    def zoom_in(self) -> None:
        """Larger text."""
        self._browser.zoomIn(1)

    def zoom_out(self) -> None:
        """Smaller text."""
        self._browser.zoomOut(1)

    def zoom_reset(self) -> None:
        """No stored zoom to reset in the fallback."""

    def current_html(self) -> str:
        """The document shown, as HTML."""
        return self._browser.toHtml()

    def _render(self) -> None:
        detail = self._detail
        if detail is None:
            return
        record = detail.record
        head = f"# {record.title}\n\n*{record.site or ''}* · {record.reading_minutes} min\n\n"
        if self._show_summary:
            text = self._summary.text if self._summary else "(no summary yet)"
            self._browser.setMarkdown(head + "## Summary\n\n" + text)
        else:
            self._browser.setMarkdown(head + detail.body_markdown)
        QTimer.singleShot(0, self.page_rendered.emit)
