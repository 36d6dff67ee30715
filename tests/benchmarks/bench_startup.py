"""Startup: process start to the main window's saved screenshot, with 0 and N articles.

Each variant is a fresh process (`python -m app --data-dir D --offline --screenshot OUT`),
run interleaved in rotating order with the floor: a bare PySide6 window with one empty
QTableView doing the same (tests/benchmarks/bare_window.py). Three moments are timed
(BROADSHEET_SCREENSHOT_AT): the list's first paint (what the bare window does), the first
paint showing rows (the window is usable), and "settled" (list loaded, reader rendered). Each
child's peak RSS is sampled from /proc, which gives the window's memory with 0 and N too.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.common import (
    MIN_RUNS,
    ROOT,
    Context,
    Figure,
    child_env,
    over_budget,
    python,
    run_child,
    skipped,
)
from tests.benchmarks.libs import fresh

MAX_GROWTH = 1.2  # N articles over empty
MAX_OVER_BARE = 2.0  # empty library over the bare window
MAX_MEMORY_DELTA_MB = 100.0
TIMEOUT = 120.0
RUNS = 5  # seven variants of a few seconds each: five rounds keep this near three minutes


MOMENTS = ("paint", "rows", "settled")


def app_argv(data_dir: Path, png: Path) -> list[str]:
    return [python(), "-m", "app", "--data-dir", str(data_dir), "--offline", "--screenshot",
            str(png)]  # fmt: skip


def bare_argv(png: Path) -> list[str]:
    return [python(), str(ROOT / "tests" / "benchmarks" / "bare_window.py"), str(png)]


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """Wall time to a painted window (empty, N, bare), interleaved; window RSS 0 vs N."""
    if importlib.util.find_spec("app.ui.launch") is None:
        return [skipped("startup", "app/ui (app.ui.launch) is not there yet")]
    work = ctx.work / "startup"
    work.mkdir(parents=True, exist_ok=True)
    home = work / "home"
    env = child_env(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
    )
    # The untimed round below writes the bytecode an installed app has (pip compiles it):
    # with PYTHONDONTWRITEBYTECODE inherited, every timed start would compile the app's
    # modules from source again, a cost the bare window (PySide6 only) never pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    empty = fresh(work / "empty")
    variants: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare": (bare_argv(work / "bare.png"), env)
    }
    for moment in MOMENTS:
        moment_env = {**env, "BROADSHEET_SCREENSHOT_AT": moment}
        for side, folder in (("empty", empty), ("full", ctx.lib())):
            png = work / f"{moment}-{side}.png"
            variants[f"{moment} {side}"] = (app_argv(folder, png), moment_env)
    # one untimed round: byte-compiles, warms the OS file cache, and proves each one works
    for name, (argv, child) in variants.items():
        _, status, _, err = run_child(argv, env=child, timeout=TIMEOUT)
        png = Path(argv[-1])
        if status != 0 or not png.exists():
            why = f"{name} exited {status}: {err.strip().splitlines()[-1:] or ''}"
            return [skipped("startup", why)]
        png.unlink()
    walls: dict[str, list[float]] = {name: [] for name in variants}
    peaks: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    runs = min(ctx.runs, RUNS)
    for i in range(runs):
        if i >= MIN_RUNS and over_budget():  # the section's time budget (run.py) is spent
            runs = i
            break
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:  # rotate who goes first
            argv, child = variants[name]
            png = Path(argv[-1])
            png.unlink(missing_ok=True)
            began = time.time()
            _, status, peak, err = run_child(argv, env=child, timeout=TIMEOUT)
            if status != 0 or not png.exists():
                raise RuntimeError(f"startup {name} failed ({status}): {err.strip()[-300:]}")
            # Process start to the screenshot written: the window's shutdown (which waits for
            # the database lane) is not part of opening it.
            walls[name].append(png.stat().st_mtime - began)
            peaks[name].append(peak)
    med = {name: statistics.median(v) * 1000 for name, v in walls.items()}
    mem = {name: statistics.median(v) for name, v in peaks.items()}
    say("  startup: " + ", ".join(f"{name} {ms:.0f} ms" for name, ms in med.items()))
    details = {"wall_s": walls, "peak_rss_mb": peaks, "runs": runs}
    size = f"{ctx.size:,} articles"
    return [
        Figure(
            f"window first paint, {size} vs empty",
            med["paint full"],
            med["paint empty"],
            max_ratio=MAX_GROWTH,
            reference_name="empty library",
            details=details,
        ),
        Figure(
            "window first paint, empty library vs bare Qt window",
            med["paint empty"],
            med["bare"],
            max_ratio=MAX_OVER_BARE,
            reference_name="bare QTableView window",
        ),
        Figure(
            f"window first rows shown, {size} vs empty",
            med["rows full"],
            med["rows empty"],
            max_ratio=MAX_GROWTH,
            reference_name="empty library",
        ),
        Figure(
            f"window settled (list + reader rendered), {size} vs empty",
            med["settled full"],
            med["settled empty"],
            max_ratio=MAX_GROWTH,
            reference_name="empty library",
        ),
        Figure(
            f"window peak RSS at first rows, {size} vs empty",
            mem["rows full"],
            mem["rows empty"],
            unit="MB",
            max_delta=MAX_MEMORY_DELTA_MB,
            reference_name="empty library",
            note=f"bare window {mem['bare']:.0f} MB",
        ),
        Figure(
            f"window peak RSS settled (reader running), {size} vs empty",
            mem["settled full"],
            mem["settled empty"],
            unit="MB",
            max_delta=MAX_MEMORY_DELTA_MB,
            reference_name="empty library",
        ),
    ]
