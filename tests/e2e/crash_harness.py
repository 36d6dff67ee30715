"""Kill a writing process with SIGKILL at random moments; check the library after each kill.

Used by the short test in `make test` and the long one in `make stress`.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.services.library import Library
from app.storage.database import DB_FILENAME
from tests.e2e.crash_driver import edit_batch

ROOT = Path(__file__).resolve().parents[2]
# A 1x1 PNG; each page gets its own copy with a different trailing comment, so its own asset.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5fb9f2e0000000049454e44ae426082"
)


@dataclass
class CrashStats:
    """What a run of kills did and checked."""

    runs: int = 0
    kills: int = 0
    finished_early: int = 0
    acks_checked: int = 0
    articles_checked: int = 0
    kill_points: list[str] = field(default_factory=list)


def make_workload(work: Path, *, items: int, pages: int, rounds: int) -> None:
    """A Pocket CSV of `items` URLs, `pages` HTML files with an image each, `rounds` edits."""
    work.mkdir(parents=True, exist_ok=True)
    with (work / "pocket.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "url", "time_added", "cursor", "tags", "status"])
        for n in range(items):
            writer.writerow(
                [f"Item {n}", f"https://example.com/item/{n}", 1_600_000_000 + n, n,
                 f"import|bucket/{n % 10}", "archive" if n % 3 == 0 else "unread"]
            )  # fmt: skip
    for n in range(pages):
        (work / f"image-{n}.png").write_bytes(PNG + f"page {n}".encode())
        (work / f"page-{n:03d}.html").write_text(
            f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
            f"<p>Paragraph one of page {n} talks about crash safety at some length.</p>"
            f'<p><img src="image-{n}.png" alt="figure {n}"></p>'
            f"<p>Paragraph two of page {n} has more words so extraction keeps it.</p>"
            "</article></body></html>",
            encoding="utf-8",
        )
    (work / "rounds").write_text(str(rounds))


def _child(data: Path, work: Path, first_phase: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.crash_driver", str(data), str(work), str(first_phase)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def run_once(
    data: Path, work: Path, delay: float | None, first_phase: int = 0
) -> tuple[list[str], bool, str]:
    """Run the driver; SIGKILL it `delay` seconds after READY (None: let it finish).

    Returns its acknowledgement lines, whether it was killed, and its stderr.
    """
    proc = _child(data, work, first_phase)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.strip() == "READY", f"driver did not start: {first!r} {proc.stderr.read()}"
    killed = False
    if delay is not None:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
    out, err = proc.communicate(timeout=300)
    if not killed:
        assert proc.returncode == 0, err
    return out.splitlines(), killed, err


def check_library(data: Path, work: Path, acks: list[str], stats: CrashStats) -> None:
    """doctor passes, every acknowledged change is there, no duplicates, edits all-or-none."""
    with Library.open(data) as lib:
        report = lib.doctor()
        assert report.ok, report.to_json()
    conn = sqlite3.connect(f"{(data / DB_FILENAME).resolve().as_uri()}?mode=ro", uri=True)
    try:
        urls = [r[0] for r in conn.execute("SELECT given_url FROM article")]
        assert len(urls) == len(set(urls)), "duplicate articles after a kill"
        present = set(urls)
        ids = {r[0] for r in conn.execute("SELECT id FROM article")}
        tagged: dict[str, set[int]] = {}
        for path, article_id in conn.execute(
            "SELECT t.path, at.article_id FROM article_tag at JOIN tag t ON t.id = at.tag_id "
            "WHERE t.path LIKE 'round/%'"
        ):
            tagged.setdefault(path, set()).add(article_id)
        stats.articles_checked += len(urls)
    finally:
        conn.close()
    for line in acks:
        kind, *rest = line.split()
        if kind == "IMPORT":
            for n in range(int(rest[0])):
                assert f"https://example.com/item/{n}" in present, f"lost import item {n}"
        elif kind == "FILE":
            assert int(rest[1]) in ids, f"lost saved file {rest[0]}"
        elif kind == "EDIT":
            round_, total = int(rest[0]), int(rest[1])
            assert tagged.get(f"round/{round_}/{total}") == set(edit_batch(round_, total)), (
                f"edit round {round_} acknowledged but not all there"
            )
        stats.acks_checked += 1
    # A bulk edit is one transaction: its tag is on all of its articles or none.
    for path, members in tagged.items():
        _, round_, total = path.split("/")
        assert members == set(edit_batch(int(round_), int(total))), (
            f"{path} is on part of its batch only"
        )


def crash_loop(data: Path, work: Path, *, kills: int, max_delay: float, seed: int) -> CrashStats:
    """Kill the driver `kills` times at random moments, checking after each; then finish it
    and check that the work is complete with no duplicates."""
    rng = random.Random(seed)
    stats = CrashStats()
    while stats.kills < kills:
        delay = rng.uniform(0.0, max_delay)
        first_phase = rng.randrange(3)
        acks, killed, _ = run_once(data, work, delay, first_phase)
        stats.runs += 1
        if killed:
            stats.kills += 1
            stats.kill_points.append(acks[-1] if acks else "NONE before the first commit")
        else:
            stats.finished_early += 1
        check_library(data, work, acks, stats)
        if stats.runs > kills * 3:
            raise AssertionError("the driver keeps finishing before the kill; make it longer")
    acks, killed, _ = run_once(data, work, None)
    assert acks[-1] == "DONE"
    check_library(data, work, acks, stats)
    return stats


def assert_complete(data: Path, *, items: int, pages: int, rounds: int) -> None:
    """After the final, unkilled rerun: exactly the work, once."""
    conn = sqlite3.connect(f"{(data / DB_FILENAME).resolve().as_uri()}?mode=ro", uri=True)
    try:
        count = conn.execute("SELECT count(*) FROM article").fetchone()[0]
        distinct = conn.execute("SELECT count(DISTINCT url_key) FROM article").fetchone()[0]
        final = f"round/%/{items + pages}"
        done = conn.execute("SELECT count(*) FROM tag WHERE path LIKE ?", (final,)).fetchone()
    finally:
        conn.close()
    assert count == distinct == items + pages
    assert done[0] == rounds


def timed(fn: object) -> float:
    """Wall time of a call (for the figures only, never asserted)."""
    start = time.perf_counter()
    assert callable(fn)
    fn()
    return time.perf_counter() - start
