"""Paints an article row's title cell as two lines: the title, then the excerpt or snippet."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain.records import ArticleRecord
from app.ui.models.article_model import RECORD_ROLE, SECOND_LINE_ROLE
from app.ui.widgets.tag_chips import TAG_COLORS, paint_chip

PADDING = 4
MAX_ROW_CHIPS = 4
# The services wrap search hits in snippets in these brackets.
HIT_OPEN, HIT_CLOSE = "\u27e6", "\u27e7"


def _marks(record: ArticleRecord) -> str:
    """State marks drawn at the end of the title line."""
    marks = []
    if record.fetch_status not in ("done", ""):
        marks.append(record.fetch_status)
    if record.trashed:
        marks.append("trashed")
    elif record.archived:
        marks.append("archived")
    if record.favorite:
        marks.append("★")
    return "  ".join(marks)


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
    """Title and state marks on the first line; tags and the excerpt or snippet below."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        title = opt.text
        opt.text = ""
        if style is not None:
            # The background and selection, as the style draws them.
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        rect: QRect = opt.rect.adjusted(PADDING * 2, PADDING, -PADDING, -PADDING)
        record = index.data(RECORD_ROLE)
        font = QFont(opt.font)
        metrics = QFontMetrics(font)
        painter.save()
        line = metrics.lineSpacing()
        marks = _marks(record) if isinstance(record, ArticleRecord) else ""
        right = rect.right()
        if marks:
            plain = QFont(font)
            plain.setBold(False)
            width = QFontMetrics(plain).horizontalAdvance(marks)
            painter.setFont(plain)
            painter.setPen(muted)
            box = QRect(right - width, rect.top(), width, line)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignRight), marks)
            right -= width + 2 * PADDING
        painter.setFont(font)
        painter.setPen(text_color)
        room = max(right - rect.left(), 0)
        painter.drawText(
            QRect(rect.left(), rect.top(), room, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(title or "", Qt.TextElideMode.ElideRight, room),
        )
        second = rect.top() + line + PADDING
        left = rect.left()
        if isinstance(record, ArticleRecord):
            # Tags as colour chips (the palette colour each tag was given), then the text.
            for tag in record.tags[:MAX_ROW_CHIPS]:
                left = paint_chip(
                    painter, left, second, line, tag, TAG_COLORS.name(tag), palette, rect.right()
                )
        runs = [
            (text, "hit" if hit else "plain")
            for text, hit in snippet_parts(index.data(SECOND_LINE_ROLE) or "")
        ]
        if runs and left < rect.right():
            text_rect = QRect(rect)
            text_rect.setLeft(left + PADDING)
            self._paint_runs(painter, opt, text_rect, second, runs, selected)
        painter.restore()

    def _paint_runs(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        rect: QRect,
        top: int,
        runs: list[tuple[str, str]],
        selected: bool,
    ) -> None:
        palette: QPalette = opt.palette
        base = QFont(opt.font)
        base.setBold(False)
        bold = QFont(base)
        bold.setBold(True)
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        colors = {
            "plain": muted,
            "hit": palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            ),
        }
        x, right = rect.left(), rect.right()
        height = QFontMetrics(base).lineSpacing()
        for part, kind in runs:
            font = bold if kind == "hit" else base
            metrics = QFontMetrics(font)
            width = metrics.horizontalAdvance(part)
            painter.setFont(font)
            painter.setPen(colors[kind])
            room = right - x
            if width > room:
                part = metrics.elidedText(part, Qt.TextElideMode.ElideRight, max(room, 0))
                width = room
            box = QRect(x, top, max(width, 0), height)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft), part)
            x += width
            if x >= right:
                break

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        widget = option.widget
        if widget is not None:
            size.setHeight(row_height(widget))
        return size
