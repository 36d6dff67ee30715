"""SIGKILL during an import, file saves and bulk edits: nothing acknowledged is lost (short form;
`make stress` runs the same harness with 50+ kills)."""

from __future__ import annotations

import logging
from pathlib import Path

from tests.e2e.crash_harness import assert_complete, crash_loop, make_workload

log = logging.getLogger(__name__)

ITEMS, PAGES, ROUNDS = 1200, 12, 160  # long enough that a kill lands before the end


def test_kills_lose_nothing_acknowledged_and_a_rerun_completes(tmp_path: Path) -> None:
    work = tmp_path / "work"
    make_workload(work, items=ITEMS, pages=PAGES, rounds=ROUNDS)
    data = tmp_path / "lib"
    stats = crash_loop(data, work, kills=4, max_delay=1.5, seed=11)
    assert stats.kills == 4
    assert stats.acks_checked > 0
    assert_complete(data, items=ITEMS, pages=PAGES, rounds=ROUNDS)
    log.info("crash safety: %s", stats)
