"""Exporting: stream the articles a query selects into one of the export formats."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from app.domain.records import ArticleDetail
from app.interop.exporters import EXPORT_FORMATS, export
from app.services.library_query import matching_ids
from app.storage.database import Database
from app.storage.details import load_detail

CHUNK = 200


def iter_details(db: Database, ids: list[int]) -> Iterator[ArticleDetail]:
    """Full articles for these ids, read a chunk per transaction (memory stays flat)."""
    for start in range(0, len(ids), CHUNK):
        with db.read() as conn:
            chunk = [load_detail(conn, i) for i in ids[start : start + CHUNK]]
        yield from (d for d in chunk if d is not None)


def export_query(
    db: Database,
    fmt: str,
    out: Path,
    query: str | None = None,
    *,
    title: str = "Broadsheet export",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Export the articles matching `query` (every live article when empty; a bundle also
    takes the trash unless the query says otherwise). Returns the number written."""
    if fmt not in EXPORT_FORMATS:
        from app.domain.errors import InputError

        raise InputError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    if fmt == "bundle" and not (query and query.strip()):
        ids = matching_ids(db, None) + matching_ids(db, "is:trashed")
    else:
        ids = matching_ids(db, query)
    return export(
        fmt, iter_details(db, ids), out, read_asset=db.assets.read, title=title, progress=progress
    )
