"""Startup: process start to the main window's saved screenshot, with 0 and N articles.

Each variant is a fresh process (`python -m app --data-dir D --offline --screenshot OUT`),
run interleaved in rotating order with the floor: a bare PySide6 window with one empty
QTableView doing the same (tests/benchmarks/bare_window.py). Each child's own peak RSS comes
from the kernel (wait4), which gives the window's memory with 0 and N articles too.
"""

from __future__ import annotations

import importlib.util
import statistics
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.common import (
    ROOT,
    Context,
    Figure,
    child_env,
    python,
    run_child,
    skipped,
)
from tests.benchmarks.libs import fresh

MAX_GROWTH = 1.2  # N articles over empty
MAX_OVER_BARE = 2.0  # empty library over the bare window
MAX_MEMORY_DELTA_MB = 100.0
TIMEOUT = 120.0


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
    empty = fresh(work / "empty")
    variants = {
        "empty": app_argv(empty, work / "empty.png"),
        "full": app_argv(ctx.lib(), work / "full.png"),
        "bare": bare_argv(work / "bare.png"),
    }
    # one untimed round: byte-compiles, warms the OS file cache, and proves each one works
    for name, argv in variants.items():
        _, status, _, err = run_child(argv, env=env, timeout=TIMEOUT)
        png = Path(argv[-1])
        if status != 0 or not png.exists():
            why = f"{name} exited {status}: {err.strip().splitlines()[-1:] or ''}"
            return [skipped("startup", why)]
        png.unlink()
    walls: dict[str, list[float]] = {name: [] for name in variants}
    peaks: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for i in range(ctx.runs):
        for name in names[i % 3 :] + names[: i % 3]:  # rotate who goes first
            wall, status, peak, err = run_child(variants[name], env=env, timeout=TIMEOUT)
            if status != 0:
                raise RuntimeError(f"startup {name} failed ({status}): {err.strip()[-300:]}")
            walls[name].append(wall)
            peaks[name].append(peak)
    med = {name: statistics.median(v) * 1000 for name, v in walls.items()}
    mem = {name: statistics.median(v) for name, v in peaks.items()}
    say(
        f"  startup: empty {med['empty']:.0f} ms, {ctx.size:,} articles {med['full']:.0f} ms, "
        f"bare window {med['bare']:.0f} ms"
    )
    details = {"wall_s": walls, "peak_rss_mb": peaks}
    return [
        Figure(
            f"startup to painted window, {ctx.size:,} articles vs empty",
            med["full"],
            med["empty"],
            max_ratio=MAX_GROWTH,
            reference_name="empty library",
            details=details,
        ),
        Figure(
            "startup to painted window, empty library vs bare Qt window",
            med["empty"],
            med["bare"],
            max_ratio=MAX_OVER_BARE,
            reference_name="bare QTableView window",
        ),
        Figure(
            f"window peak RSS, {ctx.size:,} articles vs empty",
            mem["full"],
            mem["empty"],
            unit="MB",
            max_delta=MAX_MEMORY_DELTA_MB,
            reference_name="empty library",
            note=f"bare window {mem['bare']:.0f} MB",
        ),
    ]
