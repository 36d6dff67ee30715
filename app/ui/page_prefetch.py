"""Builds the pages of the articles beside the current one ahead of time, so that moving to
the next or previous article (j/k, arrows) opens a page whose body is already built.

A 20,000-word body takes Python-Markdown and nh3 about 180 ms; a bare web view given the
finished HTML pays none of it. Once the reader has rendered an article, the rows above and
below it are read and their bodies built on the I/O pool (into `render`'s small body cache),
while the person reads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.ui.tasks import TaskRunner
from app.ui.widgets.reader_pane import ReaderPane

if TYPE_CHECKING:
    from app.services.library import Library

log = logging.getLogger(__name__)

Neighbours = Callable[[int], Sequence[int]]
"""The ids to build ahead for the article shown, most likely next first."""


def build_page_body(library: Library, article_id: int) -> None:
    """Read an article and build its page body into the render cache (on a worker)."""
    from app.domain.render import prepare_article_page

    prepare_article_page(library.get(article_id))


class PagePrefetcher(QObject):
    """After each newly rendered article, builds its neighbours' page bodies on the I/O pool.

    Attributes:
        built: How many bodies were built ahead (for tests and the status of the feature).
        enabled: Build ahead at all (on by default).
    """

    def __init__(
        self,
        runner: TaskRunner,
        pane: ReaderPane,
        neighbours: Neighbours,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._pane, self._neighbours = runner, pane, neighbours
        self._done_for: int | None = None  # the article whose neighbours were built last
        self.built = 0
        self.enabled = True
        pane.page_rendered.connect(self.on_pane_page_rendered)

    def on_pane_page_rendered(self) -> None:
        """The reader shows a page: build its neighbours' (once per article shown)."""
        current = self._pane.article_id
        library = self._runner.library
        if not self.enabled or current is None or library is None or current == self._done_for:
            return
        self._done_for = current
        for article_id in self._neighbours(current):
            self._runner.run_io(
                partial(build_page_body, library, article_id),
                self.on_built,
                lambda error: log.debug("page not built ahead: %s", error),
            )

    def on_built(self, _result: object) -> None:
        self.built += 1


def list_neighbours(
    current_row: Callable[[], int], id_at: Callable[[int], int | None]
) -> Neighbours:
    """Neighbours from a list: the rows below and above the current one (below first: j)."""

    def neighbours(article_id: int) -> list[int]:
        row = current_row()
        found = [id_at(row + 1), id_at(row - 1)] if row >= 0 else []
        return [i for i in found if i is not None and i != article_id]

    return neighbours
