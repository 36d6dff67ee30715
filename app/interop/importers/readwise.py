"""Readwise Reader CSV: Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_tag,
    clean_text,
    clean_title,
    parse_date,
    progress,
    split_tags,
    unique_tags,
)
from app.interop.importers.csv_items import row_url
from app.interop.importers.textio import CsvRow, iter_csv
from app.interop.records import ImportedItem

REQUIRED = ("url", "location")
_MAX_TAG_LITERAL = 100_000


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a Reader CSV, streamed; feed entries (Location=feed) are skipped silently,
    since they were never saved. Archive means read and archived; shortlist means favourite.
    """
    with path.open("rb") as stream:
        for row in iter_csv(stream, report, REQUIRED, "Readwise Reader"):
            location = (clean_text(row.get("location")) or "").lower()
            if location == "feed":
                continue
            item = _item(row, location, report)
            if item is not None:
                yield item


def _item(row: CsvRow, location: str, report: Report) -> ImportedItem | None:
    url = row_url(row, report)
    if url is None:
        return None
    title = clean_title(row.get("title"), url)
    done = location == "archive"
    reading = progress(row.get("reading progress"))
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags(parse_tag_list(row.get("document tags"))),
        saved=parse_date(row.get("saved date")),
        read=done or (reading is not None and reading >= 1.0),
        archived=done,
        favorite=location == "shortlist",
        reading_progress=reading,
        source_line=row.where,
    )


def parse_tag_list(value: str) -> list[str]:
    """Tags from a Python list literal ("['a', 'b']"); a comma list is accepted too."""
    text = value.strip()
    if not text:
        return []
    if text.startswith("[") and len(text) <= _MAX_TAG_LITERAL:
        try:
            data = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            data = None
        if isinstance(data, list | tuple):
            return [t for t in (clean_tag(v) for v in data if isinstance(v, str)) if t]
    return split_tags(text.strip("[]"), ",")
