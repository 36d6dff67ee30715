"""Matter CSV: Title,Author,Publisher,URL,Tags,Word Count,In Queue,Favorited,Read,…"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_text,
    clean_title,
    parse_bool,
    parse_date,
    split_tags,
    unique_tags,
)
from app.interop.importers.csv_items import read_csv_items
from app.interop.importers.textio import CsvRow
from app.interop.records import ImportedItem

REQUIRED = ("url", "title", "in queue")


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a Matter CSV, streamed; an item no longer in the queue counts as archived."""
    return read_csv_items(path, report, REQUIRED, "Matter", _item)


def _item(row: CsvRow, url: str) -> ImportedItem:
    title = clean_title(row.get("title"), url)
    in_queue = clean_text(row.get("in queue"))
    read_value = clean_text(row.get("read"))
    # "Read" is a flag in some exports and the date it was finished in others.
    read = parse_bool(read_value) or (read_value is not None and parse_date(read_value) is not None)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags(split_tags(row.get("tags"), ";")),
        saved=parse_date(row.get("date saved") or row.get("saved")),
        published=parse_date(row.get("published date") or row.get("published")),
        read=read,
        archived=in_queue is not None and not parse_bool(in_queue),
        favorite=parse_bool(row.get("favorited")),
        author=clean_text(row.get("author")),
        site=clean_text(row.get("publisher")),
        source_line=row.where,
    )
