"""Shared benchmark plumbing: figures, interleaved timing, memory readings, the run context."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "build" / "bench"
CACHE_ENV = "BENCH_CACHE"  # a folder of generated libraries several checkouts can share


def cache_dir() -> Path:
    """Where generated libraries are cached: $BENCH_CACHE, else build/bench."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser().resolve() if env else DEFAULT_OUT


def shared_dir() -> Path:
    """The project's ../shared folder (data sets and scorers), also from a nested worktree.

    $BROADSHEET_SHARED wins; else the nearest `shared` folder beside the checkout or one of
    its parents.
    """
    env = os.environ.get("BROADSHEET_SHARED")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        candidate = parent / "shared"
        if (candidate / "data").is_dir():
            return candidate
    return ROOT.parent / "shared"


@dataclass
class Context:
    """What every benchmark gets: the library size and where things live."""

    size: int
    seed: int
    out: Path
    runs: int = 7
    library: Path | None = None  # the generated (cached) library folder

    @property
    def work(self) -> Path:
        """Scratch space for copies and imports (cleared by each benchmark that uses it)."""
        path = self.out / "work"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def lib(self) -> Path:
        if self.library is None:
            raise RuntimeError("this benchmark needs the generated library (run generate first)")
        return self.library


@dataclass
class Figure:
    """One measured figure beside its reference, with its target and verdict."""

    name: str
    ours: float | None
    reference: float | None
    unit: str = "ms"
    max_ratio: float | None = None  # PASS needs ours / reference <= max_ratio
    min_ratio: float | None = None  # PASS needs ours / reference >= min_ratio
    max_delta: float | None = None  # PASS needs ours - reference <= max_delta
    min_value: float | None = None  # PASS needs ours >= min_value
    max_value: float | None = None  # PASS needs ours <= max_value
    reference_name: str = ""
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.reference:
            return None
        return self.ours / self.reference

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}x")
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:g}x")
        if self.max_delta is not None:
            parts.append(f"≤ +{self.max_delta:g} {self.unit}")
        if self.min_value is not None:
            parts.append(f"≥ {self.min_value:g}")
        if self.max_value is not None:
            parts.append(f"≤ {self.max_value:g} {self.unit}")
        return ", ".join(parts) or "(info)"

    @property
    def verdict(self) -> str:
        if self.ours is None:
            return "SKIP"
        checks: list[bool] = []
        ratio = self.ratio
        if self.max_ratio is not None and ratio is not None:
            checks.append(ratio <= self.max_ratio)
        if self.min_ratio is not None and ratio is not None:
            checks.append(ratio >= self.min_ratio)
        if self.max_delta is not None and self.reference is not None:
            checks.append(self.ours - self.reference <= self.max_delta)
        if self.min_value is not None:
            checks.append(self.ours >= self.min_value)
        if self.max_value is not None:
            checks.append(self.ours <= self.max_value)
        if not checks:
            return "info"
        return "PASS" if all(checks) else "FAIL"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(ratio=self.ratio, target=self.target, verdict=self.verdict)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def skipped(name: str, why: str) -> Figure:
    """A row saying a figure could not be measured (and why), instead of a crash."""
    return Figure(name, None, None, note=f"not available: {why}")


def median_ms(samples: Sequence[float]) -> float:
    """The median of seconds, in milliseconds."""
    return statistics.median(samples) * 1000


MIN_RUNS = 3  # interleaved runs every figure gets, even past its section's time budget
_section_deadline = float("inf")


def start_section(budget_s: float) -> None:
    """Start a section's time budget (run.py calls this before each section)."""
    global _section_deadline
    _section_deadline = time.perf_counter() + budget_s


def over_budget() -> bool:
    """Whether the current section has used its time budget."""
    return time.perf_counter() > _section_deadline


def interleaved(
    subject: Callable[[], object],
    reference: Callable[[], object],
    runs: int,
    *,
    warmup: int = 1,
    after: Callable[[], object] | None = None,
) -> tuple[list[float], list[float]]:
    """Time two callables alternately (ABBA order), so drift and noise hit both alike.

    `after` runs untimed after every call (to undo a change). Returns seconds per run. Past
    the section's time budget it stops after MIN_RUNS runs.
    """
    ours: list[float] = []
    ref: list[float] = []
    for _ in range(warmup):
        for fn in (subject, reference):
            fn()
            if after is not None:
                after()
    for i in range(runs):
        if i >= MIN_RUNS and over_budget():
            break
        pair = [(subject, ours), (reference, ref)]
        for fn, sink in pair if i % 2 == 0 else pair[::-1]:
            start = time.perf_counter()
            fn()
            sink.append(time.perf_counter() - start)
            if after is not None:
                after()
    return ours, ref


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Seconds for each of `runs` calls of fn."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def rss_mb() -> float:
    """This process's current resident set size in MB (Linux /proc; peak RSS elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    Linux's VmHWM belongs to the current program image; ru_maxrss would also count the
    parent's memory at fork time, which a child inherits across exec.
    """
    hwm = _vm_hwm_mb("self")
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _vm_hwm_mb(pid: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


class _PeakSampler(threading.Thread):
    """Reads a child's VmHWM (its own peak RSS) until it exits, off the timing thread."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = str(pid), 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            hwm = _vm_hwm_mb(self.pid)
            if hwm is not None:
                self.peak = max(self.peak, hwm)
            self.stop.wait(0.02)


def run_child(
    argv: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 600
) -> tuple[float, int, float, str]:
    """Run a process; (wall seconds, exit status, its peak RSS in MB, stderr tail).

    The peak is sampled from /proc every 20 ms (0 where there is no /proc): the kernel's
    ru_maxrss of a child starts at this (large) process's RSS at fork, so it cannot be used.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=err, env=env,
                                cwd=ROOT)  # fmt: skip
        sampler = _PeakSampler(proc.pid)
        sampler.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        wall = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return wall, proc.returncode, sampler.peak, tail


def python() -> str:
    """The interpreter running the benchmarks (the project's venv under `make bench`)."""
    return sys.executable


def child_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: headless Qt, the repo importable."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env
