"""Bulk tag, archive and trash of 10,000 articles: the services API against raw SQL.

Both run on one copy of the generated library (never the cache itself), alternately. Archive
and trash are undone (untimed) before the next run, so both always start from the same state.
Tagging re-indexes every article's text in FTS5 (the tag text is indexed), and so would its
undo: each tagging run instead tags its own 10,000 untagged articles (disjoint sets spread over
the whole id range), so nothing needs undoing (a library under 60,000 live articles has too
few: there each tagging run is undone). The raw side uses its own sqlite3 connection
with our engine's PRAGMAs; the FTS triggers fire for both, as they must.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable

from app.services.library import Library
from app.storage.database import DB_FILENAME
from tests.benchmarks.common import Context, Figure, interleaved, median_ms
from tests.benchmarks.libs import copy_library, raw_writer

COUNT = 10_000
TAG = "bench/bulk"
TAG_RUNS = 3  # each tagging run re-indexes 10,000 articles (2-6 minutes per pair here)
STATE_RUNS = 5
MAX_TAG_RATIO = 3.0
MAX_STATE_RATIO = 3.0


def pick_ids(conn: sqlite3.Connection, count: int, *, unarchived: bool) -> list[list[int]]:
    """Disjoint sets of `count` live (and unarchived) articles, each spread over the id range.

    As many sets as fit (at least one; it may be short in a small library).
    """
    where = "trashed_at IS NULL" + (" AND archived = 0" if unarchived else "")
    live = [int(r[0]) for r in conn.execute(f"SELECT id FROM article WHERE {where} ORDER BY id")]
    step = max(1, len(live) // count)
    return [live[k::step][:count] for k in range(step)]


def tag_sets(sets: list[list[int]], runs: int) -> tuple[Callable[[], list[int]], bool]:
    """(the next id set to tag, whether each run must be undone).

    Fresh sets when the library has enough for every run of both sides, else the first set
    every time, each run undone.
    """
    fresh = len(sets) >= 2 * runs
    pending = iter(sets[: 2 * runs])
    return ((lambda: next(pending)) if fresh else (lambda: sets[0])), not fresh


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """Tag, archive and trash COUNT articles, ours vs raw, interleaved."""
    began = time.perf_counter()
    work = copy_library(ctx.lib(), ctx.work / "bulk")
    say(f"  bulk: copied the library in {time.perf_counter() - began:,.0f} s")
    raw = raw_writer(work / DB_FILENAME)
    lib = Library.open(work)
    try:
        ids = pick_ids(raw, COUNT, unarchived=True)[0]
        next_tag_set, undo_tags = tag_sets(pick_ids(raw, COUNT, unarchived=False), TAG_RUNS)
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

        def ours_tag() -> None:
            lib.add_tags(next_tag_set(), [TAG])

        def raw_tag() -> None:
            rows = [(i, tag_id) for i in next_tag_set()]
            raw.execute("BEGIN IMMEDIATE")
            raw.executemany("INSERT INTO article_tag (article_id, tag_id) VALUES (?, ?)", rows)
            raw.execute("COMMIT")

        untag = raw_tx(("DELETE FROM article_tag WHERE tag_id = ?", (tag_id,)))
        after_tag = untag if undo_tags else None
        unarchive = raw_tx((f"UPDATE article SET archived = 0 WHERE id IN ({id_list})", ()))
        restore = raw_tx((f"UPDATE article SET trashed_at = NULL WHERE id IN ({id_list})", ()))
        cases: list[tuple[str, Callable[[], object], Callable[[], object],
                          Callable[[], None] | None, int, float]] = [
            ("tag", ours_tag, raw_tag, after_tag, TAG_RUNS, MAX_TAG_RATIO),
            (
                "archive",
                lambda: lib.mark(ids, "archive"),
                raw_tx((f"UPDATE article SET archived = 1 WHERE id IN ({id_list})", ())),
                unarchive,
                min(ctx.runs, STATE_RUNS),
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
                min(ctx.runs, STATE_RUNS),
                MAX_STATE_RATIO,
            ),
        ]  # fmt: skip
        figures = []
        for name, ours, ref, after, runs, limit in cases:
            ours_s, ref_s = interleaved(ours, ref, runs, warmup=0, after=after)
            fig = Figure(
                f"bulk {name} {len(ids):,} articles",
                median_ms(ours_s),
                median_ms(ref_s),
                max_ratio=limit,
                reference_name="raw SQL, same triggers",
                details={
                    "runs": len(ours_s),
                    "ours_s": ours_s,
                    "raw_s": ref_s,
                    "undone": after is not None,
                },
            )
            say(f"  bulk {name}: ours {fig.ours:,.0f} ms, raw {fig.reference:,.0f} ms")
            figures.append(fig)
        return figures
    finally:
        lib.close()
        raw.close()
        shutil.rmtree(work, ignore_errors=True)
