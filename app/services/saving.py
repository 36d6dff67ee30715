"""Saving articles: from local files now; from URLs through the fetch pipeline.

The order is always: files into the asset store first, then one transaction for the row,
its tags and its asset links. A crash in between leaves only unreferenced files, which
the upkeep sweep removes.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.assetrefs import asset_ref
from app.domain.errors import InputError
from app.domain.tags import normalize_tag, tag_key
from app.ingest.extract import Extraction
from app.ingest.images import too_many_pixels
from app.services.summaries import refresh_summaries
from app.storage import articles as article_sql
from app.storage import content as content_sql
from app.storage import tags as tag_sql
from app.storage.database import Database
from app.storage.dates import utcnow

if TYPE_CHECKING:
    from app.ingest.files import LoadedFile

log = logging.getLogger(__name__)

EXCERPT_CHARS = 240
# A local image beyond this is left out (the reader shows its alt text), like a fetched one.
MAX_LOCAL_IMAGE_BYTES = 25 * 1024 * 1024
SNAPSHOT_MIME = "application/gzip"


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the article id and whether it was new."""

    article_id: int
    created: bool


@dataclass
class PendingAssets:
    """Files written to the store for one article, linked when its row is committed."""

    links: list[tuple[str, str, int, str, str | None]] = field(default_factory=list)

    def add(self, digest: str, mime: str, size: int, role: str, source: str | None) -> None:
        self.links.append((digest, mime, size, role, source))


def make_excerpt(description: str | None, body_text: str) -> str | None:
    """A one-paragraph teaser: the page's description, else the body's opening."""
    if description and description.strip():
        text = description.strip()
    else:
        text = " ".join(body_text.split())
    if not text:
        return None
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def content_hash(body_markdown: str) -> str:
    """Identifies a body version (summaries and highlights are tied to it)."""
    return hashlib.sha256(body_markdown.encode("utf-8")).hexdigest()


def file_key(raw: bytes) -> str:
    """The duplicate key of a saved file without a URL: its content hash."""
    return "file-sha256:" + hashlib.sha256(raw).hexdigest()


def extraction_columns(extraction: Extraction, body_markdown: str) -> dict[str, Any]:
    """Article columns that come from an extraction."""
    title = (extraction.title or "").strip() or "Untitled"
    return {
        "title": title,
        "title_key": title.casefold(),
        "author": extraction.author,
        "site": extraction.site_name,
        "language": extraction.language,
        "description": extraction.description,
        "lead_image": extraction.lead_image,
        "published": extraction.published,
        "excerpt": make_excerpt(extraction.description, extraction.body_text),
        "word_count": extraction.word_count,
        "reading_minutes": extraction.reading_minutes,
        "body_markdown": body_markdown,
        "body_text": extraction.body_text,
        "content_hash": content_hash(body_markdown),
    }


# A Markdown image: "![alt](" + target + (" title") or ")".
_IMAGE_REF = re.compile(r"(!\[[^\]]*\]\()([^)\s]+)(\s[^)]*\)|\))")


def replace_image_refs(markdown: str, mapping: dict[str, str]) -> str:
    """Point image references (as written) at stored assets (`asset:<sha>`)."""
    if not mapping:
        return markdown

    def swap(match: re.Match[str]) -> str:
        target = match.group(2)
        return match.group(1) + mapping.get(target, target) + match.group(3)

    return _IMAGE_REF.sub(swap, markdown)


def drop_image_refs(markdown: str, urls: set[str]) -> str:
    """Remove images (as written) that turned out to be tracking pixels or spacers."""
    if not urls:
        return markdown

    def keep(match: re.Match[str]) -> str:
        return "" if match.group(2) in urls else match.group(0)

    return _IMAGE_REF.sub(keep, markdown)


def tag_paths(tags: Iterable[str]) -> list[str]:
    """Normalised tag paths, one per key; tags that normalise to nothing are dropped."""
    paths: dict[str, str] = {}
    for raw in tags:
        try:
            path = normalize_tag(raw)
        except InputError:
            continue
        paths.setdefault(tag_key(path), path)
    return list(paths.values())


def store_tags(conn: Any, article_id: int, tags: Iterable[str]) -> None:
    """Attach tags (normalised, created on demand) to one article."""
    paths = tag_paths(tags)
    if paths:
        ids = tag_sql.ensure_tags(conn, paths)
        tag_sql.link(conn, [article_id], ids.values())


def _store_local_images(db: Database, loaded: LoadedFile, pending: PendingAssets) -> str:
    mapping: dict[str, str] = {}
    for reference, image_path in loaded.local_images:
        try:
            if image_path.stat().st_size > MAX_LOCAL_IMAGE_BYTES:
                log.warning("%s: image %s is too large; not kept", loaded.path, image_path)
                continue
            data = image_path.read_bytes()
        except OSError as exc:
            log.warning("%s: image %s not readable: %s", loaded.path, image_path, exc)
            continue
        if too_many_pixels(data):
            log.warning("%s: image %s has too many pixels; not kept", loaded.path, image_path)
            continue
        digest = db.assets.put(data)
        mime = _image_mime(data)
        pending.add(digest, mime, len(data), "image", str(image_path))
        mapping[reference] = asset_ref(digest)
    return replace_image_refs(loaded.extraction.body_markdown, mapping)


def _image_mime(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"<svg" in data[:1024]:
        return "image/svg+xml"
    return "application/octet-stream"


def add_file(
    db: Database, path: Path, tags: Sequence[str] = (), *, saved: datetime | None = None
) -> SaveResult:
    """Save a local HTML, Markdown, text or PDF file (InputError for unusable files)."""
    # Imported here: file reading pulls in the PDF library, which a start does not need.
    from app.ingest.files import load_file

    loaded = load_file(path)
    keys = [file_key(loaded.raw)]
    url_key = keys[0]
    given_url = loaded.source_url or path.resolve().as_uri()
    if loaded.source_url:
        from app.domain.urls import normalize_url

        try:
            url_key = normalize_url(loaded.source_url)
            keys.append(url_key)
        except InputError:
            pass
    with db.read() as conn:
        existing = article_sql.find_by_url_keys(conn, keys)
    all_tags = [*loaded.tags, *tags]
    if existing is not None:
        with db.write() as conn:
            store_tags(conn, existing, all_tags)
        return SaveResult(existing, created=False)

    pending = PendingAssets()
    body = _store_local_images(db, loaded, pending)
    if loaded.kind == "pdf":
        digest = db.assets.put(loaded.raw)
        pending.add(digest, loaded.mime, len(loaded.raw), "original", str(path))
    else:
        packed = gzip.compress(loaded.raw, mtime=0)
        digest = db.assets.put(packed)
        pending.add(digest, SNAPSHOT_MIME, len(packed), "snapshot", str(path))

    values = extraction_columns(loaded.extraction, body)
    values.update(
        {
            "given_url": given_url,
            "url_key": url_key,
            "canonical_url": loaded.extraction.canonical_url,
            "saved": loaded.saved or saved or utcnow(),
            "source": "file",
            "fetch_status": "done",
        }
    )
    with db.write() as conn:
        article_id = article_sql.insert_article(conn, values)
        for digest, mime, size, role, source in pending.links:
            content_sql.record_asset(conn, article_id, digest, mime, size, role, source)
        store_tags(conn, article_id, all_tags)
    refresh_summaries(db, [article_id])
    return SaveResult(article_id, created=True)
