"""The library facade: open a library, read articles, change their state.

The window and the command line call only this API (and the sibling service modules it
delegates to). Everything returned is a frozen record.
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from app.domain.errors import InputError, NotFoundError
from app.domain.query import ParsedQuery, parse_query
from app.domain.records import ArticleDetail, ArticleRecord, SearchPage, SummaryRecord, TagRecord
from app.services import tagging
from app.services.library_query import require_ids
from app.storage import articles as article_sql
from app.storage import search_sql
from app.storage.articles import SORTS, SortSpec
from app.storage.database import Database
from app.storage.details import load_detail

if TYPE_CHECKING:
    from app.services.importing import ImportReport
    from app.services.saving import SaveResult
    from app.services.upkeep import DoctorReport

log = logging.getLogger(__name__)

MAX_LIMIT = 100_000
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

    @classmethod
    def open(cls, data_dir: Path) -> Library:
        """Open (creating or migrating when needed) the library in `data_dir`."""
        return cls(Database(data_dir))

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
        _check_limit(limit)
        parsed = parse(query)
        with self.db.read() as conn:
            if parsed is not None and parsed.fts and sort is None:
                ranked_limit = MAX_LIMIT - offset if limit is None else limit
                return search_sql.ranked_ids(conn, parsed, max(0, ranked_limit), offset)
            return article_sql.list_ids(conn, parsed, parse_sort(sort), limit, offset)

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
        with self.db.read() as conn:
            if parsed.fts:
                items = search_sql.search_records(conn, parsed, limit, offset)
            else:
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

    def purge(self, ids: Iterable[int]) -> int:
        """Delete articles for good (only from the trash)."""
        id_list = builtins.list(ids)
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
        from app.services import saving  # deferred: heavy imports

        return saving.add_file(self.db, path, tags)

    def add_url(self, url: str, tags: Sequence[str] = (), *, offline: bool = False) -> SaveResult:
        """Store a URL at once, then fetch it (unless offline); a failed fetch is kept."""
        from app.services import fetching  # deferred: heavy imports

        return fetching.add_url(self.db, url, tags, offline=offline)

    def refetch(self, article_id: int) -> int:
        """Fetch an article's page again (after a failure, or to refresh it)."""
        from app.services import fetching  # deferred: heavy imports

        self.get(article_id)
        return fetching.fetch_article(self.db, article_id)

    def reextract(self, article_id: int) -> None:
        """Extract again from the stored page snapshot, offline."""
        from app.services import fetching  # deferred: heavy imports

        fetching.reextract(self.db, article_id)

    def fetch_pending(self, **kwargs: Any) -> int:
        """Fetch every article still waiting for its page, newest first."""
        from app.services import fetching  # deferred: heavy imports

        return fetching.fetch_pending(self.db, **kwargs)

    def import_file(self, path: Path, fmt: str | None = None, **kwargs: Any) -> ImportReport:
        """Import another tool's export (or a Broadsheet bundle); idempotent."""
        from app.services import bundles, importing  # deferred: heavy imports

        if fmt == "bundle" or (fmt is None and _is_bundle(path)):
            return bundles.import_bundle(self.db, path, **kwargs)
        return importing.import_file(self.db, path, fmt, **kwargs)

    def export(self, fmt: str, out: Path, query: str | None = None, **kwargs: Any) -> int:
        """Write the articles a query selects to OUT in an export format."""
        from app.services import exporting  # deferred: heavy imports

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
        """Merge tags into one."""
        return tagging.merge_tags(self.db, sources, into)

    def delete_tag(self, path: str) -> int:
        """Delete a tag and its subtree."""
        return tagging.delete_tag(self.db, path)

    def summary(self, article_id: int) -> SummaryRecord:
        """The article's (cached or freshly computed) summary."""
        from app.services import summaries  # deferred: heavy imports

        result = summaries.summary_for(self.db, article_id)
        if result is None:
            raise NotFoundError(f"no article with id {article_id}")
        return result

    def doctor(self) -> DoctorReport:
        """Integrity of the database, the FTS index and the asset store."""
        from app.services import upkeep  # deferred: heavy imports

        return upkeep.doctor(self.db)

    def read_asset(self, sha256: str) -> bytes | None:
        """A stored file's bytes (None when missing)."""
        return self.db.assets.read(sha256)


def _is_bundle(path: Path) -> bool:
    """A zip whose first entry names the Broadsheet bundle header."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return "bundle.json" in zf.namelist()[:3]
    except (OSError, zipfile.BadZipFile):
        return False


def _check_limit(limit: int | None) -> None:
    if limit is not None and not (0 < limit <= MAX_LIMIT):
        raise InputError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
