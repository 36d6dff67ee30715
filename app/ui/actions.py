"""Every QAction and keyboard shortcut of the window, declared once in one registry."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenuBar

from app.ui.icons import icon
from app.ui.theme import THEMES

StandardKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """How one action looks and which keys trigger it.

    Attributes:
        name: The registry key (also the slot suffix: `on_action_<name>`).
        text: The menu text (with & mnemonics).
        menu: The menu it appears in ("" for keyboard-only actions).
        keys: Shortcuts, as portable strings or standard keys; the first is shown in menus.
        icon: An icon name from resources/icons ("" for none).
        help: One line for the status bar and the shortcut sheet.
        checkable: A toggle (themes).
    """

    name: str
    text: str
    menu: str
    keys: tuple[str | QKeySequence.StandardKey, ...] = ()
    icon: str = ""
    help: str = ""
    checkable: bool = False


MENUS = ("&File", "&Edit", "&View", "&Article", "&Help")

SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("save_url", "&Save URL…", "&File", ("Ctrl+L",), "save-url", "Save a web page"),
    ActionSpec("add_file", "&Add File…", "&File", ("Ctrl+O",), "add-file", "Save a local file"),
    ActionSpec("import_file", "&Import…", "&File", (), "", "Import another tool's export"),
    ActionSpec("export_file", "&Export…", "&File", (), "", "Export articles to a file"),
    ActionSpec(
        "fetch_pending",
        "&Fetch Waiting Articles",
        "&File",
        (),
        "",
        "Fetch every saved URL whose page is not fetched yet",
    ),
    ActionSpec("quit", "&Quit", "&File", (StandardKey.Quit, "Ctrl+Q"), "", "Quit Broadsheet"),
    ActionSpec("undo", "&Undo", "&Edit", ("Ctrl+Z",), "", "Undo the last change"),
    ActionSpec("search", "&Search Library", "&Edit", ("/",), "search", "Search the library"),
    ActionSpec(
        "find_in_article", "&Find in Article…", "&Edit", ("Ctrl+F",), "", "Find text in the article"
    ),
    ActionSpec(
        "find_next", "Find &Next", "&Edit", ("F3", "Ctrl+G"), "", "Next match in the article"
    ),
    ActionSpec(
        "find_previous",
        "Find Pre&vious",
        "&Edit",
        ("Shift+F3", "Ctrl+Shift+G"),
        "",
        "Previous match in the article",
    ),
    ActionSpec("paste_url", "&Paste URL", "&Edit", ("Ctrl+V",), "", "Save a pasted URL"),
    ActionSpec("select_all", "Select &All", "&Edit", ("Ctrl+A",), "", "Select every article"),
    ActionSpec(
        "preferences",
        "Pre&ferences…",
        "&Edit",
        (StandardKey.Preferences, "Ctrl+,"),
        "",
        "Theme, reading typography and other preferences",
    ),
    ActionSpec(
        "save_search",
        "Save &Search…",
        "&Edit",
        ("Ctrl+Shift+S",),
        "saved-search",
        "Save this search by name",
    ),
    ActionSpec("manage_tags", "&Manage Tags…", "&Edit", ("Ctrl+Shift+T",), "", "Edit every tag"),
    ActionSpec("zoom_in", "Zoom &In", "&View", ("Ctrl++", "Ctrl+="), "", "Larger text"),
    ActionSpec("zoom_out", "Zoom &Out", "&View", ("Ctrl+-",), "", "Smaller text"),
    ActionSpec("zoom_reset", "&Actual Size", "&View", ("Ctrl+0",), "", "Reset the zoom"),
    *(
        ActionSpec(
            f"theme_{name}",
            f"&{name.capitalize()} Theme",
            "&View",
            (),
            "",
            f"Use the {name} theme",
            checkable=True,
        )
        for name in THEMES
    ),
    *(
        ActionSpec(f"sort_{key}", f"Sort by {label}", "&View", (), "", f"Sort the list by {label}")
        for key, label in (
            ("relevance", "&Relevance"),
            ("saved", "Date &Saved"),
            ("published", "Date &Published"),
            ("title", "&Title"),
            ("site", "S&ite"),
            ("minutes", "Reading Ti&me"),
        )
    ),
    ActionSpec("next", "&Next Article", "&Article", ("J",), "next", "Go to the next article"),
    ActionSpec(
        "previous", "&Previous Article", "&Article", ("K",), "previous", "Go to the previous one"
    ),
    ActionSpec("page_down", "Page &Down", "&Article", ("Space",), "", "Scroll the article down"),
    ActionSpec("page_up", "Page &Up", "&Article", ("Shift+Space",), "", "Scroll the article up"),
    ActionSpec("open", "&Open", "&Article", ("Return", "Enter", "O"), "", "Open in the reader"),
    ActionSpec("summary", "&Summary", "&Article", ("S",), "summary", "Show or hide the summary"),
    ActionSpec(
        "original", "Saved &Page", "&Article", ("Shift+O",), "", "Show the page as it was saved"
    ),
    ActionSpec("favorite", "&Favorite", "&Article", ("F",), "favorite", "Favorite or unfavorite"),
    ActionSpec("archive", "&Archive", "&Article", ("E",), "archive", "Archive or unarchive"),
    ActionSpec("read", "&Mark Read/Unread", "&Article", ("M",), "read", "Toggle read"),
    ActionSpec("tag", "&Tag…", "&Article", ("T",), "tag", "Type tags for the selection"),
    ActionSpec("trash", "Move to &Trash", "&Article", ("Delete",), "trash", "Move to the trash"),
    ActionSpec("restore", "&Restore", "&Article", ("Shift+Delete",), "", "Restore from trash"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", "&Help", ("?",), "", "Show every shortcut"),
    ActionSpec("about", "&About Broadsheet", "&Help", (), "", "Version and licence"),
)

# Keys that only act where the article list has focus, so they do not steal keys from the
# search field or the reader (Ctrl+V pastes and Delete deletes text there).
SEPARATE_BEFORE = frozenset({"theme_system", "sort_relevance", "next", "trash"})
LIST_ONLY = frozenset({"paste_url", "select_all", "open", "trash", "restore"})


def _sequence(key: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    if isinstance(key, str):
        return [QKeySequence(key)]
    return list(QKeySequence.keyBindings(key))


class ActionRegistry(QObject):
    """Creates every action from SPECS; look one up with `registry["name"]`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[str, QAction] = {}
        self.theme_group = QActionGroup(self)
        self.theme_group.setExclusive(True)
        for spec in SPECS:
            action = QAction(spec.text, self)
            action.setObjectName(f"action_{spec.name}")
            if spec.icon:
                action.setIcon(icon(spec.icon))
            sequences: list[QKeySequence] = []
            for key in spec.keys:
                for seq in _sequence(key):
                    if not seq.isEmpty() and seq not in sequences:
                        sequences.append(seq)
            action.setShortcuts(sequences)
            if spec.help:
                action.setStatusTip(spec.help)
                action.setToolTip(f"{spec.help} ({self.shortcut_text(sequences)})")
            action.setCheckable(spec.checkable)
            if spec.name.startswith("theme_"):
                self.theme_group.addAction(action)
            if spec.name in LIST_ONLY:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._actions[spec.name] = action

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def actions(self) -> list[QAction]:
        """Every action, in declaration order."""
        return list(self._actions.values())

    def in_menu(self, menu: str) -> list[tuple[ActionSpec, QAction]]:
        """The actions of one menu, in order."""
        return [(spec, self._actions[spec.name]) for spec in SPECS if spec.menu == menu]

    @staticmethod
    def shortcut_text(sequences: list[QKeySequence]) -> str:
        """Shortcuts as people read them ("J", "Ctrl+L")."""
        return ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences if not s.isEmpty()
        )

    def sheet(self) -> list[tuple[str, str, str]]:
        """(menu, action, shortcuts) rows for the shortcut sheet, for actions with keys."""
        rows = []
        for spec in SPECS:
            action = self._actions[spec.name]
            keys = self.shortcut_text(action.shortcuts())
            if keys:
                rows.append((spec.menu.replace("&", ""), spec.text.replace("&", ""), keys))
        return rows


def populate_menus(menu_bar: QMenuBar, registry: ActionRegistry) -> None:
    """Fill the menu bar from SPECS, with separators between groups."""
    for title in MENUS:
        menu = menu_bar.addMenu(title)
        for spec, action in registry.in_menu(title):
            if spec.name in SEPARATE_BEFORE:
                menu.addSeparator()
            menu.addAction(action)
