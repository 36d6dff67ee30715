"""Importing a 50,000-row Pocket CSV through Library.import_file against raw sqlite3 inserts.

Both start from a fresh, empty library (schema made by Database, untimed) and end with the
articles, tags and links stored and indexed by the same triggers. Memory: a child process
imports 10k and then 50k rows and reports its peak RSS growth, which should not grow with
the file (the import streams).

    python -m tests.benchmarks.bench_import --child CSV DIR   (the memory probe; prints JSON)
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.services.library import Library
from app.storage.database import DB_FILENAME
from tests.benchmarks.common import (
    Context,
    Figure,
    child_env,
    median_ms,
    peak_rss_mb,
    python,
    rss_mb,
    run_child,
)
from tests.benchmarks.generate import write_pocket_csv
from tests.benchmarks.libs import fresh, raw_writer

ROWS = 50_000
SMALL_ROWS = 10_000
RUNS = 3  # a 50k import is long; three interleaved pairs keep the section near two minutes
BATCH = 500
MAX_RATIO = 3.0
MAX_GROWTH_MB = 50.0  # peak growth at 50k rows may exceed the one at 10k by at most this


def ours(csv_path: Path, dest: Path) -> int:
    with Library.open(dest) as lib:
        report = lib.import_file(csv_path, "pocket-csv")
    return report.added


def raw_import(csv_path: Path, dest: Path) -> int:
    """The same rows with plain sqlite3: no URL normalising, no duplicate checks."""
    conn = raw_writer(dest / DB_FILENAME)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    tag_ids: dict[str, int] = {}
    added = 0
    try:
        with csv_path.open(newline="", encoding="utf-8") as handle:
            rows = csv.DictReader(handle)
            batch: list[dict[str, str]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    added += _raw_batch(conn, batch, tag_ids, now)
                    batch.clear()
            if batch:
                added += _raw_batch(conn, batch, tag_ids, now)
    finally:
        conn.close()
    return added


def _raw_batch(
    conn: sqlite3.Connection, batch: list[dict[str, str]], tag_ids: dict[str, int], now: str
) -> int:
    conn.execute("BEGIN IMMEDIATE")
    links = []
    for row in batch:
        url = row["url"]
        title = row["title"] or url
        saved = datetime.fromtimestamp(int(row["time_added"]), UTC)
        done = row["status"] == "archive"
        cur = conn.execute(
            "INSERT INTO article (given_url, url_key, title, title_key, saved, word_count, "
            "reading_minutes, read, favorite, archived, reading_progress, body_markdown, "
            "body_text, tags_text, source, fetch_status, fetch_attempts) "
            "VALUES (?, ?, ?, ?, ?, 0, 0, ?, 0, ?, 0, '', '', '', 'import', 'pending', 0)",
            (url, url.lower(), title, title.casefold(), saved.strftime("%Y-%m-%d %H:%M:%S.%f"),
             done, done),
        )  # fmt: skip
        article_id = cur.lastrowid
        for tag in filter(None, row["tags"].split("|")):
            tag_id = tag_ids.get(tag)
            if tag_id is None:
                conn.execute(
                    "INSERT OR IGNORE INTO tag (path, key, created) VALUES (?, ?, ?)",
                    (tag, tag.casefold(), now),
                )
                found = conn.execute("SELECT id FROM tag WHERE key = ?", (tag.casefold(),))
                tag_id = tag_ids[tag] = int(found.fetchone()[0])
            links.append((article_id, tag_id))
    conn.executemany("INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?, ?)", links)
    conn.execute("COMMIT")
    return len(batch)


def memory_probe(csv_path: Path, dest: Path) -> dict[str, float]:
    """In a fresh process: RSS before the import and the peak during it."""
    fresh(dest)
    with Library.open(dest) as lib:
        lib.count()
        baseline = rss_mb()
        start = time.perf_counter()
        added = lib.import_file(csv_path, "pocket-csv").added
        seconds = time.perf_counter() - start
    peak = peak_rss_mb()
    return {"baseline_mb": baseline, "peak_mb": peak, "growth_mb": peak - baseline,
            "seconds": seconds, "added": added}  # fmt: skip


def probe(csv_path: Path, dest: Path) -> dict[str, float]:
    """Import csv_path into a fresh library at dest in a child process; its time and memory."""
    argv = [python(), "-m", "tests.benchmarks.bench_import", "--child", str(csv_path), str(dest)]
    _, status, _, err = run_child(argv, env=child_env())
    probe_file = dest.parent / "probe.json"
    if status != 0 or not probe_file.exists():
        raise RuntimeError(f"import probe failed ({status}): {err.strip()[-300:]}")
    result: dict[str, float] = json.loads(probe_file.read_text("utf-8"))
    probe_file.unlink()
    return result


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """Import time (ours vs raw, interleaved) and peak memory growth at 10k vs 50k rows.

    Ours runs in a fresh child process each time (as a user's import would), timed from inside
    around import_file alone, which also yields its peak RSS; raw runs in this process.
    """
    data = ctx.out / "data"
    big = write_pocket_csv(data / f"pocket-{ROWS}-{ctx.seed}.csv", ROWS, ctx.seed)
    small = write_pocket_csv(data / f"pocket-{SMALL_ROWS}-{ctx.seed}.csv", SMALL_ROWS, ctx.seed)
    work = ctx.work / "import"
    a, b = work / "ours", work / "raw"
    probes: list[dict[str, float]] = []
    raw_s: list[float] = []
    raw_added = 0
    for i in range(RUNS):
        for side in ("ours", "raw") if i % 2 == 0 else ("raw", "ours"):
            if side == "ours":
                probes.append(probe(big, a))
            else:
                fresh(b)
                start = time.perf_counter()
                raw_added = raw_import(big, b)
                raw_s.append(time.perf_counter() - start)
    small_probe = probe(small, a)
    shutil.rmtree(work, ignore_errors=True)
    ours_s = [p["seconds"] for p in probes]
    added = int(probes[-1]["added"])
    time_fig = Figure(
        f"import Pocket CSV {ROWS:,} rows",
        median_ms(ours_s) / 1000,
        median_ms(raw_s) / 1000,
        unit="s",
        max_ratio=MAX_RATIO,
        reference_name="raw sqlite3 inserts",
        note="" if added == raw_added == ROWS else f"rows added: ours {added}, raw {raw_added}",
        details={"ours_s": ours_s, "raw_s": raw_s, "rows_per_second": ROWS / min(ours_s)},
    )
    say(f"  import: ours {time_fig.ours:.1f} s, raw {time_fig.reference:.1f} s")
    growth = statistics.median(p["growth_mb"] for p in probes)
    mem_fig = Figure(
        f"import peak RSS growth, {ROWS:,} vs {SMALL_ROWS:,} rows",
        growth,
        small_probe["growth_mb"],
        unit="MB",
        max_delta=MAX_GROWTH_MB,
        reference_name=f"growth at {SMALL_ROWS:,} rows",
        details={"probes": probes, "small": small_probe},
    )
    say(f"  import memory growth: {growth:.1f} MB at 50k, {mem_fig.reference:.1f} MB at 10k")
    return [time_fig, mem_fig]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, type=Path, metavar=("CSV", "DIR"), required=True)
    args = parser.parse_args()
    csv_path, dest = args.child
    result = memory_probe(csv_path, dest)
    (dest.parent / "probe.json").write_text(json.dumps(result), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
