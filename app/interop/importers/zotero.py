"""Zotero CSV (UTF-8 with BOM): items with a Url; authors, tags, abstract and dates kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_text,
    clean_title,
    clean_url,
    parse_date,
    split_tags,
    unique_tags,
    url_problem,
)
from app.interop.importers.textio import CsvRow, iter_csv
from app.interop.records import ImportedItem

REQUIRED = ("key", "item type", "url")


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a Zotero CSV, streamed; items without a web URL (books) are skipped."""
    with path.open("rb") as stream:
        for row in iter_csv(stream, report, REQUIRED, "Zotero"):
            item = _item(row, report)
            if item is not None:
                yield item


def _item(row: CsvRow, report: Report) -> ImportedItem | None:
    url = clean_url(row.get("url"))
    if url is None:
        report.skip(row.where, url_problem(row.get("url")))
        return None
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
