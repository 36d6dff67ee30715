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
    """A row selected with RECORD_COLUMNS as an ArticleRecord."""
    return ArticleRecord(
        id=int(row[0]),
        url=row[1],
        title=row[2],
        site=row[3],
        author=row[4],
        published=from_db(row[5]),
        saved=from_db(row[6]) or utcnow(),
        read=bool(row[7]),
        favorite=bool(row[8]),
        archived=bool(row[9]),
        trashed=row[10] is not None,
        tags=split_tags(row[11]),
        word_count=int(row[12] or 0),
        reading_minutes=int(row[13] or 0),
        excerpt=row[14],
        language=row[15],
        fetch_status=row[16],
        snippet=snippet,
    )
