"""ReaderView: the reading pane, a locked-down web view that shows one article at a time."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPalette
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.records import ArticleDetail, SummaryRecord
from app.domain.render import (
    FONTS,
    THEMES,
    Typography,
    render_article_page,
    render_welcome_page,
)
from app.domain.render_original import SavedPage, render_original_page
from app.ui.reader.find_bar import FindBar
from app.ui.reader.interceptor import ReaderRequestInterceptor
from app.ui.reader.page import ReaderPage
from app.ui.reader.position import (
    PositionTracker,
    ReadingPosition,
    restore_script,
    worth_restoring,
)
from app.ui.reader.profile import apply_reader_settings, create_reader_profile
from app.ui.reader.resources import reader_resource
from app.ui.reader.scheme import AssetLoader, ReaderSchemeHandler

log = logging.getLogger(__name__)

LinkOpener = Callable[[QUrl], object]
# Page colours, repeated from the theme CSS so the view never flashes white before it loads.
THEME_BACKGROUNDS = {"light": "#fbfbf8", "sepia": "#f4ecd8", "dark": "#1d1e21"}
ZOOM_STEPS = (0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
_WELCOME_FALLBACK = "# Welcome to Broadsheet\n\nSave an article with Ctrl+L to begin."
_NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]+)'")


def same_page(shown: str, document: str) -> bool:
    """Whether `document` is the page `shown` again: every render draws a fresh CSP nonce,
    so two renders of unchanged content differ in that one value only."""
    if shown == document:
        return True
    old, new = _NONCE.search(shown), _NONCE.search(document)
    if old is None or new is None or len(shown) != len(document):
        return False
    return shown.replace(old.group(1), new.group(1)) == document


class ReaderView(QWidget):
    """The reading pane: one article (or the welcome page) in a sandboxed web view.

    The web engine is started on first use, so the main window can paint before Chromium loads.

    Signals:
        page_rendered: A page finished loading successfully.
        summary_toggled(bool): The summary was switched on (True) or off (False).
        summary_form_changed(bool): The page's switch chose key points (True) or a paragraph.
        link_requested(QUrl): The reader clicked a web link; link_opener gets it too.
        position_changed(ReadingPosition): Where the reader is in the body, after scrolling.
        original_requested(): The page's "saved page" link was clicked.
    """

    page_rendered = Signal()
    summary_toggled = Signal(bool)
    summary_form_changed = Signal(bool)
    link_requested = Signal(QUrl)
    position_changed = Signal(object)
    original_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        asset_loader: AssetLoader,
        link_opener: LinkOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self._asset_loader = asset_loader
        self._link_opener: LinkOpener = link_opener or QDesktopServices.openUrl
        self._mode: Literal["empty", "article", "welcome"] = "empty"
        self._detail: ArticleDetail | None = None
        self._summary: SummaryRecord | None = None
        self._show_summary = False
        self._summary_points = False  # the key points form (a preference)
        self._summary_busy: str | None = None  # a slow summarizer's "working" message
        self._theme = "light"
        self._typography = Typography()
        self._zoom = 1.0
        self._html = ""
        self._original: SavedPage | None = None
        # (anchor, fraction) to scroll to once the next page has loaded
        self._restore: tuple[str | None, float] | None = None
        self._position: PositionTracker | None = None
        # article id -> (anchor, fraction) measured this session: fresher than the detail's
        self._positions: dict[int, tuple[str | None, float]] = {}
        self._web: QWebEngineView | None = None
        self._page: ReaderPage | None = None
        self._pending_url: QUrl | None = None  # our page load not yet finished
        self._documents = 0  # pages handed to the web view so far (see page_generation)
        self._shown = False  # the last page handed over (_html) finished loading
        # An unchanged page is not loaded again; page_rendered still follows, from here.
        self._unchanged = QTimer(self)
        self._unchanged.setSingleShot(True)
        self._unchanged.setInterval(0)
        self._unchanged.timeout.connect(self.on_unchanged_timeout)
        self._load_retries = 0
        self._handler: ReaderSchemeHandler | None = None
        self._profile: QWebEngineProfile | None = None
        self.interceptor: ReaderRequestInterceptor | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # Above the page (the web view is added under it when it is created).
        self.find_bar = FindBar(self)
        self.find_bar.closed.connect(self.on_find_bar_closed)
        layout.addWidget(self.find_bar)
        self._apply_background()

    # -- public API -------------------------------------------------------------------------

    def show_article(
        self,
        detail: ArticleDetail,
        summary: SummaryRecord | None = None,
        *,
        summary_first: bool = False,
    ) -> None:
        """Show an article: a new one opens at its body (where reading stopped) or summary.

        Showing the same article again keeps its view (body, summary or saved page) and scroll.

        Args:
            detail: The article.
            summary: A freshly computed summary; defaults to the stored one, then a fallback.
            summary_first: A new article opens on its summary instead of its body.
        """
        same = self._mode == "article" and self._detail is not None and self._detail.id == detail.id
        restore: tuple[str | None, float] | None = None
        if not same:
            self._original = None
            if summary_first != self._show_summary:
                self._show_summary = summary_first
                self.summary_toggled.emit(summary_first)
        self._mode, self._detail, self._summary = "article", detail, summary
        if not same and not summary_first:
            restore = self._body_position()
        self._render(keep_scroll=same, restore=restore)

    def show_welcome(self) -> None:
        """Show the first-run page on how to use Broadsheet."""
        self._mode, self._detail, self._summary = "welcome", None, None
        self._render(keep_scroll=False)

    def toggle_summary(self) -> None:
        """Switch between the article's body and its summary."""
        self.set_show_summary(not self._show_summary)

    def set_show_summary(self, show: bool) -> None:
        """Show the summary (True) or the body (False) of the current article."""
        if show == self._show_summary and not (show and self._original is not None):
            return
        self._original = None
        if show != self._show_summary:
            self._show_summary = show
            self.summary_toggled.emit(show)
        if self._mode == "article":
            self._render(keep_scroll=False, restore=None if show else self._body_position())

    def set_summary_form(self, points: bool, busy: str | None = None) -> None:
        """Show the summary as key points or a paragraph; `busy` replaces it while computing."""
        if (points, busy) == (self._summary_points, self._summary_busy):
            return
        self._summary_points, self._summary_busy = points, busy
        if self._show_summary and self._mode == "article":
            self._render(keep_scroll=True)

    def summary_form(self) -> tuple[bool, str | None]:
        """(key points shown, busy message) of the summary area."""
        return self._summary_points, self._summary_busy

    def is_summary_shown(self) -> bool:
        """Whether the summary is shown in place of the body."""
        return self._show_summary

    def set_original(self, page: SavedPage | None) -> None:
        """Show the article's saved raw page (cleaned by clean_saved_page), or None to go back."""
        if self._mode != "article" or (page is None and self._original is None):
            return
        self._original = page
        if page is not None and self._show_summary:
            self._show_summary = False
            self.summary_toggled.emit(False)
        self._render(keep_scroll=False, restore=None if page else self._body_position())

    def is_original_shown(self) -> bool:
        """Whether the saved raw page is shown in place of the body."""
        return self._original is not None

    def _body_position(self) -> tuple[str | None, float] | None:
        """Where to put the body of the current article: where it was last read, if anywhere."""
        if self._detail is None:
            return None
        seen = self._positions.get(self._detail.id)
        if seen is not None:
            return seen if worth_restoring(seen[1]) else None
        if worth_restoring(self._detail.reading_progress):
            return (self._detail.reading_anchor, self._detail.reading_progress)
        return None

    def on_position_changed(self, position: ReadingPosition) -> None:
        """Remember the body position of articles read in this session, then pass it on."""
        self._positions[position.article_id] = (position.anchor or None, position.fraction)
        self.position_changed.emit(position)

    def flush_position(self) -> None:
        """Report the reading position now rather than after scrolling pauses."""
        if self._position is not None:
            self._position.flush()

    def set_theme(self, name: str) -> None:
        """Use the light, sepia or dark page; "auto" follows the system's colour scheme.

        Raises:
            ValueError: The name is not a known theme.
        """
        if name == "auto":
            name = "dark" if _system_prefers_dark() else "light"
        if name not in THEMES:
            raise ValueError(f"unknown reader theme {name!r}")
        if name == self._theme:
            return
        self._theme = name
        self._apply_background()
        self._render(keep_scroll=True)

    def theme(self) -> str:
        """The theme in use (never "auto")."""
        return self._theme

    def set_typography(self, font: str, size_px: int, line_height: float, width_em: int) -> None:
        """Set the typeface ("serif" or "sans"), size, line height and column width.

        Out-of-range values are pulled into a readable range.

        Raises:
            ValueError: The font is neither "serif" nor "sans".
        """
        if font not in FONTS:
            raise ValueError(f"unknown reader font {font!r}")
        typography = Typography(font, size_px, line_height, width_em).clamped()
        if typography == self._typography:
            return
        self._typography = typography
        self._render(keep_scroll=True)

    def zoom_in(self) -> None:
        """Make everything on the page larger by one step."""
        self._set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        """Make everything on the page smaller by one step."""
        smaller = [z for z in ZOOM_STEPS if z < self._zoom - 1e-3]
        self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def zoom_reset(self) -> None:
        """Back to 100 %."""
        self._set_zoom(1.0)

    def zoom_factor(self) -> float:
        """The current zoom (1.0 is 100 %)."""
        return self._zoom

    def find_text(self, text: str) -> None:
        """Highlight the next match of `text` on the page; an empty string clears the search."""
        if self._page is not None:
            self._page.findText(text)

    def on_find_bar_closed(self) -> None:
        """The find bar closed: the keyboard goes back to the page."""
        if self._web is not None:
            self._web.setFocus()

    def scroll_page(self, pages: float) -> None:
        """Scroll by a number of screens (negative: up), whichever widget has the keyboard."""
        if self._page is not None:
            # The isolated world scrolls the page without letting page scripts run.
            self._page.runJavaScript(
                f"window.scrollBy(0, {pages:.2f} * window.innerHeight * 0.9)",
                QWebEngineScript.ScriptWorldId.ApplicationWorld,
            )

    def current_html(self) -> str:
        """The HTML document last handed to the web view (for tests and diagnostics)."""
        return self._html

    def web_view(self) -> QWebEngineView | None:
        """The web view, or None before the first page was shown."""
        return self._web

    def page_generation(self) -> int:
        """Counts the pages loaded: an answer from the page is about the page of its count."""
        return self._documents

    def is_loading(self) -> bool:
        """Whether a page is loading (a script's answer now may come from either page, or
        never: Chromium drops the callbacks of scripts caught by the switch)."""
        return self._pending_url is not None

    # -- internals --------------------------------------------------------------------------

    def _ensure_web(self) -> tuple[QWebEngineView, ReaderPage, ReaderSchemeHandler]:
        if self._web is not None and self._page is not None and self._handler is not None:
            return self._web, self._page, self._handler
        web = QWebEngineView(self)
        web.setAcceptDrops(False)  # drops belong to the main window (drop a URL to save it)
        handler = ReaderSchemeHandler(self._asset_loader)
        interceptor = ReaderRequestInterceptor()
        profile = create_reader_profile(handler, interceptor)
        page = ReaderPage(profile, web)
        # A profile released before its page crashes Chromium at teardown. Qt deletes children
        # in the order they were adopted, so adopting the profile after the page makes the view
        # delete the page first (and keeps both out of Python's garbage collector).
        profile.setParent(web)
        self._profile = profile
        apply_reader_settings(page.settings())
        page.setBackgroundColor(QColor(THEME_BACKGROUNDS[self._theme]))
        # Queued: both arrive from inside acceptNavigationRequest, where starting a new load
        # (the summary toggle re-renders) crashes Chromium.
        queued = Qt.ConnectionType.QueuedConnection
        page.action_requested.connect(self.on_page_action_requested, queued)
        page.link_clicked.connect(self.on_page_link_clicked, queued)
        page.loadFinished.connect(self.on_page_load_finished)
        self._position = PositionTracker(page, self)
        self._position.position_changed.connect(self.on_position_changed)
        self.find_bar.attach(page)
        web.setPage(page)
        web.setZoomFactor(self._zoom)
        layout = self.layout()
        if layout is not None:
            layout.addWidget(web)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.on_app_about_to_quit)
        self._web, self._page, self._handler, self.interceptor = web, page, handler, interceptor
        return web, page, handler

    def _build_html(self) -> str | None:
        if self._mode == "article" and self._detail is not None and self._original is not None:
            return render_original_page(
                self._detail, self._original, theme=self._theme, typography=self._typography
            )
        if self._mode == "article" and self._detail is not None:
            return render_article_page(
                self._detail,
                theme=self._theme,
                show_summary=self._show_summary,
                summary=self._summary,
                typography=self._typography,
                summary_points=self._summary_points,
                summary_busy=self._summary_busy,
            )
        if self._mode == "welcome":
            try:
                text = reader_resource("welcome.md").read_text(encoding="utf-8")
            except OSError:
                log.exception("welcome page missing; showing a short one")
                text = _WELCOME_FALLBACK
            return render_welcome_page(text, theme=self._theme, typography=self._typography)
        return None

    def _render(
        self, *, keep_scroll: bool, restore: tuple[str | None, float] | None = None
    ) -> None:
        document = self._build_html()
        if document is None:
            return
        loading = self._pending_url is not None
        if (self._shown or loading) and same_page(self._html, document):
            # Content, theme and mode unchanged (a library change that the page does not
            # show, say): loading it again would only lose the scroll, the selection and any
            # question asked of the page meanwhile (the right-click's "what is under it").
            # A page still loading announces itself when it is done.
            if not loading:
                self._unchanged.start()
            return
        if keep_scroll and self._pending_url is not None:
            restore = self._restore  # still loading: keep the place that page is going to
        elif keep_scroll:
            fraction = self._scroll_fraction()
            restore = (None, fraction) if fraction else None
        self._restore = restore
        if self._position is not None:
            self._position.track(None)  # reports the old page's position first
        self._load_document(document)

    def _tracked_article(self) -> int | None:
        """The article whose body is on screen (not its summary or saved page)."""
        if self._mode != "article" or self._detail is None:
            return None
        if self._show_summary or self._original is not None:
            return None
        return self._detail.id

    def _load_document(self, document: str) -> None:
        """Serve `document` as the next page and load it (no sanitising happens here)."""
        web, page, handler = self._ensure_web()
        self._unchanged.stop()
        self._html, self._shown = document, False
        self._documents += 1
        url = handler.set_page(document)
        page.allow_document(url)
        self._pending_url = url
        self._load_retries = 0
        web.load(url)

    def _scroll_fraction(self) -> float | None:
        """How far down the page is scrolled, as the restore script counts: of the height
        that can be scrolled (the page's less the view's; both in zoomed pixels here)."""
        if self._page is None or self._web is None:
            return None
        scrollable = self._page.contentsSize().height() - self._web.height()
        if scrollable <= 0:
            return None
        return max(0.0, min(1.0, self._page.scrollPosition().y() / scrollable))

    def _set_zoom(self, factor: float) -> None:
        self._zoom = factor
        if self._web is not None:
            self._web.setZoomFactor(factor)

    def _apply_background(self) -> None:
        color = QColor(THEME_BACKGROUNDS[self._theme])
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, color)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        if self._page is not None:
            self._page.setBackgroundColor(color)

    # -- slots ------------------------------------------------------------------------------

    def on_page_load_finished(self, ok: bool) -> None:
        """Announce a finished page; refused navigations also end here, with ok False."""
        if self._page is None:
            return
        if not ok:
            # Refused navigations (link and action clicks) end here too, so this is no alarm;
            # but such a refusal can also abort our own page load that started right after it,
            # so a page still waiting to show is loaded again (a few times at most).
            log.debug("reader load ended without a page")
            pending = self._pending_url
            if pending is not None and self._load_retries < 3 and self._web is not None:
                self._load_retries += 1
                web = self._web
                QTimer.singleShot(0, lambda: web.load(pending))
            elif pending is not None:
                # Given up: nothing is loading any more (and _shown stays False, so the next
                # render loads its page even if it is this one).
                log.warning("the reader could not load its page")
                self._pending_url = None
            return
        self._pending_url = None
        self._shown = True
        self._page.history().clear()
        if self._restore is not None:
            # Runs in the application's isolated world: page scripts stay off.
            self._page.runJavaScript(
                restore_script(*self._restore), QWebEngineScript.ScriptWorldId.ApplicationWorld
            )
        self._restore = None
        if self._position is not None:
            self._position.track(self._tracked_article())
        self.find_bar.on_page_changed()
        self.page_rendered.emit()

    def on_unchanged_timeout(self) -> None:
        """A render found the page unchanged: what was asked for is on screen."""
        if self._page is not None and self._shown:
            self.page_rendered.emit()

    def on_app_about_to_quit(self) -> None:
        """Release the web view before the application goes: Chromium must not outlive Qt."""
        if self._web is not None:
            self._web.deleteLater()  # exec() runs deferred deletes after aboutToQuit
            self.flush_position()
            self._web = self._page = self._handler = self._profile = self.interceptor = None
            self._position = None

    def on_page_action_requested(self, action: str) -> None:
        """Carry out an in-page action link (`bsasset://action/<name>`)."""
        if action == "toggle-summary":
            self.toggle_summary()
        elif action in ("summary-points", "summary-paragraph"):
            points = action == "summary-points"
            self.set_summary_form(points, busy=self._summary_busy)
            self.summary_form_changed.emit(points)
        elif action == "toggle-original":
            self.original_requested.emit()
        else:
            log.debug("reader ignored unknown action %r", action)

    def on_page_link_clicked(self, url: QUrl) -> None:
        """Hand a clicked web link to the system browser (or the injected opener)."""
        self.link_requested.emit(url)
        try:
            self._link_opener(url)
        except Exception:
            log.exception("could not open a link from the reader")


def _system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
