"""Raindrop.io CSV: id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_tag,
    clean_text,
    clean_title,
    parse_bool,
    parse_date,
    split_tags,
    unique_tags,
)
from app.interop.importers.csv_items import read_csv_items
from app.interop.importers.textio import CsvRow
from app.interop.records import ImportedHighlight, ImportedItem

REQUIRED = ("url", "folder", "created")
# Raindrop's default collection says nothing about the item.
_NO_FOLDER = ("", "unsorted")
_HIGHLIGHT = re.compile(r"^\s*Highlight:\s?", re.IGNORECASE | re.MULTILINE)
_NOTE = re.compile(r"^\s*Note:\s?", re.IGNORECASE | re.MULTILINE)


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a Raindrop CSV, streamed; the folder path becomes a tag path."""
    return read_csv_items(path, report, REQUIRED, "Raindrop", _item)


def _item(row: CsvRow, url: str) -> ImportedItem:
    folder = clean_text(row.get("folder")) or ""
    folder_tag = None if folder.lower() in _NO_FOLDER else clean_tag(folder)
    title = clean_title(row.get("title"), url)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags([folder_tag, *split_tags(row.get("tags"), ",")]),
        saved=parse_date(row.get("created")),
        favorite=parse_bool(row.get("favorite")),
        description=clean_text(row.get("excerpt")),
        note=clean_text(row.get("note")),
        highlights=parse_highlights(row.get("highlights")),
        source_line=row.where,
    )


def parse_highlights(value: str) -> tuple[ImportedHighlight, ...]:
    """Highlights from Raindrop's text cell: "Highlight: …" blocks, each with an optional
    "Note: …" line."""
    if not value.strip():
        return ()
    blocks = [b for b in _HIGHLIGHT.split(value) if b.strip()]
    highlights = []
    for block in blocks:
        parts = _NOTE.split(block, maxsplit=1)
        quote = parts[0]
        note = parts[1] if len(parts) > 1 else ""
        text = clean_text(quote)
        if text:
            highlights.append(ImportedHighlight(quote=text, note=clean_text(note)))
    return tuple(highlights)
