"""Search through Library.search against a raw FTS5 bm25 query on the same file, side by side.

Ours parses the query, runs FTS with weighted bm25 and snippets, hides the trash and builds
records. The reference is the bare `SELECT rowid … MATCH ? ORDER BY bm25 LIMIT 50` on its own
sqlite3 connection (same page cache size as ours). Per-phase timings say where our time goes:
parse, the captured SQL run bare (with and without snippet()), and the Python around it.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from app.services.library import Library, parse
from tests.benchmarks.common import Context, Figure, interleaved, median_ms, timed
from tests.benchmarks.libs import raw_reader

MAX_RATIO = 1.3
LIMIT = 50
RAW = "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY bm25(article_fts) LIMIT 50"
# `+rowid` keeps the IN list out of FTS5's own planning (it would probe the index once per
# tagged article); the list is then built once and probed per match, as our statement does.
RAW_TAG = (
    "SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND +rowid IN ("
    " SELECT article_id FROM article_tag WHERE tag_id IN ("
    "  SELECT id FROM tag WHERE key = ? OR (key >= ? AND key < ?)))"
    " ORDER BY bm25(article_fts) LIMIT 50"
)
SLOW_SECONDS = 2.0  # a query slower than this on its warm-up gets three runs (time budget)
VERY_SLOW_SECONDS = 10.0  # … and slower than this, its warm-up is its only sample
SNIPPET = re.compile(r"snippet\(article_fts,[^)]*\)")


@dataclass(frozen=True)
class Case:
    name: str
    query: str  # what a user types
    match: str  # the same search in plain FTS5 syntax
    params: tuple[str, ...] = ()  # extra parameters of the raw tag-filter statement
    hits_key: str = ""  # manifest count of live articles expected (when under LIMIT)


CASES = (
    Case("rare word", "xylorare", "xylorare", hits_key="live:xylorare"),
    Case("mid-frequency word (1%)", "quillmid", "quillmid"),
    Case("common word (25%)", "brightcommon", "brightcommon"),
    Case("most common word ('the')", "the", "the"),
    Case("AND", "quillmid brightcommon", "quillmid AND brightcommon"),
    Case("OR", "xylorare OR quillmid", "xylorare OR quillmid"),
    Case("phrase", '"amber lattice"', '"amber lattice"'),
    Case("prefix", "quill*", "quill*"),
    Case(
        "tag filter (+ common word)",
        "brightcommon tag:science",
        "brightcommon",
        ("science", "science/", "science0"),
    ),
)


class Capture:
    """Records the SELECT statements our engine's connections and this thread's reader
    connection run, through sqlite3's trace callback: each comes with its parameters bound
    into the text, so it can be rerun as is."""

    def __init__(self, lib: Library) -> None:
        self.statements: list[tuple[str, Any]] = []
        self.on = False
        self.lib = lib
        event.listen(lib.db.engine, "checkout", self._checkout)
        lib.db.engine.pool.dispose()  # connections made from now on get the callback

    def _checkout(self, dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        # Only while capturing: a trace callback costs ours a Python call per statement
        # (FTS5's internal ones included), which the timed runs must not pay.
        dbapi_conn.set_trace_callback(self._seen if self.on else None)

    def _seen(self, statement: str) -> None:
        internal = "main.article_fts_" in statement or "'main'." in statement  # FTS5's own
        if self.on and not internal and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.statements.append((statement, ()))

    def run(self, fn: Callable[[], object]) -> list[tuple[str, Any]]:
        self.statements, self.on = [], True
        # Search pages run on this thread's plain reader connection, not the pool's.
        reader = self.lib.db.readers.get()
        reader.set_trace_callback(self._seen)
        try:
            fn()
        finally:
            self.on = False
            reader.set_trace_callback(None)
        return self.statements


def phases(
    lib: Library,
    capture: Capture,
    raw: sqlite3.Connection,
    case: Case,
    runs: int,
    total_ms: float,
) -> dict[str, Any]:
    """Where our time goes: parse, our SQL run bare (with and without snippets), the rest.

    A very slow query skips the with-snippet rerun: its snippet share is then estimated as
    what is left of the total after the bare SQL, and python shows as 0.
    """
    statements = capture.run(lambda: lib.search(case.query, limit=LIMIT))

    def run_sql(strip_snippet: bool) -> None:
        for sql, params in statements:
            raw.execute(SNIPPET.sub("NULL", sql) if strip_snippet else sql, params).fetchall()

    parse_s = timed(lambda: parse(case.query), runs)
    bare_s = timed(lambda: run_sql(True), runs)
    if total_ms > VERY_SLOW_SECONDS * 1000:
        sql_ms = total_ms - median_ms(parse_s)
    else:
        sql_ms = median_ms(timed(lambda: run_sql(False), runs))
    plan = [
        " | ".join(str(r[-1]) for r in raw.execute("EXPLAIN QUERY PLAN " + sql, params))
        for sql, params in statements
    ]
    bare_ms = median_ms(bare_s)
    return {
        "parse_ms": round(median_ms(parse_s), 3),
        "sql_ms": round(sql_ms, 3),
        "sql_without_snippet_ms": round(bare_ms, 3),
        "snippet_ms": round(sql_ms - bare_ms, 3),
        "python_ms": round(total_ms - sql_ms - median_ms(parse_s), 3),
        "statements": len(statements),
        "plan": plan,
    }


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """Every search case, ours vs raw, interleaved; per-phase timings in the details."""
    manifest = _manifest(ctx)
    figures = []
    with Library.open(ctx.lib()) as lib:
        capture = Capture(lib)
        raw = raw_reader(lib.path)
        try:
            for case in CASES:
                figures.append(_one(lib, capture, raw, case, ctx.runs, manifest))
                say(f"  search {case.name}: {_summary(figures[-1])}")
        finally:
            raw.close()
    return figures


def _one(
    lib: Library,
    capture: Capture,
    raw: sqlite3.Connection,
    case: Case,
    runs: int,
    manifest: dict[str, Any],
) -> Figure:
    sql = RAW_TAG if case.params else RAW
    params = (case.match, *case.params)
    start = time.perf_counter()
    page = lib.search(case.query, limit=LIMIT)  # warm-up, and a sanity check below
    warm = time.perf_counter() - start
    raw_ids = [r[0] for r in raw.execute(sql, params)]
    if warm > VERY_SLOW_SECONDS:
        # minutes per query at 1M: the warm-up is the one sample, the reference gets three
        runs = 1
        ours_s, ref_s = [warm], timed(lambda: raw.execute(sql, params).fetchall(), 3)
    else:
        runs = 3 if warm > SLOW_SECONDS else runs
        ours_s, ref_s = interleaved(
            lambda: lib.search(case.query, limit=LIMIT),
            lambda: raw.execute(sql, params).fetchall(),
            runs,
            warmup=0,
        )
    details: dict[str, Any] = {
        "query": case.query,
        "raw_match": case.match,
        "runs": runs,
        "hits_ours": len(page.items),
        "hits_raw": len(raw_ids),
        "ours_spread_ms": [round(min(ours_s) * 1000, 3), round(max(ours_s) * 1000, 3)],
        "raw_spread_ms": [round(min(ref_s) * 1000, 3), round(max(ref_s) * 1000, 3)],
    }
    expected = manifest.get("counts", {}).get(case.hits_key) if case.hits_key else None
    note = ""
    if expected is not None and expected <= LIMIT and expected != len(page.items):
        note = f"WRONG HITS: {len(page.items)} found, {expected} expected"
    if not page.items and (expected is None or expected > 0):
        note = note or "no hits (check the generated library)"
    details["phases"] = phases(lib, capture, raw, case, min(runs, 5), median_ms(ours_s))
    return Figure(
        f"search: {case.name}",
        median_ms(ours_s),
        median_ms(ref_s),
        max_ratio=MAX_RATIO,
        reference_name="raw FTS5 bm25 LIMIT 50",
        note=note,
        details=details,
    )


def _summary(fig: Figure) -> str:
    ph = fig.details["phases"]
    return (
        f"ours {fig.ours:.2f} ms, raw {fig.reference:.2f} ms, x{fig.ratio or 0:.2f} "
        f"(parse {ph['parse_ms']:.2f}, sql {ph['sql_without_snippet_ms']:.2f}, "
        f"snippet {ph['snippet_ms']:.2f}, python {ph['python_ms']:.2f})"
    )


def _manifest(ctx: Context) -> dict[str, Any]:
    from tests.benchmarks.generate import load_manifest

    return load_manifest(ctx.lib()) or {}
