"""Extraction benchmark: Broadsheet's extractor vs bare trafilatura on the shared page set.

Runs both over every page of ../shared/data/extraction (interleaved page by page, so machine
noise hits both alike), scores the plain text with the shared scorer (shingle F1), and writes
build/bench/extraction.json and build/bench/extraction.md.

    python tests/benchmarks/bench_extraction.py [--data DIR] [--scorer PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.domain.errors import InputError  # noqa: E402
from app.ingest.extract import extract_html  # noqa: E402
from tests.benchmarks.common import shared_dir  # noqa: E402

SHARED = shared_dir()
F1_TARGET = 0.965
MAX_OVERHEAD = 0.25


def load_pages(data: Path) -> list[tuple[str, bytes, str | None]]:
    """(page id, raw html, url) for every page of the set; ids as the scorer expects them."""
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    pages = []
    for path in sorted((data / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        pages.append(
            (page_id, gzip.decompress(path.read_bytes()), truth.get(page_id, {}).get("url"))
        )
    return pages


def ours(raw: bytes, url: str | None) -> str:
    try:
        return extract_html(raw, url).body_text
    except InputError:
        return ""


def bare(raw: bytes, url: str | None) -> str:
    return trafilatura.extract(raw, url=url) or ""


def bare_precision(raw: bytes, url: str | None) -> str:
    """trafilatura alone with the options our pipeline starts from (a quality reference)."""
    return trafilatura.extract(raw, url=url, favor_precision=True, include_comments=False) or ""


def score(scorer: Path, truth: Path, predictions: dict[str, str], path: Path) -> dict[str, float]:
    path.write_text(json.dumps(predictions), "utf-8")
    result = subprocess.run(
        [sys.executable, str(scorer), str(path), "--truth", str(truth), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "extraction")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extraction.py")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best per page)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    # trafilatura and htmldate log every discarded page; the figures are what matter here
    for name in ("trafilatura", "htmldate", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

    pages = load_pages(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    # one untimed page each first: imports and lazy tables load outside the timings
    ours(pages[0][1], pages[0][2])
    bare(pages[0][1], pages[0][2])

    predictions: dict[str, dict[str, str]] = {"broadsheet": {}, "trafilatura": {}}
    best: dict[str, dict[str, float]] = {"broadsheet": {}, "trafilatura": {}}
    for round_number in range(args.rounds):
        for number, (page_id, raw, url) in enumerate(pages):
            # alternate which goes first so cache warmth favours neither
            order = [("broadsheet", ours), ("trafilatura", bare)]
            for name, run in order if (number + round_number) % 2 else order[::-1]:
                start = time.perf_counter()
                predictions[name][page_id] = run(raw, url)
                took = time.perf_counter() - start
                # the fastest of the rounds: other work on a shared machine only adds time
                best[name][page_id] = min(took, best[name].get(page_id, took))
    seconds = {name: sum(times.values()) for name, times in best.items()}
    # quality reference only, run once and not part of the timing comparison
    predictions["trafilatura-precision"] = {
        pid: bare_precision(raw, url) for pid, raw, url in pages
    }

    truth = args.data / "ground-truth.json"
    figures: dict[str, dict[str, float]] = {}
    for name, preds in predictions.items():
        figures[name] = score(args.scorer, truth, preds, args.out / f"extraction-{name}.json")
        if name in seconds:
            figures[name]["seconds"] = round(seconds[name], 3)
            figures[name]["pages_per_second"] = round(len(pages) / seconds[name], 2)
    overhead = seconds["broadsheet"] / seconds["trafilatura"] - 1
    f1 = figures["broadsheet"]["f1"]
    result = {
        "pages": len(pages),
        "broadsheet": figures["broadsheet"],
        "trafilatura": figures["trafilatura"],
        "trafilatura_precision": figures["trafilatura-precision"],
        "configurations": {
            "broadsheet": "app.ingest.extract.extract_html(html, url).body_text",
            "trafilatura": "trafilatura.extract(html, url=url) (defaults)",
            "trafilatura-precision": "trafilatura.extract(html, url=url, favor_precision=True, "
            "include_comments=False) (untimed)",
        },
        "overhead": round(overhead, 4),
        "timing": f"best of {args.rounds} interleaved rounds per page",
        "f1_target": F1_TARGET,
        "max_overhead": MAX_OVERHEAD,
        "passed": f1 >= F1_TARGET and overhead <= MAX_OVERHEAD,
    }
    (args.out / "extraction.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    rows = [
        "# Extraction benchmark",
        "",
        f"{len(pages)} pages from {args.data}, scored by {args.scorer.name} (4-word shingle F1).",
        "",
        "| extractor | precision | recall | F1 | pages/s |",
        "|---|---|---|---|---|",
    ]
    for name in ("broadsheet", "trafilatura", "trafilatura-precision"):
        fig = figures[name]
        speed = f"{fig['pages_per_second']:.1f}" if "pages_per_second" in fig else "not timed"
        rows.append(
            f"| {name} | {fig['precision']:.4f} | {fig['recall']:.4f} | {fig['f1']:.4f} | {speed} |"
        )
    rows += [
        "",
        "trafilatura: `trafilatura.extract(html, url=url)` with its defaults. "
        "trafilatura-precision: the same with `favor_precision=True, include_comments=False`, "
        "the options Broadsheet starts from (scored only).",
        "",
        f"Overhead vs bare trafilatura: {overhead:+.1%} (limit {MAX_OVERHEAD:.0%}); "
        f"time per page is the best of {args.rounds} interleaved rounds.",
        f"F1 target {F1_TARGET}: {'met' if f1 >= F1_TARGET else 'MISSED'}.",
        "",
    ]
    (args.out / "extraction.md").write_text("\n".join(rows), "utf-8")
    print("\n".join(rows))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
