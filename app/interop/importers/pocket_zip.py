"""Pocket's zip export: every part_*.csv, with annotations/*.json highlights joined by URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.interop.importers import pocket_csv
from app.interop.importers.common import Report, clean_text, clean_url, parse_timestamp
from app.interop.importers.safezip import SafeZip
from app.interop.importers.textio import load_json
from app.interop.records import ImportedHighlight, ImportedItem

_PART = re.compile(r"(?:^|/)part_(\d+)\.csv$", re.IGNORECASE)
_ANNOTATIONS = re.compile(r"(?:^|/)annotations/[^/]+\.json$", re.IGNORECASE)


def part_names(names: list[str]) -> list[str]:
    """The CSV parts of a Pocket zip in numeric order."""
    parts = [n for n in names if _PART.search(n)]
    return sorted(parts, key=lambda n: (int(_PART.search(n)[1]), n))  # type: ignore[index]


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of every CSV part, each with the highlights the annotations give for its URL.

    Annotations whose URL no CSV row has still become items, so no highlight is lost.
    """
    with SafeZip(path, report) as archive:
        parts = part_names(archive.names)
        if not parts:
            raise report.error("no part_*.csv in this zip; is it a Pocket export?")
        annotations = _load_annotations(archive)
        for name in parts:
            with archive.open(name) as stream:
                for item in pocket_csv.read_stream(stream, report, f"{name}: "):
                    entry = annotations.pop(item.url, None)
                    if entry is not None:
                        item = replace(item, highlights=entry[1])
                    yield item
        for url, (title, highlights) in annotations.items():
            yield ImportedItem(
                url=url, title=title, highlights=highlights, source_line="annotations"
            )


def _load_annotations(
    archive: SafeZip,
) -> dict[str, tuple[str | None, tuple[ImportedHighlight, ...]]]:
    found: dict[str, tuple[str | None, tuple[ImportedHighlight, ...]]] = {}
    for name in sorted(n for n in archive.names if _ANNOTATIONS.search(n)):
        with archive.open(name) as stream:
            data = load_json(stream, archive.report, f"entry {name}")
        if not isinstance(data, list):
            raise archive.error(name, "expected a JSON array of annotated articles")
        for index, entry in enumerate(data, start=1):
            _add_entry(found, entry, archive.report, f"entry {name}: article {index}")
    return found


def _add_entry(
    found: dict[str, tuple[str | None, tuple[ImportedHighlight, ...]]],
    entry: Any,
    report: Report,
    where: str,
) -> None:
    if not isinstance(entry, dict):
        report.skip(where, "not an object")
        return
    url = clean_url(entry.get("url"))
    if url is None:
        report.skip(where, "annotation without an http(s) URL")
        return
    highlights = []
    for mark in entry.get("highlights") or []:
        quote = clean_text(mark.get("quote")) if isinstance(mark, dict) else None
        if quote is None:
            continue
        highlights.append(
            ImportedHighlight(quote=quote, created=parse_timestamp(mark.get("created_at")))
        )
    title, previous = found.get(url, (clean_text(entry.get("title")), ()))
    found[url] = (title, previous + tuple(highlights))
