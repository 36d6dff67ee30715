"""The extraction and summaries benchmarks (other engineers' scripts), run and merged.

Each runs as its own process, as written (`python tests/benchmarks/bench_extraction.py`, …);
its JSON under build/bench/ becomes rows of the results table and its Markdown is kept.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.common import DEFAULT_OUT, ROOT, Context, Figure, child_env, skipped

TIMEOUT = 1_200
Section = tuple[list[Figure], list[str]]  # figures and the script's own report lines


def _run_script(name: str, args: list[str]) -> tuple[int, str]:
    script = ROOT / "tests" / "benchmarks" / name
    if not script.exists():
        return -1, f"{script} is missing"
    done = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return done.returncode, done.stderr.strip()[-500:]


def _load(out: Path, name: str) -> dict[str, Any] | None:
    # bench_summaries always writes under the repo's build/bench, whatever --out says
    for folder in (out, DEFAULT_OUT):
        try:
            data: dict[str, Any] = json.loads((folder / name).read_text("utf-8"))
            return data
        except (OSError, ValueError):
            continue
    return None


def run_extraction(ctx: Context, say: Callable[[str], None] = print) -> Section:
    """Shingle F1 and speed of our extractor vs bare trafilatura."""
    (ctx.out / "extraction.json").unlink(missing_ok=True)
    status, err = _run_script("bench_extraction.py", ["--out", str(ctx.out)])
    data = _load(ctx.out, "extraction.json")
    if data is None:
        return [skipped("extraction", f"exit {status}: {err}")], []
    ours, bare = data["broadsheet"], data["trafilatura"]
    figures = [
        Figure("extraction shingle F1", ours["f1"], bare["f1"], unit="",
               min_value=data["f1_target"], reference_name="trafilatura alone"),
        Figure("extraction time, all pages", ours["seconds"], bare["seconds"], unit="s",
               max_ratio=1 + data["max_overhead"], reference_name="trafilatura alone"),
    ]  # fmt: skip
    say(f"  extraction F1 {ours['f1']:.4f} (trafilatura {bare['f1']:.4f})")
    return figures, _markdown_lines(ctx.out, "extraction.md")


def run_summaries(ctx: Context, say: Callable[[str], None] = print) -> Section:
    """ROUGE-1 beside LEAD-3 and the summarizer's speed, with the script's own checks."""
    status, err = _run_script("bench_summaries.py", [])
    data = _load(ctx.out, "summaries.json")
    if data is None:
        return [skipped("summaries", f"exit {status}: {err}")], []
    news = data["rouge"]["news"]
    figures = [
        Figure("summaries ROUGE-1 (news)", news["ours"]["rouge1"], news["lead-3"]["rouge1"],
               unit="", min_ratio=1.0, reference_name="LEAD-3"),
    ]  # fmt: skip
    if "shuffled" in data["rouge"]:
        shuffled = data["rouge"]["shuffled"]
        figures.append(
            Figure("summaries ROUGE-1 (shuffled sentences)", shuffled["ours"]["rouge1"],
                   shuffled["lead-3"]["rouge1"], unit="", reference_name="LEAD-3")
        )  # fmt: skip
    timing = data.get("timing_ms", {})
    if "ours" in timing:
        figures.append(
            Figure("summary of a 5,000-word article", timing["ours"], timing.get("lead-3"),
                   max_value=20.0, reference_name="LEAD-3 split")
        )  # fmt: skip
    say(f"  summaries ROUGE-1 {news['ours']['rouge1']:.2f} (LEAD-3 {news['lead-3']['rouge1']:.2f})")
    return figures, [*data.get("checks", []), "", *_markdown_lines(ctx.out, "summaries.md")]


def _markdown_lines(out: Path, name: str) -> list[str]:
    for folder in (out, DEFAULT_OUT):
        path = folder / name
        if path.exists():
            # their headings one level down, under our section heading
            return ["#" + line if line.startswith("#") else line
                    for line in path.read_text("utf-8").splitlines()]  # fmt: skip
    return []
