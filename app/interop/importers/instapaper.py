"""Instapaper CSV: URL,Title,Selection,Folder and, in current exports, Timestamp,Tags."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_tag,
    clean_text,
    clean_title,
    parse_timestamp,
    split_tags,
    unique_tags,
)
from app.interop.importers.csv_items import read_csv_items
from app.interop.importers.textio import CsvRow
from app.interop.records import ImportedItem

REQUIRED = ("url", "title", "folder")
_STATE_FOLDERS = ("unread", "archive", "starred")


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of an Instapaper CSV, streamed.

    Archive means read and archived, Starred means favourite; any other folder becomes a tag.
    The Selection (text selected when saving) becomes the description.
    """
    return read_csv_items(path, report, REQUIRED, "Instapaper", _item)


def _item(row: CsvRow, url: str) -> ImportedItem:
    folder = clean_text(row.get("folder")) or ""
    state = folder.lower()
    tags = [] if state in _STATE_FOLDERS else [clean_tag(folder)]
    title = clean_title(row.get("title"), url)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags([*tags, *_tags(row.get("tags"))]),
        saved=parse_timestamp(row.get("timestamp")),
        read=state == "archive",
        archived=state == "archive",
        favorite=state == "starred",
        description=clean_text(row.get("selection")),
        source_line=row.where,
    )


def _tags(value: str) -> list[str]:
    """Tags from a JSON array string; a plain comma list is accepted too."""
    text = value.strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return split_tags(text, ",")
    if isinstance(data, list):
        return [t for t in (clean_tag(v) for v in data if isinstance(v, str)) if t]
    return []
