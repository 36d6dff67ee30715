"""The reader for a 1,000- and a 20,000-word article: page build, and opening to a rendered page.

Page build: app.domain.render.render_article_page (Markdown with our extensions, nh3
sanitising, the page template) against Python-Markdown's plain `markdown()` plus a default
`nh3.clean()` of the same body.

Opening: in a child process (offscreen Qt), the real ReaderView.show_article until its page
has rendered (page build + our scheme, profile and interceptor + Chromium's load) against a
bare QWebEngineView given the same finished HTML with setHtml, until loadFinished; for a page
never built ("cold") and for one whose body was built ahead on a worker, as the window does
for the rows next to the current one ("ahead"). See `open_child`.

    python -m tests.benchmarks.bench_reader --child OUT.json --runs N
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import markdown
import nh3

from tests.benchmarks.common import (
    Context,
    Figure,
    child_env,
    interleaved,
    median_ms,
    python,
    run_child,
    skipped,
)
from tests.benchmarks.vocab import make_vocabulary

SIZES = (1_000, 20_000)
MAX_RATIO = 1.5  # our own target: the page around the body costs little
MAX_OPEN_RATIO = 1.5  # our own target: opening costs little more than a bare web view


def body(words: int, seed: int) -> str:
    """Markdown with headings, paragraphs, a list, emphasis and links, `words` words long."""
    vocab = make_vocabulary("en", 5_000, seed, set())
    rng = random.Random(seed)
    parts, count = [], 0
    while count < words:
        paragraph = vocab.draw(rng, rng.randint(40, 120))
        count += len(paragraph)
        paragraph[3] = f"**{paragraph[3]}**"
        paragraph[9] = f"[{paragraph[9]}](https://example.org/{paragraph[9]})"
        parts.append(" ".join(paragraph).capitalize() + ".")
        if len(parts) % 7 == 0:
            parts.append("## " + " ".join(vocab.draw(rng, 4)).capitalize())
            parts.append("\n".join("- " + " ".join(vocab.draw(rng, 8)) for _ in range(4)))
    return "\n\n".join(parts)


def detail_for(text: str) -> Any:
    from app.domain.records import ArticleDetail, ArticleRecord

    record = ArticleRecord(
        id=1, url="https://example.org/a", title="A benchmark article", site="Example",
        author="A. Writer", published=None, saved=datetime(2025, 1, 1, tzinfo=UTC), read=False,
        favorite=False, archived=False, trashed=False, tags=("bench/reader",),
        word_count=len(text.split()), reading_minutes=len(text.split()) // 230, language="en",
    )  # fmt: skip
    return ArticleDetail(
        record=record, given_url=record.url, final_url=None, canonical_url=None,
        body_markdown=text, body_text=text, updated=None, reading_progress=0.0,
        fetch_error=None, summary=None,
    )  # fmt: skip


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """Page build time per article size, ours vs bare Markdown + nh3."""
    try:
        render = importlib.import_module("app.domain.render")
        page: Callable[..., str] = render.render_article_page
    except (ImportError, AttributeError) as exc:
        return [skipped("reader", f"app.domain.render.render_article_page: {exc}")]
    figures = []
    for words in SIZES:
        text = body(words, ctx.seed)
        detail = detail_for(text)

        def ours(d: Any = detail) -> str:
            render._body_html.cache_clear()  # the build itself, not the body cache's answer
            return page(d)

        def bare(t: str = text) -> str:
            return nh3.clean(markdown.markdown(t))

        ours_s, ref_s = interleaved(ours, bare, ctx.runs)
        fig = Figure(
            f"reader page build, {words:,}-word article",
            median_ms(ours_s),
            median_ms(ref_s),
            max_ratio=MAX_RATIO,
            reference_name="markdown() + nh3.clean()",
        )
        say(f"  reader {words:,} words: ours {fig.ours:.1f} ms, bare {fig.reference:.1f} ms")
        figures.append(fig)
    return figures + _open_figures(ctx, say)


OPEN_KINDS = {
    "cold": "a page never built before (a click on a row far away)",
    "ahead": "the body built ahead on a worker while the previous article showed (j/k)",
}


def _open_figures(ctx: Context, say: Callable[[str], None]) -> list[Figure]:
    out = ctx.work / "reader-open.json"
    out.unlink(missing_ok=True)
    argv = [python(), "-m", "tests.benchmarks.bench_reader", "--child", str(out),
            "--runs", str(ctx.runs), "--seed", str(ctx.seed)]  # fmt: skip
    _, status, _, err = run_child(argv, env=child_env(), timeout=600)
    if status != 0 or not out.exists():
        return [skipped("reader open", f"child exited {status}: {err.strip()[-300:]}")]
    data: dict[str, list[float]] = json.loads(out.read_text("utf-8"))
    figures = []
    for kind, what in OPEN_KINDS.items():
        for words in SIZES:
            fig = Figure(
                f"reader open to rendered page, {words:,}-word article, {what}",
                statistics.median(data[f"ours:{kind}:{words}"]),
                statistics.median(data[f"bare:{kind}:{words}"]),
                max_ratio=MAX_OPEN_RATIO,
                reference_name="bare QWebEngineView.setHtml, same HTML",
            )
            say(f"  reader open {kind} {words:,} words: ours {fig.ours:.0f} ms, "
                f"bare {fig.reference:.0f} ms")  # fmt: skip
            figures.append(fig)
    return figures


def open_child(out: Path, runs: int, seed: int) -> None:
    """In this process: time ReaderView.show_article to its rendered page, and a bare setHtml
    of the same HTML to loadFinished, interleaved (ABBA).

    What a person waits for from the reader being asked to show an article until its page
    has rendered, in two cases: "cold", an article whose page was never built (Markdown,
    nh3, then Chromium's load: a click on a row far away); "ahead", an article whose body
    the window built on a worker while the previous one showed (app/ui/page_prefetch.py: the
    next or previous row, j/k). Each run opens a different article, so nothing is served from
    an earlier run's cache. Not included: reading the article from the database on the lane
    (a few ms) and the list's 120 ms pause before following the current row.
    """
    import threading

    from PySide6.QtWebEngineWidgets import QWebEngineView

    from app.domain import render
    from app.ui.launch import application, prepare_qt
    from app.ui.reader.view import ReaderView

    prepare_qt(offscreen=True)
    app: Any = application()
    reader = ReaderView(asset_loader=lambda _sha: None)
    reader.resize(900, 800)
    reader.show()
    bare = QWebEngineView()
    bare.resize(900, 800)
    bare.show()
    done = {"reader": False, "bare": False}
    reader.page_rendered.connect(lambda: done.__setitem__("reader", True))
    bare.loadFinished.connect(lambda _ok: done.__setitem__("bare", True))

    def wait(key: str) -> None:
        limit = time.perf_counter() + 60
        while not done[key]:
            app.processEvents()
            time.sleep(0.0005)
            if time.perf_counter() > limit:
                raise TimeoutError(f"{key} page never finished")

    def ours(detail: Any) -> float:
        done["reader"] = False
        start = time.perf_counter()
        reader.show_article(detail)
        wait("reader")
        return (time.perf_counter() - start) * 1000

    def theirs(html: str) -> float:
        bare.setHtml("<p></p>")  # a different page first, as ours gets
        done["bare"] = False
        wait("bare")
        done["bare"] = False
        start = time.perf_counter()
        bare.setHtml(html)
        wait("bare")
        return (time.perf_counter() - start) * 1000

    def build_ahead(detail: Any) -> None:
        worker = threading.Thread(target=render.prepare_article_page, args=(detail,))
        worker.start()
        while worker.is_alive():  # the previous page stays live meanwhile, as in the window
            app.processEvents()
            time.sleep(0.001)

    results: dict[str, list[float]] = {}
    article = itertools.count(seed * 1000)
    for words in SIZES:
        ours(detail_for(body(words, next(article))))  # warm-up: Chromium's first page
        theirs(reader.current_html())
        for kind in OPEN_KINDS:
            for i in range(runs):
                detail = detail_for(body(words, next(article)))  # a new article every run
                html = render.render_article_page(detail)  # what the bare view is given
                render._body_html.cache_clear()  # ... without warming ours
                if kind == "ahead":
                    build_ahead(detail)
                pair = [("ours", lambda d=detail: ours(d)), ("bare", lambda h=html: theirs(h))]
                for name, fn in pair if i % 2 == 0 else pair[::-1]:
                    results.setdefault(f"{name}:{kind}:{words}", []).append(fn())
    out.write_text(json.dumps(results), "utf-8")
    os._exit(0)  # Chromium's teardown is slow and irrelevant here


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    open_child(args.child, args.runs, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
