"""Saving from the web: the URL is stored before the fetch, so a save is never lost.

A failed fetch leaves the article with its error (and `refetch` retries it); a fetched page
keeps its raw HTML as a compressed snapshot so `reextract` can run offline later.
"""

from __future__ import annotations

import gzip
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.domain.assetrefs import asset_ref
from app.domain.errors import BroadsheetError, FetchError, InputError, NotFoundError
from app.domain.urls import normalize_url, normalize_url_or_none, site_of
from app.ingest.extract import Extraction, extract_html
from app.ingest.fetch import FetchedPage, FetchLimits, fetch_page
from app.ingest.images import fetch_images
from app.services import highlights, summaries
from app.services.saving import (
    SNAPSHOT_MIME,
    PendingAssets,
    SaveResult,
    drop_image_refs,
    extraction_columns,
    replace_image_refs,
    store_tags,
)
from app.storage import articles as article_sql
from app.storage import content as content_sql
from app.storage.database import Database
from app.storage.dates import utcnow

log = logging.getLogger(__name__)


def placeholder_title(url: str) -> str:
    """A readable stand-in title until the page is fetched: host and path."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return (parts.hostname or url) + (path if len(path) < 80 else path[:79] + "…")


def store_url(db: Database, url: str, tags: Sequence[str] = ()) -> SaveResult:
    """Store a URL as a pending article (or return the existing one, merging tags)."""
    key = normalize_url(url)  # InputError for non-http(s) and malformed URLs
    with db.write() as conn:
        existing = article_sql.find_by_url_keys(conn, [key])
        if existing is not None:
            store_tags(conn, existing, tags)
            return SaveResult(existing, created=False)
        title = placeholder_title(key)
        article_id = article_sql.insert_article(
            conn,
            {
                "given_url": url.strip(),
                "url_key": key,
                "title": title,
                "title_key": title.casefold(),
                "site": site_of(key),
                "host": site_of(key),
                "saved": utcnow(),
                "source": "web",
                "fetch_status": "pending",
            },
        )
        store_tags(conn, article_id, tags)
    return SaveResult(article_id, created=True)


def store_urls(db: Database, urls: Sequence[str], tags: Sequence[str] = ()) -> list[SaveResult]:
    """Store several URLs as pending articles, in order; every URL is checked first, so a
    bad one (InputError) stores nothing at all."""
    for url in urls:
        normalize_url(url)
    return [store_url(db, url, tags) for url in urls]


def add_url(
    db: Database,
    url: str,
    tags: Sequence[str] = (),
    *,
    offline: bool = False,
    limits: FetchLimits | None = None,
) -> SaveResult:
    """Store, then (unless offline) fetch and extract. A fetch failure is kept, not raised."""
    result = store_url(db, url, tags)
    if result.created and not offline:
        final_id = fetch_article(db, result.article_id, limits=limits)
        return SaveResult(final_id, created=final_id == result.article_id)
    return result


@dataclass(frozen=True)
class Download:
    """A fetched, extracted page with its files already in the asset store (no row yet)."""

    page: FetchedPage
    extraction: Extraction
    body: str
    pending: PendingAssets


def download(
    db: Database,
    url: str,
    *,
    client: httpx.Client | None = None,
    limits: FetchLimits | None = None,
    cancel: threading.Event | None = None,
) -> Download:
    """Fetch and extract a page and store its images and snapshot as files.

    Touches no database row, so it may run on any thread; store_download writes the row.
    Raises FetchError or InputError when the page cannot be had.
    """
    page = fetch_page(url, client=client, limits=limits or FetchLimits())
    extraction = _extract(page)
    pending = PendingAssets()
    body = _store_images(db, extraction, pending, cancel)
    if page.kind == "pdf":
        digest = db.assets.put(page.body)
        pending.add(digest, "application/pdf", len(page.body), "original", page.final_url)
    else:
        packed = gzip.compress(page.body, mtime=0)
        digest = db.assets.put(packed)
        pending.add(digest, SNAPSHOT_MIME, len(packed), "snapshot", page.final_url)
    return Download(page, extraction, body, pending)


def fetch_article(
    db: Database,
    article_id: int,
    *,
    limits: FetchLimits | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Fetch, extract and store one article; returns its id (another, if it was a duplicate).

    Failures are recorded on the article (fetch_status "failed", fetch_error) and logged.
    """
    with db.read() as conn:
        row = article_sql.article_row(conn, article_id)
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    try:
        fetched = download(db, row["given_url"], limits=limits, cancel=cancel)
    except (FetchError, InputError) as exc:
        record_failure(db, article_id, str(exc))
        return article_id
    return store_download(db, article_id, fetched)


def _extract(page: FetchedPage) -> Extraction:
    if page.kind == "pdf":
        from app.ingest.extract_pdf import extract_pdf

        return extract_pdf(page.body, page.final_url)
    return extract_html(page.text or page.body, page.final_url)


def record_failure(db: Database, article_id: int, message: str) -> None:
    """Keep a failed fetch on its article (status "failed", the error, one more attempt)."""
    log.warning("article %s: %s", article_id, message)
    with db.write() as conn:
        row = article_sql.article_row(conn, article_id)
        attempts = int(row["fetch_attempts"] or 0) + 1 if row else 1
        article_sql.update_article(
            conn,
            article_id,
            {"fetch_status": "failed", "fetch_error": message, "fetch_attempts": attempts},
        )


def _store_images(
    db: Database,
    extraction: Extraction,
    pending: PendingAssets,
    cancel: threading.Event | None,
) -> str:
    urls = list(dict.fromkeys(extraction.image_urls))
    lead = extraction.lead_image
    if lead and lead not in urls:
        urls.append(lead)
    if not urls:
        return extraction.body_markdown
    mapping: dict[str, str] = {}
    pixels: set[str] = set()
    for image in fetch_images(urls, cancel=cancel):
        if image.data is None or image.mime is None:
            log.info("image %s skipped: %s", image.url, image.error)
            if image.error == "tracking pixel":
                pixels.add(image.url)
            continue
        digest = db.assets.put(image.data)
        role = "lead" if image.url == lead and image.url not in extraction.image_urls else "image"
        pending.add(digest, image.mime, len(image.data), role, image.url)
        mapping[image.url] = asset_ref(digest)
    return replace_image_refs(drop_image_refs(extraction.body_markdown, pixels), mapping)


def store_download(db: Database, article_id: int, fetched: Download) -> int:
    """Write a download onto its article (or onto the already saved copy it turned out to
    be); returns the id that holds it. The summary is computed for the new body."""
    page, extraction, pending = fetched.page, fetched.extraction, fetched.pending
    final_key = normalize_url_or_none(page.final_url)
    canonical_key = normalize_url_or_none(extraction.canonical_url)
    values: dict[str, Any] = extraction_columns(extraction, fetched.body)
    values.update(
        {
            "final_url": page.final_url,
            "final_key": final_key,
            "canonical_url": extraction.canonical_url,
            "canonical_key": canonical_key,
            "host": site_of(page.final_url),
            "site": extraction.site_name or site_of(page.final_url),
            "fetch_status": "done",
            "fetch_error": None,
            "updated": utcnow(),
        }
    )
    with db.write() as conn:
        duplicate = article_sql.find_by_url_keys(conn, [k for k in (final_key, canonical_key) if k])
        if duplicate is not None and duplicate != article_id:
            # The redirect target or canonical URL is already saved: keep that article,
            # give it this one's tags, and drop the placeholder.
            tag_rows = conn.exec_driver_sql(
                "SELECT t.path FROM article_tag x JOIN tag t ON t.id = x.tag_id "
                "WHERE x.article_id = ?",
                (article_id,),
            ).fetchall()
            store_tags(conn, duplicate, [r[0] for r in tag_rows])
            article_sql.delete_articles(conn, [article_id])
            return duplicate
        article_sql.update_article(conn, article_id, values)
        highlights.reanchor(conn, article_id)  # the body changed: find the highlights again
        content_sql.drop_asset_links(conn, article_id, ("image", "lead", "snapshot", "original"))
        for digest, mime, size, role, source in pending.links:
            content_sql.record_asset(conn, article_id, digest, mime, size, role, source)
    summaries.refresh_summaries(db, [article_id])
    return article_id


def reextract(db: Database, article_id: int) -> None:
    """Run extraction again on the stored raw snapshot (offline; images are kept)."""
    with db.read() as conn:
        row = article_sql.article_row(conn, article_id)
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        snapshot = conn.exec_driver_sql(
            "SELECT sha256 FROM article_asset WHERE article_id = ? AND role = 'snapshot'",
            (article_id,),
        ).first()
        images = conn.exec_driver_sql(
            "SELECT sha256, source_url FROM article_asset WHERE article_id = ? "
            "AND role IN ('image', 'lead')",
            (article_id,),
        ).fetchall()
    if snapshot is None:
        raise InputError(f"article {article_id} has no stored page to re-extract")
    packed = db.assets.read(snapshot[0])
    if packed is None:
        raise BroadsheetError(f"article {article_id}: the stored page file is missing")
    raw = gzip.decompress(packed)
    extraction = extract_html(raw, row["final_url"] or row["given_url"])
    mapping = {url: asset_ref(digest) for digest, url in images if url}
    body = replace_image_refs(extraction.body_markdown, mapping)
    values = extraction_columns(extraction, body)
    values["updated"] = utcnow()
    with db.write() as conn:
        article_sql.update_article(conn, article_id, values)
        highlights.reanchor(conn, article_id)
    summaries.refresh_summaries(db, [article_id])
