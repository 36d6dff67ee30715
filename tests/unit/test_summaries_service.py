"""Summaries through the services: cached per body version, recomputed when the body changes."""

from __future__ import annotations

from pathlib import Path

from app.services.library import Library
from app.services.saving import content_hash
from app.storage import articles as article_sql

FIRST = "# Rivers\n\n" + " ".join(
    f"The river number {n} floods the valley towns every spring after snowmelt." for n in range(12)
)
SECOND = "Bridges over the canal were rebuilt in stone after the war. " * 8


def test_summary_is_cached_and_follows_the_body(tmp_path: Path) -> None:
    page = tmp_path / "rivers.md"
    page.write_text(FIRST, encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        article_id = lib.add_file(page).article_id
        first = lib.summary(article_id)
        assert "river" in first.text and first.method == "key sentences"
        assert lib.summary(article_id).created == first.created  # served from the cache
        with lib.db.write() as conn:
            article_sql.update_article(
                conn,
                article_id,
                {
                    "body_text": SECOND,
                    "body_markdown": SECOND,
                    "content_hash": content_hash(SECOND),
                },
            )
        second = lib.summary(article_id)
        assert "Bridges" in second.text and "river" not in second.text
