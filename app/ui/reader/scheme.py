"""The `bsasset` URL scheme: the reader page, its stylesheets and the article's images."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)

from app.domain.assetrefs import parse_asset_ref
from app.domain.render_settings import PAGE_URL_PREFIX, READER_SCHEME, THEMES
from app.ui.reader.resources import reader_resource

log = logging.getLogger(__name__)

AssetLoader = Callable[[str], tuple[bytes, str] | None]
"""sha256 -> (data, mime), or None when the store does not hold it."""

STYLESHEETS = frozenset({"reader.css", *(f"{theme}.css" for theme in THEMES)})
# Sent as a header as well as the page's meta tag: a header policy can also sandbox the page
# (no scripts, forms, popups or plugins even if a setting were flipped), which a meta tag cannot.
PAGE_CSP = (
    f"default-src 'none'; img-src {READER_SCHEME}:; style-src {READER_SCHEME}: 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; sandbox allow-same-origin"
)
_Error = QWebEngineUrlRequestJob.Error
# Neutral greys at half opacity read on the light, sepia and dark pages alike. An SVG shown
# through <img> never runs scripts or loads anything.
MISSING_IMAGE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160" viewBox="0 0 480 160">'
    b'<rect x="1" y="1" width="478" height="158" rx="8" fill="#8a8a8a" fill-opacity=".12" '
    b'stroke="#8a8a8a" stroke-opacity=".6" stroke-dasharray="6 5"/>'
    b'<g fill="none" stroke="#8a8a8a" stroke-width="3" stroke-opacity=".8">'
    b'<rect x="212" y="46" width="56" height="42" rx="4"/><path d="M216 84l16-18 12 12 8-8 14 14"/>'
    b'</g><text x="240" y="118" text-anchor="middle" font-family="sans-serif" font-size="15" '
    b'fill="#8a8a8a">Image file missing</text></svg>'
)


class ReaderSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves `bsasset://page/<n>`, `bsasset://style/<file>.css` and `bsasset://asset/<sha>`.

    Only the current page is served; an older page number answers "not found", so history
    navigation cannot bring back a stale document.
    """

    def __init__(self, asset_loader: AssetLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._asset_loader = asset_loader
        self._generation = 0
        self._page = b""
        self._styles: dict[str, bytes] = {}

    def set_page(self, document: str) -> QUrl:
        """Make `document` the page on offer and return the URL to load it from."""
        self._generation += 1
        self._page = document.encode("utf-8")
        return self.page_url()

    def page_url(self) -> QUrl:
        """The URL of the page on offer."""
        return QUrl(f"{PAGE_URL_PREFIX}{self._generation}")

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        """Answer one request on the scheme."""
        url = job.requestUrl()
        if bytes(job.requestMethod().data()).upper() != b"GET":
            job.fail(_Error.RequestDenied)
            return
        host, name = url.host(), url.path().lstrip("/")
        try:
            if host == "page":
                self._serve_page(job, name)
            elif host == "style":
                self._serve_style(job, name)
            elif host == "asset":
                self._serve_asset(job, name)
            else:
                job.fail(_Error.UrlNotFound)
        except Exception:
            # A failing loader must cost one image, never the reader.
            log.exception("reader could not serve %s://%s", READER_SCHEME, host)
            job.fail(_Error.RequestFailed)

    def _serve_page(self, job: QWebEngineUrlRequestJob, name: str) -> None:
        if name != str(self._generation) or not self._page:
            job.fail(_Error.UrlNotFound)
            return
        # PySide6 converts the QMultiMap from key -> list of values, unlike its type stub says.
        headers: Any = {QByteArray(b"Content-Security-Policy"): [QByteArray(PAGE_CSP.encode())]}
        job.setAdditionalResponseHeaders(headers)
        self._reply(job, self._page, "text/html; charset=utf-8")

    def _serve_style(self, job: QWebEngineUrlRequestJob, name: str) -> None:
        if name not in STYLESHEETS:
            job.fail(_Error.UrlNotFound)
            return
        data = self._styles.get(name)
        if data is None:
            data = reader_resource(name).read_bytes()
            self._styles[name] = data
        self._reply(job, data, "text/css; charset=utf-8")

    def _serve_asset(self, job: QWebEngineUrlRequestJob, name: str) -> None:
        digest = parse_asset_ref(f"asset:{name}")
        loaded = self._asset_loader(digest) if digest else None
        if loaded is None:
            # A stored image whose file is gone: a calm placeholder, not a broken-image icon.
            log.info("reader asset %s is missing from the store", digest or name[:16])
            self._reply(job, MISSING_IMAGE_SVG, "image/svg+xml")
            return
        data, mime = loaded
        # Only pictures: the page never needs anything else from the store, and a stored HTML
        # snapshot must not be servable on the reader's origin.
        if not mime.lower().startswith("image/"):
            log.warning("reader refused asset %s of type %s", digest, mime)
            job.fail(_Error.RequestDenied)
            return
        self._reply(job, data, mime)

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, data: bytes, mime: str) -> None:
        # The buffer is parented to the job so it lives exactly as long as the reply needs it.
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        job.reply(mime.encode("ascii", "replace"), buffer)
