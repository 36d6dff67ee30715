"""The highlight palette as Qt colours and small swatch icons (shared by the highlight lists)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.highlight_marks import COLORS, color_or_default

# The same hues as the reader's CSS (resources/reader/reader.css, "Highlights").
SWATCHES = {
    "yellow": "#f5d547",
    "green": "#8fd694",
    "blue": "#8cc4f2",
    "pink": "#f5a3c7",
    "purple": "#c3a6f0",
}
_icons: dict[str, QIcon] = {}


def swatch_icon(color: str) -> QIcon:
    """A rounded square of a palette colour."""
    name = color_or_default(color)
    if name not in _icons:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(SWATCHES[name]))
        painter.setPen(QColor(SWATCHES[name]).darker(130))
        painter.drawRoundedRect(1, 1, 12, 12, 3, 3)
        painter.end()
        _icons[name] = QIcon(pixmap)
    return _icons[name]


def color_combo(
    parent: QWidget, *, any_label: str | None = None, icons_only: bool = False
) -> QComboBox:
    """A drop-down of the palette (with an "any" entry first when `any_label` is given);
    `icons_only` shows swatches without names (the names become tooltips)."""
    combo = QComboBox(parent)
    if any_label is not None:
        combo.addItem(any_label, "")
    for index, name in enumerate(COLORS, start=combo.count()):
        combo.addItem(swatch_icon(name), "" if icons_only else name.capitalize(), name)
        combo.setItemData(index, name.capitalize(), Qt.ItemDataRole.ToolTipRole)
    if icons_only:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo
