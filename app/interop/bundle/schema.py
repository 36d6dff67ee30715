"""One manifest line: an `ArticleDetail` to JSON and back, checking the type of every field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.errors import InputError
from app.domain.records import (
    ArticleDetail,
    ArticleRecord,
    AssetRecord,
    HighlightRecord,
    SummaryRecord,
)
from app.interop.bundle.format import SHA256


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def article_to_json(detail: ArticleDetail, included: dict[str, bool]) -> dict[str, Any]:
    """Every field of the article, its record, summary, highlights and assets."""
    rec = detail.record
    summary = detail.summary
    return {
        "id": rec.id,
        "url": rec.url,
        "given_url": detail.given_url,
        "final_url": detail.final_url,
        "canonical_url": detail.canonical_url,
        "title": rec.title,
        "site": rec.site,
        "author": rec.author,
        "language": rec.language,
        "published": _iso(rec.published),
        "saved": _iso(rec.saved),
        "updated": _iso(detail.updated),
        "read": rec.read,
        "favorite": rec.favorite,
        "archived": rec.archived,
        "trashed": rec.trashed,
        "tags": list(rec.tags),
        "word_count": rec.word_count,
        "reading_minutes": rec.reading_minutes,
        "excerpt": rec.excerpt,
        "description": detail.description,
        "lead_image": detail.lead_image,
        "note": detail.note,
        "snippet": rec.snippet,
        "reading_progress": detail.reading_progress,
        "reading_anchor": detail.reading_anchor,
        "fetch_status": rec.fetch_status,
        "fetch_error": detail.fetch_error,
        "summary": None
        if summary is None
        else {
            "text": summary.text,
            "method": summary.method,
            "version": summary.version,
            "created": _iso(summary.created),
        },
        "highlights": [
            {
                "id": h.id,
                "article_id": h.article_id,
                "quote": h.quote,
                "note": h.note,
                "color": h.color,
                "prefix": h.prefix,
                "suffix": h.suffix,
                "position": h.position,
                "placed": h.placed,
                "created": _iso(h.created),
                "updated": _iso(h.updated),
            }
            for h in detail.highlights
        ],
        "assets": [
            {
                "sha256": a.sha256,
                "mime": a.mime,
                "bytes": a.bytes,
                "role": a.role,
                "source_url": a.source_url,
                "included": included.get(a.sha256, False),
            }
            for a in detail.assets
        ],
    }


class Fields:
    """Typed access to one JSON object, raising InputError that names the entry and key."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object")
        self.data: dict[str, Any] = data
        self.where = where

    def _get(self, key: str) -> Any:
        if key not in self.data:
            raise InputError(f"{self.where}: {key!r} is missing")
        return self.data[key]

    def _bad(self, key: str, expected: str) -> InputError:
        return InputError(f"{self.where}: {key!r} must be {expected}")

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._bad(key, "a string")
        return value

    def opt_text(self, key: str) -> str | None:
        value = self._get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a string or null")
        return value

    def integer(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._bad(key, "an integer")
        return value

    def opt_integer(self, key: str) -> int | None:
        if self._get(key) is None:
            return None
        return self.integer(key)

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false")
        return value

    def number(self, key: str) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._bad(key, "a number")
        return float(value)

    def moment(self, key: str) -> datetime:
        value = self.text(key)
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise self._bad(key, "an ISO 8601 date and time")

    def opt_moment(self, key: str) -> datetime | None:
        if self._get(key) is None:
            return None
        return self.moment(key)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(key, "a list of strings")
        return tuple(value)

    def objects(self, key: str) -> list[Fields]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return [Fields(item, f"{self.where}: {key}[{i}]") for i, item in enumerate(value)]

    def opt_object(self, key: str) -> Fields | None:
        value = self._get(key)
        if value is None:
            return None
        return Fields(value, f"{self.where}: {key}")


def article_from_json(entry: Fields, body: str, text: str) -> tuple[ArticleDetail, tuple[str, ...]]:
    """Builds the ArticleDetail of one manifest line; also returns its missing assets."""
    record = ArticleRecord(
        id=entry.integer("id"),
        url=entry.text("url"),
        title=entry.text("title"),
        site=entry.opt_text("site"),
        author=entry.opt_text("author"),
        published=entry.opt_moment("published"),
        saved=entry.moment("saved"),
        read=entry.flag("read"),
        favorite=entry.flag("favorite"),
        archived=entry.flag("archived"),
        trashed=entry.flag("trashed"),
        tags=entry.strings("tags"),
        word_count=entry.integer("word_count"),
        reading_minutes=entry.integer("reading_minutes"),
        excerpt=entry.opt_text("excerpt"),
        language=entry.opt_text("language"),
        fetch_status=entry.text("fetch_status"),
        snippet=entry.opt_text("snippet"),
    )
    summary_fields = entry.opt_object("summary")
    summary = (
        None
        if summary_fields is None
        else SummaryRecord(
            text=summary_fields.text("text"),
            method=summary_fields.text("method"),
            version=summary_fields.text("version"),
            created=summary_fields.opt_moment("created"),
        )
    )
    highlights = tuple(
        HighlightRecord(
            id=h.integer("id"),
            article_id=h.integer("article_id"),
            quote=h.text("quote"),
            note=h.opt_text("note"),
            color=h.text("color"),
            prefix=h.text("prefix"),
            suffix=h.text("suffix"),
            position=h.opt_integer("position"),
            created=h.moment("created"),
            updated=h.opt_moment("updated") if "updated" in h.data else None,
            # Bundles from before the flag existed: a highlight with a position was placed.
            placed=(
                h.flag("placed") if "placed" in h.data else h.opt_integer("position") is not None
            ),
        )
        for h in entry.objects("highlights")
    )
    assets: list[AssetRecord] = []
    missing: list[str] = []
    for a in entry.objects("assets"):
        sha = a.text("sha256")
        if not a.flag("included"):
            missing.append(sha)
        elif not SHA256.fullmatch(sha):
            raise InputError(f"{a.where}: 'sha256' must be 64 lower-case hex digits")
        assets.append(
            AssetRecord(
                sha256=sha,
                mime=a.text("mime"),
                bytes=a.integer("bytes"),
                role=a.text("role"),
                source_url=a.opt_text("source_url"),
            )
        )
    detail = ArticleDetail(
        record=record,
        given_url=entry.text("given_url"),
        final_url=entry.opt_text("final_url"),
        canonical_url=entry.opt_text("canonical_url"),
        body_markdown=body,
        body_text=text,
        updated=entry.opt_moment("updated"),
        reading_progress=entry.number("reading_progress"),
        fetch_error=entry.opt_text("fetch_error"),
        summary=summary,
        highlights=highlights,
        assets=tuple(assets),
        description=entry.opt_text("description"),
        lead_image=entry.opt_text("lead_image"),
        # Added after the first bundles were written: optional.
        reading_anchor=entry.opt_text("reading_anchor") if "reading_anchor" in entry.data else None,
        # Optional: bundles written before notes travelled have no such key.
        note=entry.opt_text("note") if "note" in entry.data else None,
    )
    return detail, tuple(missing)
