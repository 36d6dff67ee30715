"""Run Broadsheet's benchmarks and write build/bench/results.json and results.md.

    python -m tests.benchmarks.run --size 100000 [--only search,bulk] [--out build/bench]
    python -m tests.benchmarks.run --size 1000000 --only scaling --out build/bench/large

Each figure is measured beside its reference in the same run (interleaved, median of --runs),
so a noisy shared machine moves both alike. The generated library is cached per size, seed and
schema in $BENCH_CACHE (default build/bench). Each section has a time budget: past it, every
further figure stops after MIN_RUNS interleaved runs (see common.interleaved).
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.benchmarks import common, report
from tests.benchmarks.common import DEFAULT_OUT, Context, Figure, cache_dir, skipped

# name -> (module, needs the generated library); run in this order
BENCHMARKS: dict[str, tuple[str, bool]] = {
    "search": ("tests.benchmarks.bench_search", True),
    "bulk": ("tests.benchmarks.bench_bulk", True),
    "import": ("tests.benchmarks.bench_import", False),
    "startup": ("tests.benchmarks.bench_startup", True),
    "list": ("tests.benchmarks.bench_list", True),
    "window": ("tests.benchmarks.bench_window", True),
    "memory": ("tests.benchmarks.bench_memory", True),
    "reader": ("tests.benchmarks.bench_reader", False),
    "extraction": ("tests.benchmarks.external", False),
    "summaries": ("tests.benchmarks.external", False),
    "tag_suggest": ("tests.benchmarks.bench_tag_suggest", False),
    "tag_tree": ("tests.benchmarks.bench_tag_tree", False),
}
# The sections whose cost can grow with the library (`--only scaling`, what bench-large runs),
# bulk last (at 1M it copies the library first). The others build their own inputs (an import
# file, one article, the extraction pages, a tag tree) and measure the same thing at any size.
SCALING = ("search", "startup", "list", "window", "memory", "bulk")
# Seconds a section may take before its remaining figures drop to common.MIN_RUNS runs.
SECTION_BUDGET_S = 150


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="articles in the library")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs per figure")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated subset of: generate, scaling (= {','.join(SCALING)}), "
        f"{', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args(argv)
    chosen = [n.strip() for n in args.only.split(",") if n.strip()]
    if "scaling" in chosen:
        at = chosen.index("scaling")
        chosen[at : at + 1] = [n for n in SCALING if n not in chosen]
    unknown = set(chosen) - set(BENCHMARKS) - {"generate"}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    args.chosen = chosen or list(BENCHMARKS)
    return args


def run_one(name: str, ctx: Context) -> dict[str, Any]:
    """One benchmark's section: its figures (or a 'not available' row), lines and time."""
    module_name, _ = BENCHMARKS[name]
    began = time.perf_counter()
    common.start_section(SECTION_BUDGET_S)
    lines: list[str] = []
    try:
        module = importlib.import_module(module_name)
        runner: Callable[..., Any] = getattr(module, f"run_{name}", None) or module.run
        result = runner(ctx, say)
        if isinstance(result, tuple):
            figures, lines = result
        else:
            figures = result
    except Exception as exc:  # one broken benchmark must not sink the others
        traceback.print_exc()
        figures = [skipped(name, f"{type(exc).__name__}: {exc}")]
    seconds = time.perf_counter() - began
    say(f"{name}: done in {seconds:,.0f} s")
    return {
        "figures": [f.to_json() for f in figures],
        "lines": lines,
        "seconds": round(seconds, 1),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out.resolve()
    began = time.perf_counter()
    ctx = Context(size=args.size, seed=args.seed, out=out, runs=args.runs)
    results = report.load(out / "results.json", args.size, args.seed)
    results.update(
        size=args.size,
        seed=args.seed,
        python=platform.python_version(),
        sqlite=sqlite3.sqlite_version,
        machine=f"{platform.system()} {platform.machine()}, {_cpus()} CPUs",
    )
    sections: dict[str, Any] = results.setdefault("sections", {})
    wall: dict[str, float] = {}  # this run's seconds per step, library included
    needs_library = "generate" in args.chosen or any(
        BENCHMARKS[n][1] for n in args.chosen if n in BENCHMARKS
    )
    if needs_library:
        from tests.benchmarks.generate import ensure_library
        from tests.benchmarks.libs import without_daily_backup

        say(f"library of {args.size:,} articles (seed {args.seed})…")
        began_lib = time.perf_counter()
        ctx.library, results["generation"] = ensure_library(cache_dir(), args.size, args.seed, say)
        without_daily_backup(ctx.library)
        wall["library"] = round(time.perf_counter() - began_lib, 1)
    for name in args.chosen:
        if name == "generate":
            continue
        say(f"{name}…")
        sections[name] = run_one(name, ctx)
        wall[name] = sections[name]["seconds"]
        # keep BENCHMARKS order in the report whatever order --only gave
        results["sections"] = {k: sections[k] for k in BENCHMARKS if k in sections}
        sections = results["sections"]
        report.write(out, results)
    results["seconds"] = round(time.perf_counter() - began, 1)
    results["wall_seconds"] = {**wall, "total": results["seconds"]}
    json_path, md_path = report.write(out, results)
    figures = [Figure.from_json(f) for s in sections.values() for f in s["figures"]]
    failed = [f.name for f in figures if f.verdict == "FAIL"]
    print(md_path.read_text("utf-8"))
    say("wall time per step: " + ", ".join(f"{k} {v:,.0f} s" for k, v in wall.items()))
    say(f"wrote {json_path} and {md_path} in {results['seconds']:,.0f} s")
    return 1 if failed else 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
