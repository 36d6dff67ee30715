"""Linkwarden backup.json: collections (nested through parentId) become tag paths."""

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
    parse_date,
    tree_paths,
    unique_tags,
    url_problem,
)
from app.interop.importers.textio import load_json
from app.interop.records import ImportedItem


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of every link in every collection, each tagged with its collection's path."""
    with path.open("rb") as stream:
        data = load_json(stream, report)
    collections = data.get("collections") if isinstance(data, dict) else None
    if not isinstance(collections, list):
        raise report.error("not a Linkwarden backup: expected an object with 'collections'")
    paths = tree_paths(collections)
    for c_index, collection in enumerate(collections, start=1):
        if not isinstance(collection, dict):
            continue
        folder = paths.get(str(collection.get("id")))
        links = collection.get("links")
        for l_index, link in enumerate(links if isinstance(links, list) else [], start=1):
            where = f"collection {c_index}: link {l_index}"
            if not isinstance(link, dict):
                report.skip(where, "not a JSON object")
                continue
            item = _item(link, folder, report, where)
            if item is not None:
                yield item


def _item(
    link: dict[str, Any], folder: str | None, report: Report, where: str
) -> ImportedItem | None:
    url = clean_url(link.get("url"))
    if url is None:
        report.skip(where, url_problem(link.get("url")))
        return None
    raw_tags = link.get("tags")
    tags = [
        clean_tag(t.get("name") if isinstance(t, dict) else t)
        for t in (raw_tags if isinstance(raw_tags, list) else [])
    ]
    title = clean_title(link.get("name"), url)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags([folder, *tags]),
        saved=parse_date(link.get("createdAt")),
        updated=parse_date(link.get("updatedAt")),
        description=clean_text(link.get("description")),
        content_text=clean_text(link.get("textContent")),
        source_line=where,
    )
