"""Paints article rows: the title cell as two lines (title, then tags and excerpt or snippet),
the other columns as one line of text.

Every cell asks the model once for the row's RowDisplay (its strings, worked out once per
record) instead of a data() call per role, and the title cell keeps its laid-out pieces
(elided texts, chip widths) in that display per width and font: a repaint of a row that did
not change is a handful of drawing calls.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain.tags import leaf_name
from app.ui.models.article_model import COLUMN_INDEX, LOADING_TEXT, ArticleListModel
from app.ui.models.row_display import RowDisplay, snippet_parts
from app.ui.widgets.tag_chips import CHIP_GAP, CHIP_PAD, TAG_COLORS, chip_colors, chip_width

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

    made = 0  # how many have been made: each one's layouts get their own key

    def __init__(self, base: QFont) -> None:
        self.base = QFont(base)
        # Layouts cached in a RowDisplay are keyed by this number, not by QFont.key() (a
        # string Qt builds anew on every call: 40 µs, more than the rest of a cell's paint).
        _Fonts.made += 1
        self.key = _Fonts.made
        self.plain = QFont(base)
        self.plain.setBold(False)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.plain_metrics = QFontMetrics(self.plain)
        self.bold_metrics = QFontMetrics(self.bold)
        self.line = self.plain_metrics.lineSpacing()
        # Chips take the title's font (bold on unread rows), a little smaller.
        self.chip_plain = _smaller(self.plain)
        self.chip_bold = _smaller(self.bold)
        self.chip_plain_metrics = QFontMetrics(self.chip_plain)
        self.chip_bold_metrics = QFontMetrics(self.chip_bold)


def _smaller(font: QFont) -> QFont:
    smaller = QFont(font)
    smaller.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
    return smaller


# A chip laid out in a row: x, width, the (elided) text and the tag path (for its colour).
Chip = tuple[int, int, str, str]


class TwoLineDelegate(QStyledItemDelegate):
    """Title and state marks on the first line; tags and the excerpt or snippet below.

    Set for the whole table: the other columns are painted from the same RowDisplay (the
    style draws their text), so no cell goes through initStyleOption's per-role data() calls.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: _Fonts | None = None
        self._chip_colors: dict[tuple[str | None, int], tuple[QColor, QColor]] = {}

    def _fonts_for(self, font: QFont) -> _Fonts:
        fonts = self._fonts
        if fonts is None or fonts.base != font:
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
        # Tags as colour chips (the palette colour each tag was given), then the text.
        left = self._paint_chips(painter, fonts, display, rect, second, palette)
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

    def _paint_chips(
        self,
        painter: QPainter,
        fonts: _Fonts,
        display: RowDisplay,
        rect: QRect,
        top: int,
        palette: QPalette,
    ) -> int:
        """Paint the row's chips; returns the x where the text after them starts."""
        if not display.chips:
            return rect.left()
        key = ("chips", rect.left(), rect.right(), fonts.key)
        laid = cast("tuple[list[Chip], int] | None", display.layout.get(key))
        if laid is None:
            laid = self._lay_chips(fonts, display, rect.left(), rect.right())
            display.layout[key] = laid
        chips, end = laid
        line = fonts.line
        radius = (line - 2) / 2
        text_color = palette.color(QPalette.ColorRole.Text)
        palette_key = palette.cacheKey()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(fonts.chip_bold if display.bold else fonts.chip_plain)
        for x, width, text, tag in chips:
            color = TAG_COLORS.name(tag)
            colors = self._chip_colors.get((color, palette_key))
            if colors is None:
                if len(self._chip_colors) > 256:
                    self._chip_colors.clear()
                colors = self._chip_colors[(color, palette_key)] = chip_colors(color, palette)
            fill, border = colors
            painter.setPen(border)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(x, top + 1, width, line - 2), radius, radius)
            painter.setPen(text_color)
            inner = QRect(x + CHIP_PAD, top, width - 2 * CHIP_PAD + 2, line)
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
        return end

    @staticmethod
    def _lay_chips(
        fonts: _Fonts, display: RowDisplay, left: int, right: int
    ) -> tuple[list[Chip], int]:
        """Place the chips from `left`, as wide as their text, the last one cut at `right`."""
        font = fonts.chip_bold if display.bold else fonts.chip_plain
        metrics = fonts.chip_bold_metrics if display.bold else fonts.chip_plain_metrics
        chips: list[Chip] = []
        x = left
        for tag in display.chips:
            text = leaf_name(tag)
            width = min(chip_width(text, font), max(right - x, 0))
            if width <= 2 * CHIP_PAD:
                return chips, right
            room = width - 2 * CHIP_PAD + 2
            chips.append(
                (x, width, metrics.elidedText(text, Qt.TextElideMode.ElideRight, room), tag)
            )
            x += width + CHIP_GAP
        return chips, x

    def _first_line(self, display: RowDisplay, fonts: _Fonts, width: int) -> tuple[str, str, int]:
        """The elided title, the marks and their width, kept per width and font."""
        key = ("title", width, fonts.key)
        cached = display.layout.get(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        marks = display.marks
        marks_width = fonts.plain_metrics.horizontalAdvance(marks) if marks else 0
        # As wide as the box it is drawn in: QRect.right() is inclusive, hence the - 1.
        right = width - 1 - (marks_width + 2 * PADDING if marks else 0)
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
