"""Tag suggestions from the library's own tags: TF-IDF term weights, one centroid per tag.

Every tagged article becomes a unit-length TF-IDF vector of its content terms; a tag's
centroid is the normalised sum of its articles' vectors. An article is then scored against
each centroid by cosine similarity. Only tags already in the library can come out, and
nothing here applies a tag: callers show the suggestions and let the person choose.

At 2,000 examples the centroids hold about a million term weights, so the model keeps them
packed: terms become ids, and the weights sit in flat arrays grouped by term (for each term,
the tags whose centroid has it). Training reads the examples once, keeping only each one's
term ids and counts as arrays, never the examples themselves.
"""

from __future__ import annotations

import bisect
import itertools
import math
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.domain.summarize.languages import detect_language, stop_words
from app.domain.summarize.terms import content_terms
from app.domain.tags import tag_key

MAX_CHARS = 20_000  # the start of a long article says enough about its topic
MIN_SCORE = 0.05  # below this a suggestion is noise
LANGUAGE_SAMPLE = 1000


def terms_of(text: str, language: str | None = None) -> Counter[str]:
    """Content-term counts of a text (stop words out, words cut to a common stem)."""
    sample = text[:MAX_CHARS]
    # The opening is enough to tell the language, and detection is the costly part.
    language = language or detect_language(sample[:LANGUAGE_SAMPLE])
    return Counter(content_terms(sample, stop_words(language)))


def _unit(weights: Sequence[float]) -> array[float]:
    norm = math.sqrt(sum(w * w for w in weights))
    return array("d", [w / norm for w in weights] if norm else [])


def _zeros(typecode: str, n: int) -> array[int]:
    return array(typecode, [0]) * n


def _sum(
    vectors: Sequence[tuple[array[int], array[float]]], members: Sequence[int]
) -> tuple[Collection[int], Collection[float]]:
    """The term ids and summed weights of some examples' vectors (terms in first-seen order)."""
    if len(members) == 1:  # most tags: the sum is the one vector
        return vectors[members[0]]
    total: dict[int, float] = {}
    for index in members:
        for t, w in zip(*vectors[index], strict=True):
            total[t] = total.get(t, 0.0) + w
    return total.keys(), total.values()


@dataclass(frozen=True)
class TaggedText:
    """A training example: an article's term counts and the tag paths it carries."""

    terms: Mapping[str, int]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    """A tag proposed for an article, with its cosine score (0..1)."""

    path: str
    score: float


class _TermIds:
    """Term -> id, read-only: the terms sorted and joined in one string, found by bisection.

    A dict of the ~110,000 short terms of 2,000 examples takes 13 MB (a string object, a table
    slot and an int object each); this takes about 2 MB, for ~20 comparisons a lookup.
    """

    def __init__(self, ids: Mapping[str, int]) -> None:
        ordered = sorted(ids)
        self._joined = "".join(ordered)
        self._ends = array("i", itertools.accumulate(map(len, ordered)))
        self._ids = array("i", map(ids.__getitem__, ordered))

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index: int) -> str:
        """The index-th term in sorted order (what bisect reads)."""
        return self._joined[self._ends[index - 1] if index else 0 : self._ends[index]]

    def get(self, term: str) -> int | None:
        index = bisect.bisect_left(self, term)
        return self._ids[index] if index < len(self) and self[index] == term else None


class TagSuggester:
    """Scores tags for an article by similarity to each tag's centroid.

    Weights stay float64, as the plain dict computation had them, so the scores are its scores
    (float32 would save 4 bytes a weight and round every one of them).
    """

    def __init__(self, examples: Iterable[TaggedText]) -> None:
        """Learn from `examples`, read once (a generator keeps one example alive at a time)."""
        term_ids: dict[str, int] = {}
        docs: list[tuple[array[int], array[float]]] = []  # term ids; counts, then weights
        docs_of: dict[str, list[int]] = {}  # tag key -> its examples, in reading order
        spelled: dict[str, str] = {}
        for example in examples:
            if not (example.terms and example.tags):
                continue
            for path in example.tags:
                key = tag_key(path)
                spelled.setdefault(key, path)
                docs_of.setdefault(key, []).append(len(docs))
            ids = [term_ids.setdefault(t, len(term_ids)) for t in example.terms]
            docs.append((array("i", ids), array("d", example.terms.values())))
        self.documents = len(docs)
        self._terms = _TermIds(term_ids)
        del term_ids  # freed before the centroids are summed, the build's peak
        frequency = _zeros("i", len(self._terms))
        for doc_ids, _ in docs:
            for t in doc_ids:
                frequency[t] += 1
        n = max(self.documents, 1)
        # Smoothed IDF; a term in every document weighs little but not nothing.
        self._idf = array("d", [math.log((1 + n) / (1 + df)) + 1.0 for df in frequency])
        for doc_ids, values in docs:
            values[:] = self._tfidf(doc_ids, values)  # in place: no second set of arrays
        self._keys = list(docs_of)
        self._paths = [spelled[k] for k in self._keys]
        self._pack(docs, [docs_of[k] for k in self._keys])

    def _tfidf(self, ids: Sequence[int], counts: Sequence[float]) -> array[float]:
        """Unit TF-IDF weights of an example's terms, in the order given."""
        return _unit([(1.0 + math.log(c)) * self._idf[t] for t, c in zip(ids, counts, strict=True)])

    def _pack(
        self, vectors: Sequence[tuple[array[int], array[float]]], members: Sequence[list[int]]
    ) -> None:
        """Sum each tag's centroid (its examples' vectors, normalised) straight into arrays
        grouped by term: the tags whose centroid has term t, and its weight there, sit at
        positions _starts[t] to _starts[t + 1] of _entry_tags and _entry_weights. Scoring an
        article then reads only its own terms' entries.

        Two passes over the tags (where each term's entries start must be known before any is
        written), summing each centroid twice rather than holding them all: the sums are a
        second copy of every weight.
        """
        starts = _zeros("i", len(self._terms) + 1)
        norms = array("d")
        for examples in members:
            ids, weights = _sum(vectors, examples)
            norms.append(math.sqrt(sum(w * w for w in weights)))
            for t in ids:
                starts[t + 1] += 1
        for t in range(len(self._terms)):
            starts[t + 1] += starts[t]
        size = starts[-1]
        entry_tags = _zeros("H" if len(members) <= 0xFFFF else "i", size)
        entry_weights = array("d", [0.0]) * size
        free = array("i", starts)
        for tag, examples in enumerate(members):
            ids, weights = _sum(vectors, examples)
            norm = norms[tag]
            for t, w in zip(ids, weights, strict=True):
                slot = free[t]
                entry_tags[slot] = tag
                entry_weights[slot] = w / norm
                free[t] = slot + 1
        self._starts, self._entry_tags, self._entry_weights = starts, entry_tags, entry_weights

    @property
    def tag_count(self) -> int:
        """How many tags it can suggest."""
        return len(self._keys)

    @property
    def term_weights(self) -> int:
        """How many term weights the centroids hold together (what the model's size follows)."""
        return len(self._entry_weights)

    def _vector(self, terms: Mapping[str, int]) -> tuple[list[int], array[float]]:
        """The article's known term ids and their unit TF-IDF weights (unknown terms carry
        no weight)."""
        ids: list[int] = []
        counts: list[int] = []
        for term, count in terms.items():
            t = self._terms.get(term)
            if t is not None:
                ids.append(t)
                counts.append(count)
        return ids, self._tfidf(ids, counts)

    def suggest(
        self, terms: Mapping[str, int], exclude: Sequence[str] = (), limit: int = 3
    ) -> list[Suggestion]:
        """The best `limit` tags for an article's term counts, leaving out `exclude`.

        Args:
            terms: The article's content-term counts (see `terms_of`).
            exclude: Tags it already has (never suggested again).
            limit: How many to return at most.
        """
        ids, weights = self._vector(terms)
        if not ids:
            return []
        # Each tag's cosine sums the terms it shares with the article, in the article's order.
        # (The dict version summed whichever side was smaller; the order can move a score in
        # its last bits, never seen to reach the 4 decimals kept: tests/unit/test_tag_suggest.)
        scores = [0.0] * len(self._keys)
        starts, tags, centroid_weights = self._starts, self._entry_tags, self._entry_weights
        for t, weight in zip(ids, weights, strict=True):
            start, end = starts[t], starts[t + 1]
            for tag, w in zip(tags[start:end], centroid_weights[start:end], strict=True):
                scores[tag] += weight * w
        skip = {tag_key(p) for p in exclude}
        scored = [
            (score, tag)
            for tag, score in enumerate(scores)
            if score >= MIN_SCORE and self._keys[tag] not in skip
        ]
        scored.sort(key=lambda s: (-s[0], self._keys[s[1]]))
        return [Suggestion(self._paths[tag], round(s, 4)) for s, tag in scored[:limit]]


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
