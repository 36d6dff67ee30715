"""The reading view: a sandboxed QtWebEngine view for saved articles.

Call `register_reader_scheme()` (from `app.ui.reader.registration`, which loads nothing
heavier than QtWebEngineCore) before the QApplication exists. `ReaderView` and `AssetLoader`
load on first use, so importing this package costs nothing before the window's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.ui.reader.registration import register_reader_scheme

if TYPE_CHECKING:
    from app.ui.reader.scheme import AssetLoader
    from app.ui.reader.view import ReaderView

__all__ = ["AssetLoader", "ReaderView", "register_reader_scheme"]


def __getattr__(name: str) -> Any:
    """Load the view (QtWebEngineWidgets, the renderer) when it is first asked for."""
    if name == "ReaderView":
        from app.ui.reader.view import ReaderView

        return ReaderView
    if name == "AssetLoader":
        from app.ui.reader.scheme import AssetLoader

        return AssetLoader
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
