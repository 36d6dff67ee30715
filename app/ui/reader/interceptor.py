"""A request interceptor that lets only the reader's own scheme through."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

from app.domain.render_settings import READER_SCHEME

log = logging.getLogger(__name__)


class ReaderRequestInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request whose scheme is not `bsasset`, whatever asked for it.

    This is the layer that holds if the sanitiser, the CSP and the JavaScript switch all failed:
    a saved page can never reach the network, a file or another app scheme.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked_count = 0

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        """Block the request unless it targets the reader's own scheme."""
        url = info.requestUrl()
        if url.scheme() == READER_SCHEME:
            return
        info.block(True)
        self.blocked_count += 1
        log.debug("reader blocked %s request to %s", info.resourceType().name, url.scheme())
