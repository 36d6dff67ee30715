"""Re-importing a Broadsheet bundle: every field, tag, summary, highlight and asset."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection

from app.domain.errors import InputError
from app.domain.records import ArticleDetail
from app.domain.urls import normalize_url_or_none, site_of
from app.interop.bundle import BundleArticle, read_bundle
from app.services import highlights
from app.services.importing import ImportReport, item_key
from app.services.saving import content_hash, file_key, store_tags
from app.storage import articles as article_sql
from app.storage import content as content_sql
from app.storage.database import Database


def _url_key(detail: ArticleDetail) -> str:
    """The duplicate key the article had: its URL's, or (a local file) one from its name."""
    try:
        return item_key(detail.given_url)
    except InputError:
        return file_key(detail.given_url.encode("utf-8"))


def _insert(conn: Connection, db: Database, item: BundleArticle) -> int:
    d = item.detail
    r = d.record
    values = {
        "given_url": d.given_url,
        "url_key": _url_key(d),
        "final_url": d.final_url,
        "final_key": normalize_url_or_none(d.final_url),
        "canonical_url": d.canonical_url,
        "canonical_key": normalize_url_or_none(d.canonical_url),
        "title": r.title,
        "title_key": r.title.casefold(),
        "author": r.author,
        "site": r.site,
        "host": site_of(r.url),
        "language": r.language,
        "description": d.description,
        "lead_image": d.lead_image,
        "published": r.published,
        "saved": r.saved,
        "updated": d.updated,
        "excerpt": r.excerpt,
        "word_count": r.word_count,
        "reading_minutes": r.reading_minutes,
        "read": r.read,
        "favorite": r.favorite,
        "archived": r.archived,
        "trashed_at": d.updated or r.saved if r.trashed else None,
        "reading_progress": d.reading_progress,
        "reading_anchor": d.reading_anchor,
        "body_markdown": d.body_markdown,
        "body_text": d.body_text,
        "content_hash": content_hash(d.body_markdown) if d.body_markdown else None,
        "note": d.note,
        "source": "bundle",
        "fetch_status": r.fetch_status,
        "fetch_error": d.fetch_error,
    }
    taken = article_sql.existing_ids(conn, [r.id])
    # Keep the article's id when it is free, so an exported library comes back identical.
    article_id = article_sql.insert_article(conn, values, None if taken else r.id)
    store_tags(conn, article_id, r.tags)
    for asset in d.assets:
        data = item.asset_data(asset.sha256)
        if data is None:
            continue
        digest = db.assets.put(data)
        content_sql.record_asset(
            conn, article_id, digest, asset.mime, asset.bytes, asset.role, asset.source_url
        )
    if d.summary is not None:
        content_sql.store_summary(
            conn, article_id, d.summary.text, d.summary.method, d.summary.version,
            content_hash(d.body_markdown),
        )  # fmt: skip
    for h in d.highlights:
        content_sql.add_highlight(
            conn, article_id, h.quote, note=h.note, color=h.color, prefix=h.prefix,
            suffix=h.suffix, position=h.position, created=h.created, placed=h.placed,
            updated=h.updated,
        )  # fmt: skip
    return article_id


def _merge_highlights(conn: Connection, article_id: int, detail: ArticleDetail) -> int:
    """Add the bundle's highlights an existing article lacks, placed in its own body."""
    added = 0
    for h in detail.highlights:
        if h.quote.strip() and not content_sql.highlight_exists(conn, article_id, h.quote):
            content_sql.add_highlight(
                conn, article_id, h.quote, note=h.note, color=h.color, prefix=h.prefix,
                suffix=h.suffix, position=h.position, created=h.created, placed=False,
            )  # fmt: skip
            added += 1
    if added:
        highlights.reanchor(conn, article_id)
    return added


def import_bundle(
    db: Database,
    path: Path,
    *,
    on_progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Import a bundle; articles already present (same URL) get the bundle's tags merged.

    Each article is one transaction, so a cancelled or interrupted import keeps whole
    articles only, and running it again adds the rest."""
    report = ImportReport()
    for count, item in enumerate(read_bundle(path), start=1):
        if cancel is not None and cancel.is_set():
            break
        with db.write() as conn:
            keys = [
                k
                for k in (_url_key(item.detail), normalize_url_or_none(item.detail.final_url))
                if k
            ]
            existing = article_sql.find_by_url_keys(conn, keys)
            if existing is not None:
                store_tags(conn, existing, item.detail.record.tags)
                report.highlights += _merge_highlights(conn, existing, item.detail)
                report.merged += 1
            else:
                _insert(conn, db, item)
                report.added += 1
                report.highlights += len(item.detail.highlights)
        if on_progress:
            on_progress(count)
    return report
