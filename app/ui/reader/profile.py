"""The reader's own off-the-record web profile and its locked-down settings."""

from __future__ import annotations

from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlSchemeHandler,
)

from app.ui.reader.registration import SCHEME_NAME

_Attr = QWebEngineSettings.WebAttribute

# Everything a saved page could use to run code, reach out or leave traces is off.
_OFF = (
    _Attr.JavascriptEnabled,
    _Attr.JavascriptCanOpenWindows,
    _Attr.JavascriptCanAccessClipboard,
    _Attr.JavascriptCanPaste,
    _Attr.PluginsEnabled,
    _Attr.PdfViewerEnabled,
    _Attr.LocalContentCanAccessRemoteUrls,
    _Attr.LocalContentCanAccessFileUrls,
    _Attr.LocalStorageEnabled,
    _Attr.AutoLoadIconsForPage,
    _Attr.TouchIconsEnabled,
    _Attr.HyperlinkAuditingEnabled,
    _Attr.DnsPrefetchEnabled,
    _Attr.WebGLEnabled,
    _Attr.Accelerated2dCanvasEnabled,
    _Attr.ScreenCaptureEnabled,
    _Attr.FullScreenSupportEnabled,
    _Attr.AllowRunningInsecureContent,
    _Attr.AllowGeolocationOnInsecureOrigins,
    _Attr.AllowWindowActivationFromJavaScript,
    _Attr.NavigateOnDropEnabled,
    _Attr.FocusOnNavigationEnabled,
    _Attr.ErrorPageEnabled,
    _Attr.ReadingFromCanvasEnabled,
)
_ON = (
    _Attr.AutoLoadImages,
    _Attr.WebRTCPublicInterfacesOnly,
    _Attr.ShowScrollBars,
    _Attr.PrintElementBackgrounds,
)


def apply_reader_settings(settings: QWebEngineSettings) -> None:
    """Switch a settings object to the reader's locked-down values."""
    for attribute in _OFF:
        settings.setAttribute(attribute, False)
    for attribute in _ON:
        settings.setAttribute(attribute, True)


def create_reader_profile(
    scheme_handler: QWebEngineUrlSchemeHandler,
    interceptor: QWebEngineUrlRequestInterceptor,
) -> QWebEngineProfile:
    """A fresh off-the-record profile that serves `bsasset` and blocks everything else.

    The profile adopts the handler and the interceptor. It has no parent yet: it must outlive
    every page made on it, so the caller gives it an owner that deletes it after its pages.

    Args:
        scheme_handler: Serves the `bsasset` scheme.
        interceptor: Sees (and blocks) every other request.

    Returns:
        The profile; nothing it does is written to disk.
    """
    # No storage name: off the record, so no cookies, cache or history reach the disk.
    profile = QWebEngineProfile()
    scheme_handler.setParent(profile)
    interceptor.setParent(profile)
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.NoCache)
    profile.setPersistentCookiesPolicy(
        QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
    )
    profile.setSpellCheckEnabled(False)
    profile.setUrlRequestInterceptor(interceptor)
    profile.installUrlSchemeHandler(SCHEME_NAME, scheme_handler)
    apply_reader_settings(profile.settings())
    return profile
