"""Icons drawn for Broadsheet (resources/icons/*.svg), with the desktop theme as a fallback."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QIcon

from app.paths import resource_path

log = logging.getLogger(__name__)

# Freedesktop names tried when a drawn icon is missing (for example in a trimmed build).
_THEME_FALLBACKS = {
    "trash": "user-trash",
    "search": "edit-find",
    "add-file": "document-open",
    "save-url": "insert-link",
    "favorite": "starred",
    "archive": "folder",
}


@cache
def icon(name: str) -> QIcon:
    """The icon called `name` (an SVG file stem under resources/icons)."""
    path = resource_path("icons", f"{name}.svg")
    if path.is_file():
        return QIcon(str(path))
    log.debug("icon %s not found at %s", name, path)
    return QIcon.fromTheme(_THEME_FALLBACKS.get(name, name))


def app_icon() -> QIcon:
    """The application's own icon."""
    return icon("broadsheet")
