"""Turning article rows into the frozen records services return."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain.records import ArticleRecord
from app.storage.dates import from_db, utcnow

# The columns every list row needs, in the order row_to_record reads them.
RECORD_COLUMNS = (
    "a.id, coalesce(a.final_url, a.given_url), a.title, a.site, a.author, a.published, "
    "a.saved, a.read, a.favorite, a.archived, a.trashed_at, a.tags_text, a.word_count, "
    "a.reading_minutes, a.excerpt, a.language, a.fetch_status"
)


def split_tags(tags_text: str | None) -> tuple[str, ...]:
    """The tag paths stored newline-joined in article.tags_text, sorted."""
    if not tags_text:
        return ()
    return tuple(sorted(filter(None, tags_text.split("\n")), key=str.casefold))


def row_to_record(row: Sequence[Any], snippet: str | None = None) -> ArticleRecord:
    """A row selected with RECORD_COLUMNS as an ArticleRecord.

    Positional arguments: a search page builds 50 of these per keystroke, and 18 keyword
    arguments into a frozen dataclass cost about a fifth more.
    """
    return ArticleRecord(
        int(row[0]),
        row[1],
        row[2],
        row[3],
        row[4],
        from_db(row[5]),
        from_db(row[6]) or utcnow(),
        bool(row[7]),
        bool(row[8]),
        bool(row[9]),
        row[10] is not None,
        split_tags(row[11]),
        int(row[12] or 0),
        int(row[13] or 0),
        row[14],
        row[15],
        row[16],
        snippet,
    )
