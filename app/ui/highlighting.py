"""Highlighting in the window: the margin list beside the reader, the `H` key and the reader's
context menu, and the library-wide Highlights view in place of the article list.

`install_highlights(window)` adds all of it to the MainWindow; the window only forwards the
sidebar's Highlights entry here. Every change goes through the highlight services on the
database lane, then the library-changed hub re-renders the article with its new marks.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QSplitter, QStackedWidget, QWidget

from app.domain.anchoring import Anchor
from app.domain.records import HighlightRecord
from app.ui.application import ChangeHub, LibraryChange
from app.ui.icons import icon
from app.ui.reading import ReadingController
from app.ui.tasks import TaskRunner
from app.ui.widgets.highlight_list import HighlightList
from app.ui.widgets.highlights_view import HighlightsView

if TYPE_CHECKING:
    from app.services.library import Library
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

HIGHLIGHTS_KEY = "highlights"  # the sidebar entry's key
HIGHLIGHT_SHORTCUT = "H"
READER_MIN_WIDTH = 280
# Rows for the shortcut sheet ("?"): the reader's own keys, not in the window's registry.
SHEET_ROWS = (
    ("Reader", "Highlight the selected text", HIGHLIGHT_SHORTCUT),
    ("Reader", "Delete the chosen highlight (in the margin list)", "Delete"),
)
MARGIN_WIDTH = 200


class HighlightController(QObject):
    """Makes and changes the shown article's highlights and keeps the margin list current.

    Signals:
        status_posted(str): A short message for the status bar.
        highlights_changed(int): An article's highlights were changed (its id).
    """

    status_posted = Signal(str)
    highlights_changed = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        reading: ReadingController,
        margin: HighlightList,
        hub: ChangeHub,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.reading = reading
        self.margin = margin
        self._hub = hub
        self._scroll_to: int | None = None
        self._pending_select: int | None = None
        self._menu_ready = False
        # The right-click waiting for the page's answer: (number, point, global point).
        self._menu_request: tuple[int, QPoint, QPoint] | None = None
        self._menu_requests = 0
        self.highlight_action = QAction(icon("highlight"), "Highlight selection", self)
        self.highlight_action.setShortcut(QKeySequence(HIGHLIGHT_SHORTCUT))
        self.highlight_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.highlight_action.triggered.connect(self.highlight_selection)
        pane = reading.pane
        pane.addAction(self.highlight_action)
        margin.addAction(self.highlight_action)
        reading.article_shown.connect(self.on_reading_article_shown)
        pane.page_rendered.connect(self.on_pane_page_rendered)
        margin.highlight_requested.connect(self.highlight_selection)
        margin.highlight_activated.connect(self.show_highlight)
        margin.recolor_requested.connect(self.recolor)
        margin.note_requested.connect(self.edit_note)
        margin.delete_requested.connect(self.delete)

    # -- making and changing ----------------------------------------------------------------

    def highlight_selection(self) -> None:
        """Highlight the text selected in the article body, in the margin's current colour."""
        detail = self.reading.detail
        web = self.reading.pane.reader.web_view() if self.reading.pane.has_reader() else None
        if detail is None or web is None:
            self.status_posted.emit("Open an article and select some text to highlight it")
            return
        if self.reading.pane.is_summary_shown():
            self.status_posted.emit("Highlights are made in the article, not in its summary")
            return
        from app.ui.reader.highlights import read_selection  # the reader exists by now

        article_id = detail.id
        read_selection(web, lambda found: self.on_selection_read(article_id, found))

    def on_selection_read(self, article_id: int, found: Anchor | None) -> None:
        """Store the selection as a highlight (if it is still the same article)."""
        if found is None or not found.quote.strip():
            self.status_posted.emit("Select some text in the article first, then press H")
            return
        if self.reading.current_id() != article_id:
            return
        color = self.margin.current_color()

        def work(library: Library) -> HighlightRecord:
            return library.highlights.add(article_id, found, color=color)

        self._runner.run_db(work, self.on_highlight_made, self.on_change_failed)

    def on_highlight_made(self, record: HighlightRecord) -> None:
        """A new highlight: show it and drop the selection."""
        web = self.reading.pane.reader.web_view() if self.reading.pane.has_reader() else None
        if web is not None:
            from app.ui.reader.highlights import clear_selection

            clear_selection(web)
        if not record.placed:
            self.status_posted.emit("Highlighted, but the passage could not be placed in the text")
        else:
            self.status_posted.emit("Highlighted")
        self._announce(record.article_id, select=record.id)

    def recolor(self, highlight_id: int, color: str) -> None:
        """Give a highlight another colour."""
        self._change(lambda library: library.highlights.recolor(highlight_id, color))

    def set_note(self, highlight_id: int, note: str | None) -> None:
        """Set (or with a blank note, clear) a highlight's note."""
        self._change(lambda library: library.highlights.annotate(highlight_id, note))

    def edit_note(self, highlight_id: int) -> None:
        """Ask for a highlight's note in a small dialog."""
        record = self.margin.record(highlight_id)
        parent = self.margin.window()
        text, ok = QInputDialog.getMultiLineText(
            parent if isinstance(parent, QWidget) else None,
            "Note",
            "Note on this highlight:",
            (record.note or "") if record is not None else "",
        )
        if ok:
            self.set_note(highlight_id, text)

    def delete(self, highlight_id: int) -> None:
        """Delete a highlight."""
        article_id = self.reading.current_id()

        def work(library: Library) -> int:
            owner = library.highlights.get(highlight_id).article_id
            library.highlights.delete(highlight_id)
            return owner

        def done(owner: int) -> None:
            self.status_posted.emit("Highlight deleted")
            self._announce(owner if owner else (article_id or 0))

        self._runner.run_db(work, done, self.on_change_failed)

    def _change(self, work: object) -> None:
        def done(record: HighlightRecord) -> None:
            self._announce(record.article_id, select=record.id)

        self._runner.run_db(work, done, self.on_change_failed)  # type: ignore[arg-type]

    def on_change_failed(self, error: BaseException) -> None:
        """Say what went wrong (a deleted article, a bad colour)."""
        log.warning("highlight change failed: %s", error)
        self.status_posted.emit(f"Could not change the highlight: {error}")

    def _announce(self, article_id: int, *, select: int | None = None) -> None:
        if select is not None:
            self._pending_select = select
        self.highlights_changed.emit(article_id)
        self._hub.library_changed.emit(LibraryChange.articles([article_id]))

    # -- showing ----------------------------------------------------------------------------

    def show_highlight(self, highlight_id: int) -> None:
        """Scroll the reader to a highlight of the shown article."""
        if not self.reading.pane.has_reader():
            return
        web = self.reading.pane.reader.web_view()
        if web is None:
            return
        if self.reading.pane.is_summary_shown():
            self._scroll_to = highlight_id
            self.reading.pane.set_show_summary(False)  # scrolls once the body is shown
            return

        def done(found: bool) -> None:
            if not found:
                self.status_posted.emit("This highlight is not in the current text")

        from app.ui.reader.highlights import scroll_to_highlight

        scroll_to_highlight(web, highlight_id, done)

    def open_at(self, article_id: int, highlight_id: int) -> None:
        """Open an article and scroll to one of its highlights once it is shown."""
        shown = self.reading.current_id() == article_id and not self.reading.pane.awaiting_render
        if shown and self.margin.record(highlight_id) is not None:
            self.margin.select(highlight_id)
            self.show_highlight(highlight_id)
            return
        self._scroll_to = highlight_id
        # Forced when shown: the highlight is newer than the page (made in another window).
        self.reading.open(article_id, force=shown)

    def on_reading_article_shown(self, article_id: int) -> None:
        """Fill the margin with the shown article's highlights."""
        detail = self.reading.detail
        self.margin.set_highlights(detail.highlights if detail is not None else ())
        if self._pending_select is not None:
            self.margin.select(self._pending_select)
            self._pending_select = None

    def on_pane_page_rendered(self) -> None:
        """A page is shown: set up the reader's menu once, ask it about a pending right-click,
        and finish a pending scroll."""
        self._install_reader_menu()
        self._ask_for_menu()
        target, self._scroll_to = self._scroll_to, None
        if target is not None and self.reading.current_id() is not None:
            self.margin.select(target)
            self.show_highlight(target)

    def _install_reader_menu(self) -> None:
        if self._menu_ready or not self.reading.pane.has_reader():
            return
        web = self.reading.pane.reader.web_view()
        if web is None:
            return
        web.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        web.customContextMenuRequested.connect(self.on_reader_context_menu_requested)
        self._menu_ready = True

    def on_reader_context_menu_requested(self, point: QPoint) -> None:
        """Right click in the reader: over a highlight, its colour, note and delete; elsewhere
        Highlight selection, Copy and Select All.

        Which it is, the page answers asynchronously; a page loading meanwhile (a library
        change, the summary, a theme) drops or outdates the answer, so the request waits for
        the new page and asks it again (`on_pane_page_rendered`).
        """
        web = self.reading.pane.reader.web_view()
        if web is None:
            return
        self._menu_requests += 1
        self._menu_request = (self._menu_requests, point, web.mapToGlobal(point))
        self._ask_for_menu()

    def _ask_for_menu(self) -> None:
        """Ask the page shown now what is under the pending right-click."""
        request = self._menu_request
        reader = self.reading.pane.reader
        web = reader.web_view()
        if request is None or web is None or reader.is_loading():
            return  # a loading page is asked once it has rendered
        from app.ui.reader.highlights import highlight_at

        number, point, _global_point = request
        page = reader.page_generation()
        highlight_at(web, point, lambda found: self.on_menu_answer(number, page, found))

    def on_menu_answer(self, number: int, page: int, highlight_id: int | None) -> None:
        """The page said what is under the right-click: show the menu, unless the answer is
        stale (a newer right-click, or a page loaded since the question: asked again then)."""
        request = self._menu_request
        reader = self.reading.pane.reader
        if request is None or request[0] != number:
            return
        if reader.is_loading() or reader.page_generation() != page:
            return
        self._menu_request = None
        web = reader.web_view()
        if web is None:
            return
        from PySide6.QtWebEngineCore import QWebEnginePage

        if highlight_id and self.margin.record(highlight_id) is not None:
            menu = self.margin.context_menu(highlight_id, web)
        else:
            # Our own short menu: Chromium's standard one (back, reload, view source…)
            # has nothing for a reader, and it needs live context-menu data that is gone
            # by the time the script above has answered.
            menu = QMenu(web)
            menu.addAction(self.highlight_action)
            menu.addSeparator()
            page_actions = web.page()
            for action in (QWebEnginePage.WebAction.Copy, QWebEnginePage.WebAction.SelectAll):
                menu.addAction(page_actions.action(action))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(request[2])


def install_highlights(window: MainWindow) -> tuple[HighlightController, HighlightsView]:
    """Add the margin list, the Highlights view and their wiring to the library window."""
    margin = HighlightList(window)
    reader_side = QSplitter(Qt.Orientation.Horizontal, window)
    reader_side.setObjectName("reader_splitter")
    splitter = window.splitter
    splitter.replaceWidget(splitter.indexOf(window.reader_column), reader_side)
    reader_side.addWidget(window.reader_column)
    reader_side.addWidget(margin)
    reader_side.setStretchFactor(0, 1)
    reader_side.setStretchFactor(1, 0)
    reader_side.setCollapsible(0, False)  # the reader never disappears behind its margin
    window.reader_pane.setMinimumWidth(READER_MIN_WIDTH)
    reader_side.setSizes([600, MARGIN_WIDTH])
    view = HighlightsView(window.runner, window)
    middle = QStackedWidget(window)
    middle.setObjectName("list_stack")
    splitter.replaceWidget(splitter.indexOf(window.article_list), middle)
    middle.addWidget(window.article_list)
    middle.addWidget(view)
    controller = HighlightController(window.runner, window.reading, margin, window.hub, window)
    controller.status_posted.connect(window.show_status)
    view.highlight_opened.connect(controller.open_at)
    switch = _ViewSwitch(window, middle, view)
    window.sidebar.view_chosen.connect(switch.on_sidebar_view_chosen)
    # A method of a window-owned object: Qt drops the connection with the window (the hub
    # is shared by every window and outlives this one).
    window.hub.library_changed.connect(switch.on_hub_library_changed)
    return controller, view


class _ViewSwitch(QObject):
    """Puts the Highlights view or the article list in the middle of the window."""

    def __init__(self, window: MainWindow, middle: QStackedWidget, view: HighlightsView) -> None:
        super().__init__(window)
        self._window = window
        self._middle = middle
        self._view = view

    def on_sidebar_view_chosen(self, key: str, _query: str) -> None:
        """Highlights: show (and fill) the view; anything else: the article list."""
        if key == HIGHLIGHTS_KEY:
            self._view.set_tags(self._window.sidebar.tag_model.tag_paths())
            self._middle.setCurrentWidget(self._view)
            self._view.reload()
        else:
            self._middle.setCurrentWidget(self._window.article_list)

    def on_hub_library_changed(self, _change: LibraryChange) -> None:
        """Re-list when something changed while the view is shown."""
        if self._middle.currentWidget() is self._view:
            self._view.reload()
