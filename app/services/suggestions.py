"""Tag suggestions for an article, learned from the articles that already carry each tag.

The model (app/domain/tag_suggest.py) is built from at most MAX_EXAMPLES tagged articles,
newest first, and cached per library until the tag links change. Suggestions are only ever
shown; applying one is the person's click.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator

from sqlalchemy import Connection, text

from app.domain.errors import NotFoundError
from app.domain.tag_suggest import Suggestion, TaggedText, TagSuggester, terms_of
from app.domain.tags import parent_paths
from app.storage.database import Database

MAX_EXAMPLES = 2000
# The opening of an article names its topic; reading less keeps the first model build (up to
# MAX_EXAMPLES articles, on a worker thread) to a second or two on a large library.
TRAIN_CHARS = 4000

# Walk the saved-date index newest first and stop at n tagged articles; only then read their
# openings. (Grouping every link first read every tagged article's body: 89 s at a million
# articles, against 0.05 s this way.) `+trashed_at` keeps SQLite off the trash index, which
# would make it collect and sort every live article.
TRAINING_SQL = (
    "WITH recent AS (SELECT a.id FROM article a WHERE +a.trashed_at IS NULL "
    " AND EXISTS (SELECT 1 FROM article_tag x WHERE x.article_id = a.id) "
    " ORDER BY a.saved DESC, a.id DESC LIMIT :n) "
    "SELECT a.id, a.title, substr(a.body_text, 1, :chars), a.language, "
    " (SELECT group_concat(t.path, char(10)) FROM article_tag x "
    "  JOIN tag t ON t.id = x.tag_id WHERE x.article_id = a.id) "
    "FROM recent r JOIN article a ON a.id = r.id ORDER BY a.saved DESC, a.id DESC"
)

_cache: dict[str, tuple[tuple[int, int], TagSuggester]] = {}
_lock = threading.Lock()


def _signature(conn: Connection) -> tuple[int, int]:
    """Changes whenever a link is added or removed (cheap next to rebuilding the model)."""
    row = conn.execute(
        text("SELECT count(*), coalesce(sum(article_id * 31 + tag_id), 0) FROM article_tag")
    ).one()
    return int(row[0]), int(row[1])


def training_examples(conn: Connection, hidden: Collection[int] = ()) -> Iterator[TaggedText]:
    """Tagged live articles (newest first, up to MAX_EXAMPLES), leaving out `hidden` ids.

    One at a time, as the rows are read: the model keeps what it needs of each in packed
    arrays, so the examples' term counts (54 MB for 2,000 of them) never exist all at once.
    """
    skip = set(hidden)
    taken = 0
    with conn.execute(
        text(TRAINING_SQL), {"chars": TRAIN_CHARS, "n": MAX_EXAMPLES + len(skip)}
    ) as rows:
        for article_id, title, body, language, paths in rows:
            if int(article_id) in skip:
                continue
            yield TaggedText(terms_of(f"{title}\n{body}", language), tuple(str(paths).split("\n")))
            taken += 1
            if taken == MAX_EXAMPLES:
                return


def build_suggester(db: Database, hidden: Collection[int] = ()) -> TagSuggester:
    """A fresh model from the library's tagged articles (benchmarks hide some of them)."""
    with db.read() as conn:
        return TagSuggester(training_examples(conn, hidden))


def _suggester(db: Database) -> TagSuggester:
    key = str(db.path)
    with db.read() as conn:
        signature = _signature(conn)
        with _lock:
            cached = _cache.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        model = TagSuggester(training_examples(conn))
    with _lock:
        _cache[key] = (signature, model)
    return model


def suggest_tags(
    db: Database, article_id: int, limit: int = 3, suggester: TagSuggester | None = None
) -> list[Suggestion]:
    """Up to `limit` existing tags the article does not carry yet, best first."""
    with db.read() as conn:
        row = conn.execute(
            text(
                "SELECT title, substr(body_text, 1, :chars), language, tags_text "
                "FROM article WHERE id = :id"
            ),
            {"chars": TRAIN_CHARS, "id": article_id},
        ).first()
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    title, body, language, tags_text = row
    have = [p for p in str(tags_text or "").split("\n") if p]
    implied = [parent for path in have for parent in parent_paths(path)]
    model = suggester or _suggester(db)
    return model.suggest(terms_of(f"{title}\n{body}", language), [*have, *implied], limit)
