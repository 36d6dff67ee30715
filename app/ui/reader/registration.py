"""What must happen before the QApplication exists for the reader: its URL scheme, Chromium's
flags and OpenGL context sharing, with nothing heavier than QtWebEngineCore imported.

The rest of the reader (QtWebEngineWidgets, the renderer: Python-Markdown, nh3, the
summarizer) loads when the reader is first shown, after the window's first paint.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWebEngineCore import QWebEngineUrlScheme

from app.domain.render_settings import READER_SCHEME

log = logging.getLogger(__name__)

SCHEME_NAME = READER_SCHEME.encode("ascii")
# Port 9 is "discard": even if something listens there, it reads nothing back to anyone.
_NO_NETWORK_FLAGS = ("--proxy-server=socks5://127.0.0.1:9", "--proxy-bypass-list=<-loopback>")
_registered = False


def _add_chromium_flags(flags: tuple[str, ...]) -> None:
    current = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--proxy-server" in current or "--proxy-bypass-list" in current:
        log.warning("QTWEBENGINE_CHROMIUM_FLAGS already sets a proxy; the reader keeps it")
        return
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([current, *flags]).strip()


def register_reader_scheme(*, cut_network: bool = True) -> None:
    """Register the `bsasset` scheme with QtWebEngine and cut the engine off the network.

    Call once before the QApplication exists (Qt ignores registrations and Chromium flags made
    later). Calling it again is harmless. It also shares OpenGL contexts, which QtWebEngine
    needs set before the application exists: importing QtWebEngineWidgets would set it, but
    that import is deferred until the reader is first shown.

    Args:
        cut_network: Point Chromium at a dead proxy for every host, loopback included. The
            request interceptor cannot see speculative connections (`<link rel=preconnect>`),
            so this is what stops them should the sanitiser ever let one through. Leave it on
            unless the process uses QtWebEngine for something that must reach the web.
    """
    global _registered
    if _registered:
        return
    if QCoreApplication.instance() is not None:
        log.warning("register_reader_scheme() called after the application was created")
    else:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    if cut_network:
        _add_chromium_flags(_NO_NETWORK_FLAGS)
    scheme = QWebEngineUrlScheme(SCHEME_NAME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    # Secure: treated like https. Not LocalScheme: local pages obey LocalContentCanAccessFileUrls,
    # which would then also stop the page loading its own images. file: stays unreachable anyway
    # (a non-local page may never load it, and the interceptor blocks every other scheme).
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme)
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True
