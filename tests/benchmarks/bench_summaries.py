"""Benchmark the summarizer: ROUGE on RealSumm beside LEAD-3, TextRank and LexRank, and speed.

Run from the repository root: ``python tests/benchmarks/bench_summaries.py``. It writes
build/bench/summaries.json and build/bench/summaries.md and prints PASS/FAIL lines; the exit
status is 1 when a check fails. ROUGE comes from ../shared/tools/score_summaries.py, called as
it is. TextRank and LexRank come from sumy (a dev-only dependency), fed the same sentences and
asked for the same number of sentences per article as ours, so only the choice differs.

Two conditions are scored:
- "news": RealSumm as it is, where the first sentences are strong.
- "shuffled": the same articles with their sentences in a seeded random order, so position
  says nothing and only content selection counts (a stand-in for essays and documentation,
  whose openings are often weak). LEAD-3 there is the first three shuffled sentences.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.domain.summarize import split_sentences, summarize  # noqa: E402
from tests.benchmarks.common import shared_dir  # noqa: E402

SHARED = shared_dir()
DATASET = SHARED / "data" / "summaries" / "realsumm-100.json"
SCORER = SHARED / "tools" / "score_summaries.py"
OUT = ROOT / "build" / "bench"
TIMING_WORDS = 5000
TIMING_RUNS = 31
TIME_LIMIT_MS = 20.0
CLEAR_MARGIN = 1.0  # ROUGE-1 points above TextRank and LexRank that count as "clearly above"

Summarizer = Callable[[str, int], list[str]]


def _ours(article: str, _count: int) -> list[str]:
    return list(summarize(article).sentences)


def _sumy(kind: str) -> Summarizer:
    """Return a sumy summarizer fed our sentence splits (sumy's own needs NLTK data)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    class Tokenizer:
        language = "english"

        @staticmethod
        def to_sentences(text: str) -> list[str]:
            return split_sentences(text, "en")

        @staticmethod
        def to_words(sentence: str) -> list[str]:
            return re.findall(r"\w+", sentence)

    summarizer: Any = (TextRankSummarizer if kind == "textrank" else LexRankSummarizer)(
        Stemmer("english")
    )
    summarizer.stop_words = get_stop_words("english")
    tokenizer = Tokenizer()

    def run(article: str, count: int) -> list[str]:
        sentences = [Sentence(s, tokenizer) for s in split_sentences(article, "en")]
        document = ObjectDocumentModel([Paragraph(sentences)])
        return [str(s) for s in summarizer(document, count)]

    return run


def _shuffled(rows: list[dict[str, Any]], seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for row in rows:
        sentences = split_sentences(row["article"], "en")
        rng.shuffle(sentences)
        out.append({**row, "article": " ".join(sentences)})
    return out


def _score(dataset: Path, predictions: Path) -> dict[str, Any]:
    """Run the shared scorer (unchanged) and read its JSON line."""
    done = subprocess.run(
        [sys.executable, str(SCORER), str(dataset), str(predictions), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.splitlines()[0]))


def _evaluate(
    name: str, rows: list[dict[str, Any]], methods: dict[str, Summarizer]
) -> dict[str, Any]:
    """Summarize every article with every method and score each with the shared scorer."""
    dataset = OUT / f"summaries-{name}-dataset.json"
    dataset.write_text(json.dumps(rows), "utf-8")
    counts = {str(r["id"]): len(summarize(r["article"]).sentences) for r in rows}
    table: dict[str, Any] = {}
    for method, run in methods.items():
        path = OUT / f"summaries-{name}-{method}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                sentences = run(row["article"], counts[str(row["id"])])
                handle.write(json.dumps({"id": row["id"], "summary": "\n".join(sentences)}) + "\n")
        figures = _score(dataset, path)
        table[method] = figures["ours"]
        table["lead-3"] = figures["lead3"]
    table["mean sentences"] = round(statistics.mean(counts.values()), 2)
    return table


def _long_article(rows: list[dict[str, Any]], words: int = TIMING_WORDS) -> str:
    """Build a 5,000-word text from the dataset's articles, one paragraph per article."""
    paragraphs: list[str] = []
    total = 0
    for row in rows:
        paragraphs.append(row["article"])
        total += len(row["article"].split())
        if total >= words:
            break
    return " ".join("\n\n".join(paragraphs).split(" ")[:words])


def _median_ms(run: Callable[[], object], runs: int) -> float:
    run()  # warm caches (stop lists) once, as a running app would have
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def _markdown(results: dict[str, Any]) -> str:
    lines = ["# Summaries benchmark", ""]
    for condition, table in results["rouge"].items():
        lines += [
            f"## {condition} (RealSumm, {results['articles']} articles, ROUGE F1 x100)",
            "",
            "| method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |",
            "|---|---:|---:|---:|",
        ]
        for method in ("ours", "lead-3", "textrank", "lexrank"):
            f = table[method]
            lines.append(
                f"| {method} | {f['rouge1']:.2f} | {f['rouge2']:.2f} | {f['rougeLsum']:.2f} |"
            )
        lines += ["", f"Mean sentences per summary (ours): {table['mean sentences']}", ""]
    timing = results["timing_ms"]
    lines += [
        f"## Speed on a {TIMING_WORDS:,}-word article (median of {TIMING_RUNS} runs)",
        "",
        "| method | ms |",
        "|---|---:|",
    ]
    lines += [f"| {method} | {ms:.2f} |" for method, ms in timing.items()]
    lines += ["", *results["checks"], ""]
    return "\n".join(lines)


def main() -> int:
    """Run the benchmark, write the reports and print PASS/FAIL lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DATASET)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = json.loads(args.dataset.read_text("utf-8"))
    methods: dict[str, Summarizer] = {
        "ours": _ours,
        "textrank": _sumy("textrank"),
        "lexrank": _sumy("lexrank"),
    }
    rouge = {
        "news": _evaluate("news", rows, methods),
        "shuffled": _evaluate("shuffled", _shuffled(rows), methods),
    }
    article = _long_article(rows)
    timing = {
        "ours": _median_ms(lambda: summarize(article), TIMING_RUNS),
        "lead-3": _median_ms(lambda: split_sentences(article)[:3], TIMING_RUNS),
        "textrank": _median_ms(lambda: methods["textrank"](article, 7), 3),
        "lexrank": _median_ms(lambda: methods["lexrank"](article, 7), 3),
    }
    news = rouge["news"]
    checks = [
        _check("ROUGE-1 >= LEAD-3 (news)", news["ours"]["rouge1"] >= news["lead-3"]["rouge1"]),
        *(
            _check(
                f"ROUGE-1 >= {other} + {CLEAR_MARGIN} ({condition})",
                table["ours"]["rouge1"] >= table[other]["rouge1"] + CLEAR_MARGIN,
            )
            for condition, table in rouge.items()
            for other in ("textrank", "lexrank")
        ),
        _check(
            f"{TIMING_WORDS}-word article <= {TIME_LIMIT_MS} ms", timing["ours"] <= TIME_LIMIT_MS
        ),
    ]
    results = {
        "articles": len(rows),
        "rouge": rouge,
        "timing_ms": timing,
        "checks": checks,
    }
    (OUT / "summaries.json").write_text(json.dumps(results, indent=2), "utf-8")
    report = _markdown(results)
    (OUT / "summaries.md").write_text(report, "utf-8")
    print(report)
    return 0 if all(line.startswith("PASS") for line in checks) else 1


def _check(label: str, ok: bool) -> str:
    return f"{'PASS' if ok else 'FAIL'} {label}"


if __name__ == "__main__":
    sys.exit(main())
