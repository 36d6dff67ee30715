"""The tag bar above the reader: the article's tags as chips, a field to add tags, suggestions.

It follows the list selection. With one article it shows that article's tags (click a chip to
take the tag off) and up to three suggested tags drawn from the library (click to add; nothing
is ever applied on its own). With several articles selected, what is typed applies to all.
Enter or a comma adds what was typed; "-tag" removes; `t` focuses the field.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import InputError
from app.domain.records import ArticleRecord
from app.ui.dialogs.tag_dialog import TagCompleter, parse_tag_edit
from app.ui.plain_text import tooltip
from app.ui.tasks import TaskRunner
from app.ui.widgets.tag_chips import ChipButton, TagColors

if TYPE_CHECKING:
    from app.domain.tag_suggest import Suggestion
    from app.services.library import Library

log = logging.getLogger(__name__)
MAX_CHIPS = 12
LOAD_DELAY_MS = 120


class TagField(QLineEdit):
    """A one-line tag entry: Enter or "," submits; Escape hands focus back.

    Signals:
        submitted(str): The text to apply (the field clears itself).
        escaped(): Escape on an empty field.
    """

    submitted = Signal(str)
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tag_field")
        self.setPlaceholderText("Add tags (t)")
        self.setToolTip("Type a tag, then Enter or a comma. “-tag” removes a tag.")
        self.setClearButtonEnabled(True)
        self._pending_paths: list[str] | None = None
        self.tag_completer = TagCompleter([], self)
        self.setCompleter(self.tag_completer)
        popup = self.tag_completer.popup()
        if popup is not None:
            popup.installEventFilter(self)
        # Choosing a completion (Enter or a click in the popup) adds the tag at once; queued,
        # so the completer has written the chosen text into the field first.
        self.tag_completer.activated.connect(
            lambda _text: QTimer.singleShot(0, self.submit), Qt.ConnectionType.QueuedConnection
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the completion popup with nothing picked adds what was typed (Qt would
        only close the popup)."""
        popup = self.tag_completer.popup()
        if (
            popup is not None
            and watched is popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not popup.currentIndex().isValid()
        ):
            popup.hide()
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def set_tag_paths(self, paths: Sequence[str]) -> None:
        """The tags offered for completion (handed to Qt when the field is next focused:
        copying 20,000 paths costs milliseconds the tree update should not pay)."""
        self._pending_paths = list(paths)
        if self.hasFocus():
            self._apply_paths()

    def _apply_paths(self) -> None:
        paths, self._pending_paths = self._pending_paths, None
        model = self.tag_completer.model()
        if paths is not None and isinstance(model, QStringListModel):
            model.setStringList(paths)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._apply_paths()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.tag_completer.popup()
        popup_open = popup is not None and popup.isVisible()
        key = event.key()
        if key == Qt.Key.Key_Comma:
            if popup_open and popup is not None:
                popup.hide()
            self.submit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if popup_open and popup is not None and popup.currentIndex().isValid():
                super().keyPressEvent(event)  # the completer takes the highlighted tag
                return
            if popup is not None:
                popup.hide()
            self.submit()
            return
        if key == Qt.Key.Key_Escape and not popup_open:
            if self.text():
                self.clear()
            else:
                self.escaped.emit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        """Announce the typed tags and clear the field."""
        text = self.text().strip()
        if text:
            self.submitted.emit(text)


class TagBar(QWidget):
    """Chips of the current article's tags, the tag field and one-click suggestions.

    Signals:
        tags_submitted(list, list): Tags to add and to remove on `ids`.
        escaped(): The person left the field with Escape.
        error_posted(str): A typed tag was refused (for the status bar).
    """

    tags_submitted = Signal(list, list)
    escaped = Signal()
    error_posted = Signal(str)

    def __init__(
        self, runner: TaskRunner, colors: TagColors, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tag_bar")
        self._runner = runner
        self._colors = colors
        self._generation = 0
        self.ids: list[int] = []
        self.tags: tuple[str, ...] = ()
        self.suggested: list[str] = []
        # The article whose suggestions are shown and still hold: following it again (a
        # re-sort reselects it) does not ask again (each asking checks the model against
        # every tag link: 0.1-0.4 s at 1M articles, then scores the article).
        self._suggested_for: int | None = None
        self.field = TagField(self)
        self.field.setMaximumWidth(260)
        self.field.setMinimumWidth(120)
        self.summary = QLabel(self)
        self.summary.setEnabled(False)
        self._chips = QWidget(self)
        self._chips_layout = QHBoxLayout(self._chips)
        self._chips_layout.setContentsMargins(0, 0, 0, 0)
        self._chips_layout.setSpacing(4)
        self._chips_layout.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self._suggest = QWidget(self)
        self._suggest.setObjectName("tag_suggestions")
        self._suggest_layout = QHBoxLayout(self._suggest)
        self._suggest_layout.setContentsMargins(0, 0, 0, 0)
        self._suggest_layout.setSpacing(4)
        self._suggest_layout.setAlignment(Qt.AlignmentFlag.AlignLeft)
        # Chips clip rather than widen the reader: a long tag list must not squeeze the list.
        for row in (self._chips, self._suggest):
            row.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary)
        top.addWidget(self._chips, 1)
        top.addWidget(self.field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self._suggest)
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(LOAD_DELAY_MS)
        self._load_timer.timeout.connect(self._on_load_timer_timeout)
        self.field.submitted.connect(self.on_field_submitted)
        self.field.escaped.connect(self.escaped)
        self._show()

    # -- what it shows ----------------------------------------------------------------------

    def set_tag_paths(self, paths: Sequence[str]) -> None:
        """Every tag of the library, for completion."""
        self.field.set_tag_paths(paths)

    def focus_field(self) -> None:
        """Move the keyboard to the tag field."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def follow(self, ids: Sequence[int], record: ArticleRecord | None = None) -> None:
        """Show the tags of the selection (one article: its tags and suggestions)."""
        ids = list(ids)
        same = ids == self.ids
        self.ids = ids
        self._generation += 1
        if not same:
            self.tags, self.suggested = (), []
            self._suggested_for = None
        if len(ids) == 1:
            if record is not None and record.id == ids[0]:
                self.tags = record.tags
            # Loaded after a short pause: holding j walks past articles without reading each.
            self._load_timer.start()
        self._show()

    def refresh(self, changed: Collection[int]) -> None:
        """Re-read the shown article when a change touched it (or touched unknown articles)."""
        if len(self.ids) == 1 and (not changed or self.ids[0] in changed):
            self._suggested_for = None  # its tags changed: what fits it changed too
            self.follow(self.ids)

    def _on_load_timer_timeout(self) -> None:
        if len(self.ids) == 1:
            self._load(self.ids[0])

    def is_loading(self) -> bool:
        """Whether a load waits to start (tests, screenshots)."""
        return self._load_timer.isActive()

    def _load(self, article_id: int) -> None:
        generation = self._generation

        def read(library: Library) -> tuple[str, ...]:
            record = library.records([article_id]).get(article_id)
            return record.tags if record is not None else ()

        self._runner.run_db(read, lambda tags: self._on_tags(generation, tags))
        library = self._runner.library
        if library is None or self._suggested_for == article_id:
            return
        from app.services import suggestions

        # On the I/O pool: the first model build reads many articles and must not hold up
        # the database lane's list queries.
        self._runner.run_io(
            lambda: suggestions.suggest_tags(library.db, article_id),
            lambda found: self._on_suggestions(generation, article_id, found),
            lambda error: log.info("no tag suggestions: %s", error),
        )

    def _on_tags(self, generation: int, tags: tuple[str, ...]) -> None:
        if generation == self._generation:
            self.tags = tags
            self._show()

    def _on_suggestions(self, generation: int, article_id: int, found: list[Suggestion]) -> None:
        if generation == self._generation:
            self.suggested = [s.path for s in found]
            self._suggested_for = article_id
            self._show()

    def _show(self) -> None:
        for layout in (self._chips_layout, self._suggest_layout):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.setParent(None)
                    widget.deleteLater()
        self._chip_buttons: list[ChipButton] = []
        self._suggest_buttons: list[ChipButton] = []
        count = len(self.ids)
        self.field.setEnabled(count > 0)
        if count == 0:
            self.summary.setText("No article selected")
        elif count > 1:
            self.summary.setText(f"{count:,} articles selected: tags typed here apply to all")
        else:
            self.summary.setText("" if self.tags else "No tags")
        self.summary.setVisible(bool(self.summary.text()))
        if count == 1:
            for path in self.tags[:MAX_CHIPS]:
                chip = ChipButton(f"{path}  ×", path, self._colors.name(path), self._chips)
                chip.setToolTip(tooltip(f"Remove the tag {path}"))
                chip.clicked.connect(lambda _=False, p=path: self.tags_submitted.emit([], [p]))
                self._chips_layout.addWidget(chip)
                self._chip_buttons.append(chip)
        shown = [p for p in self.suggested if p not in self.tags] if count == 1 else []
        if shown:
            label = QLabel("Suggested:", self._suggest)
            label.setEnabled(False)
            self._suggest_layout.addWidget(label)
            for path in shown:
                chip = ChipButton(f"+ {path}", path, self._colors.name(path), self._suggest,
                                  dashed=True)  # fmt: skip
                chip.setObjectName("suggestion_chip")
                chip.setToolTip(
                    tooltip(f"Add the tag {path} (suggested from similar tagged articles)")
                )
                chip.clicked.connect(lambda _=False, p=path: self.on_suggestion_clicked(p))
                self._suggest_layout.addWidget(chip)
                self._suggest_buttons.append(chip)
            self._suggest_layout.addStretch(1)
        self._suggest.setVisible(bool(shown))

    # -- what it does -----------------------------------------------------------------------

    def on_field_submitted(self, text: str) -> None:
        """Apply typed tags ("a, b/c, -d") to the selection."""
        try:
            add, remove = parse_tag_edit(text)
        except InputError as exc:
            self.error_posted.emit(str(exc))
            return
        self.field.clear()
        if (add or remove) and self.ids:
            self.tags_submitted.emit(add, remove)

    def on_suggestion_clicked(self, path: str) -> None:
        """A suggestion was accepted: add it (only now) and drop it from the offer."""
        self.suggested = [p for p in self.suggested if p != path]
        self.tags_submitted.emit([path], [])
        self._show()

    def chip_paths(self) -> list[str]:
        """The tags shown as chips (tests)."""
        return [w.path for w in self._chip_buttons]

    def suggestion_paths(self) -> list[str]:
        """The suggestions offered (tests)."""
        return [w.path for w in self._suggest_buttons]
