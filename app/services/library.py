"""The library facade: open a library, read articles, change their state.

The window and the command line call only this API (and the sibling service modules it
delegates to). Everything returned is a frozen record.
"""

from __future__ import annotations

import builtins
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Connection

from app.domain.errors import InputError, LibraryError, LibraryOpenError, NotFoundError
from app.domain.query import ParsedQuery, parse_query
from app.domain.records import ArticleDetail, ArticleRecord, SearchPage, SummaryRecord, TagRecord
from app.ingest.llm import LlmConfig
from app.services import (
    backups,
    bundles,
    exporting,
    fetch_queue,
    fetching,
    importing,
    llm_settings,
    reading,
    saving,
    settings,
    summaries,
    tagging,
    upkeep,
)
from app.services.fetch_queue import FetchReport
from app.services.highlights import Highlights
from app.services.importing import ImportReport
from app.services.library_query import require_ids
from app.services.reading import PageSnapshot, PositionSaved
from app.services.saving import SaveResult
from app.services.upkeep import DoctorReport
from app.storage import articles as article_sql
from app.storage import migrate, search_sql
from app.storage.articles import SORTS, SortSpec
from app.storage.database import DB_FILENAME, Database
from app.storage.details import load_detail

log = logging.getLogger(__name__)

MAX_LIMIT = 100_000
IdsT = TypeVar("IdsT", builtins.list[int], bytes)  # ids as a list, or packed
# action -> (the ArticleRecord field it changes, the value it sets)
ACTION_FIELDS: dict[str, tuple[str, bool]] = {
    "read": ("read", True),
    "unread": ("read", False),
    "favorite": ("favorite", True),
    "unfavorite": ("favorite", False),
    "archive": ("archived", True),
    "unarchive": ("archived", False),
    "trash": ("trashed", True),
    "restore": ("trashed", False),
}
STATE_ACTIONS = tuple(ACTION_FIELDS)


def parse_sort(sort: str | None) -> SortSpec:
    """`saved`, `-saved` (descending), `+title` (ascending)… into a SortSpec."""
    if not sort:
        return SortSpec()
    descending: bool | None = None
    key = sort.strip().lower()
    if key.startswith("-"):
        descending, key = True, key[1:]
    elif key.startswith("+"):
        descending, key = False, key[1:]
    if key not in SORTS:
        raise InputError(f"unknown sort {sort!r} (choose from {', '.join(SORTS)})")
    return SortSpec(key, descending)


def parse(query: str | None) -> ParsedQuery | None:
    """A parsed query, or None for an empty one (QuerySyntaxError on bad syntax)."""
    if query is None or not query.strip():
        return None
    parsed = parse_query(query)
    return None if parsed.is_empty else parsed


class Library:
    """One open library (a data folder holding the SQLite file and the asset store)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.before_first_write = self._daily_backup

    def _daily_backup(self) -> bool:
        """The daily backup before this process's first write; False (try again on the next
        write) while the library is still empty, so a new library's first copy is not blank."""
        with self.db.read() as conn:
            if not article_sql.library_has_content(conn):
                return False
        backups.backup_if_due(self.data_dir, settings.backup_keep(self.db))
        return True

    def _backup_before(self, what: str) -> None:
        """The automatic backup before a change that deletes (see docs/reliability.md)."""
        backups.backup_before(self.data_dir, f"before-{what}", settings.backup_keep(self.db))

    # --- preferences stored in the library ---------------------------------------------

    def backup_keep(self) -> int:
        """How many automatic backups of each kind are kept."""
        return settings.backup_keep(self.db)

    def set_backup_keep(self, keep: int) -> None:
        """Keep this many automatic backups of each kind (1–365); InputError otherwise."""
        settings.set_backup_keep(self.db, keep)

    @classmethod
    def open(cls, data_dir: Path) -> Library:
        """Open (creating or migrating when needed) the library in `data_dir`.

        A library that cannot be opened raises LibraryOpenError naming the file, the
        problem and the newest backup; the file itself is never modified.
        """
        try:
            db = Database(data_dir)
        except LibraryError as exc:
            newest = backups.newest_backup(data_dir)
            raise LibraryOpenError(str(exc), str(newest) if newest else None) from exc
        if db.last_migration_backup is not None:
            # Only now, migrated, can the library's own `backups.keep` setting be read.
            backups.rotate_migration_backups(data_dir, settings.backup_keep(db))
        return cls(db)

    @staticmethod
    def upgrade_pending(data_dir: Path) -> bool:
        """Whether opening the library in `data_dir` will first upgrade its format (a
        one-time step that takes minutes for a very large library)."""
        return migrate.upgrade_pending(data_dir / DB_FILENAME)

    @property
    def data_dir(self) -> Path:
        return self.db.data_dir

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        """Release the database."""
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- reading -------------------------------------------------------------------

    @property
    def highlights(self) -> Highlights:
        """Make, change, list and search highlights (app/services/highlights.py)."""
        return Highlights(self.db)

    def get(self, article_id: int) -> ArticleDetail:
        """One article in full; NotFoundError for an unknown id."""
        with self.db.read() as conn:
            detail = load_detail(conn, article_id)
        if detail is None:
            raise NotFoundError(f"no article with id {article_id}")
        return detail

    def list(
        self,
        query: str | None = None,
        *,
        sort: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[ArticleRecord]:
        """Articles matching a query (all live ones when empty), in sort order."""
        _check_limit(limit)
        parsed = parse(query)
        with self.db.read() as conn:
            return article_sql.list_records(conn, parsed, parse_sort(sort), limit, offset)

    def count(self, query: str | None = None) -> int:
        """How many articles match a query."""
        parsed = parse(query)
        with self.db.read() as conn:
            return article_sql.count(conn, parsed)

    def ids(
        self,
        query: str | None = None,
        *,
        sort: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[int]:
        """Matching ids in order (search relevance order when the query has text).

        `limit` and `offset` take a slice: the window shows a first page at once and
        fetches the rest after it.
        """
        return self._select_ids(
            query, sort, limit, offset, search_sql.ranked_ids, article_sql.list_ids
        )

    def packed_ids(
        self,
        query: str | None = None,
        *,
        sort: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> bytes:
        """ids() as native 8-byte ints in one buffer, built without a Python int per id.

        For the window's article list: a million ids listed this way leave the interpreter
        lock free for the GUI thread (app/storage/packed_ids.py).
        """
        return self._select_ids(
            query, sort, limit, offset, search_sql.ranked_ids_packed, article_sql.list_ids_packed
        )

    def _select_ids(
        self,
        query: str | None,
        sort: str | None,
        limit: int | None,
        offset: int,
        ranked: Callable[[sqlite3.Connection, ParsedQuery, int, int], IdsT],
        listed: Callable[[Connection, ParsedQuery | None, SortSpec, int | None, int], IdsT],
    ) -> IdsT:
        """Ranked by relevance when the query has text and no sort, else in sort order."""
        _check_limit(limit)
        parsed = parse(query)
        if parsed is not None and parsed.fts and sort is None:
            ranked_limit = MAX_LIMIT - offset if limit is None else limit
            with self.db.readers.read() as reader:
                return ranked(reader, parsed, max(0, ranked_limit), offset)
        with self.db.read() as conn:
            return listed(conn, parsed, parse_sort(sort), limit, offset)

    def records(self, ids: Sequence[int]) -> dict[int, ArticleRecord]:
        """List rows for a batch of ids (the article list model's cache fills from this)."""
        with self.db.read() as conn:
            return article_sql.records_by_ids(conn, ids)

    def search(self, query: str, *, limit: int = 50, offset: int = 0) -> SearchPage:
        """Ranked results (bm25, title weighted) with snippets; filters-only queries list."""
        _check_limit(limit)
        parsed = parse(query)
        if parsed is None:
            return SearchPage(items=(), total=0)
        if parsed.fts:  # on this thread's plain sqlite3 connection (app/storage/readers)
            with self.db.readers.read() as reader:
                items = search_sql.search_records(reader, parsed, limit, offset)
        else:
            with self.db.read() as conn:
                items = article_sql.list_records(conn, parsed, SortSpec(), limit, offset)
        total = offset + len(items)
        return SearchPage(items=tuple(items), total=total, terms=parsed.terms)

    # --- state ---------------------------------------------------------------------

    def mark(self, ids: Iterable[int], action: str) -> int:
        """Apply read/unread/favorite/unfavorite/archive/unarchive/trash/restore."""
        if action not in STATE_ACTIONS:
            raise InputError(f"unknown action {action!r} (choose from {', '.join(STATE_ACTIONS)})")
        id_list = require_ids(self.db, ids)
        field, value = ACTION_FIELDS[action]
        with self.db.write() as conn:
            if field == "trashed":
                return article_sql.set_trashed(conn, id_list, value)
            return article_sql.set_flag(conn, id_list, field, value)

    def save_position(
        self, article_id: int, progress: float, anchor: str | None, *, mark_read: bool = False
    ) -> PositionSaved:
        """Remember where reading stopped (a fraction and a block anchor); maybe mark read."""
        return reading.save_position(self.db, article_id, progress, anchor, mark_read=mark_read)

    def page_snapshot(self, article_id: int) -> PageSnapshot | None:
        """The raw page the article was saved from (None when none was kept)."""
        return reading.page_snapshot(self.db, article_id)

    def purge(self, ids: Iterable[int]) -> int:
        """Delete articles for good (only from the trash)."""
        id_list = builtins.list(ids)
        if not id_list:
            return 0
        self._backup_before("purge")
        with self.db.write() as conn:
            trashed = [
                r.id for r in article_sql.records_by_ids(conn, id_list).values() if r.trashed
            ]
            return article_sql.delete_articles(conn, trashed)

    def empty_trash(self) -> int:
        """Delete every trashed article for good."""
        return self.purge(self.ids("is:trashed"))

    # --- saving, tags, summaries, upkeep (delegated) -------------------------------------

    def add_file(self, path: Path, tags: Sequence[str] = ()) -> SaveResult:
        """Save a local HTML, Markdown, text or PDF file; an existing copy gets the tags."""
        return saving.add_file(self.db, path, tags)

    def add_url(self, url: str, tags: Sequence[str] = (), *, offline: bool = False) -> SaveResult:
        """Store a URL at once, then fetch it (unless offline); a failed fetch is kept."""
        return fetching.add_url(self.db, url, tags, offline=offline)

    def refetch(self, article_id: int) -> int:
        """Fetch an article's page again (after a failure, or to refresh it)."""
        self.get(article_id)
        return fetching.fetch_article(self.db, article_id)

    def reextract(self, article_id: int) -> None:
        """Extract again from the stored page snapshot, offline."""
        fetching.reextract(self.db, article_id)

    def store_urls(
        self, urls: Sequence[str], tags: Sequence[str] = ()
    ) -> builtins.list[SaveResult]:
        """Store URLs as pending articles, fetching nothing (InputError before any write
        when one of them is not an http(s) URL)."""
        return fetching.store_urls(self.db, urls, tags)

    def queued_ids(self, limit: int | None = None) -> builtins.list[int]:
        """Articles waiting for their page, newest first."""
        return fetch_queue.queued_ids(self.db, limit=limit)

    def fetch_articles(self, ids: Sequence[int], **kwargs: Any) -> FetchReport:
        """Fetch these articles' pages concurrently, one request per host at a time."""
        return fetch_queue.fetch_articles(self.db, ids, **kwargs)

    def fetch_queued(self, **kwargs: Any) -> FetchReport:
        """Fetch the articles still waiting for their page (newest first, resumable)."""
        return fetch_queue.fetch_queued(self.db, **kwargs)

    def import_file(self, path: Path, fmt: str | None = None, **kwargs: Any) -> ImportReport:
        """Import another tool's export (or a Broadsheet bundle); idempotent."""
        before = summaries.last_id(self.db)
        if fmt == "bundle" or (fmt is None and _is_bundle(path)):
            report = bundles.import_bundle(self.db, path, **kwargs)
        else:
            report = importing.import_file(self.db, path, fmt, **kwargs)
        # Items that came with their content get their summary now, like any save.
        summaries.refresh_all(self.db, kwargs.get("cancel"), after_id=before)
        return report

    def export(self, fmt: str, out: Path, query: str | None = None, **kwargs: Any) -> int:
        """Write the articles a query selects to OUT in an export format."""
        return exporting.export_query(self.db, fmt, out, query, **kwargs)

    def add_tags(self, ids: Sequence[int], tags: Iterable[str]) -> int:
        """Tag many articles at once; returns links added."""
        return tagging.add_tags(self.db, list(ids), tags)

    def remove_tags(self, ids: Sequence[int], tags: Iterable[str]) -> int:
        """Untag many articles at once; returns links removed."""
        return tagging.remove_tags(self.db, list(ids), tags)

    def tags(self, prefix: str | None = None) -> builtins.list[TagRecord]:
        """Every tag with its count."""
        return tagging.list_tags(self.db, prefix)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag and its subtree."""
        return tagging.rename_tag(self.db, old, new)

    def merge_tags(self, sources: Iterable[str], into: str) -> int:
        """Merge tags into one (after an automatic backup)."""
        sources = builtins.list(sources)
        self._backup_before("tag-merge")
        return tagging.merge_tags(self.db, sources, into)

    def delete_tag(self, path: str) -> int:
        """Delete a tag and its subtree (after an automatic backup)."""
        self._backup_before("tag-delete")
        return tagging.delete_tag(self.db, path)

    def summary(
        self, article_id: int, method: str | None = None, *, cancel: threading.Event | None = None
    ) -> SummaryRecord:
        """The article's summary: cached or freshly computed; method "extractive" or "llm"
        (the configured model, falling back to extractive; it goes over the network, and
        setting `cancel` stops it: LlmCancelled)."""
        result = summaries.summary_for(self.db, article_id, method, cancel=cancel)
        if result is None:
            raise NotFoundError(f"no article with id {article_id}")
        return result

    def llm_config(self) -> LlmConfig | None:
        """The LLM summarizer's endpoint, or None when none is set (the default)."""
        return llm_settings.load_llm(self.db)

    def configure_llm(
        self, url: str, model: str, *, api_key: str | None = None, timeout: float = 60.0
    ) -> LlmConfig:
        """Set the LLM summarizer's endpoint and model (the key is kept user-only)."""
        return llm_settings.configure_llm(self.db, url, model, api_key=api_key, timeout=timeout)

    def disable_llm(self) -> None:
        """Forget the LLM endpoint and key."""
        llm_settings.disable_llm(self.db)

    def default_summary_method(self) -> str:
        """ "extractive" (the default) or "llm"."""
        return llm_settings.default_method(self.db)

    def set_default_summary_method(self, method: str) -> None:
        """Choose the summary method `summarize ID` uses."""
        llm_settings.set_default_method(self.db, method)

    def doctor(self) -> DoctorReport:
        """Integrity of the database, the FTS index and the asset store."""
        return upkeep.doctor(self.db)

    def compact(self) -> upkeep.CompactReport:
        """Give the library file's free pages back to the disk (VACUUM)."""
        return upkeep.compact(self.db)

    def read_asset(self, sha256: str) -> bytes | None:
        """A stored file's bytes (None when missing)."""
        return self.db.assets.read(sha256)


def _is_bundle(path: Path) -> bool:
    """A zip holding the Broadsheet bundle header (written last, after the counts are known;
    the zip's directory lists it without reading any entry)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return "bundle.json" in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _check_limit(limit: int | None) -> None:
    if limit is not None and not (0 < limit <= MAX_LIMIT):
        raise InputError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
