"""The window's colour scheme: follow the system, or force light, sepia or dark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

THEMES = ("system", "light", "sepia", "dark")


def apply_color_scheme(theme: str) -> None:
    """Set the application's light or dark scheme for a theme ("system" follows the OS)."""
    hints = QGuiApplication.styleHints()
    scheme = {
        "dark": Qt.ColorScheme.Dark,
        "light": Qt.ColorScheme.Light,
        # Sepia is a page colour; the window chrome around it stays light.
        "sepia": Qt.ColorScheme.Light,
    }.get(theme, Qt.ColorScheme.Unknown)
    hints.setColorScheme(scheme)


def reader_theme(theme: str) -> str:
    """The reader's theme name for a window theme ("auto" follows the system)."""
    return theme if theme in ("light", "sepia", "dark") else "auto"


def system_is_dark() -> bool:
    """Whether the effective colour scheme is dark."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
