"""Importing other tools' exports: streamed, batched, idempotent, resumable by re-running.

Items with their content (Wallabag, Omnivore, Readeck…) go through the same extraction and
sanitising as a save; items with only a URL are stored at once and queued for fetching.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from app.domain.assetrefs import asset_ref
from app.domain.errors import InputError
from app.domain.highlight_marks import color_or_default
from app.domain.tags import tag_key
from app.domain.urls import normalize_url, site_of
from app.ingest.extract import Extraction, extract_html, extract_text
from app.interop.importers.detect import read_items
from app.interop.records import ImportedItem
from app.services import highlights
from app.services.fetching import placeholder_title
from app.services.saving import extraction_columns, replace_image_refs, tag_paths
from app.storage import articles as article_sql
from app.storage import content as content_sql
from app.storage import tags as tag_sql
from app.storage.database import Database
from app.storage.dates import utcnow

log = logging.getLogger(__name__)

BATCH = 500


@dataclass
class ImportReport:
    """What an import did."""

    added: int = 0
    merged: int = 0
    skipped: int = 0
    queued: int = 0
    highlights: int = 0
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "merged": self.merged,
            "skipped": self.skipped,
            "queued": self.queued,
            "highlights": self.highlights,
            "problems": self.problems[:100],
        }


@dataclass(frozen=True)
class _Prepared:
    item: ImportedItem
    key: str
    extraction: Extraction | None
    body: str
    assets: tuple[tuple[str, str, int], ...]  # (sha256, mime, size)


def item_key(url: str) -> str:
    """The duplicate key of an imported item: its normalised URL, or the importer's own
    stable `urn:broadsheet:` name for notes that have no page (never fetched)."""
    if url.startswith("urn:broadsheet:"):
        return url
    return normalize_url(url)


def _prepare(db: Database, item: ImportedItem) -> _Prepared:
    key = item_key(item.url)
    extraction: Extraction | None = None
    body = ""
    stored: list[tuple[str, str, int]] = []
    if item.content_html and item.content_html.strip():
        try:
            extraction = extract_html(item.content_html, item.url)
        except InputError:
            extraction = None
    elif item.content_text and item.content_text.strip():
        extraction = extract_text(item.content_text)
    if extraction is not None:
        mapping: dict[str, str] = {}
        for asset in item.assets:
            digest = db.assets.put(asset.data)
            stored.append((digest, asset.mime, len(asset.data)))
            mapping[asset.name] = asset_ref(digest)
            # Extraction made references absolute against the article URL; map those too.
            for ref in extraction.image_urls:
                if ref.endswith("/" + asset.name.lstrip("./")):
                    mapping[ref] = asset_ref(digest)
        body = replace_image_refs(extraction.body_markdown, mapping)
    return _Prepared(item, key, extraction, body, tuple(stored))


def _columns(prep: _Prepared) -> dict[str, Any]:
    item = prep.item
    if prep.extraction is not None:
        values = extraction_columns(prep.extraction, prep.body)
        status = "done"
    else:
        values = {}
        status = "pending"
    fallback = "Note" if prep.key.startswith("urn:") else placeholder_title(prep.key)
    host = _host(prep.key)
    title = (item.title or "").strip() or values.get("title") or fallback
    if values.get("title") in (None, "Untitled") or item.title:
        values["title"] = title
        values["title_key"] = title.casefold()
    values.update(
        {
            "given_url": item.url,
            "url_key": prep.key,
            "host": host,
            "site": item.site or values.get("site") or host,
            "author": item.author or values.get("author"),
            "language": item.language or values.get("language"),
            "description": item.description or values.get("description"),
            "published": item.published or values.get("published"),
            "saved": item.saved or utcnow(),
            "updated": item.updated,
            "read": item.read,
            "archived": item.archived,
            "favorite": item.favorite,
            "note": item.note,
            "reading_progress": item.reading_progress or 0.0,
            "source": "import",
            "fetch_status": status,
        }
    )
    if status == "pending" and prep.key.startswith("urn:"):
        values["fetch_status"] = "done"  # nothing to fetch: the item is its own content
    if not values.get("excerpt") and item.description:
        values["excerpt"] = item.description[:240]
    return values


def _host(key: str) -> str | None:
    return None if key.startswith("urn:") else site_of(key)


def _add_highlights(conn: Connection, article_id: int, prep: _Prepared) -> int:
    """Store the item's new highlights, then place them all by the same anchoring the reader
    uses (those not in the body yet, e.g. before a fetch, stay unplaced until it comes)."""
    added = 0
    for h in prep.item.highlights:
        if not h.quote.strip() or content_sql.highlight_exists(conn, article_id, h.quote):
            continue
        content_sql.add_highlight(
            conn,
            article_id,
            h.quote,
            note=h.note,
            color=color_or_default(h.color),
            created=h.created,
            placed=False,
        )
        added += 1
    if added:
        highlights.reanchor(conn, article_id)
    return added


def _write_batch(db: Database, batch: list[_Prepared], report: ImportReport) -> None:
    """One transaction: new articles in one executemany, tags and links in bulk.

    Items whose URL is already stored (or that repeat a URL earlier in the batch) merge
    their tags and highlights into that article instead.
    """
    with db.write() as conn:
        known = article_sql.ids_by_url_keys(conn, [p.key for p in batch])
        next_id = article_sql.next_article_id(conn)
        new_rows: list[tuple[int, dict[str, Any]]] = []
        owners: list[tuple[int, _Prepared, bool]] = []  # (article id, item, added here)
        for prep in batch:
            article_id = known.get(prep.key)
            if article_id is not None:
                owners.append((article_id, prep, False))
                continue
            article_id, next_id = next_id, next_id + 1
            known[prep.key] = article_id
            new_rows.append((article_id, _columns(prep)))
            owners.append((article_id, prep, True))
        article_sql.insert_articles(conn, new_rows)
        values_of = dict(new_rows)
        paths = {id(prep): tag_paths(prep.item.tags) for _, prep, _ in owners}
        tag_ids = tag_sql.ensure_tags(conn, [p for ps in paths.values() for p in ps])
        tag_sql.link_pairs(
            conn,
            (
                (article_id, tag_ids[tag_key(path)])
                for article_id, prep, _ in owners
                for path in paths[id(prep)]
            ),
        )
        for article_id, prep, added in owners:
            if added:
                values = values_of[article_id]
                for digest, mime, size in prep.assets:
                    content_sql.record_asset(conn, article_id, digest, mime, size, "image")
                report.added += 1
                if values["fetch_status"] == "pending":
                    report.queued += 1
            else:
                report.merged += 1
            if prep.item.highlights:
                report.highlights += _add_highlights(conn, article_id, prep)


def import_items(
    db: Database,
    items: Iterable[ImportedItem],
    *,
    report: ImportReport | None = None,
    on_progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Store imported items in batches (each batch one transaction)."""
    report = report or ImportReport()
    batch: list[_Prepared] = []
    seen = 0
    for item in items:
        if cancel is not None and cancel.is_set():
            break
        seen += 1
        try:
            batch.append(_prepare(db, item))
        except InputError as exc:
            where = f"{item.source_line}: " if item.source_line else ""
            report.problems.append(f"{where}{exc}")
            report.skipped += 1
        if len(batch) >= BATCH:
            _write_batch(db, batch, report)
            batch.clear()
            if on_progress:
                on_progress(seen)
    if batch:
        _write_batch(db, batch, report)
        if on_progress:
            on_progress(seen)
    return report


def import_file(
    db: Database,
    path: Path,
    fmt: str | None = None,
    *,
    on_progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Import a file in any supported format (detected from its content when not given)."""
    report = ImportReport()
    problems: list[str] = []
    items = read_items(path, fmt, problems=problems)
    import_items(db, items, report=report, on_progress=on_progress, cancel=cancel)
    report.problems[:0] = problems
    report.skipped += len(problems)
    return report
