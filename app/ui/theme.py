"""The window's colour scheme: follow the system, or force light, sepia or dark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.ui.contrast_style import ContrastStyle, is_dark

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
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        # Not every platform plugin (offscreen, some X11 desktops) repaints its palette for
        # a forced scheme, so the window chrome gets an explicit palette too.
        dark = theme == "dark" or (theme == "system" and system_is_dark())
        if isinstance(app, QApplication):
            _install_contrast_style(app)  # before the palette: a new style may reset it
        app.setPalette(dark_palette() if dark else QPalette())


def _install_contrast_style(app: QApplication) -> None:
    """Wrap the application's style once, so dark palettes keep visible controls."""
    current = app.style()
    if isinstance(current, ContrastStyle):
        return
    base = QStyleFactory.create(current.name()) if current is not None else None
    style = ContrastStyle(base) if base is not None else ContrastStyle()
    app.setStyle(style)


def error_color(palette: QPalette | None = None) -> str:
    """The red for error text and marks, readable on the current palette (4.5:1 or more)."""
    if palette is None:
        palette = QGuiApplication.palette()
    return "#e57368" if is_dark(palette) else "#c0392b"


def dark_palette() -> QPalette:
    """A calm dark palette for the window chrome, matching the reader's dark theme."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1f2023",
        QPalette.ColorRole.WindowText: "#e6e3dc",
        QPalette.ColorRole.Base: "#18191b",
        QPalette.ColorRole.AlternateBase: "#222326",
        QPalette.ColorRole.Text: "#e6e3dc",
        QPalette.ColorRole.Button: "#2e2f34",
        QPalette.ColorRole.ButtonText: "#e6e3dc",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2a2b2f",
        QPalette.ColorRole.ToolTipText: "#e6e3dc",
        QPalette.ColorRole.PlaceholderText: "#8d8a84",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#3a3b40",
        QPalette.ColorRole.Midlight: "#34353a",
        QPalette.ColorRole.Dark: "#111214",
        QPalette.ColorRole.Light: "#4a4b50",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.LinkVisited: "#c58af9",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    # Dimmer than enabled text, yet still 4:1 on the window: disabled is not invisible.
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.setColor(disabled, role, QColor("#85827c"))
    palette.setColor(disabled, QPalette.ColorRole.Base, QColor("#1c1d20"))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor("#26272b"))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor("#3a3b40"))
    # A window in the background keeps its selection visible, in a quieter blue.
    inactive = QPalette.ColorGroup.Inactive
    palette.setColor(inactive, QPalette.ColorRole.Highlight, QColor("#34506f"))
    palette.setColor(inactive, QPalette.ColorRole.HighlightedText, QColor("#e6e3dc"))
    return palette


def reader_theme(theme: str) -> str:
    """The reader's theme name for a window theme ("auto" follows the system)."""
    return theme if theme in ("light", "sepia", "dark") else "auto"


def system_is_dark() -> bool:
    """Whether the effective colour scheme is dark."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
