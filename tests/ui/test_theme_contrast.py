"""Dark and light themes: every small control stays visible against the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui.contrast_style import ContrastStyle
from app.ui.theme import apply_color_scheme, error_color


@pytest.fixture
def theme() -> Iterator[str]:
    yield "dark"
    apply_color_scheme("light")


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _best_contrast(image: QImage, width: int, background: QColor) -> float:
    """The strongest contrast against the background in the left `width` pixels."""
    best = 1.0
    for y in range(image.height()):
        for x in range(min(width, image.width())):
            best = max(best, _contrast(image.pixelColor(x, y), background))
    return best


@pytest.mark.parametrize("name", ["dark", "light"])
@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_unchecked_indicators_are_visible(qtbot: QtBot, theme: str, name: str, kind: type) -> None:
    apply_color_scheme(name)
    widget: QWidget = kind("Open articles on their summary")
    qtbot.addWidget(widget)
    widget.show()
    image = widget.grab().toImage()
    window = widget.palette().window().color()
    # The indicator sits in the first ~20 px; its edge must stand out (3:1 for controls in
    # dark; Fusion's own light indicator, unchanged, has a softer but visible edge).
    assert _best_contrast(image, 20, window) >= (3.0 if name == "dark" else 2.0)


def test_dark_theme_outlines_line_edits_and_keeps_errors_readable(qtbot: QtBot, theme: str) -> None:
    apply_color_scheme(theme)
    from PySide6.QtWidgets import QApplication

    assert isinstance(QApplication.style(), ContrastStyle)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.resize(200, 30)
    edit.show()
    image = edit.grab().toImage()
    window = edit.palette().window().color()
    edge = image.pixelColor(image.width() // 2, 0)
    assert _contrast(edge, window) >= 1.8 or _contrast(image.pixelColor(100, 1), window) >= 1.8
    assert _contrast(QColor(error_color()), window) >= 4.5
    apply_color_scheme("light")
    light_window = QApplication.palette().window().color()
    assert _contrast(QColor(error_color()), light_window) >= 4.5
