"""Reading state: where someone stopped in an article, and the raw page it was saved from."""

from __future__ import annotations

import gzip
import io
import logging
import math
import zlib
from dataclasses import dataclass, field

import lxml.html

from app.domain.errors import BroadsheetError, NotFoundError
from app.ingest.charset import decode_html
from app.ingest.html_prepare import base_url, drop_inert, parse_html, resolve_images
from app.storage import articles as article_sql
from app.storage.database import Database

log = logging.getLogger(__name__)

MAX_ANCHOR_CHARS = 200
# A snapshot larger than this (unpacked) is shown cut short rather than freezing the reader.
MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class PositionSaved:
    """What saving a reading position changed.

    Attributes:
        stored: The position was written (False: the article is gone).
        marked_read: The article was unread and is now read (it reached the end).
    """

    stored: bool
    marked_read: bool = False


@dataclass(frozen=True)
class PageSnapshot:
    """The raw page an article was extracted from, decoded, with its stored images.

    Attributes:
        html: The page as text (hostile: sanitise before showing).
        url: The address it was fetched from (or the file it was read from).
        images: Image source URL -> sha256 of the stored copy.
        truncated: The page was larger than MAX_SNAPSHOT_BYTES and was cut.
    """

    html: str
    url: str | None
    images: dict[str, str] = field(default_factory=dict)
    truncated: bool = False


def save_position(
    db: Database,
    article_id: int,
    progress: float,
    anchor: str | None,
    *,
    mark_read: bool = False,
) -> PositionSaved:
    """Remember how far an article was read; optionally mark it read.

    Args:
        db: The library.
        article_id: The article.
        progress: The fraction scrolled (pulled into 0..1; NaN counts as 0).
        anchor: The block at the top of the screen (see app/ui/reader/position.py).
        mark_read: Also mark the article read (the reader reached the end).
    """
    value = 0.0 if math.isnan(progress) else min(max(float(progress), 0.0), 1.0)
    anchor = anchor[:MAX_ANCHOR_CHARS] if anchor else None
    with db.write() as conn:
        changed = conn.exec_driver_sql(
            "UPDATE article SET reading_progress = ?, reading_anchor = ? WHERE id = ?",
            (value, anchor, article_id),
        ).rowcount
        if not changed:
            return PositionSaved(stored=False)
        marked = bool(mark_read) and article_sql.set_flag(conn, [article_id], "read", True) > 0
    return PositionSaved(stored=True, marked_read=marked)


def page_snapshot(db: Database, article_id: int) -> PageSnapshot | None:
    """The stored raw page of an article (None when it has none, e.g. a PDF or an import).

    Raises:
        NotFoundError: No article has this id.
        BroadsheetError: The snapshot is listed but its file is missing or damaged.
    """
    with db.read() as conn:
        row = article_sql.article_row(conn, article_id)
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        links = conn.exec_driver_sql(
            "SELECT sha256, role, source_url FROM article_asset WHERE article_id = ? "
            "AND role IN ('snapshot', 'image', 'lead')",
            (article_id,),
        ).fetchall()
    snapshot = next((sha for sha, role, _ in links if role == "snapshot"), None)
    if snapshot is None:
        return None
    packed = db.assets.read(snapshot)
    if packed is None:
        raise BroadsheetError(f"article {article_id}: the stored page file is missing")
    try:
        raw = _gunzip_capped(packed, MAX_SNAPSHOT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise BroadsheetError(f"article {article_id}: the stored page is damaged ({exc})") from exc
    truncated = len(raw) > MAX_SNAPSHOT_BYTES
    url = row.get("final_url") or row.get("given_url")
    images = {src: sha for sha, role, src in links if role != "snapshot" and src}
    return PageSnapshot(
        html=_prepared(raw[:MAX_SNAPSHOT_BYTES], url), url=url, images=images, truncated=truncated
    )


def _prepared(raw: bytes, url: str | None) -> str:
    """The page with lazy images pointing at their real, absolute address (as at save time,
    so they match the stored copies), and its head and scripts gone."""
    tree = parse_html(raw)
    if tree is None:
        return decode_html(raw)[0]
    resolve_images(tree, base_url(tree, url))
    drop_inert(tree)
    return str(lxml.html.tostring(tree, encoding="unicode"))


def _gunzip_capped(packed: bytes, limit: int) -> bytes:
    """Unpack at most `limit` bytes (a stored page is trusted, but not to be small)."""
    with gzip.GzipFile(fileobj=io.BytesIO(packed)) as stream:
        return stream.read(limit)
