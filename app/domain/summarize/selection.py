"""Choose how many sentences a summary gets and which, without near-duplicates."""

from __future__ import annotations

import math
from collections.abc import Sequence

MIN_SENTENCES = 3
MAX_SENTENCES = 7
SHORT_WORDS = 800  # up to this many words an article is short: three sentences
LONG_WORDS = 5000  # from this many words on an article is long: seven sentences
DUPLICATE_OVERLAP = 0.6  # share of the smaller sentence's terms that makes two near-duplicates


def summary_length(article_words: int, candidates: int) -> int:
    """Return how many sentences to pick: about 3 for a short piece, up to 7 for a long one.

    The count grows with the logarithm of the length, and never takes more than half the
    sentences (rounded up) so that a summary stays shorter than what it sums up.

    Args:
        article_words: Words in the whole article.
        candidates: Sentences available for the summary.

    Returns:
        A count from 0 to MAX_SENTENCES.
    """
    if candidates <= 0:
        return 0
    if article_words <= SHORT_WORDS:
        wanted = MIN_SENTENCES
    else:
        growth = math.log(article_words / SHORT_WORDS) / math.log(LONG_WORDS / SHORT_WORDS)
        wanted = round(MIN_SENTENCES + (MAX_SENTENCES - MIN_SENTENCES) * min(1.0, growth))
    return min(wanted, math.ceil(candidates / 2))


def near_duplicates(a: frozenset[str], b: frozenset[str]) -> bool:
    """Tell whether two sentences say nearly the same thing (most terms of the shorter shared)."""
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= DUPLICATE_OVERLAP


def select(scores: Sequence[float], term_sets: Sequence[frozenset[str]], count: int) -> list[int]:
    """Pick the best-scored sentences, skipping near-duplicates, and return them in text order.

    Args:
        scores: One score per sentence.
        term_sets: The content terms of each sentence, for the near-duplicate test.
        count: How many sentences to pick at most.

    Returns:
        Indexes into scores, ascending.
    """
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    for index in order:
        if len(chosen) >= count:
            break
        if any(near_duplicates(term_sets[index], term_sets[other]) for other in chosen):
            continue
        chosen.append(index)
    return sorted(chosen)
