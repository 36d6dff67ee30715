"""The library window: composes the sidebar, the article list and the reader, and wires them."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.paths import remember_library
from app.ui import intake
from app.ui.actions import ActionRegistry, populate_menus
from app.ui.application import ChangeHub, LibraryChange, change_hub
from app.ui.commands import ArticleCommands
from app.ui.dialogs.library_preferences import LibraryPreferencesSection
from app.ui.dialogs.preferences import PreferencesDialog
from app.ui.dialogs.save_url import SaveUrlDialog
from app.ui.dialogs.shortcuts import ShortcutSheet
from app.ui.fetch_resume import resume_pending_fetches
from app.ui.highlighting import HIGHLIGHTS_KEY, SHEET_ROWS, install_highlights
from app.ui.icons import app_icon
from app.ui.page_prefetch import PagePrefetcher, list_neighbours
from app.ui.preferences import Preferences, load_preferences, save_preferences
from app.ui.reading import ReadingController
from app.ui.settings import WindowSettings
from app.ui.tag_wiring import TagWiring
from app.ui.tasks import TaskRunner, freeze_long_lived
from app.ui.theme import THEMES, apply_color_scheme, reader_theme
from app.ui.widgets.article_list import ArticleListPanel
from app.ui.widgets.reader_pane import ReaderPane
from app.ui.widgets.search_field import SearchField
from app.ui.widgets.sidebar import Sidebar
from app.ui.widgets.status_bar import StatusBar
from app.ui.widgets.tag_bar import TagBar
from app.ui.widgets.tag_chips import TAG_COLORS

if TYPE_CHECKING:
    from app.services.library import Library

log = logging.getLogger(__name__)
UPGRADING_MESSAGE = (
    "Upgrading the library to this version's format (once; a backup is made first, and a "
    "very large library takes several minutes)…"
)


def _transfer() -> ModuleType:
    """The import/export dialogs, loaded on first use (they load the importers and exporters)."""
    from app.ui.dialogs import transfer

    return transfer


READER_START_MS = 5_000  # the reader warms up by then even if the list is still loading
READER_AFTER_ROWS_MS = 50  # … or this long after the first rows (they paint first)


class MainWindow(QMainWindow):
    """Sidebar | article list | reader, with menus, a search toolbar and a status bar.

    Signals:
        library_ready(): The library opened and the first list is on its way.
        library_failed(object): The library could not be opened (the exception).
    """

    library_ready = Signal()
    library_failed = Signal(object)
    library_switch_requested = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        *,
        theme: str | None = None,
        offline: bool = False,
        hub: ChangeHub | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.data_dir = data_dir
        self.settings = WindowSettings(data_dir)
        self.runner = TaskRunner(self)
        self.hub = hub or change_hub()
        self.registry = ActionRegistry(self)
        self.commands = ArticleCommands(self.runner, self.hub, offline=offline, parent=self)
        self.library_open = False
        self.library_empty: bool | None = None
        self._select_after_reload: int | None = None
        self._painted = False
        self._reader_started = False
        self._build_widgets()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.highlighting, self.highlights_view = install_highlights(self)
        self.tag_wiring = TagWiring(self)
        self._restore_state()
        self.preferences = load_preferences(self.settings)
        self.preferences_dialog: PreferencesDialog | None = None
        self._forced_offline = offline  # --offline or a screenshot: never fetch, whatever is set
        self.commands.offline = offline or self.preferences.offline
        self._apply_reading_preferences(self.preferences)
        self.set_theme(theme or self.settings.theme, remember=theme is None)
        self.runner.open_library(data_dir)

    # -- building ---------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.sidebar = Sidebar(self)
        self.article_list = ArticleListPanel(self.runner, self)
        self.reader_pane = ReaderPane(lambda sha: self.reading.load_asset(sha), self)
        self.reading = ReadingController(self.runner, self.reader_pane, self)
        # j/k open pages built ahead (app/ui/page_prefetch.py)
        self.prefetch = PagePrefetcher(
            self.runner,
            self.reader_pane,
            list_neighbours(
                lambda: self.article_list.view.currentIndex().row(),
                self.article_list.model.id_at,
            ),
            self,
        )
        self.reader_pane.summary_form_changed.connect(self.on_summary_form_changed)
        self.tag_bar = TagBar(self.runner, TAG_COLORS, self)
        self.reader_column = reader_side = QWidget(self)  # the tag bar over the reader
        reader_layout = QVBoxLayout(reader_side)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.tag_bar)
        reader_layout.addWidget(self.reader_pane, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        for widget in (self.sidebar, self.article_list, reader_side):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([200, 560, 620])
        self.setCentralWidget(self.splitter)
        self.search_field = SearchField(self)
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for name in ("save_url", "add_file"):
            toolbar.addAction(self.registry[name])
        toolbar.addSeparator()
        toolbar.addWidget(self.search_field)
        toolbar.addSeparator()
        for name in ("previous", "next"):
            toolbar.addAction(self.registry[name])
        for name in ("summary", "favorite", "archive", "tag", "trash"):
            toolbar.addAction(self.registry[name])
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_menus(self) -> None:
        populate_menus(self.menuBar(), self.registry)
        for action in self.registry.actions():
            if action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut:
                # List-only keys act where the list has focus (see actions.LIST_ONLY).
                self.article_list.view.addAction(action)
            else:
                self.addAction(action)

    def _build_status_bar(self) -> None:
        self.status_bar = StatusBar(self)
        self.setStatusBar(self.status_bar)
        self.status_bar.showMessage("Opening library…")
        # A bound method, so Qt queues the call from the lane to the GUI thread.
        self.runner.library_upgrading.connect(self.on_library_upgrading)

    def on_library_upgrading(self) -> None:
        """Opening migrates the library first: say why the list is still empty."""
        self.status_bar.showMessage(UPGRADING_MESSAGE)

    def _connect(self) -> None:
        a = self.registry
        handlers = {
            "save_url": self.on_action_save_url,
            "add_file": self.on_action_add_file,
            "import_file": lambda: _transfer().open_import(self),
            "export_file": lambda: _transfer().open_export(self),
            "quit": self.close,
            "undo": self.commands.undo,
            "search": self.on_action_search,
            "find_in_article": self.on_action_find_in_article,
            "find_next": lambda: self.reader_pane.find_step(1),
            "find_previous": lambda: self.reader_pane.find_step(-1),
            "page_down": lambda: self.reader_pane.scroll_page(1),
            "page_up": lambda: self.reader_pane.scroll_page(-1),
            "paste_url": self.on_action_paste_url,
            "select_all": self.article_list.select_all,
            "zoom_in": lambda: self.reader_pane.zoom(1),
            "zoom_out": lambda: self.reader_pane.zoom(-1),
            "zoom_reset": lambda: self.reader_pane.zoom(0),
            "next": lambda: self.article_list.step(1),
            "previous": lambda: self.article_list.step(-1),
            "open": self.on_action_open,
            "summary": self.reading.toggle_summary,
            "favorite": lambda: self.commands.toggle(self.selected_ids(), "favorite"),
            "archive": lambda: self.commands.toggle(self.selected_ids(), "archive"),
            "read": lambda: self.commands.toggle(self.selected_ids(), "read"),
            "tag": self.on_action_tag,
            "trash": lambda: self.commands.mark(self.selected_ids(), "trash"),
            "restore": lambda: self.commands.mark(self.selected_ids(), "restore"),
            "shortcuts": self.on_action_shortcuts,
            "preferences": self.on_action_preferences,
            "original": self.reading.toggle_original,
            "fetch_pending": self.on_action_fetch_pending,
            "about": self.on_action_about,
        }
        for name, handler in handlers.items():
            a[name].triggered.connect(handler)
        for key in ("relevance", "saved", "published", "title", "site", "minutes"):
            a[f"sort_{key}"].triggered.connect(lambda _=False, k=key: self.on_action_sort(k))
        for theme in THEMES:
            a[f"theme_{theme}"].triggered.connect(lambda _=False, t=theme: self.set_theme(t))
        self.runner.library_opened.connect(self.on_runner_library_opened)
        self.runner.library_failed.connect(self.on_runner_library_failed)
        self.runner.activity_changed.connect(self.status_bar.set_activity)
        self.runner.progress_changed.connect(self.status_bar.set_progress)
        self.runner.cancellable_changed.connect(self.status_bar.set_cancellable)
        self.status_bar.cancel_requested.connect(self.on_status_bar_cancel_requested)
        self.status_bar.tasks_cancel_chosen.connect(self.on_status_bar_tasks_cancel_chosen)
        self.reading.marked_read.connect(self.on_reading_marked_read)
        self.sidebar.view_chosen.connect(self.on_sidebar_view_chosen)
        self.sidebar.view_chosen.connect(lambda key, _q: self.article_list.set_view_key(key))
        self.search_field.query_settled.connect(self.article_list.set_search)
        self.search_field.returnPressed.connect(self.on_search_field_return_pressed)
        self.search_field.escaped.connect(self.article_list.view.setFocus)
        self.article_list.current_changed.connect(self.on_list_current_changed)
        self.article_list.article_activated.connect(self.on_list_article_activated)
        self.article_list.query_finished.connect(self.on_list_query_finished)
        self.article_list.query_failed.connect(self.search_field.set_error)
        self.commands.status_posted.connect(self.show_status)
        self.commands.articles_saved.connect(self.on_commands_articles_saved)
        self.reading.status_posted.connect(self.show_status)
        self.hub.library_changed.connect(self.on_hub_library_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.on_system_scheme_changed)

    # -- state ------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.bytes_value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        splitter = self.settings.bytes_value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = self.settings.bytes_value("list/header")
        if header is not None:
            self.article_list.view.horizontalHeader().restoreState(header)

    def _save_state(self) -> None:
        self.settings.set_bytes("window/geometry", self.saveGeometry())
        self.settings.set_bytes("window/splitter", self.splitter.saveState())
        self.settings.set_bytes("list/header", QByteArray(self.article_list.view.header_state()))
        self.settings.set_text("view/key", self.sidebar.current_key())
        self.settings.sync()

    def set_theme(self, theme: str, *, remember: bool = True) -> None:
        """Use a theme: system, light, sepia or dark."""
        if theme not in THEMES:
            theme = "system"
        self.theme = theme
        apply_color_scheme(theme)
        self.reader_pane.set_theme(reader_theme(theme))
        self.registry[f"theme_{theme}"].setChecked(True)
        if remember:
            self.settings.theme = theme
            self.preferences = replace(self.preferences, theme=theme)

    def on_system_scheme_changed(self, _scheme: object) -> None:
        """Follow the system's light/dark switch while the theme is "system"."""
        if self.theme == "system":
            self.reader_pane.set_theme("auto")

    # -- the library ------------------------------------------------------------------------

    def on_runner_library_opened(self, library: Library) -> None:
        """Load the tags and the remembered view."""
        self.library_open = True
        self.show_status(f"Library: {library.data_dir}")
        self.reload_tags()
        self.runner.run_db(lambda lib: lib.count(""), self.on_library_counted)
        if self.preferences.default_sort != "relevance":
            self.on_action_sort(self.preferences.default_sort)
        self.sidebar.choose(self.settings.text("view/key", "unread"))
        resume_pending_fetches(self)  # pages left waiting (offline saves, imports, a crash)
        self.library_ready.emit()

    def on_library_counted(self, count: int) -> None:
        """An empty library greets with the welcome page."""
        self.library_empty = count == 0
        if self.library_empty:
            self.reading.show_welcome()

    def on_runner_library_failed(self, error: BaseException) -> None:
        """Tell the person why the library cannot be opened."""
        log.info("could not open the library: %s", error)
        self.status_bar.showMessage(f"Could not open the library: {error}")
        self.library_failed.emit(error)

    def reload_tags(self) -> None:
        """Fetch the tags for the sidebar (the tree is built off the GUI thread)."""
        self.tag_wiring.reload_tags()

    def on_hub_library_changed(self, change: LibraryChange) -> None:
        """Re-read what a write may have changed."""
        if not self.library_open:
            return
        self.article_list.reload(change.article_ids)
        if change.tags or change.added:
            self.reload_tags()
        if change.added and self.library_empty:
            self.library_empty = False
        self.reading.refresh(change.article_ids)

    # -- the list and the reader ------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The articles the next action applies to."""
        return self.article_list.selected_ids()

    def on_sidebar_view_chosen(self, key: str, query: str) -> None:
        """Show a view in the list."""
        if key == HIGHLIGHTS_KEY:
            return  # the Highlights view takes the list's place (app/ui/highlighting.py)
        self.article_list.set_view(query)

    def on_list_current_changed(self, article_id: int | None) -> None:
        """Follow the list's current article in the reader."""
        if article_id is None and self.library_empty:
            self.reading.show_welcome()
            return
        self.reading.follow(article_id)

    def on_list_article_activated(self, article_id: int) -> None:
        """Open a double-clicked article at once."""
        self.reading.open(article_id)

    def on_list_query_finished(self, count: int) -> None:
        """Show the count, clear an old error mark, select a just-saved article."""
        self.search_field.set_error(None)
        self.status_bar.set_count(count)
        wanted, self._select_after_reload = self._select_after_reload, None
        if wanted is not None:
            self.article_list.select_article(wanted)

    def on_commands_articles_saved(self, ids: list[int]) -> None:
        """Select the article just saved once the list has it."""
        if ids:
            self._select_after_reload = ids[-1]

    def show_status(self, message: str) -> None:
        """A short message in the status bar."""
        self.status_bar.post(message)

    # -- actions ----------------------------------------------------------------------------

    def on_action_open(self) -> None:
        """Open the current article and move the keyboard into the page."""
        article_id = self.article_list.current_id()
        if article_id is not None:
            self.reading.open(article_id)
            self.reader_pane.focus_reader()

    def on_action_sort(self, key: str) -> None:
        """Sort the list (relevance: the default order, ranked while searching)."""
        if key == "relevance":
            self.article_list.set_sort(None)
        else:
            self.article_list.set_sort(key, key in ("saved", "published"))

    def on_action_search(self) -> None:
        """Jump to the search field."""
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def on_action_find_in_article(self) -> None:
        """Find in the article shown; with none shown, search the library instead."""
        if not self.reader_pane.open_find():
            self.on_action_search()

    def on_search_field_return_pressed(self) -> None:
        """Search now and move to the results."""
        self.search_field.settle_now()
        self.article_list.view.setFocus()

    def on_action_save_url(self) -> None:
        """Ask for a URL and save it."""
        dialog = SaveUrlDialog(self.sidebar.tag_model.tag_paths(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.commands.save([dialog.url()], [], dialog.tags())

    def on_action_add_file(self) -> None:
        """Choose files and save them."""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Add Files",
            str(Path.home()),
            "Articles (*.html *.htm *.md *.markdown *.txt *.pdf);;All files (*)",
        )
        if paths:
            self.commands.save([], [Path(p) for p in paths])

    def on_action_paste_url(self) -> None:
        """Save URLs (or files) from the clipboard."""
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData() if clipboard is not None else None
        found = intake.from_mime(mime) if mime is not None else intake.Intake()
        if not found:
            self.show_status("The clipboard holds no web address")
            return
        self.commands.save(found.urls, found.files)

    def on_action_tag(self) -> None:
        """Type tags for the selection in the tag bar (Enter or a comma adds them)."""
        self.tag_wiring.focus_tag_field()

    # -- preferences and background work ----------------------------------------------------

    def _apply_reading_preferences(self, preferences: Preferences) -> None:
        t = preferences.typography()
        self.reader_pane.set_typography(t.font, t.size_px, t.line_height, t.width_em)
        self.reading.summaries_first = preferences.summaries_first
        self.reading.mark_read_at_end = preferences.mark_read_at_end
        self.reading.set_summary_points(preferences.summary_points)

    def on_summary_form_changed(self, points: bool) -> None:
        """The reader's Paragraph / Key points switch: remember the choice."""
        self.apply_preferences(replace(self.preferences, summary_points=points), remember=True)

    def apply_preferences(self, preferences: Preferences, *, remember: bool = False) -> None:
        """Use preferences now (the dialog calls this on every change); maybe save them."""
        old, self.preferences = self.preferences, preferences.cleaned()
        self._apply_reading_preferences(self.preferences)
        if self.preferences.theme != self.theme:
            self.set_theme(self.preferences.theme, remember=False)
        if self.preferences.default_sort != old.default_sort:
            self.on_action_sort(self.preferences.default_sort)
        self.commands.offline = self._forced_offline or self.preferences.offline
        if old.offline and not self.commands.offline and self.library_open:
            resume_pending_fetches(self)  # the links saved while offline
        if remember:
            save_preferences(self.settings, self.preferences)

    def on_action_preferences(self) -> None:
        """Edit the preferences; each change shows at once, Cancel undoes them."""
        if self.preferences_dialog is not None:
            self.preferences_dialog.raise_()
            return
        section = LibraryPreferencesSection(self.runner) if self.runner.library else None
        dialog = PreferencesDialog(
            self.preferences, self, library_section=section, library_folder=self.data_dir
        )
        if dialog.location is not None:
            dialog.location.switch_requested.connect(self.on_switch_library)
        if section is not None:
            section.summary_model_changed.connect(self.reading.set_summary_model)
            dialog.rejected.connect(section.revert)
        dialog.preferences_changed.connect(self.apply_preferences)
        dialog.accepted.connect(lambda: self.apply_preferences(dialog.preferences(), remember=True))
        dialog.finished.connect(self.on_preferences_finished)
        self.preferences_dialog = dialog
        dialog.open()  # window-modal without a nested event loop

    def on_switch_library(self, folder: Path) -> None:
        """Preferences → Open another library: keep the preferences, remember the folder as
        the default and ask the launcher for a window on it (it closes this one)."""
        if self.preferences_dialog is not None:
            self.preferences_dialog.accept()
        try:
            remember_library(folder)
        except OSError as error:
            log.warning("could not remember %s as the default library: %s", folder, error)
        self.library_switch_requested.emit(folder)

    def on_preferences_finished(self, _result: int) -> None:
        """The Preferences dialog closed."""
        if self.preferences_dialog is not None:
            self.preferences_dialog.deleteLater()
            self.preferences_dialog = None

    def on_action_fetch_pending(self) -> None:
        """Fetch every saved URL still waiting for its page (long: progress and Cancel)."""
        library = self.runner.library
        if self.commands.offline or library is None:
            self.show_status("Offline: nothing is fetched" if library else "No library is open")
            return
        self.runner.run_long_io(
            lambda progress: (
                library.fetch_queued(on_progress=progress.report, cancel=progress.cancelled).fetched
            ),
            self.on_pending_fetched,
            lambda error: self.show_status(f"Fetching stopped: {error}"),
            label="Fetching waiting articles",
        )

    def on_pending_fetched(self, count: int) -> None:
        """Show what the fetch brought (all of it, or what was done before Cancel)."""
        self.show_status(f"Fetched {count} article{'s' if count != 1 else ''}")
        self.hub.library_changed.emit(LibraryChange(tags=True))

    def on_status_bar_cancel_requested(self) -> None:
        """Stop the long background work (asking which, when several run); what is finished
        stays."""
        tasks = self.runner.long_tasks()
        if len(tasks) > 1:
            self.status_bar.offer_tasks([(t.id, t.label) for t in tasks])
        elif self.runner.cancel_long_tasks():
            self.show_status("Cancelling…")

    def on_status_bar_tasks_cancel_chosen(self, task_ids: list[int]) -> None:
        """Stop the long tasks chosen from the status bar's menu."""
        if self.runner.cancel_long_tasks(task_ids):
            self.show_status("Cancelling…")

    def on_reading_marked_read(self, article_id: int) -> None:
        """Reading to the end marked an article read: the list shows it."""
        self.hub.library_changed.emit(LibraryChange.articles([article_id]))

    def bring_forward(self) -> None:
        """Another start of this library asked for the window: show it on top."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def on_outside_change(self) -> None:
        """The command line changed the library: re-read the list, the tags and the count."""
        if self.library_open:
            self.runner.run_db(lambda lib: lib.count(""), self.on_library_counted)
            self.hub.library_changed.emit(LibraryChange(tags=True))

    def on_action_shortcuts(self) -> None:
        """Show every shortcut."""
        ShortcutSheet([*self.registry.sheet(), *SHEET_ROWS], self).exec()

    def on_action_about(self) -> None:
        """Name, version and where the library lives."""
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><br>Your offline article archive.<br><br>"
            f"Library: {self.data_dir}",
        )

    # -- Qt events --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted:
            self._painted = True
            # The web reader starts Chromium (a second of the GUI thread): only once the list
            # shows its first rows, so they are not held up behind it; at the latest after
            # READER_START_MS.
            self.article_list.model.dataChanged.connect(self._start_reader_after_rows)
            self.article_list.query_finished.connect(self._start_reader_after_rows)
            QTimer.singleShot(READER_START_MS, self._start_reader)

    def _start_reader_after_rows(self, *_args: object) -> None:
        if not self._reader_started and self.list_shown():
            QTimer.singleShot(READER_AFTER_ROWS_MS, self._start_reader)

    def _start_reader(self) -> None:
        if not self._reader_started:
            self._reader_started = True
            self.reader_pane.ensure_reader()
            freeze_long_lived()  # what is loaded by now stays: keep collections short

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if intake.from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        found = intake.from_mime(event.mimeData())
        if found:
            event.acceptProposedAction()
            self.commands.save(found.urls, found.files)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        self.reader_pane.flush_position()  # an essential task: it runs before the lane stops
        self.runner.shutdown()
        super().closeEvent(event)

    def list_shown(self) -> bool:
        """Whether the list shows its first rows (or knows it has none): the window is usable."""
        model = self.article_list.model
        if not self.library_open or (self.article_list.is_busy() and model.rowCount() == 0):
            return False
        return model.rowCount() == 0 or model.cached_record(0) is not None

    def is_settled(self) -> bool:
        """Whether the library is open, the list loaded and the reader rendered (screenshots)."""
        return (
            self.library_open
            and self.library_empty is not None
            and self.runner.is_idle()
            and not self.article_list.is_busy()
            and self.reading.is_settled()
            and not self.tag_bar.is_loading()
        )
