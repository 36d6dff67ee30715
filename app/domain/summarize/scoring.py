"""Score sentences by centrality, adjusted for position, paragraph openings, title and length."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """The knobs of the scoring; the defaults were measured on news with the benchmark."""

    lead: float = 3.0  # bonus for the first sentences of the text, at full lead strength
    lead_decay: float = 2.0  # sentences until the lead bonus halves
    paragraph: float = 0.25  # bonus for the sentence that opens a paragraph
    title: float = 1.5  # bonus per share of the title's terms the sentence holds (unmeasured:
    # the benchmark has no titles; chosen to rival the lead bonus of the second sentence)
    short_words: int = 8  # sentences shorter than this lose weight in proportion
    long_words: int = 25  # sentences longer than this lose weight gently
    prose_share: float = 0.85  # below this share of plain words a sentence loses weight
    lead_floor: float = 0.9  # opening-to-mean centrality ratio at which the lead bonus starts
    lead_span: float = 0.4  # ... and how much more it takes to reach the full bonus


@dataclass(frozen=True)
class Candidate:
    """A sentence that scoring sees: its terms and where it stands."""

    index: int  # position among all candidate sentences, from 0
    terms: Sequence[str]
    words: int
    first_in_paragraph: bool
    prose: float = 1.0  # share of the sentence's tokens that are plain words, not code or paths


def _isf(documents: Sequence[Sequence[str]]) -> dict[str, float]:
    """Inverse sentence frequency: terms in few sentences weigh more."""
    frequency: Counter[str] = Counter()
    for terms in documents:
        frequency.update(set(terms))
    count = len(documents)
    return {term: math.log(1.0 + count / df) for term, df in frequency.items()}


def _centrality(candidates: Sequence[Candidate], isf: dict[str, float]) -> list[float]:
    """Cosine of each sentence's tf-isf vector with the vector of all the other sentences.

    Leaving the sentence itself out of the centroid keeps long sentences from scoring high by
    resembling themselves. With C the whole text's vector and v the sentence's:
    v.(C - v) = v.C - |v|^2 and |C - v|^2 = |C|^2 - 2 v.C + |v|^2, so it stays linear.
    """
    document: Counter[str] = Counter()
    for candidate in candidates:
        document.update(candidate.terms)
    centroid = {term: count * isf[term] for term, count in document.items()}
    centroid_square = sum(v * v for v in centroid.values())
    scores: list[float] = []
    for candidate in candidates:
        dot = 0.0
        square = 0.0
        for term, count in Counter(candidate.terms).items():
            weight = count * isf[term]
            dot += weight * centroid[term]
            square += weight * weight
        rest_square = centroid_square - 2 * dot + square
        if square <= 0 or rest_square <= 1e-12:
            scores.append(0.0)
            continue
        scores.append(max(0.0, dot - square) / math.sqrt(square * rest_square))
    return scores


def lead_strength(
    centrality: Sequence[float], floor: float = 0.9, span: float = 0.4, lead_size: int = 3
) -> float:
    """How much the opening sentences carry the text, from 0 (an anecdote) to 1 (news).

    News puts its most central sentences first; essays and documentation often open with a
    story, a question or context. The ratio of the opening's centrality to the text's mean
    decides how much the position bonus counts.
    """
    if len(centrality) <= lead_size:
        return 1.0
    mean = sum(centrality) / len(centrality)
    if mean <= 0:
        return 0.0
    lead = sum(centrality[:lead_size]) / lead_size
    return max(0.0, min(1.0, (lead / mean - floor) / span))


def _length_factor(words: int, weights: Weights) -> float:
    if words < weights.short_words:
        return words / weights.short_words
    if words > weights.long_words:
        return math.sqrt(weights.long_words / words)
    return 1.0


def score(
    candidates: Sequence[Candidate],
    title_terms: Sequence[str] = (),
    weights: Weights | None = None,
) -> list[float]:
    """Score every candidate sentence; higher is more worth a place in the summary.

    Args:
        candidates: The sentences in reading order.
        title_terms: Content terms of the title (and headings), if any.
        weights: Scoring knobs; the measured defaults when None.

    Returns:
        One non-negative score per candidate, in the same order.
    """
    weights = weights or Weights()
    if not candidates:
        return []
    isf = _isf([c.terms for c in candidates])
    centrality = _centrality(candidates, isf)
    strength = lead_strength(centrality, weights.lead_floor, weights.lead_span)
    title = set(title_terms)
    scores: list[float] = []
    for candidate, central in zip(candidates, centrality, strict=True):
        bonus = 1.0
        bonus += strength * weights.lead / (1.0 + candidate.index / weights.lead_decay)
        if candidate.first_in_paragraph:
            bonus += weights.paragraph
        if title:
            bonus += weights.title * len(title.intersection(candidate.terms)) / len(title)
        # Code, paths and command lines resemble everything in technical text; prose reads better.
        prose = min(1.0, candidate.prose / weights.prose_share) ** 2
        scores.append(central * bonus * prose * _length_factor(candidate.words, weights))
    return scores
