"""The benchmark library generator: deterministic content, a cache key that tracks the schema."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.storage.database import DB_FILENAME
from app.storage.migrate import HEAD_REVISION
from tests.benchmarks import generate
from tests.benchmarks.factory import ArticleFactory


@pytest.fixture(scope="module")
def factory() -> ArticleFactory:
    return ArticleFactory(200, seed=3)


def test_articles_do_not_depend_on_batching(factory: ArticleFactory) -> None:
    whole = factory.batch(0, 12)
    tail = factory.batch(7, 12)
    assert whole.rows[7:] == tail.rows
    assert [link for link in whole.links if link[0] > 7] == tail.links
    assert [row[0] for row in whole.rows] == list(range(1, 13))


def test_same_seed_same_articles(factory: ArticleFactory) -> None:
    again = ArticleFactory(200, seed=3)
    assert again.tags == factory.tags
    assert again.batch(0, 5).rows == factory.batch(0, 5).rows


def test_cache_key_names_generator_and_schema_versions(tmp_path: Path) -> None:
    key = generate.cache_key(1000, 1)
    assert key == f"lib-1000-1-g{generate.GEN_VERSION}-s{HEAD_REVISION}"
    folder = tmp_path / key
    folder.mkdir()
    manifest = {"version": generate.GEN_VERSION, "schema": HEAD_REVISION, "articles": 1}
    (folder / generate.MANIFEST).write_text(json.dumps(manifest))
    assert generate.load_manifest(folder) == manifest
    (folder / generate.MANIFEST).write_text(json.dumps({**manifest, "schema": "0000"}))
    assert generate.load_manifest(folder) is None


def test_generated_library_is_a_normal_library(tmp_path: Path) -> None:
    path, manifest = generate.ensure_library(tmp_path, 40, 2, say=lambda _: None)
    assert path.name == generate.cache_key(40, 2)
    assert manifest["articles"] == 40 and manifest["schema"] == HEAD_REVISION
    conn = sqlite3.connect(path / DB_FILENAME)
    try:
        assert conn.execute("SELECT count(*) FROM article").fetchone() == (40,)
        assert conn.execute("SELECT count(*) FROM article_fts").fetchone() == (40,)
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        assert set(generate.BATCHED_TRIGGERS) <= triggers
        hashsize = conn.execute("SELECT v FROM article_fts_config WHERE k = 'hashsize'").fetchone()
        assert hashsize in (None, (generate.FTS_DEFAULT_HASHSIZE,))
        tagged = conn.execute(
            "SELECT count(*) FROM article WHERE tags_text <> '' AND id IN "
            "(SELECT article_id FROM article_tag)"
        ).fetchone()[0]
        linked = conn.execute("SELECT count(DISTINCT article_id) FROM article_tag").fetchone()[0]
        assert tagged == linked > 0
    finally:
        conn.close()
    # the second call reuses the cached library instead of generating it again
    said: list[str] = []
    assert generate.ensure_library(tmp_path, 40, 2, say=said.append)[0] == path
    assert said and said[0].startswith("reusing")
