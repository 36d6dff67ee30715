"""Tag colours from the small palette, and tag chips (the list delegate paints its own)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.tags import tag_key

# The palette of app/services/tagging.PALETTE, as colours readable on light and dark.
PALETTE_COLORS: dict[str, str] = {
    "red": "#e5534b",
    "orange": "#e8833a",
    "yellow": "#c9a227",
    "green": "#3fa34d",
    "teal": "#2aa198",
    "blue": "#3b82f6",
    "purple": "#8b5cf6",
    "pink": "#ec4899",
    "grey": "#8b949e",
}
CHIP_PAD = 6
CHIP_GAP = 4


class TagColors:
    """The colour name of each tag (by key), kept in step with the tag list."""

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}

    def update(self, colors: Mapping[str, str | None]) -> None:
        """Replace the map from (path -> colour name or None)."""
        self._by_key = {tag_key(p): c for p, c in colors.items() if c}

    def replace(self, by_key: dict[str, str]) -> None:
        """Replace the map with one already keyed by tag_key (built on a worker)."""
        self._by_key = by_key

    def name(self, path: str) -> str | None:
        """The colour name of a tag, or None when it has none."""
        return self._by_key.get(tag_key(path))


# The window's tag colours: the list delegate paints with them, the tag loader fills them.
TAG_COLORS = TagColors()


def chip_colors(color: str | None, palette: QPalette) -> tuple[QColor, QColor]:
    """(fill, border) of a chip: the palette colour faded onto the base, or a neutral grey."""
    base = palette.color(QPalette.ColorRole.Base)
    accent = QColor(PALETTE_COLORS.get(color or "", "")) if color else QColor()
    if not accent.isValid():
        accent = palette.color(QPalette.ColorRole.Mid)
    share = 0.28 if base.lightness() > 128 else 0.38
    fill = QColor(
        round(base.red() + (accent.red() - base.red()) * share),
        round(base.green() + (accent.green() - base.green()) * share),
        round(base.blue() + (accent.blue() - base.blue()) * share),
    )
    return fill, accent


def chip_width(text: str, font: QFont) -> int:
    """The width a painted chip of `text` takes."""
    # A little slack: eliding at the exact advance can cut the last letter when rounding.
    return QFontMetrics(font).horizontalAdvance(text) + 2 * CHIP_PAD + 3


def chip_style(color: str | None, palette: QPalette, *, dashed: bool = False) -> str:
    """A stylesheet that makes a push button look like a chip."""
    fill, border = chip_colors(color, palette)
    line = "dashed" if dashed else "solid"
    text = palette.color(QPalette.ColorRole.Text).name()
    return (
        f"QPushButton {{ background: {fill.name()}; border: 1px {line} {border.name()};"
        f" border-radius: 9px; padding: 1px 8px; color: {text}; }}"
        f" QPushButton:hover {{ border-width: 2px; }}"
    )


class ChipButton(QPushButton):
    """A clickable chip (a tag to remove, or a suggestion to add)."""

    def __init__(
        self,
        text: str,
        path: str,
        color: str | None,
        parent: QWidget | None = None,
        *,
        dashed: bool = False,
    ) -> None:
        super().__init__(text, parent)
        self.path = path
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(chip_style(color, self.palette(), dashed=dashed))
