"""Paints article rows: the title cell as two lines (title, then tags and excerpt or snippet),
the other columns as one line of text.

Every cell asks the model once for the row's RowDisplay (its strings, worked out once per
record) instead of a data() call per role, and the title cell keeps its laid-out pieces
(elided texts, chip widths) in that display per width and font: a repaint of a row that did
not change is a handful of drawing calls.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.ui.models.article_model import COLUMN_INDEX, LOADING_TEXT, ArticleListModel
from app.ui.models.row_display import RowDisplay, snippet_parts
from app.ui.widgets.tag_chips import TAG_COLORS, paint_chip

__all__ = ["PADDING", "TwoLineDelegate", "row_height", "snippet_parts"]

PADDING = 4
_MINUTES = COLUMN_INDEX["minutes"]
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_FEATURE_TEXT = QStyleOptionViewItem.ViewItemFeature.HasDisplay


def row_height(widget: QWidget) -> int:
    """The fixed height of a two-line row for the widget's font."""
    metrics = QFontMetrics(widget.font())
    return 2 * metrics.lineSpacing() + 3 * PADDING


class _Fonts:
    """The fonts and metrics a row needs, made once per base font (not once per paint)."""

    def __init__(self, base: QFont) -> None:
        self.key = base.key()
        self.plain = QFont(base)
        self.plain.setBold(False)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.plain_metrics = QFontMetrics(self.plain)
        self.bold_metrics = QFontMetrics(self.bold)
        self.line = self.plain_metrics.lineSpacing()


class TwoLineDelegate(QStyledItemDelegate):
    """Title and state marks on the first line; tags and the excerpt or snippet below.

    Set for the whole table: the other columns are painted from the same RowDisplay (the
    style draws their text), so no cell goes through initStyleOption's per-role data() calls.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: _Fonts | None = None

    def _fonts_for(self, font: QFont) -> _Fonts:
        fonts = self._fonts
        if fonts is None or fonts.key != font.key():
            fonts = self._fonts = _Fonts(font)
        return fonts

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        if not isinstance(model, ArticleListModel):
            super().paint(painter, option, index)
            return
        row, column = index.row(), index.column()
        display = model.display(row)
        opt = QStyleOptionViewItem(option)
        if isinstance(index, QModelIndex):
            opt.index = index
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if column != 0:
            if display is not None and style is not None:
                opt.text = display.cells[column]
                opt.features |= _FEATURE_TEXT
                opt.displayAlignment = _RIGHT if column == _MINUTES else _LEFT
            if style is not None:
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            return
        if style is not None:
            # The background and selection, as the style draws them.
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        self._paint_title_cell(painter, opt, display)

    def _paint_title_cell(
        self, painter: QPainter, opt: QStyleOptionViewItem, display: RowDisplay | None
    ) -> None:
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        rect: QRect = opt.rect.adjusted(PADDING * 2, PADDING, -PADDING, -PADDING)
        fonts = self._fonts_for(opt.font)
        line = fonts.line
        painter.save()
        if display is None:
            painter.setFont(fonts.plain)
            painter.setPen(text_color)
            painter.drawText(
                QRect(rect.left(), rect.top(), rect.width(), line), _LEFT, LOADING_TEXT
            )
            painter.restore()
            return
        title, marks, marks_width = self._first_line(display, fonts, rect.width())
        right = rect.right()
        if marks:
            painter.setFont(fonts.plain)
            painter.setPen(muted)
            box = QRect(right - marks_width, rect.top(), marks_width, line)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignRight), marks)
            right -= marks_width + 2 * PADDING
        painter.setFont(fonts.bold if display.bold else fonts.plain)
        painter.setPen(text_color)
        painter.drawText(
            QRect(rect.left(), rect.top(), max(right - rect.left(), 0), line), _LEFT, title
        )
        second = rect.top() + line + PADDING
        left = rect.left()
        # Tags as colour chips (the palette colour each tag was given), then the text.
        for tag in display.chips:
            left = paint_chip(
                painter, left, second, line, tag, TAG_COLORS.name(tag), palette, rect.right()
            )
        if display.runs and left < rect.right():
            self._paint_runs(
                painter,
                fonts,
                display,
                left + PADDING,
                rect.right(),
                second,
                selected,
                muted,
                text_color,
            )
        painter.restore()

    def _first_line(self, display: RowDisplay, fonts: _Fonts, width: int) -> tuple[str, str, int]:
        """The elided title, the marks and their width, kept per width and font."""
        key = ("title", width, fonts.key)
        cached = display.layout.get(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        marks = display.marks
        marks_width = fonts.plain_metrics.horizontalAdvance(marks) if marks else 0
        right = width - (marks_width + 2 * PADDING if marks else 0)
        metrics = fonts.bold_metrics if display.bold else fonts.plain_metrics
        title = metrics.elidedText(display.cells[0], Qt.TextElideMode.ElideRight, max(right, 0))
        laid = (title, marks, marks_width)
        display.layout[key] = laid
        return laid

    def _paint_runs(
        self,
        painter: QPainter,
        fonts: _Fonts,
        display: RowDisplay,
        left: int,
        right: int,
        top: int,
        selected: bool,
        muted: QColor,
        hit_color: QColor,
    ) -> None:
        key = ("runs", left, right, fonts.key)
        pieces = display.layout.get(key)
        if pieces is None:
            pieces = display.layout[key] = self._lay_runs(fonts, display.runs, left, right)
        for text, hit, x, width in pieces:  # type: ignore[attr-defined]
            painter.setFont(fonts.bold if hit else fonts.plain)
            painter.setPen(hit_color if hit else muted)
            painter.drawText(
                QRect(x, top, width, fonts.line), int(Qt.AlignmentFlag.AlignLeft), text
            )

    @staticmethod
    def _lay_runs(
        fonts: _Fonts, runs: list[tuple[str, bool]], left: int, right: int
    ) -> list[tuple[str, bool, int, int]]:
        """Place the snippet's runs on the line, eliding the one that reaches the edge."""
        pieces: list[tuple[str, bool, int, int]] = []
        x = left
        for part, hit in runs:
            metrics = fonts.bold_metrics if hit else fonts.plain_metrics
            width = metrics.horizontalAdvance(part)
            room = right - x
            if width > room:
                part = metrics.elidedText(part, Qt.TextElideMode.ElideRight, max(room, 0))
                width = room
            pieces.append((part, hit, x, max(width, 0)))
            x += width
            if x >= right:
                break
        return pieces

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        widget = option.widget
        if widget is not None:
            size.setHeight(row_height(widget))
        return size
