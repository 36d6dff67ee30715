"""The full crash test: 50 SIGKILLs at random moments during imports, saves and bulk edits."""

from __future__ import annotations

import collections
from pathlib import Path

from tests.e2e.crash_harness import assert_complete, crash_loop, make_workload

ITEMS, PAGES, ROUNDS = 1000, 20, 80
KILLS = 50


def test_fifty_kills_lose_nothing(tmp_path: Path) -> None:
    work = tmp_path / "work"
    make_workload(work, items=ITEMS, pages=PAGES, rounds=ROUNDS)
    data = tmp_path / "lib"
    stats = crash_loop(data, work, kills=KILLS, max_delay=4.0, seed=2026)
    assert stats.kills == KILLS
    assert_complete(data, items=ITEMS, pages=PAGES, rounds=ROUNDS)
    phases = collections.Counter(point.split()[0] for point in stats.kill_points)
    print(
        f"\nFIGURES crash: kills survived {stats.kills} (runs {stats.runs}, finished before "
        f"the kill {stats.finished_early}); acknowledgements checked {stats.acks_checked}; "
        f"article rows checked {stats.articles_checked}; last ack before kill by phase "
        f"{dict(phases)}"
    )
