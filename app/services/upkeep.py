"""Looking after a library: integrity checks (doctor), asset sweeps, compacting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from app.storage import content as content_sql
from app.storage import fts
from app.storage import highlights as highlight_sql
from app.storage.database import Database
from app.storage.engine import space_in_use, vacuum


@dataclass
class DoctorReport:
    """What `doctor` found; `ok` when nothing is wrong."""

    sqlite_integrity: str = "ok"
    fts_integrity: str = "ok"
    articles: int = 0
    assets_checked: int = 0
    missing_assets: list[str] = field(default_factory=list)
    corrupt_assets: list[str] = field(default_factory=list)
    orphaned_files: list[str] = field(default_factory=list)
    unreferenced_rows: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.sqlite_integrity == "ok"
            and self.fts_integrity == "ok"
            and not self.missing_assets
            and not self.corrupt_assets
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "sqlite_integrity": self.sqlite_integrity,
            "fts_integrity": self.fts_integrity,
            "articles": self.articles,
            "assets_checked": self.assets_checked,
            "missing_assets": self.missing_assets,
            "corrupt_assets": self.corrupt_assets,
            "orphaned_files": self.orphaned_files,
            "unreferenced_rows": self.unreferenced_rows,
        }


def doctor(db: Database, *, verify_hashes: bool = True) -> DoctorReport:
    """Check SQLite's integrity, the FTS index against its content, and the asset store.

    Orphaned files (on disk, not in the database) are reported but are not errors: a
    crash between writing a file and committing its row leaves exactly that.
    """
    report = DoctorReport()
    with db.read() as conn:
        rows = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
        report.sqlite_integrity = "ok" if rows == ["ok"] else "; ".join(rows[:5])
        report.articles = int(conn.execute(text("SELECT count(*) FROM article")).scalar_one())
        known = content_sql.all_asset_digests(conn)
        report.unreferenced_rows = content_sql.unreferenced_assets(conn)
    with db.write() as conn:
        problem = fts.integrity_check(conn)
        if problem is None and (found := highlight_sql.integrity_check(conn)) is not None:
            problem = f"highlight index: {found}"
        report.fts_integrity = "ok" if problem is None else problem
    on_disk = set(db.assets.iter_digests())
    for digest in sorted(known):
        report.assets_checked += 1
        if digest not in on_disk:
            report.missing_assets.append(digest)
        elif verify_hashes and not db.assets.verify(digest):
            report.corrupt_assets.append(digest)
    report.orphaned_files = sorted(on_disk - known)
    return report


def sweep_assets(db: Database) -> int:
    """Delete asset rows no article uses and files no row names; returns files removed."""
    with db.write() as conn:
        unused = content_sql.unreferenced_assets(conn)
        content_sql.delete_asset_rows(conn, unused)
        known = content_sql.all_asset_digests(conn)
    removed = 0
    for digest in set(db.assets.iter_digests()) - known:
        db.assets.remove(digest)
        removed += 1
    return removed


@dataclass(frozen=True)
class CompactReport:
    """The library file's size before and after `compact`."""

    before_bytes: int
    after_bytes: int
    free_before_bytes: int

    def to_json(self) -> dict[str, int]:
        return {
            "before_bytes": self.before_bytes,
            "after_bytes": self.after_bytes,
            "freed_bytes": self.before_bytes - self.after_bytes,
        }


def compact(db: Database) -> CompactReport:
    """Give the free pages back to the disk (after purges, or the rebuild migration 0003
    makes, which leaves the old table's pages free: about the bodies' size)."""
    before, free = space_in_use(db.path)
    db.readers.close()  # VACUUM cannot run while this process holds read snapshots open
    vacuum(db.path)
    after, _ = space_in_use(db.path)
    return CompactReport(before, after, free)
