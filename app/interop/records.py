"""Plain records that importers yield and the import service persists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ImportedHighlight:
    """One highlight (a quoted passage, optionally with a note) from another tool's export."""

    quote: str
    note: str | None = None
    created: datetime | None = None  # timezone-aware UTC
    color: str | None = None


@dataclass(frozen=True)
class ImportedAsset:
    """A file that travelled with an exported article (an image of a Readeck container)."""

    name: str  # the reference as written in content_html, e.g. "img/abc.jpg"
    data: bytes
    mime: str


@dataclass(frozen=True)
class ImportedItem:
    """One saved article or bookmark as another tool exported it.

    Every date is timezone-aware UTC. Tags are hierarchical paths ("a/b"). ``content_html`` is
    set only when the export carries the article itself, so the service need not fetch it;
    ``content_text`` holds a note-like body that has no page behind it. ``source_line`` says
    where in the file the item came from ("line 12", "entry bookmarks/X/info.json").
    """

    url: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    saved: datetime | None = None
    published: datetime | None = None
    updated: datetime | None = None
    read: bool = False
    archived: bool = False
    favorite: bool = False
    author: str | None = None
    site: str | None = None
    description: str | None = None
    note: str | None = None
    language: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    highlights: tuple[ImportedHighlight, ...] = ()
    assets: tuple[ImportedAsset, ...] = ()
    reading_progress: float | None = None  # 0..1
    source_line: str | None = None
