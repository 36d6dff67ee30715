"""The reader's web page: it loads only its own document and never opens windows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWidgets import QWidget

from app.domain.render_settings import READER_SCHEME

log = logging.getLogger(__name__)

ACTION_HOST = "action"
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
_Nav = QWebEnginePage.NavigationType


class ReaderPage(QWebEnginePage):
    """A page whose only allowed navigation is the reader's own document.

    Clicked web links are handed on through `link_clicked`; `bsasset://action/<name>` links
    become `action_requested(name)`; every other navigation is dropped.
    """

    action_requested = Signal(str)
    link_clicked = Signal(QUrl)

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self._allowed_url = QUrl()
        permission_requested = getattr(self, "permissionRequested", None)
        if permission_requested is not None:  # Qt >= 6.8
            permission_requested.connect(self.on_page_permission_requested)

    def allow_document(self, url: QUrl) -> None:
        """Set the one document URL the page may load next (replaces the previous one)."""
        self._allowed_url = QUrl(url)

    def allowed_document(self) -> QUrl:
        """The document URL the page may show."""
        return QUrl(self._allowed_url)

    def acceptNavigationRequest(
        self, url: QUrl | str, navigation_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        """Allow our own document; turn clicks into actions or external links; drop the rest."""
        url = QUrl(url)
        if url.scheme() == READER_SCHEME and url.host() == ACTION_HOST:
            if navigation_type == _Nav.NavigationTypeLinkClicked and is_main_frame:
                self.action_requested.emit(url.path().strip("/"))
            return False
        allowed = self._allowed_url
        same_document = url.toString().split("#", 1)[0] == allowed.toString()
        if is_main_frame and not allowed.isEmpty() and same_document:
            return navigation_type != _Nav.NavigationTypeFormSubmitted
        if navigation_type == _Nav.NavigationTypeLinkClicked and url.scheme() in EXTERNAL_SCHEMES:
            self.link_clicked.emit(url)
            return False
        log.debug("reader dropped a %s navigation to a %s URL", navigation_type.name, url.scheme())
        return False

    # Qt documents None as "no window"; PySide6's stub only knows the page type.
    def createWindow(  # type: ignore[override]
        self, window_type: QWebEnginePage.WebWindowType
    ) -> QWebEnginePage | None:
        """Never open a window or tab: the reader has exactly one page."""
        log.debug("reader refused to open a %s", window_type.name)
        return None

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line_number: int,
        source_id: str,
    ) -> None:
        """Route Chromium's console (CSP reports and the like) to the log, not stderr."""
        log.debug("reader console (%s): %s", level.name, message)

    def on_page_permission_requested(self, permission: object) -> None:
        """Deny every permission (camera, location, notifications, ...) a page asks for."""
        deny = getattr(permission, "deny", None)
        if callable(deny):
            deny()
