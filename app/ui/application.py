"""The Broadsheet QApplication and its app-wide `library_changed` signal."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LibraryChange:
    """What a write changed, so views refresh only what they show.

    Attributes:
        article_ids: Articles whose state, tags or content changed (empty: unknown or none).
        tags: Whether the tag list (names or counts) may have changed.
        added: Articles that were newly saved.
    """

    article_ids: frozenset[int] = frozenset()
    tags: bool = False
    added: frozenset[int] = frozenset()

    @classmethod
    def articles(cls, ids: Iterable[int], *, tags: bool = False) -> LibraryChange:
        """A change to existing articles."""
        return cls(article_ids=frozenset(ids), tags=tags)


class ChangeHub(QObject):
    """Carries `library_changed` between every view of the library.

    Signals:
        library_changed(LibraryChange): A write finished; views re-read what they show.
    """

    library_changed = Signal(object)


_fallback_hub: ChangeHub | None = None


GUI_SWITCH_INTERVAL_S = 0.0005


class BroadsheetApplication(QApplication):
    """The application object: names, version and the app-wide change signal.

    Signals:
        library_changed(LibraryChange): Re-emitted from the hub, for app-wide listeners.
    """

    library_changed = Signal(object)

    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__(list(argv))
        # While the database lane or the I/O pool runs Python, every call from Qt into Python
        # on the GUI thread (each row's paint, each model data()) waits for the GIL, up to
        # the switch interval (5 ms by default) each time: a list repaint then took 6× as
        # long. At 0.5 ms the GUI thread gets it back ten times sooner; the workers pay a
        # few more switches only while the GUI thread is asking for it.
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        self.setApplicationName(APP_NAME)
        self.setApplicationDisplayName(APP_NAME)
        self.setApplicationVersion(__version__)
        self.setOrganizationName(APP_NAME)
        self.setDesktopFileName(APP_ID)
        self.hub = ChangeHub(self)
        self.hub.library_changed.connect(self.library_changed)


def change_hub() -> ChangeHub:
    """The app-wide hub (the BroadsheetApplication's, or a shared one under a plain QApplication).

    Tests run under pytest-qt's plain QApplication, so the window must not depend on the
    subclass being the running application.
    """
    global _fallback_hub
    app = QApplication.instance()
    if isinstance(app, BroadsheetApplication):
        return app.hub
    if _fallback_hub is None:
        _fallback_hub = ChangeHub()
    return _fallback_hub
