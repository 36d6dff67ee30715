"""The queue of pages waiting to be fetched: newest first, several hosts at once, one request
per host at a time with a pause between, resumable at any point.

The queue is the articles themselves (`fetch_status = 'pending'`): a URL saved offline, an
imported bookmark, or a fetch a crash cut short stays pending until its page is stored, so
`broadsheet fetch` or the window's start simply picks up where things stopped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx
from sqlalchemy import text

from app.domain.errors import FetchError, InputError
from app.ingest.fetch import FetchLimits
from app.ingest.fetch_queue import process_many
from app.services.fetching import Download, download, record_failure, store_download
from app.storage.database import Database

log = logging.getLogger(__name__)

#: Requests in flight at once (over different hosts).
WORKERS = 4
#: Seconds between the end of one request to a host and the next one to it.
PER_HOST_DELAY = 1.0

#: (done, total) after each article.
ProgressCallback = Callable[[int, int], None]


@dataclass
class FetchReport:
    """What a batch did. `final_ids` maps each article fetched to the id now holding it
    (another one when its page turned out to be an article already saved)."""

    fetched: int = 0
    failed: int = 0
    final_ids: dict[int, int] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.fetched + self.failed


def queued_ids(db: Database, *, limit: int | None = None, retry_failed: bool = False) -> list[int]:
    """Articles waiting for their page (and, with retry_failed, those whose fetch failed),
    newest first; trashed ones wait until restored."""
    states = "('pending', 'failed')" if retry_failed else "('pending')"
    sql = (
        f"SELECT id FROM article WHERE fetch_status IN {states} AND trashed_at IS NULL "
        "ORDER BY saved DESC, id DESC"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with db.read() as conn:
        return [int(row[0]) for row in conn.execute(text(sql))]


def _urls_of(db: Database, article_ids: Sequence[int]) -> dict[str, int]:
    """given URL -> article id, in the order of article_ids (unknown ids are left out)."""
    found: dict[int, str] = {}
    with db.read() as conn:
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            rows = conn.exec_driver_sql(
                f"SELECT id, given_url FROM article WHERE id IN ({marks})", tuple(chunk)
            )
            found.update((int(r[0]), str(r[1])) for r in rows)
    return {found[i]: i for i in article_ids if i in found}


def fetch_articles(
    db: Database,
    article_ids: Sequence[int],
    *,
    on_progress: ProgressCallback | None = None,
    on_stored: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    limits: FetchLimits | None = None,
    workers: int = WORKERS,
    per_host_delay: float = PER_HOST_DELAY,
) -> FetchReport:
    """Fetch these articles' pages concurrently and politely, storing each as it arrives.

    Downloads, extraction and images run on worker threads; rows are written on the
    calling thread, one at a time. A failure is recorded on its article and the batch goes
    on. When cancel is set, fetches not yet started stay pending.

    Args:
        on_progress: (done, total) after each article.
        on_stored: (article id, id now holding it) after each successful store.
    """
    by_url = _urls_of(db, article_ids)
    report = FetchReport()
    total = len(by_url)
    fetch_limits = limits or FetchLimits()

    def work(url: str, client: httpx.Client) -> Download:
        return download(db, url, client=client, limits=fetch_limits, cancel=cancel)

    def on_result(url: str, fetched: Download | None, error: Exception | None) -> None:
        article_id = by_url[url]
        try:
            if fetched is not None:
                final = store_download(db, article_id, fetched)
                report.fetched += 1
                report.final_ids[article_id] = final
                if on_stored is not None:
                    on_stored(article_id, final)
            elif isinstance(error, FetchError | InputError):
                record_failure(db, article_id, str(error))
                report.failed += 1
                report.errors[article_id] = str(error)
            else:
                # A bug, not the page's fault: leave the article pending for a later try.
                log.error("article %s: fetch crashed", article_id, exc_info=error)
                report.failed += 1
                report.errors[article_id] = f"{type(error).__name__}: {error}"
        finally:
            if on_progress is not None:
                on_progress(report.done, total)

    process_many(
        list(by_url),
        work,
        on_result,
        workers=workers,
        per_host_delay=per_host_delay,
        cancel=cancel,
        limits=fetch_limits,
    )
    return report


def fetch_queued(
    db: Database,
    *,
    limit: int | None = None,
    retry_failed: bool = False,
    on_progress: ProgressCallback | None = None,
    on_stored: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    limits: FetchLimits | None = None,
    per_host_delay: float = PER_HOST_DELAY,
) -> FetchReport:
    """Fetch what waits in the queue, newest first (see fetch_articles)."""
    ids = queued_ids(db, limit=limit, retry_failed=retry_failed)
    return fetch_articles(
        db,
        ids,
        on_progress=on_progress,
        on_stored=on_stored,
        cancel=cancel,
        limits=limits,
        per_host_delay=per_host_delay,
    )
