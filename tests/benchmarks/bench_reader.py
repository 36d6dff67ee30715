"""Reader page build time for a 1,000- and a 20,000-word article, against bare Markdown + nh3.

The subject is app.domain.render.render_article_page (Markdown with our extensions, nh3
sanitising, the page template); the floor is Python-Markdown's plain `markdown()` plus a
default `nh3.clean()` of the same body. Showing it in QtWebEngine is not timed here.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import markdown
import nh3

from tests.benchmarks.common import Context, Figure, interleaved, median_ms, skipped
from tests.benchmarks.vocab import make_vocabulary

SIZES = (1_000, 20_000)
MAX_RATIO = 1.5  # our own target: the page around the body costs little


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
    return figures
