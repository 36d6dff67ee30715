"""The article list's column widths: Title stretches, the others are as wide as their usual
content, and in a narrow list the least needed columns step aside so Title keeps the room.

Widths come from font metrics of sample text, never from the rows (a million rows stay
instant); a column the person hid stays hidden, one hidden here comes back when there is room.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView

from app.ui.models.article_model import COLUMN_INDEX, COLUMNS

# Typical content of each fixed column (the longest usual value, not the longest possible).
SAMPLES = {
    "site": "www.example.com",
    "saved": "2026-12-31",
    "minutes": "99 min",
    "tags": "reading, python",
    "state": "Archived",
}
# Which columns step aside first when the list is narrow (the title cell shows state/tags).
COLLAPSE_ORDER = ("tags", "state", "minutes", "site", "saved")
TITLE_MIN_CHARS = 24


class ColumnFitter:
    """Sizes a header's sections once, then hides and shows columns as the list resizes."""

    def __init__(self, header: QHeaderView) -> None:
        self.header = header
        metrics = header.fontMetrics()
        padding = metrics.horizontalAdvance("M") * 2
        indicator = metrics.height()  # room for the sort arrow beside the header label
        self.title_min = metrics.horizontalAdvance("n") * TITLE_MIN_CHARS
        self.widths: dict[int, int] = {}
        for number, column in enumerate(COLUMNS[1:], start=1):
            content = metrics.horizontalAdvance(SAMPLES.get(column.key, column.title))
            label = metrics.horizontalAdvance(column.title) + indicator
            self.widths[number] = max(content, label) + padding
            header.resizeSection(number, self.widths[number])
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.auto_hidden: set[int] = set()
        header.sectionResized.connect(self.on_section_resized)

    def on_section_resized(self, number: int, _old: int, new: int) -> None:
        """Remember a width the person chose (hidden sections report 0)."""
        if number != 0 and new > 0:
            self.widths[number] = new

    def user_hidden(self, number: int) -> bool:
        """Hidden by the person (not just stepped aside for lack of room)."""
        return self.header.isSectionHidden(number) and number not in self.auto_hidden

    def set_user_hidden(self, number: int, hidden: bool) -> None:
        """The person showed or hid a column from the header menu."""
        self.auto_hidden.discard(number)
        self.header.setSectionHidden(number, hidden)

    def fit(self, available: int) -> None:
        """Hide (in COLLAPSE_ORDER) the columns that would leave Title narrower than its
        minimum or than the others together; show them again when there is room."""
        shown = [n for n in self.widths if not self.user_hidden(n)]
        others = sum(self.widths[n] for n in shown)
        stepping_aside: set[int] = set()
        for key in COLLAPSE_ORDER:
            if available - others >= max(self.title_min, others):
                break
            number = COLUMN_INDEX[key]
            if number in shown:
                stepping_aside.add(number)
                others -= self.widths[number]
        for number in shown:
            hide = number in stepping_aside
            if self.header.isSectionHidden(number) != hide:
                self.header.setSectionHidden(number, hide)
        self.auto_hidden = stepping_aside

    def save_state(self) -> QByteArray:
        """The header's state with the columns stepped aside shown (they are not choices)."""
        for number in self.auto_hidden:
            self.header.setSectionHidden(number, False)
        state = self.header.saveState()
        for number in self.auto_hidden:
            self.header.setSectionHidden(number, True)
        return state
