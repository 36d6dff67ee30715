"""Window settings (geometry, splitter sizes, theme, sort) stored in the library's own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.ui.theme import THEMES

SETTINGS_FILE = "window.ini"


class WindowSettings:
    """Typed access to an INI file beside the library (never the user's global config)."""

    def __init__(self, data_dir: Path) -> None:
        self._qs = QSettings(str(data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)

    def bytes_value(self, key: str) -> QByteArray | None:
        """A saved byte blob (window geometry, splitter state), or None."""
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        """Remember a byte blob."""
        self._qs.setValue(key, value)

    def text(self, key: str, default: str = "") -> str:
        """A saved string."""
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def set_text(self, key: str, value: str) -> None:
        """Remember a string."""
        self._qs.setValue(key, value)

    @property
    def theme(self) -> str:
        """The chosen theme: system (the default), light, sepia or dark."""
        name = self.text("view/theme", "system")
        return name if name in THEMES else "system"

    @theme.setter
    def theme(self, name: str) -> None:
        self.set_text("view/theme", name)

    def sync(self) -> None:
        """Write to disk now."""
        self._qs.sync()
