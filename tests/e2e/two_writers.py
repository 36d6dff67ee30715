"""The window's services (a writing thread) and the real CLI write one library at once."""

from __future__ import annotations

import csv
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.services.library import Library
from tests.e2e.cli import run_cli


@dataclass
class WriterStats:
    """What both sides did and what was checked."""

    window_writes: int = 0
    cli_commands: int = 0
    cli_items: int = 0
    errors: list[str] = field(default_factory=list)


def _window_side(lib: Library, folder: Path, stop: threading.Event, stats: WriterStats) -> None:
    """Like the window's database lane: saves, tags and marks, one at a time."""
    n = 0
    try:
        while not stop.is_set():
            page = folder / f"window-{n}.md"
            page.write_text(f"# Window note {n}\n\nWritten by the window side, {n}.\n")
            article = lib.add_file(page, ["window"]).article_id
            lib.add_tags([article], [f"window/{n % 5}"])
            lib.mark([article], "read")
            stats.window_writes += 3
            n += 1
    except Exception as exc:  # recorded, then asserted by the test
        stats.errors.append(f"window side: {exc!r}")


def _cli_batch(folder: Path, batch: int, size: int) -> Path:
    path = folder / f"cli-{batch}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "url", "time_added", "cursor", "tags", "status"])
        for k in range(size):
            writer.writerow([f"CLI {batch}-{k}", f"https://cli.example/{batch}/{k}",
                             1_700_000_000 + k, k, "cli", "unread"])  # fmt: skip
    return path


def run_two_writers(data: Path, folder: Path, seconds: float) -> WriterStats:
    """Both sides write for `seconds`; then every acknowledged item is checked."""
    folder.mkdir(parents=True, exist_ok=True)
    stats = WriterStats()
    stop = threading.Event()
    with Library.open(data) as lib:
        thread = threading.Thread(target=_window_side, args=(lib, folder, stop, stats))
        thread.start()
        deadline = time.monotonic() + seconds
        batch = 0
        try:
            while time.monotonic() < deadline:
                size = 300
                run = run_cli(data, "import", str(_cli_batch(folder, batch, size)), "--offline")
                stats.cli_commands += 1
                if run.code != 0 or "locked" in run.err:
                    stats.errors.append(f"cli import: {run.code} {run.err.strip()}")
                    break
                stats.cli_items += size
                run = run_cli(data, "tags", "rename", "cli", f"cli-done/{batch}")
                stats.cli_commands += 1
                if run.code != 0 or "locked" in run.err:
                    stats.errors.append(f"cli tags rename: {run.code} {run.err.strip()}")
                    break
                batch += 1
        finally:
            stop.set()
            thread.join(timeout=120)
        assert not stats.errors, stats.errors
        window_articles = lib.count("tag:window")
        assert window_articles * 3 == stats.window_writes
        assert lib.count("site:cli.example") == stats.cli_items
        for b in range(batch):
            assert lib.count(f"tag:cli-done/{b}") == 300, f"CLI batch {b} lost tags"
        assert lib.doctor().ok
    return stats
