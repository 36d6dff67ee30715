"""Pocket's CSV export (title,url,time_added[,cursor],tags,status), alone or inside pocket.zip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from app.interop.importers.common import (
    Report,
    clean_text,
    clean_title,
    parse_timestamp,
    split_tags,
    unique_tags,
)
from app.interop.importers.csv_items import row_url
from app.interop.importers.textio import CsvRow, iter_csv
from app.interop.records import ImportedItem

REQUIRED = ("url",)


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a single Pocket CSV, streamed row by row."""
    with path.open("rb") as stream:
        yield from read_stream(stream, report)


def read_stream(stream: IO[bytes], report: Report, where: str = "") -> Iterator[ImportedItem]:
    """Items of one Pocket CSV stream (a file or a part_*.csv zip entry)."""
    for row in iter_csv(stream, report, REQUIRED, "Pocket", where):
        item = item_from_row(row, report, where)
        if item is not None:
            yield item


def item_from_row(row: CsvRow, report: Report, where: str = "") -> ImportedItem | None:
    """One Pocket row as an item; None (reported) when it has no usable URL."""
    location = f"{where}{row.where}"
    url = row_url(row, report, location)
    if url is None:
        return None
    title = clean_title(row.get("title"), url)
    # Pocket writes the URL as the title when it never learnt one.
    if title == url:
        title = None
    # Pocket's "archive" is its "mark as read".
    archived = (clean_text(row.get("status")) or "").lower() in ("archive", "archived", "read")
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags(split_tags(row.get("tags"), "|")),
        saved=parse_timestamp(row.get("time_added")),
        read=archived,
        archived=archived,
        source_line=location,
    )
