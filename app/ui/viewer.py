"""The single-article window of `broadsheet view ID`: the reader alone, with its own keys."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from app import APP_NAME
from app.domain.display import window_title
from app.domain.records import ArticleDetail, SummaryRecord
from app.services.library import Library
from app.ui.icons import app_icon
from app.ui.preferences import load_preferences
from app.ui.reading import sniff_mime
from app.ui.settings import WindowSettings
from app.ui.theme import apply_color_scheme, reader_theme
from app.ui.widgets.reader_pane import ReaderPane


class ViewerWindow(QMainWindow):
    """One article in the reader; s toggles the summary, Ctrl+± zooms, Esc closes."""

    def __init__(
        self,
        library: Library,
        detail: ArticleDetail,
        summary: SummaryRecord | None = None,
        *,
        theme: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("viewer_window")
        self.setWindowIcon(app_icon())
        self.setWindowTitle(window_title(detail.record.title or detail.record.url, APP_NAME))
        self._library = library
        self._detail = detail
        self.pane = ReaderPane(self.load_asset, self)
        self.setCentralWidget(self.pane)
        self.resize(900, 1000)
        # The library's own reading preferences; --theme overrides the saved theme.
        preferences = load_preferences(WindowSettings(library.data_dir))
        theme = theme or preferences.theme
        apply_color_scheme(theme)
        self.pane.set_theme(reader_theme(theme))
        t = preferences.typography()
        self.pane.set_typography(t.font, t.size_px, t.line_height, t.width_em)
        self.pane.set_summary_form(preferences.summary_points)
        self.pane.show_article(detail, summary)
        if summary is not None:
            self.pane.set_show_summary(True)
        for keys, slot in (
            (("S",), self.on_action_summary),
            (("Ctrl++", "Ctrl+="), lambda: self.pane.zoom(1)),
            (("Ctrl+-",), lambda: self.pane.zoom(-1)),
            (("Ctrl+0",), lambda: self.pane.zoom(0)),
            (("Escape", "Ctrl+W"), self.close),
        ):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(slot)
            self.addAction(action)

    def load_asset(self, sha256: str) -> tuple[bytes, str] | None:
        """An image of the article (a file read; the viewer has no query to run)."""
        data = self._library.read_asset(sha256)
        if data is None:
            return None
        mime = next((a.mime for a in self._detail.assets if a.sha256 == sha256), None)
        return data, mime or sniff_mime(data)

    def on_action_summary(self) -> None:
        """Toggle the summary (computed on first use; one article, so inline is fine)."""
        if not self.pane.is_summary_shown() and self._detail.summary is None:
            self.pane.show_article(self._detail, self._library.summary(self._detail.id))
        self.pane.set_show_summary(not self.pane.is_summary_shown())

    def is_settled(self) -> bool:
        """Whether the reader has rendered what it was asked to."""
        return not self.pane.awaiting_render
