"""Frozen records that services hand to the window and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class ArticleRecord:
    """One article as a list row: metadata and state, no body."""

    id: int
    url: str
    title: str
    site: str | None
    author: str | None
    published: datetime | None
    saved: datetime
    read: bool
    favorite: bool
    archived: bool
    trashed: bool
    tags: tuple[str, ...]
    word_count: int
    reading_minutes: int
    excerpt: str | None = None
    language: str | None = None
    fetch_status: str = "done"
    snippet: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape of PRODUCT.md (`list --json`, `search --json`)."""
        data: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "site": self.site,
            "author": self.author,
            "published": _iso(self.published),
            "saved": _iso(self.saved),
            "read": self.read,
            "favorite": self.favorite,
            "archived": self.archived,
            "trashed": self.trashed,
            "tags": list(self.tags),
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
            "excerpt": self.excerpt,
            "language": self.language,
            "fetch_status": self.fetch_status,
        }
        if self.snippet is not None:
            data["snippet"] = self.snippet
        return data


@dataclass(frozen=True)
class AssetRecord:
    """A file stored for an article (image, raw page snapshot, original PDF)."""

    sha256: str
    mime: str
    bytes: int
    role: str
    source_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "mime": self.mime,
            "bytes": self.bytes,
            "role": self.role,
            "source_url": self.source_url,
        }


@dataclass(frozen=True)
class HighlightRecord:
    """A passage the reader marked, with an optional note."""

    id: int
    article_id: int
    quote: str
    note: str | None
    color: str
    prefix: str
    suffix: str
    position: int | None
    created: datetime
    placed: bool = True  # False: the quote is not in the current body (kept, listed apart)
    updated: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "quote": self.quote,
            "note": self.note,
            "color": self.color,
            "position": self.position,
            "placed": self.placed,
            "created": _iso(self.created),
        }


@dataclass(frozen=True)
class LibraryHighlight:
    """A highlight with the article it belongs to (the library-wide Highlights view)."""

    highlight: HighlightRecord
    article_title: str
    article_url: str
    article_tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            **self.highlight.to_json(),
            "article_title": self.article_title,
            "article_url": self.article_url,
            "article_tags": list(self.article_tags),
        }


@dataclass(frozen=True)
class SummaryRecord:
    """A computed summary: its sentences and the method that wrote it."""

    text: str
    method: str
    version: str
    created: datetime | None = None
    #: Why this is not the summary asked for (an LLM that failed), shown to the reader.
    note: str | None = None

    @property
    def points(self) -> tuple[str, ...]:
        """The "key points" form: the same sentences, one item each."""
        return tuple(line.strip() for line in self.text.splitlines() if line.strip())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "method": self.method, "version": self.version}
        data["points"] = list(self.points)
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class ArticleDetail:
    """One article in full: the list row plus body, summary, highlights and assets."""

    record: ArticleRecord
    given_url: str
    final_url: str | None
    canonical_url: str | None
    body_markdown: str
    body_text: str
    updated: datetime | None
    reading_progress: float
    fetch_error: str | None
    summary: SummaryRecord | None
    highlights: tuple[HighlightRecord, ...] = ()
    assets: tuple[AssetRecord, ...] = ()
    description: str | None = None
    lead_image: str | None = None
    reading_anchor: str | None = None  # the block the reader was at (see ui/reader/position)
    #: The person's own note on the article (imported from Karakeep, Omnivore…).
    note: str | None = None

    @property
    def id(self) -> int:
        return self.record.id

    def to_json(self) -> dict[str, Any]:
        """`show --json`: the list shape plus body, summary, highlights and assets."""
        data = self.record.to_json()
        data.update(
            {
                "given_url": self.given_url,
                "final_url": self.final_url,
                "canonical_url": self.canonical_url,
                "updated": _iso(self.updated),
                "reading_progress": self.reading_progress,
                "fetch_error": self.fetch_error,
                "description": self.description,
                "note": self.note,
                "body_markdown": self.body_markdown,
                "summary": self.summary.to_json() if self.summary else None,
                "highlights": [h.to_json() for h in self.highlights],
                "assets": [a.to_json() for a in self.assets],
            }
        )
        return data


@dataclass(frozen=True)
class TagRecord:
    """A tag with the number of live (not trashed) articles carrying it."""

    path: str
    count: int
    color: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "count": self.count, "color": self.color}


@dataclass(frozen=True)
class SearchPage:
    """A page of results plus the total count of matches."""

    items: tuple[ArticleRecord, ...]
    total: int
    terms: tuple[str, ...] = field(default=())
