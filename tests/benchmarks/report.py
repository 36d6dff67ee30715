"""Writing build/bench/results.json and results.md from the figures of one (or merged) runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.benchmarks.common import Figure


def load(path: Path, size: int, seed: int) -> dict[str, Any]:
    """Earlier results for the same library (so `--only` reruns replace just their sections)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if data.get("size") == size and data.get("seed") == seed else {}


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ms":
        return f"{value:,.2f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "MB":
        return f"{value:,.1f} MB"
    if unit in ("s", "rows/s"):
        return f"{value:,.1f} {unit}"
    return f"{value:,.4g}" + (f" {unit}" if unit else "")


def _row(fig: Figure) -> str:
    ratio = "–" if fig.ratio is None else f"{fig.ratio:.2f}"
    name = fig.name + (f" — {fig.note}" if fig.note else "")
    ref = _num(fig.reference, fig.unit)
    if fig.reference_name and fig.reference is not None:
        ref += f" ({fig.reference_name})"
    cells = [name, _num(fig.ours, fig.unit), ref, ratio, fig.target, fig.verdict]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def markdown(results: dict[str, Any]) -> str:
    """The whole report: one table of every figure, then where the time goes."""
    lines = [
        f"# Broadsheet benchmarks at {results['size']:,} articles",
        "",
        f"Seed {results['seed']}, Python {results.get('python', '?')}, "
        f"SQLite {results.get('sqlite', '?')}, {results.get('machine', '')}. "
        "Each figure is the median of interleaved runs of ours and its reference in one run.",
        "",
    ]
    gen = results.get("generation")
    if gen:
        lines += [
            f"Library: {gen['articles']:,} articles, {gen['tags']:,} tags, {gen['sites']:,} "
            f"sites, {gen['counts'].get('words', 0) / max(1, gen['articles']):,.0f} words on "
            f"average, {gen['bytes'] / 2**20:,.0f} MB; generated in {gen['seconds']:,.0f} s "
            f"({gen['rate_per_second']:,.0f} articles/s).",
            "",
        ]
    lines += [
        "| figure | ours | reference | ratio | target | verdict |",
        "|---|---:|---:|---:|---|---|",
    ]
    figures: list[Figure] = []
    for section in results.get("sections", {}).values():
        figures += [Figure.from_json(f) for f in section["figures"]]
    lines += [_row(f) for f in figures]
    verdicts = [f.verdict for f in figures]
    lines += [
        "",
        f"**{verdicts.count('PASS')} PASS, {verdicts.count('FAIL')} FAIL, "
        f"{verdicts.count('SKIP')} not available.**",
        "",
    ]
    lines += _search_phases(figures)
    lines += _wall_times(results)
    for section, data in results.get("sections", {}).items():
        extra = data.get("lines")
        if extra:
            lines += [f"## {section}", "", *extra, ""]
    return "\n".join(lines) + "\n"


def _wall_times(results: dict[str, Any]) -> list[str]:
    wall = results.get("wall_seconds")
    if not wall:
        return []
    cells = [f"{name} {seconds:,.0f} s" for name, seconds in wall.items()]
    return ["## How long this run took", "", ", ".join(cells) + ".", ""]


def _search_phases(figures: list[Figure]) -> list[str]:
    rows = [f for f in figures if "phases" in f.details]
    if not rows:
        return []
    out = [
        "## Where search time goes (ours, median ms)",
        "",
        "SQL is our captured statement run bare on the reference connection; snippet is "
        "that statement's time minus the same statement with snippet() replaced by NULL; "
        "python is the rest (SQLAlchemy, records, the query's own overhead).",
        "",
        "| query | total | parse | SQL w/o snippet | snippet | python | hits | raw ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in rows:
        ph = f.details["phases"]
        out.append(
            f"| `{f.details['query']}` | {f.ours:.2f} | {ph['parse_ms']:.2f} | "
            f"{ph['sql_without_snippet_ms']:.2f} | {ph['snippet_ms']:.2f} | "
            f"{ph['python_ms']:.2f} | {f.details['hits_ours']} | {f.reference:.2f} |"
        )
    plans = {p for f in rows for p in f.details["phases"]["plan"]}
    out += ["", "Query plans of our statements:", ""]
    out += [f"- `{p}`" for p in sorted(plans)]
    return [*out, ""]


def write(out: Path, results: dict[str, Any]) -> tuple[Path, Path]:
    """Write results.json and results.md into out."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "results.json", out / "results.md"
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    md_path.write_text(markdown(results), "utf-8")
    return json_path, md_path
