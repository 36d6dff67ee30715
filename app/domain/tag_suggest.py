"""Tag suggestions from the library's own tags: TF-IDF term weights, one centroid per tag.

Every tagged article becomes a unit-length TF-IDF vector of its content terms; a tag's
centroid is the normalised sum of its articles' vectors. An article is then scored against
each centroid by cosine similarity. Only tags already in the library can come out, and
nothing here applies a tag: callers show the suggestions and let the person choose.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.domain.summarize.languages import detect_language, stop_words
from app.domain.summarize.terms import content_terms
from app.domain.tags import tag_key

MAX_CHARS = 20_000  # the start of a long article says enough about its topic
MIN_SCORE = 0.05  # below this a suggestion is noise
LANGUAGE_SAMPLE = 1000

Vector = dict[str, float]


def terms_of(text: str, language: str | None = None) -> Counter[str]:
    """Content-term counts of a text (stop words out, words cut to a common stem)."""
    sample = text[:MAX_CHARS]
    # The opening is enough to tell the language, and detection is the costly part.
    language = language or detect_language(sample[:LANGUAGE_SAMPLE])
    return Counter(content_terms(sample, stop_words(language)))


def _unit(weights: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


@dataclass(frozen=True)
class TaggedText:
    """A training example: an article's term counts and the tag paths it carries."""

    terms: Counter[str]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    """A tag proposed for an article, with its cosine score (0..1)."""

    path: str
    score: float


class TagSuggester:
    """Scores tags for an article by similarity to each tag's centroid."""

    def __init__(self, examples: Iterable[TaggedText]) -> None:
        documents = [e for e in examples if e.terms and e.tags]
        self.documents = len(documents)
        frequency: Counter[str] = Counter()
        for doc in documents:
            frequency.update(doc.terms.keys())
        n = max(self.documents, 1)
        # Smoothed IDF; a term in every document weighs little but not nothing.
        self._idf = {t: math.log((1 + n) / (1 + df)) + 1.0 for t, df in frequency.items()}
        sums: dict[str, dict[str, float]] = {}
        spelled: dict[str, str] = {}
        self.tag_counts: Counter[str] = Counter()
        for doc in documents:
            vector = self.vector(doc.terms)
            for path in doc.tags:
                key = tag_key(path)
                spelled.setdefault(key, path)
                self.tag_counts[key] += 1
                total = sums.setdefault(key, {})
                for term, weight in vector.items():
                    total[term] = total.get(term, 0.0) + weight
        self._paths = spelled
        self._centroids = {key: _unit(total) for key, total in sums.items()}

    def vector(self, terms: Mapping[str, int]) -> Vector:
        """The unit TF-IDF vector of term counts (unknown terms carry no weight)."""
        return _unit(
            {t: (1.0 + math.log(c)) * self._idf[t] for t, c in terms.items() if t in self._idf}
        )

    def suggest(
        self, terms: Mapping[str, int], exclude: Sequence[str] = (), limit: int = 3
    ) -> list[Suggestion]:
        """The best `limit` tags for an article's term counts, leaving out `exclude`.

        Args:
            terms: The article's content-term counts (see `terms_of`).
            exclude: Tags it already has (never suggested again).
            limit: How many to return at most.
        """
        skip = {tag_key(p) for p in exclude}
        vector = self.vector(terms)
        if not vector:
            return []
        scored: list[tuple[float, str]] = []
        for key, centroid in self._centroids.items():
            if key in skip:
                continue
            small, large = (vector, centroid) if len(vector) < len(centroid) else (centroid, vector)
            score = sum(w * large.get(t, 0.0) for t, w in small.items())
            if score >= MIN_SCORE:
                scored.append((score, key))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [Suggestion(self._paths[k], round(s, 4)) for s, k in scored[:limit]]


def most_frequent(
    examples: Iterable[TaggedText], exclude: Sequence[str] = (), limit: int = 3
) -> list[str]:
    """The baseline: the library's most used tags, whatever the article says."""
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for example in examples:
        for path in example.tags:
            counts[tag_key(path)] += 1
            spelled.setdefault(tag_key(path), path)
    skip = {tag_key(p) for p in exclude}
    ranked = sorted((k for k in counts if k not in skip), key=lambda k: (-counts[k], k))
    return [spelled[k] for k in ranked[:limit]]
