"""Wallabag JSON export (v2 and v1): entries with their article HTML, tags and annotations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.interop.importers.common import (
    Report,
    clean_tag,
    clean_text,
    clean_title,
    clean_url,
    parse_bool,
    parse_date,
    split_tags,
    unique_tags,
    url_problem,
)
from app.interop.importers.textio import iter_json_array
from app.interop.records import ImportedHighlight, ImportedItem


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a Wallabag export, streamed entry by entry (exports with content get large).

    Wallabag's "archived" is its "read", so it sets both flags.
    """
    with path.open("rb") as stream:
        for index, entry in iter_json_array(stream, report, "a wallabag export"):
            where = f"entry {index}"
            if not isinstance(entry, dict):
                report.skip(where, "not a JSON object")
                continue
            item = _item(entry, report, where)
            if item is not None:
                yield item


def _item(entry: dict[str, Any], report: Report, where: str) -> ImportedItem | None:
    raw_url = entry.get("url") or entry.get("given_url") or entry.get("origin_url")
    url = clean_url(raw_url)
    if url is None:
        report.skip(where, url_problem(raw_url))
        return None
    v1 = "is_read" in entry and "is_archived" not in entry
    archived = parse_bool(entry.get("is_read" if v1 else "is_archived"))
    title = clean_title(entry.get("title"), url)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags(_tags(entry.get("tags"))),
        saved=parse_date(entry.get("created_at")),
        updated=parse_date(entry.get("updated_at")),
        published=parse_date(entry.get("published_at")),
        read=archived,
        archived=archived,
        favorite=parse_bool(entry.get("is_fav" if v1 else "is_starred")),
        author=_authors(entry.get("published_by")),
        site=clean_text(entry.get("domain_name")),
        language=clean_text(entry.get("language")),
        content_html=clean_text(entry.get("content")),
        highlights=_annotations(entry.get("annotations")),
        source_line=where,
    )


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return split_tags(value, ",")
    if not isinstance(value, list):
        return []
    tags = []
    for tag in value:
        label = tag.get("label") if isinstance(tag, dict) else tag
        cleaned = clean_tag(label) if isinstance(label, str) else None
        if cleaned:
            tags.append(cleaned)
    return tags


def _authors(value: Any) -> str | None:
    if isinstance(value, list):
        return (
            ", ".join(a for a in (clean_text(v) for v in value if isinstance(v, str)) if a) or None
        )
    return clean_text(value) if isinstance(value, str) else None


def _annotations(value: Any) -> tuple[ImportedHighlight, ...]:
    if not isinstance(value, list):
        return ()
    highlights = []
    for mark in value:
        if not isinstance(mark, dict):
            continue
        quote = clean_text(mark.get("quote"))
        if quote is None:
            continue
        highlights.append(
            ImportedHighlight(
                quote=quote,
                note=clean_text(mark.get("text")),
                created=parse_date(mark.get("created_at")),
            )
        )
    return tuple(highlights)
