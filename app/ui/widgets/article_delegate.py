"""Paints an article row's title cell as two lines: the title, then the excerpt or snippet."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.ui.models.article_model import SECOND_LINE_ROLE

PADDING = 4
HIT_OPEN, HIT_CLOSE = "\u27e6", "\u27e7"  # the services mark search hits in snippets so


def row_height(widget: QWidget) -> int:
    """The fixed height of a two-line row for the widget's font."""
    metrics = QFontMetrics(widget.font())
    return 2 * metrics.lineSpacing() + 3 * PADDING


def snippet_parts(text: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_hit) runs at the ⟦hit⟧ markers."""
    parts: list[tuple[str, bool]] = []
    rest = " ".join(text.split())
    while rest:
        start = rest.find(HIT_OPEN)
        if start < 0:
            parts.append((rest, False))
            break
        end = rest.find(HIT_CLOSE, start)
        if end < 0:
            parts.append((rest.replace(HIT_OPEN, ""), False))
            break
        if start:
            parts.append((rest[:start], False))
        parts.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(t, hit) for t, hit in parts if t]


class TwoLineDelegate(QStyledItemDelegate):
    """Title on the first line (bold when unread), excerpt or snippet muted below it."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        title = opt.text  # type: ignore[attr-defined]
        opt.text = ""  # type: ignore[attr-defined]
        if style is not None:
            # The background and selection, as the style draws them.
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = opt.palette  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = opt.rect.adjusted(PADDING * 2, PADDING, -PADDING, -PADDING)  # type: ignore[attr-defined]
        font = QFont(opt.font)  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        painter.save()
        painter.setFont(font)
        painter.setPen(palette.color(role))
        first = QRect(rect.left(), rect.top(), rect.width(), metrics.lineSpacing())
        painter.drawText(
            first,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(title or "", Qt.TextElideMode.ElideRight, rect.width()),
        )
        second_text = index.data(SECOND_LINE_ROLE) or ""
        if second_text:
            self._paint_second(painter, opt, rect, first.bottom() + PADDING, second_text, selected)
        painter.restore()

    def _paint_second(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        rect: QRect,
        top: int,
        text: str,
        selected: bool,
    ) -> None:
        palette: QPalette = opt.palette  # type: ignore[attr-defined]
        base = QFont(opt.font)  # type: ignore[attr-defined]
        base.setBold(False)
        hit_font = QFont(base)
        hit_font.setBold(True)
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        x, right = rect.left(), rect.right()
        height = QFontMetrics(base).lineSpacing()
        for part, hit in snippet_parts(text):
            font = hit_font if hit else base
            metrics = QFontMetrics(font)
            width = metrics.horizontalAdvance(part)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Text) if hit and not selected else muted)
            room = right - x
            if width > room:
                part = metrics.elidedText(part, Qt.TextElideMode.ElideRight, max(room, 0))
                width = room
            painter.drawText(QRect(x, top, max(width, 0), height), int(Qt.AlignmentFlag.AlignLeft), part)
            x += width
            if x >= right:
                break

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        widget = option.widget  # type: ignore[attr-defined]
        if widget is not None:
            size.setHeight(row_height(widget))
        return size
