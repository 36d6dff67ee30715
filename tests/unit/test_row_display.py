"""RowDisplay: every string a list row shows, worked out from one record."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.records import ArticleRecord
from app.ui.models.row_display import (
    MAX_ROW_CHIPS,
    RowDisplay,
    short_date,
    snippet_parts,
    state_text,
    title_marks,
)


def make(**changes: object) -> ArticleRecord:
    values: dict[str, object] = {
        "id": 1,
        "url": "https://www.example.org/a/b",
        "title": "A  title\nwith breaks",
        "site": "",
        "author": None,
        "published": None,
        "saved": datetime(2025, 3, 4, 12, tzinfo=UTC),
        "read": False,
        "favorite": False,
        "archived": False,
        "trashed": False,
        "tags": ("a/b", "c", "d", "e", "f"),
        "word_count": 900,
        "reading_minutes": 0,
        "excerpt": "An excerpt",
    }
    values.update(changes)
    return ArticleRecord(**values)  # type: ignore[arg-type]


def test_build_works_out_every_cell_once() -> None:
    shown = RowDisplay.build(make())
    title, site, saved, minutes, tags, state = shown.cells
    assert title == "A title with breaks"  # one line
    assert site == "example.org"  # no site name: the URL's host without www.
    assert saved == short_date(shown.record.saved)
    assert minutes == ""  # no reading time known
    assert tags == "a/b, c, d, e, f"
    assert state == "●"
    assert shown.chips == ("a/b", "c", "d", "e")[:MAX_ROW_CHIPS]
    assert shown.bold and shown.marks == "" and shown.runs == [("An excerpt", False)]


def test_a_snippet_wins_over_the_excerpt_and_keeps_its_hits() -> None:
    shown = RowDisplay.build(make(snippet="…the ⟦word⟧ and ⟦more", reading_minutes=3))
    assert shown.second_line == "…the ⟦word⟧ and ⟦more"
    assert shown.runs == [("…the ", False), ("word", True), (" and more", False)]
    assert shown.cells[3] == "3 min"
    assert snippet_parts("") == []


def test_state_words_and_title_marks() -> None:
    record = make(read=True, favorite=True, trashed=True, archived=True, fetch_status="failed")
    assert state_text(record) == "★ Trashed Failed"
    assert title_marks(record) == "failed  trashed  ★"
    archived = make(archived=True, fetch_status="done")
    assert state_text(archived) == "● Archived"
    assert title_marks(archived) == "archived"
