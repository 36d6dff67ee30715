"""Which tags the person left open in the sidebar's tree, kept across reloads and restarts.

The tree is rebuilt (a model reset) whenever tags change; without this, every reset closed
what the person had opened. Until they open or close a tag, the tree opens as far as
`expansion_depth` says (all of a small tree, nothing of 20,000 tags); after that, exactly
the tags they left open, so a large tree never lays out more rows than they asked for.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QTreeView

from app.domain.tags import tag_key
from app.ui.models.tag_model import PATH_ROLE, TagTreeModel
from app.ui.settings import WindowSettings

log = logging.getLogger(__name__)

SETTINGS_KEY = "sidebar/expanded_tags"
MAX_REMEMBERED = 2_000  # a bound on the INI line; nobody keeps more open than that


class TagExpansion(QObject):
    """Records the tree's expand/collapse and reapplies it after each `set_tree`."""

    def __init__(self, view: QTreeView, model: TagTreeModel, settings: WindowSettings) -> None:
        super().__init__(view)
        self._view, self._model, self._settings = view, model, settings
        self._open: dict[str, str] | None = self._load()  # key -> path; None: never touched
        self._restoring = False
        self.recording = True  # off while a filter shows (its matches open by themselves)
        view.expanded.connect(self.on_view_expanded)
        view.collapsed.connect(self.on_view_collapsed)

    @property
    def remembered(self) -> list[str] | None:
        """The open tag paths, or None when the person never opened or closed one."""
        return None if self._open is None else list(self._open.values())

    def apply(self, depth: int | None) -> None:
        """Open the tree after a reset: the remembered tags, or as far as `depth` says."""
        self._restoring = True
        try:
            if self._open is None or not self.recording:
                if depth is None:
                    self._view.expandAll()
                elif depth >= 0:
                    self._view.expandToDepth(depth)
                return
            # Parents first, so each child's index exists in an open branch.
            for path in sorted(self._open.values(), key=lambda p: p.count("/")):
                index = self._model.index_of(path)
                if index.isValid():
                    self._view.setExpanded(index, True)
        finally:
            self._restoring = False

    def on_view_expanded(self, index: QModelIndex) -> None:
        self._record(index, True)

    def on_view_collapsed(self, index: QModelIndex) -> None:
        self._record(index, False)

    def _record(self, index: QModelIndex, is_open: bool) -> None:
        if self._restoring or not self.recording:
            return
        path = index.data(PATH_ROLE)
        if not isinstance(path, str) or not path:
            return
        if self._open is None:
            # The first touch: what the default opened counts as left open.
            self._open = {}
            self._collect_open(QModelIndex())
        key = tag_key(path)
        if is_open:
            self._open[key] = path
        else:
            self._open.pop(key, None)
        self._save()

    def _collect_open(self, parent: QModelIndex) -> None:
        for row in range(self._model.rowCount(parent)):
            index = self._model.index(row, 0, parent)
            has_children = self._model.rowCount(index) > 0
            if has_children and self._view.isExpanded(index) and self._open is not None:
                path = index.data(PATH_ROLE)
                self._open[tag_key(path)] = path
                if len(self._open) < MAX_REMEMBERED:
                    self._collect_open(index)

    def _load(self) -> dict[str, str] | None:
        raw = self._settings.text(SETTINGS_KEY)
        if not raw:
            return None
        try:
            paths = json.loads(raw)
        except ValueError:
            log.warning("ignoring an unreadable %s in the window settings", SETTINGS_KEY)
            return None
        if not isinstance(paths, list):
            return None
        return {tag_key(p): p for p in paths if isinstance(p, str) and p}

    def _save(self) -> None:
        paths = list((self._open or {}).values())[:MAX_REMEMBERED]
        self._settings.set_text(SETTINGS_KEY, json.dumps(paths, ensure_ascii=False))
