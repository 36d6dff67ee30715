"""Readeck's zip export: bookmarks/<UID>/info.json with container/index.html and its images."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.interop.importers.common import (
    Report,
    clean_tag,
    clean_text,
    clean_title,
    clean_url,
    guess_mime,
    parse_bool,
    parse_date,
    progress,
    unique_tags,
    url_problem,
)
from app.interop.importers.safezip import SafeZip
from app.interop.importers.textio import decode_bytes
from app.interop.records import ImportedAsset, ImportedHighlight, ImportedItem

_ENTRY = re.compile(r"^(?:.*/)?bookmarks/([^/]+)/(.+)$")
_CONTAINER = "container/"
_INDEX = "container/index.html"


@dataclass
class _Bookmark:
    info: str | None = None
    index: str | None = None
    assets: list[tuple[str, str]] = field(default_factory=list)  # (name in HTML, zip entry)


def bookmark_entries(names: list[str]) -> dict[str, _Bookmark]:
    """The files of each bookmark of a Readeck zip, by UID, in archive order."""
    found: dict[str, _Bookmark] = {}
    for name in names:
        match = _ENTRY.match(name)
        if not match:
            continue
        uid, rest = match[1], match[2]
        bookmark = found.setdefault(uid, _Bookmark())
        if rest == "info.json":
            bookmark.info = name
        elif rest == _INDEX:
            bookmark.index = name
        elif rest.startswith(_CONTAINER):
            bookmark.assets.append((rest[len(_CONTAINER) :], name))
    return found


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items with their saved HTML and its images as assets, one bookmark at a time.

    Asset names are paths relative to the container ("img/a.jpg", "_resources/b.png"), which
    is how index.html refers to them.
    """
    with SafeZip(path, report) as archive:
        bookmarks = bookmark_entries(archive.names)
        if not any(b.info for b in bookmarks.values()):
            raise report.error("no bookmarks/<id>/info.json in this zip; is it a Readeck export?")
        for uid, files in bookmarks.items():
            if files.info is None:
                report.skip(f"entry bookmarks/{uid}", "no info.json, skipped")
                continue
            item = _item(archive, files, files.info)
            if item is not None:
                yield item


def _item(archive: SafeZip, files: _Bookmark, info_name: str) -> ImportedItem | None:
    where = f"entry {info_name}"
    try:
        info = json.loads(decode_bytes(archive.read(info_name), info_name))
    except json.JSONDecodeError as exc:
        raise archive.error(info_name, f"not valid JSON (line {exc.lineno}: {exc.msg})")
    if not isinstance(info, dict):
        archive.report.skip(where, "not a JSON object")
        return None
    url = clean_url(info.get("URL") or info.get("url"))
    if url is None:
        archive.report.skip(where, url_problem(info.get("URL")))
        return None
    html = None
    assets: tuple[ImportedAsset, ...] = ()
    if files.index:
        html = clean_text(decode_bytes(archive.read(files.index), files.index))
        loaded = []
        for name, entry in files.assets:
            data = archive.read(entry)
            loaded.append(ImportedAsset(name=name, data=data, mime=guess_mime(name, data)))
        assets = tuple(loaded)
    archived = parse_bool(info.get("IsArchived"))
    reading = progress(info.get("ReadProgress"), 100)
    title = clean_title(info.get("Title"), url)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags(clean_tag(v) for v in _list(info.get("Labels")) if isinstance(v, str)),
        saved=parse_date(info.get("Created")),
        updated=parse_date(info.get("Updated")),
        published=parse_date(info.get("Published")),
        read=reading is not None and reading >= 1.0,
        archived=archived,
        favorite=parse_bool(info.get("IsMarked")),
        author=_authors(info.get("Authors")),
        site=clean_text(info.get("SiteName") or info.get("Site")),
        description=clean_text(info.get("Description")),
        language=clean_text(info.get("Lang")),
        content_html=html,
        highlights=_annotations(info.get("Annotations")),
        assets=assets,
        reading_progress=reading,
        source_line=where,
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _authors(value: Any) -> str | None:
    names = [clean_text(v) for v in _list(value) if isinstance(v, str)]
    return ", ".join(n for n in names if n) or None


def _field(data: dict[str, Any], *names: str) -> Any:
    """The first present key: Readeck's Go structs write both "Text" and "text" styles."""
    for name in names:
        if name in data:
            return data[name]
    return None


def _annotations(value: Any) -> tuple[ImportedHighlight, ...]:
    highlights = []
    for mark in _list(value):
        if not isinstance(mark, dict):
            continue
        quote = clean_text(_field(mark, "text", "Text"))
        if quote is None:
            continue
        highlights.append(
            ImportedHighlight(
                quote=quote,
                note=clean_text(_field(mark, "note", "Note")),
                created=parse_date(_field(mark, "created", "Created")),
                color=clean_text(_field(mark, "color", "Color")),
            )
        )
    return tuple(highlights)
