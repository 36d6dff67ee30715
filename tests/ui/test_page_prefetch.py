"""Pages built ahead: once an article has rendered, the next and previous rows' bodies are
built on the I/O pool, so moving to them builds nothing more."""

# The window fixtures come from test_window; pytest passes them in by name (F811).
# ruff: noqa: F811

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain import render
from app.ui.main_window import MainWindow
from app.ui.page_prefetch import list_neighbours
from tests.ui.test_window import WAIT, filled, make_window, window  # noqa: F401


def test_neighbours_are_the_rows_below_then_above() -> None:
    ids = [10, 20, 30]

    def id_at(row: int) -> int | None:
        return ids[row] if 0 <= row < len(ids) else None

    assert list_neighbours(lambda: 1, id_at)(20) == [30, 10]
    assert list_neighbours(lambda: 0, id_at)(10) == [20]
    assert list_neighbours(lambda: -1, id_at)(10) == []  # no current row


def test_the_next_article_opens_on_a_body_built_ahead(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.reader_pane
    first = window.article_list.current_id()
    assert first is not None and pane.article_id == first
    following = window.article_list.model.id_at(window.article_list.view.currentIndex().row() + 1)
    assert following is not None
    qtbot.waitUntil(lambda: window.prefetch.built >= 1, timeout=WAIT)
    # Other tests in this process may have built the same bodies: start from an empty cache
    # and build ahead again.
    render._body_html.cache_clear()
    window.prefetch._done_for = None
    window.prefetch.on_pane_page_rendered()
    qtbot.waitUntil(lambda: window.prefetch.built >= 2, timeout=WAIT)
    window.prefetch.enabled = False  # the next article's own neighbours would count too
    misses = render._body_html.cache_info().misses
    shown = pane.rendered_pages
    window.article_list.step(1)  # the j key
    qtbot.waitUntil(
        lambda: pane.article_id == following and pane.rendered_pages > shown, timeout=WAIT
    )
    assert render._body_html.cache_info().misses == misses  # nothing was built on opening
