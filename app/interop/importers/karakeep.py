"""Karakeep (formerly Hoarder) JSON: bookmarks whose lists become tag paths via parentId."""

from __future__ import annotations

import hashlib
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
    parse_timestamp,
    tree_paths,
    unique_tags,
    url_problem,
)
from app.interop.importers.textio import load_json
from app.interop.records import ImportedItem

TEXT_URL_PREFIX = "urn:broadsheet:text:"


def text_url(text: str) -> str:
    """The stable stand-in URL of a text bookmark, which has no page of its own."""
    return TEXT_URL_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a Karakeep export (read whole: its lists come after its bookmarks).

    Link bookmarks keep their URL. Text bookmarks carry their text as ``content_text`` and a
    stand-in ``urn:broadsheet:text:<hash>`` URL, which must never be fetched. Asset bookmarks
    (uploaded images and PDFs) are skipped: the export holds no file for them.
    """
    with path.open("rb") as stream:
        data = load_json(stream, report)
    if not isinstance(data, dict) or not isinstance(data.get("bookmarks"), list):
        raise report.error("not a Karakeep export: expected an object with 'bookmarks'")
    lists = tree_paths(data.get("lists"))
    for index, bookmark in enumerate(data["bookmarks"], start=1):
        where = f"bookmark {index}"
        if not isinstance(bookmark, dict):
            report.skip(where, "not a JSON object")
            continue
        item = _item(bookmark, lists, report, where)
        if item is not None:
            yield item


def _item(
    bookmark: dict[str, Any], lists: dict[str, str], report: Report, where: str
) -> ImportedItem | None:
    content = bookmark.get("content")
    kind = content.get("type") if isinstance(content, dict) else None
    text = None
    if kind == "text":
        text = clean_text(content.get("text")) if isinstance(content, dict) else None
        if text is None:
            report.skip(where, "empty text bookmark")
            return None
        url = text_url(text)
    elif kind == "link" and isinstance(content, dict):
        url_value = content.get("url")
        found = clean_url(url_value)
        if found is None:
            report.skip(where, url_problem(url_value))
            return None
        url = found
    else:
        report.skip(where, f"{kind or 'empty'} bookmark has no URL to import")
        return None
    tags = [clean_tag(t.get("name") if isinstance(t, dict) else t) for t in _list(bookmark, "tags")]
    in_lists = [lists.get(str(i)) for i in _list(bookmark, "lists")]
    archived = parse_bool(bookmark.get("archived"))
    return ImportedItem(
        url=url,
        title=clean_title(bookmark.get("title"), url),
        tags=unique_tags([*in_lists, *tags]),
        saved=parse_timestamp(bookmark.get("createdAt")),
        archived=archived,
        favorite=parse_bool(bookmark.get("favourited") or bookmark.get("favorited")),
        note=clean_text(bookmark.get("note")),
        content_text=text,
        source_line=where,
    )


def _list(bookmark: dict[str, Any], key: str) -> list[Any]:
    value = bookmark.get(key)
    return value if isinstance(value, list) else []
