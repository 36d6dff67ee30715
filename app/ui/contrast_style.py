"""A proxy style that keeps check boxes, radio buttons and input frames visible on dark palettes.

Fusion draws these with an outline computed as a darker shade of the window colour, which is
invisible on a dark window: an unchecked box was a black square on black. On a dark palette
this style draws the indicators itself and outlines input frames in a visible grey; on a light
palette it changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QStyleOptionComplex, QWidget

PE = QStyle.PrimitiveElement
State = QStyle.StateFlag
# Borders on a dark base: at least 3:1 against it (WCAG's contrast for controls).
INDICATOR_BORDER = QColor("#8d8a84")
FRAME_BORDER = QColor("#6f6d68")
SCROLL_HANDLE = QColor("#5c5d63")


def is_dark(palette: QPalette) -> bool:
    """Whether a palette is a dark one (light text on a dark window)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class ContrastStyle(QProxyStyle):
    """The platform style, with controls that stay visible on a dark palette."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if not is_dark(option.palette):
            super().drawPrimitive(element, option, painter, widget)
            return
        if element in (PE.PE_IndicatorCheckBox, PE.PE_IndicatorItemViewItemCheck):
            _draw_check_box(option, painter)
            return
        if element == PE.PE_IndicatorRadioButton:
            _draw_radio_button(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == PE.PE_FrameLineEdit:
            _outline_frame(option, painter)

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if not is_dark(option.palette):
            return
        if control == QStyle.ComplexControl.CC_SpinBox:
            _outline_frame(option, painter)
        elif control == QStyle.ComplexControl.CC_ScrollBar:
            slider = self.subControlRect(
                control,
                option,
                QStyle.SubControl.SC_ScrollBarSlider,
                widget,  # type: ignore[arg-type]  # Qt accepts no widget
            )
            _draw_scroll_handle(option, painter, QRectF(slider))


def _state(option: QStyleOption) -> QStyle.StateFlag:
    return option.state


def _colors(option: QStyleOption) -> tuple[QColor, QColor, QColor]:
    """(border, fill, accent) for an indicator in its state."""
    palette: QPalette = option.palette
    state = _state(option)
    enabled = bool(state & State.State_Enabled)
    accent = palette.color(QPalette.ColorRole.Highlight)
    border = QColor(INDICATOR_BORDER)
    if state & State.State_HasFocus and state & State.State_KeyboardFocusChange:
        border = accent.lighter(140)
    fill = palette.color(QPalette.ColorRole.Base)
    if state & State.State_Sunken:
        fill = fill.lighter(180)
    if not enabled:
        border = border.darker(150)
        accent = QColor(border)
    return border, fill, accent


def _indicator_rect(option: QStyleOption) -> QRectF:
    rect = QRectF(option.rect)
    side = min(rect.width(), rect.height()) - 1
    return QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)


def _draw_check_box(option: QStyleOption, painter: QPainter) -> None:
    border, fill, accent = _colors(option)
    state = _state(option)
    box = _indicator_rect(option)
    checked = bool(state & State.State_On)
    partly = bool(state & State.State_NoChange)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(accent if checked or partly else border, 1))
    painter.setBrush(accent if checked or partly else fill)
    painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
    mark = QPen(QColor("#ffffff"), max(1.5, box.width() / 7))
    mark.setCapStyle(Qt.PenCapStyle.RoundCap)
    mark.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(mark)
    w, x, y = box.width(), box.x(), box.y()
    if checked:
        path = QPainterPath(QPointF(x + w * 0.24, y + w * 0.52))
        path.lineTo(QPointF(x + w * 0.42, y + w * 0.70))
        path.lineTo(QPointF(x + w * 0.76, y + w * 0.30))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    elif partly:
        painter.drawLine(QPointF(x + w * 0.28, y + w / 2), QPointF(x + w * 0.72, y + w / 2))
    painter.restore()


def _draw_radio_button(option: QStyleOption, painter: QPainter) -> None:
    border, fill, accent = _colors(option)
    circle = _indicator_rect(option).adjusted(0.5, 0.5, -0.5, -0.5)
    checked = bool(_state(option) & State.State_On)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(accent if checked else border, 1))
    painter.setBrush(fill)
    painter.drawEllipse(circle)
    if checked:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        inset = circle.width() * 0.25
        painter.drawEllipse(circle.adjusted(inset, inset, -inset, -inset))
    painter.restore()


def _outline_frame(option: QStyleOption, painter: QPainter) -> None:
    """A visible edge around a line edit or spin box (the focus ring is left to the style)."""
    state = _state(option)
    if state & State.State_HasFocus:
        return
    color = QColor(FRAME_BORDER)
    if not state & State.State_Enabled:
        color = color.darker(140)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
    painter.drawRoundedRect(rect, 2, 2)
    painter.restore()


def _draw_scroll_handle(option: QStyleOption, painter: QPainter, slider: QRectF) -> None:
    """A scroll bar handle that stands out from its groove (Fusion's is dark on dark)."""
    if slider.isEmpty():
        return
    state = _state(option)
    color = QColor(SCROLL_HANDLE)
    if state & State.State_Sunken or state & State.State_MouseOver:
        color = color.lighter(125)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(slider.adjusted(1.5, 1.5, -1.5, -1.5), 3, 3)
    painter.restore()
