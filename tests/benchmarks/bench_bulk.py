"""Bulk tag, archive and trash of 10,000 articles: the services API against raw SQL.

Both run on one copy of the generated library (never the cache itself), alternately, each
change undone (untimed) before the next run, so both always start from the same state. The
raw side uses its own sqlite3 connection with our engine's PRAGMAs; the FTS triggers fire for
both, as they must (a tag changes the indexed tag text).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable

from app.services.library import Library
from app.storage.database import DB_FILENAME
from tests.benchmarks.common import Context, Figure, interleaved, median_ms
from tests.benchmarks.libs import copy_library, raw_writer

COUNT = 10_000
TAG = "bench/bulk"
TAG_RUNS = 3  # each tagging run re-indexes 10,000 articles twice (do and undo)
MAX_TAG_RATIO = 3.0
MAX_STATE_RATIO = 3.0


def pick_ids(conn: sqlite3.Connection, count: int) -> list[int]:
    """Live, unarchived, untagged-by-us articles spread over the whole id range."""
    live = [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM article WHERE trashed_at IS NULL AND archived = 0 ORDER BY id"
        )
    ]
    step = max(1, len(live) // count)
    return live[::step][:count]


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """Tag, archive and trash COUNT articles, ours vs raw, interleaved."""
    work = copy_library(ctx.lib(), ctx.work / "bulk")
    raw = raw_writer(work / DB_FILENAME)
    lib = Library.open(work)
    try:
        ids = pick_ids(raw, COUNT)
        id_list = ",".join(map(str, ids))  # ints only: safe to inline, no variable limit
        lib.add_tags(ids[:1], [TAG])  # creates the tag, so both sides link an existing one
        lib.remove_tags(ids[:1], [TAG])
        tag_id = raw.execute("SELECT id FROM tag WHERE key = ?", (TAG,)).fetchone()[0]

        def raw_tx(*statements: tuple[str, tuple[object, ...]]) -> Callable[[], None]:
            def go() -> None:
                raw.execute("BEGIN IMMEDIATE")
                for sql, params in statements:
                    raw.execute(sql, params)
                raw.execute("COMMIT")

            return go

        def raw_tag() -> None:
            raw.execute("BEGIN IMMEDIATE")
            raw.executemany(
                "INSERT INTO article_tag (article_id, tag_id) VALUES (?, ?)",
                [(i, tag_id) for i in ids],
            )
            raw.execute("COMMIT")

        untag = raw_tx(("DELETE FROM article_tag WHERE tag_id = ?", (tag_id,)))
        unarchive = raw_tx((f"UPDATE article SET archived = 0 WHERE id IN ({id_list})", ()))
        restore = raw_tx((f"UPDATE article SET trashed_at = NULL WHERE id IN ({id_list})", ()))
        cases: list[tuple[str, Callable[[], object], Callable[[], object], Callable[[], None],
                          int, float]] = [
            ("tag", lambda: lib.add_tags(ids, [TAG]), raw_tag, untag, TAG_RUNS, MAX_TAG_RATIO),
            (
                "archive",
                lambda: lib.mark(ids, "archive"),
                raw_tx((f"UPDATE article SET archived = 1 WHERE id IN ({id_list})", ())),
                unarchive,
                ctx.runs,
                MAX_STATE_RATIO,
            ),
            (
                "trash",
                lambda: lib.mark(ids, "trash"),
                raw_tx(
                    (
                        f"UPDATE article SET trashed_at = ? WHERE id IN ({id_list})",
                        ("2025-06-01 00:00:00.000000",),
                    )
                ),
                restore,
                ctx.runs,
                MAX_STATE_RATIO,
            ),
        ]  # fmt: skip
        figures = []
        for name, ours, ref, undo, runs, limit in cases:
            ours_s, ref_s = interleaved(ours, ref, runs, warmup=0, after=undo)
            fig = Figure(
                f"bulk {name} {len(ids):,} articles",
                median_ms(ours_s),
                median_ms(ref_s),
                max_ratio=limit,
                reference_name="raw SQL, same triggers",
                details={"runs": runs, "ours_s": ours_s, "raw_s": ref_s},
            )
            say(f"  bulk {name}: ours {fig.ours:,.0f} ms, raw {fig.reference:,.0f} ms")
            figures.append(fig)
        return figures
    finally:
        lib.close()
        raw.close()
        shutil.rmtree(work, ignore_errors=True)
