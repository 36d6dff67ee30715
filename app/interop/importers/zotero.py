"""Zotero CSV (UTF-8 with BOM): items with a Url; authors, tags, abstract and dates kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_text,
    clean_title,
    parse_date,
    split_tags,
    unique_tags,
)
from app.interop.importers.csv_items import read_csv_items
from app.interop.importers.textio import CsvRow
from app.interop.records import ImportedItem

REQUIRED = ("key", "item type", "url")


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a Zotero CSV, streamed; items without a web URL (books) are skipped."""
    return read_csv_items(path, report, REQUIRED, "Zotero", _item)


def _item(row: CsvRow, url: str) -> ImportedItem:
    tags = [*split_tags(row.get("manual tags"), ";"), *split_tags(row.get("automatic tags"), ";")]
    title = clean_title(row.get("title"), url)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags(tags),
        saved=parse_date(row.get("date added")),
        updated=parse_date(row.get("date modified")),
        published=parse_date(row.get("date")),
        author=authors(row.get("author")),
        site=clean_text(row.get("publication title") or row.get("website title")),
        description=clean_text(row.get("abstract note")),
        note=clean_text(row.get("notes")),
        language=clean_text(row.get("language")),
        source_line=row.where,
    )


def authors(value: str) -> str | None:
    """ "Doe, Jane; Roe, R." as "Jane Doe, R. Roe"."""
    names = []
    for person in value.split(";"):
        last, comma, first = person.partition(",")
        name = f"{first.strip()} {last.strip()}" if comma else last.strip()
        if name.strip():
            names.append(name.strip())
    return ", ".join(names) or None
