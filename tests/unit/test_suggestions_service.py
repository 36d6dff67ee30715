"""Tag suggestions through the service: existing tags only, never the article's own."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.services import suggestions
from app.services.library import Library
from tests.unit.test_tagging import _seed

TOPICS = {
    "science/space": "rocket orbit satellite spacecraft astronaut launch lunar",
    "sport": "football striker goal match goalkeeper league referee",
}


@pytest.fixture
def lib(library: Library) -> Library:
    """The shared empty library (tests/conftest.py), under the name the tag tests use."""
    return library


def test_suggests_from_tagged_articles_and_follows_changes(lib: Library) -> None:
    ids = _seed(lib, 8)
    with lib.db.write() as conn:
        for i, article_id in enumerate(ids):
            words = list(TOPICS.values())[i % 2]
            conn.execute(
                text("UPDATE article SET body_text = :b WHERE id = :i"),
                {"b": f"{words} report {i}", "i": article_id},
            )
    for i, article_id in enumerate(ids[:6]):
        lib.add_tags([article_id], [list(TOPICS)[i % 2]])
    space, sport = ids[6], ids[7]
    assert [s.path for s in suggestions.suggest_tags(lib.db, space, 1)] == ["science/space"]
    assert [s.path for s in suggestions.suggest_tags(lib.db, sport, 1)] == ["sport"]
    # Once it has the tag (or a child of it), it is not suggested again; the cache follows.
    lib.add_tags([space], ["science/space/moon"])
    found = [s.path for s in suggestions.suggest_tags(lib.db, space, 3)]
    assert "science/space" not in found and "science/space/moon" not in found
    assert set(found) <= {"sport"}


def test_hidden_articles_do_not_train(lib: Library) -> None:
    (a,) = _seed(lib, 1)
    lib.add_tags([a], ["only"])
    assert suggestions.build_suggester(lib.db, hidden=[a]).documents == 0
    assert suggestions.build_suggester(lib.db).documents == 1


def test_training_set_walks_the_date_index_and_stops_early(lib: Library) -> None:
    """The model's examples come from the saved-date index, newest first, with no sort of
    every tagged article (which read every body: 89 s at a million articles)."""
    ids = _seed(lib, 6)
    lib.add_tags(ids[:4], ["topic"])
    lib.mark([ids[3]], "trash")
    with lib.db.read() as conn:
        plan = " | ".join(
            str(row[-1])
            for row in conn.execute(
                text("EXPLAIN QUERY PLAN " + suggestions.TRAINING_SQL), {"n": 2, "chars": 10}
            )
        )
        examples = list(suggestions.training_examples(conn))
    assert "SCAN a USING INDEX ix_article_saved" in plan
    assert "ix_article_trashed" not in plan
    assert len(examples) == 3 and all(e.tags == ("topic",) for e in examples)
