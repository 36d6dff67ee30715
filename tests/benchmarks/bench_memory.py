"""Main-process memory with 0 and N articles: open the library, list every id, fetch a page.

Each reading is a fresh child process (so neither pollutes the other), reporting its RSS after
the work the window does on opening (ids of the whole list plus the first batch of records);
the window's own RSS with 0 and N articles is in the startup section. Target: at most 100 MB
more with N articles.

    python -m tests.benchmarks.bench_memory --child DIR   (prints the probe's JSON)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.common import (
    Context,
    Figure,
    child_env,
    peak_rss_mb,
    python,
    rss_mb,
    run_child,
)
from tests.benchmarks.libs import fresh

MAX_DELTA_MB = 100.0
RUNS = 3
BATCH = 200


def probe(data_dir: Path) -> dict[str, float]:
    """In this (fresh) process: RSS before and after opening the library and its first page."""
    before = rss_mb()
    from app.services.library import Library

    imported = rss_mb()
    with Library.open(data_dir) as lib:
        ids = lib.ids(sort="-saved")
        lib.records(ids[:BATCH])
        lib.tags()  # the sidebar's tag tree
        after = rss_mb()
    return {"start_mb": before, "imported_mb": imported, "rss_mb": after,
            "peak_mb": peak_rss_mb(), "ids": len(ids)}  # fmt: skip


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """RSS of a process holding the open library and first page, 0 vs N articles."""
    empty = fresh(ctx.work / "memory-empty")
    readings: dict[str, list[dict[str, float]]] = {"empty": [], "full": []}
    out = ctx.work / "memory.json"
    for _ in range(RUNS):
        for name, path in (("empty", empty), ("full", ctx.lib())):
            argv = [python(), "-m", "tests.benchmarks.bench_memory", "--child", str(path),
                    "--json", str(out)]  # fmt: skip
            _, status, _, err = run_child(argv, env=child_env())
            if status != 0:
                raise RuntimeError(f"memory probe failed ({status}): {err.strip()[-300:]}")
            readings[name].append(json.loads(out.read_text("utf-8")))
    med = {n: statistics.median(r["rss_mb"] for r in v) for n, v in readings.items()}
    say(f"  memory: empty {med['empty']:.0f} MB, {ctx.size:,} articles {med['full']:.0f} MB")
    return [
        Figure(
            f"process RSS, library + first page open, {ctx.size:,} articles vs empty",
            med["full"],
            med["empty"],
            unit="MB",
            max_delta=MAX_DELTA_MB,
            reference_name="empty library",
            details={"readings": readings},
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, required=True)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args()
    args.json.write_text(json.dumps(probe(args.child)), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
