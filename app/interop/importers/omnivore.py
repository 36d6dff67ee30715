"""Omnivore's zip export: metadata_*.json, content/<slug>.html and highlights/<slug>.md."""

from __future__ import annotations

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
    parse_date,
    progress,
    unique_tags,
    url_problem,
)
from app.interop.importers.safezip import SafeZip
from app.interop.importers.textio import decode_bytes, load_json
from app.interop.records import ImportedAsset, ImportedHighlight, ImportedItem

_METADATA = re.compile(r"(?:^|/)metadata_(\d+)(?:_to_\d+)?\.json$", re.IGNORECASE)
_CONTENT = re.compile(r"(?:^|/)contents?/([^/]+)\.(html|pdf)$", re.IGNORECASE)
_HIGHLIGHTS = re.compile(r"(?:^|/)highlights/([^/]+)\.md$", re.IGNORECASE)
# Omnivore ends a quote with a link back to the highlight: "[⤴️](https://omnivore.app/…)".
_BACKLINK = re.compile(r"\s*\[[^\]]*\]\(https?://[^)]*\)\s*$")
_LABELS = re.compile(r"^#\S+(\s+#\S+)*$")


@dataclass
class _Files:
    html: str | None = None
    pdf: str | None = None
    highlights: str | None = None
    extra: list[str] = field(default_factory=list)


def metadata_names(names: list[str]) -> list[str]:
    """The metadata files of an Omnivore zip, in the order of their first item."""
    found = [n for n in names if _METADATA.search(n)]
    return sorted(found, key=lambda n: (int(_METADATA.search(n)[1]), n))  # type: ignore[index]


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items with their readable HTML and highlights, without fetching anything.

    A PDF saved in Omnivore comes as an asset named "<slug>.pdf" with no HTML.
    """
    with SafeZip(path, report) as archive:
        metadata = metadata_names(archive.names)
        if not metadata:
            raise report.error("no metadata_*.json in this zip; is it an Omnivore export?")
        files = _index(archive.names)
        for name in metadata:
            with archive.open(name) as stream:
                entries = load_json(stream, report, f"entry {name}")
            if not isinstance(entries, list):
                raise archive.error(name, "expected a JSON array of articles")
            for index, entry in enumerate(entries, start=1):
                where = f"entry {name}: article {index}"
                if not isinstance(entry, dict):
                    report.skip(where, "not a JSON object")
                    continue
                item = _item(archive, entry, files, where)
                if item is not None:
                    yield item


def _index(names: list[str]) -> dict[str, _Files]:
    files: dict[str, _Files] = {}
    for name in names:
        content = _CONTENT.search(name)
        if content:
            entry = files.setdefault(content[1], _Files())
            if content[2].lower() == "html":
                entry.html = name
            else:
                entry.pdf = name
            continue
        marks = _HIGHLIGHTS.search(name)
        if marks:
            files.setdefault(marks[1], _Files()).highlights = name
    return files


def _item(
    archive: SafeZip, entry: dict[str, Any], files: dict[str, _Files], where: str
) -> ImportedItem | None:
    url = clean_url(entry.get("url"))
    if url is None:
        archive.report.skip(where, url_problem(entry.get("url")))
        return None
    slug = clean_text(entry.get("slug")) or ""
    found = files.get(slug, _Files())
    html = None
    if found.html:
        html = clean_text(decode_bytes(archive.read(found.html), found.html))
    assets: tuple[ImportedAsset, ...] = ()
    if found.pdf and html is None:
        assets = (ImportedAsset(f"{slug}.pdf", archive.read(found.pdf), "application/pdf"),)
    highlights: tuple[ImportedHighlight, ...] = ()
    if found.highlights:
        highlights = parse_highlights(
            decode_bytes(archive.read(found.highlights), found.highlights)
        )
    state = (clean_text(entry.get("state")) or "").lower()
    reading = progress(entry.get("readingProgress"), 100)
    archived = state == "archived"
    title = clean_title(entry.get("title"), url)
    return ImportedItem(
        url=url,
        title=title,
        tags=unique_tags(_labels(entry.get("labels"))),
        saved=parse_date(entry.get("savedAt")),
        updated=parse_date(entry.get("updatedAt")),
        published=parse_date(entry.get("publishedAt")),
        read=archived or (reading is not None and reading >= 1.0),
        archived=archived,
        author=clean_text(entry.get("author")),
        description=clean_text(entry.get("description")),
        content_html=html,
        highlights=highlights,
        assets=assets,
        reading_progress=reading,
        source_line=where,
    )


def _labels(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    labels = []
    for label in value:
        name = label.get("name") if isinstance(label, dict) else label
        cleaned = clean_tag(name) if isinstance(name, str) else None
        if cleaned:
            labels.append(cleaned)
    return labels


def parse_highlights(text: str) -> tuple[ImportedHighlight, ...]:
    """Highlights from an Omnivore highlights/<slug>.md.

    A block starts with "> quote" lines; "#label" lines follow (dropped: highlights carry no
    labels here); the rest, up to the next "> " block, is the note.
    """
    highlights: list[ImportedHighlight] = []
    quote: list[str] = []
    note: list[str] = []

    def finish() -> None:
        joined = clean_text("\n".join(quote))
        if joined:
            highlights.append(ImportedHighlight(quote=joined, note=clean_text("\n".join(note))))

    in_quote = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            if not in_quote:
                finish()
                quote, note = [], []
                in_quote = True
            quote.append(_BACKLINK.sub("", stripped[1:].strip()))
            continue
        in_quote = False
        if not quote or _LABELS.match(stripped):
            continue
        note.append(line.rstrip())
    finish()
    return tuple(highlights)
