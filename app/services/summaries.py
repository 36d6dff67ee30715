"""Summaries: computed when a body is saved or changes, cached with their method and version.

The extractive summary (about 10 ms) is computed right after every save, fetch, import with
content and re-extraction, so the reader's toggle is instant and exports carry it. An LLM
summary is made only when asked for and only from an endpoint the user configured; any
failure falls back to the extractive summary, with a note saying why. Cancelled (its
`cancel` event set), it stops the request and stores nothing (LlmCancelled).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import text

from app.domain.errors import FetchError, InputError
from app.domain.records import SummaryRecord
from app.domain.summarize import METHOD, VERSION, summarize
from app.ingest.llm import LlmCancelled, llm_summarize
from app.services import llm_settings
from app.storage import content as content_sql
from app.storage.database import Database
from app.storage.details import load_summary, summary_source

log = logging.getLogger(__name__)

LLM_PREFIX = "llm:"
#: Bump when the prompt or the answer's clean-up changes.
LLM_VERSION = "1"
_REFRESH_BATCH = 200


def summarize_text(text: str, language: str | None = None, title: str | None = None) -> str:
    """The extractive summary of any text, one sentence per line."""
    return summarize(text, language, title=title).text


def _is_current(cached: SummaryRecord | None) -> bool:
    """An extractive summary of this version, or any LLM summary, of the current body."""
    if cached is None:
        return False
    return cached.method.startswith(LLM_PREFIX) or (cached.method, cached.version) == (
        METHOD,
        VERSION,
    )


def summary_for(
    db: Database,
    article_id: int,
    method: str | None = None,
    *,
    cancel: threading.Event | None = None,
) -> SummaryRecord | None:
    """The article's summary. None only when the article does not exist.

    method None: the cached summary of the current body (extractive or LLM), else the
    extractive one, computed and cached. "extractive": always the extractive one. "llm":
    the configured model's (InputError when none is set up), falling back to extractive;
    setting `cancel` stops the model's request (LlmCancelled, nothing stored).
    """
    if method == "llm":
        return _llm_summary(db, article_id, cancel)
    if method not in (None, "extractive"):
        raise InputError(f"unknown summary method {method!r} (choose from extractive, llm)")
    with db.read() as conn:
        source = summary_source(conn, article_id)
        if source is None:
            return None
        cached = load_summary(conn, article_id, source.body_hash)
    if _is_current(cached) and (method is None or cached.method == METHOD):  # type: ignore[union-attr]
        return cached
    result = summarize(source.body_text, source.language, title=source.title)
    with db.write() as conn:
        content_sql.store_summary(conn, article_id, result.text, METHOD, VERSION, source.body_hash)
        return load_summary(conn, article_id)


def _llm_summary(
    db: Database, article_id: int, cancel: threading.Event | None = None
) -> SummaryRecord | None:
    config = llm_settings.load_llm(db)
    if config is None:
        raise InputError("no LLM endpoint is set: run `broadsheet llm --url URL --model M`")
    method = LLM_PREFIX + config.model
    with db.read() as conn:
        source = summary_source(conn, article_id)
        if source is None:
            return None
        cached = load_summary(conn, article_id, source.body_hash)
    if cached is not None and (cached.method, cached.version) == (method, LLM_VERSION):
        return cached
    if not source.body_text.strip():
        return summary_for(db, article_id, "extractive")
    try:
        answer = llm_summarize(config, source.body_text, source.title, cancel=cancel)
    except FetchError as exc:
        log.warning("article %s: LLM summary failed: %s", article_id, exc)
        fallback = summary_for(db, article_id, "extractive")
        note = f"the model failed ({exc}); showing the key sentences instead"
        return replace(fallback, note=note) if fallback is not None else None
    if cancel is not None and cancel.is_set():  # answered, but nobody wants it any more
        raise LlmCancelled("the summary was cancelled")
    with db.write() as conn:
        content_sql.store_summary(conn, article_id, answer, method, LLM_VERSION, source.body_hash)
        return load_summary(conn, article_id)


def refresh_summaries(
    db: Database, article_ids: Iterable[int], cancel: threading.Event | None = None
) -> int:
    """Compute the extractive summary of articles whose body has none yet; returns how many.

    Articles without text are skipped; an LLM summary of the current body is kept.
    """
    computed = 0
    for article_id in article_ids:
        if cancel is not None and cancel.is_set():
            break
        with db.read() as conn:
            source = summary_source(conn, article_id)
            if source is None or not source.body_text.strip():
                continue
            if _is_current(load_summary(conn, article_id, source.body_hash)):
                continue
        try:
            result = summarize(source.body_text, source.language, title=source.title)
        except Exception:  # a summarizer bug must never fail a save
            log.exception("article %s: summary failed", article_id)
            continue
        with db.write() as conn:
            content_sql.store_summary(
                conn, article_id, result.text, METHOD, VERSION, source.body_hash
            )
        computed += 1
    return computed


def unsummarized_ids(db: Database, limit: int | None = None, after_id: int = 0) -> list[int]:
    """Articles with text whose summary is missing or belongs to an older body (only ids
    above after_id: an import looks at what it added, not at the whole library)."""
    sql = (
        "SELECT a.id FROM article a LEFT JOIN summary s ON s.article_id = a.id "
        "WHERE a.id > :after AND a.word_count > 0 AND a.content_hash IS NOT NULL "
        "AND (s.article_id IS NULL OR s.body_hash IS NOT a.content_hash "
        "OR (s.method NOT LIKE 'llm:%' AND (s.method != :m OR s.version != :v))) "
        "ORDER BY a.saved DESC, a.id DESC"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with db.read() as conn:
        params = {"m": METHOD, "v": VERSION, "after": after_id}
        return [int(r[0]) for r in conn.execute(text(sql), params)]


def last_id(db: Database) -> int:
    """The highest article id (0 for an empty library)."""
    with db.read() as conn:
        return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM article")).scalar_one())


def refresh_all(db: Database, cancel: threading.Event | None = None, *, after_id: int = 0) -> int:
    """Summarize every article above after_id that needs it (after an import with content)."""
    done = 0
    while True:
        ids = unsummarized_ids(db, _REFRESH_BATCH, after_id)
        if not ids:
            return done
        computed = refresh_summaries(db, ids, cancel)
        done += computed
        if computed == 0 or (cancel is not None and cancel.is_set()):
            return done
