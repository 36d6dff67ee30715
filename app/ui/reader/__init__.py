"""The reading view: a sandboxed QtWebEngine view for saved articles.

Import this package, and call `register_reader_scheme()`, before the QApplication exists:
QtWebEngine needs both its module import and custom schemes in place before the app starts.
"""

from app.ui.reader.scheme import AssetLoader, register_reader_scheme
from app.ui.reader.view import ReaderView

__all__ = ["AssetLoader", "ReaderView", "register_reader_scheme"]
