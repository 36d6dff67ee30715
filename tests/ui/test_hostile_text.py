"""Hostile titles, tags, URLs and messages show as plain text in every widget.

Rich-text guessing (Qt::mightBeRichText) must never turn "<img src=x onerror=…>" into markup,
and control or direction-override characters must never reach the screen.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.display import one_line, window_title
from app.domain.records import ArticleRecord, TagRecord
from app.ui.dialogs.save_url import SaveUrlDialog
from app.ui.models.article_model import SECOND_LINE_ROLE, ArticleListModel
from app.ui.models.tag_model import TagTreeModel
from app.ui.plain_text import tooltip
from app.ui.tasks import TaskRunner
from app.ui.widgets.search_field import SearchField
from app.ui.widgets.status_bar import StatusBar
from app.ui.widgets.tag_bar import TagBar
from app.ui.widgets.tag_chips import TAG_COLORS, ChipButton

MARKUP = "<img src=x onerror=alert(1)><b>Bold</b>"
TAG_MARKUP = "<img src=x onerror=alert(1)><b>Bold"  # "/" would start a child tag
HOSTILE = f"{MARKUP}\x07\x1b[31m\u202egnp.exe\nsecond line\x00"


def _record() -> ArticleRecord:
    return ArticleRecord(
        id=1, url="https://example.com/?q=<script>", title=HOSTILE, site=f"site{MARKUP}",
        author=None, published=None, saved=datetime(2025, 1, 2, tzinfo=UTC), read=False,
        favorite=False, archived=False, trashed=False, tags=(f"t{MARKUP}\x07",),
        word_count=10, reading_minutes=1, excerpt=f"excerpt\x00{MARKUP}\nline",
    )  # fmt: skip


def _no_controls(text: str) -> bool:
    return not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in text)


def test_one_line_removes_controls_overrides_and_line_breaks() -> None:
    shown = one_line(HOSTILE)
    assert _no_controls(shown)
    assert MARKUP in shown and "second line" in shown
    assert window_title("Edited [*] notes", "Broadsheet") == "Edited [\u2217] notes — Broadsheet"
    assert _no_controls(window_title(HOSTILE, "Broadsheet"))


def test_article_list_shows_markup_literally(qtbot: QtBot) -> None:
    model = ArticleListModel()
    model.records_wanted.connect(
        lambda generation, first, ids: model.deliver(generation, first, {1: _record()})
    )
    model.set_ids([1])
    index = model.index(0, 0)
    model.data(index)
    qtbot.waitUntil(lambda: model.data(index) != "Loading…" and MARKUP in str(model.data(index)))
    for role in (Qt.ItemDataRole.DisplayRole, SECOND_LINE_ROLE):
        shown = str(model.data(index, role))
        assert _no_controls(shown)
    tip = str(model.data(index, Qt.ItemDataRole.ToolTipRole))
    # Explicit rich text with the title escaped: shown literally, never as an image.
    assert tip.startswith("<p") and "<img" not in tip and html.escape(MARKUP) in tip
    for column in range(1, model.columnCount()):
        value = model.data(model.index(0, column))
        assert value is None or _no_controls(str(value))


def test_tag_tree_shows_markup_literally(qtbot: QtBot) -> None:
    model = TagTreeModel()
    model.set_tags([TagRecord(path=f"a/{TAG_MARKUP}", count=2)])
    parent = model.index(0, 0)
    child = model.index(0, 0, parent)
    assert model.data(child) == TAG_MARKUP
    tip = str(model.data(child, Qt.ItemDataRole.ToolTipRole))
    assert "<img" not in tip and html.escape(TAG_MARKUP) in tip


def test_dialog_labels_and_tooltips_are_plain(qtbot: QtBot) -> None:
    runner = TaskRunner()
    bar = TagBar(runner, TAG_COLORS)
    qtbot.addWidget(bar)
    record = replace(_record(), tags=(TAG_MARKUP,))
    bar.follow([record.id], record)
    chips = bar.findChildren(ChipButton)
    assert [c.path for c in chips] == [TAG_MARKUP]
    # Button text is never rich text; the tooltip is escaped explicit rich text.
    assert TAG_MARKUP in chips[0].text()
    assert "<img" not in chips[0].toolTip() and html.escape(TAG_MARKUP) in chips[0].toolTip()
    runner.shutdown()
    save = SaveUrlDialog([])
    qtbot.addWidget(save)
    assert save.error.textFormat() == Qt.TextFormat.PlainText
    field = SearchField()
    qtbot.addWidget(field)
    field.set_error(f"bad query {MARKUP}")
    assert "<img" not in field.toolTip() and html.escape(MARKUP) in field.toolTip()
    assert tooltip() == ""


def test_status_bar_messages_are_one_plain_line(qtbot: QtBot) -> None:
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.post(f"Saved {HOSTILE}")
    assert _no_controls(bar.currentMessage()) and MARKUP in bar.currentMessage()
    assert bar.activity_label.textFormat() == Qt.TextFormat.PlainText
