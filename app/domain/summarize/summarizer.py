"""The extractive summarizer: split, score, select, and hand back the article's own sentences."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.domain.summarize.languages import detect_language, stop_words
from app.domain.summarize.scoring import Candidate, Weights, score
from app.domain.summarize.selection import select, summary_length
from app.domain.summarize.sentences import Kind, Unit, split_units
from app.domain.summarize.terms import content_terms, prose_share

logger = logging.getLogger(__name__)

METHOD = "key sentences"
# Bump whenever the output for the same input can change: summaries are cached with it.
VERSION = "2"

_MIN_WORDS = 4  # fewer words than this is a fragment ("Read more.", "Photo: AP"), not a point


@dataclass(frozen=True)
class SummaryResult:
    """A summary: sentences of the article, in the article's order."""

    sentences: tuple[str, ...]
    method: str
    version: str
    language: str | None

    @property
    def text(self) -> str:
        """The sentences, one per line."""
        return "\n".join(self.sentences)

    def key_points_markdown(self) -> str:
        """The same sentences as a Markdown bullet list ("- s1\\n- s2")."""
        return "\n".join(f"- {sentence}" for sentence in self.sentences)


def _usable(unit: Unit) -> bool:
    """Tell whether a unit may stand in a summary: a real sentence or list item."""
    return (
        unit.kind is not Kind.HEADING
        and len(unit.text.split()) >= _MIN_WORDS
        and not unit.text.endswith(":")  # "The steps are:" says nothing without its list
    )


def _candidates(units: list[Unit]) -> list[Unit]:
    usable = [u for u in units if _usable(u)]
    if usable:
        return usable
    # Nothing but short items or headings (a list of names, a title alone): use what there is.
    return [u for u in units if u.kind is not Kind.HEADING] or units


def summarize(
    text: str,
    language: str | None = None,
    *,
    title: str | None = None,
    max_sentences: int | None = None,
) -> SummaryResult:
    """Summarize plain text by picking its key sentences.

    Args:
        text: Plain text; blank lines separate paragraphs, "- " or "* " starts a list item.
        language: ISO 639-1 code ("de", also "de-AT"); detected from the text when None.
        title: The article's title; sentences that share its words score higher.
        max_sentences: Upper bound on the sentence count; below 1 gives an empty summary.

    Returns:
        The summary. Every sentence is a verbatim piece of the text (whitespace normalised).
        Never raises on a str; an empty or blank text gives zero sentences.
    """
    return summarize_weighted(text, language, title=title, max_sentences=max_sentences)


def _normalise_language(language: str | None) -> str | None:
    if not language or not isinstance(language, str):
        return None
    code = language.strip().lower().replace("_", "-").split("-", 1)[0]
    return code or None


def summarize_weighted(
    text: str,
    language: str | None = None,
    *,
    title: str | None = None,
    max_sentences: int | None = None,
    weights: Weights | None = None,
) -> SummaryResult:
    """Summarize like summarize(), with the scoring knobs open (for the benchmark and tests).

    Args:
        text: Plain text, as for summarize().
        language: ISO 639-1 code, or None to detect it.
        title: The article's title, if known.
        max_sentences: Upper bound on the sentence count.
        weights: Scoring knobs; the measured defaults when None.

    Returns:
        The summary, as for summarize().
    """
    language = _normalise_language(language)
    if not isinstance(text, str) or not text.strip():
        return SummaryResult((), METHOD, VERSION, language)
    language = language or detect_language(text)
    units = split_units(text, language)
    candidates = _candidates(units)
    count = summary_length(len(text.split()), len(candidates))
    if max_sentences is not None:
        count = max(0, min(count, max_sentences))
    if count == 0:
        return SummaryResult((), METHOD, VERSION, language)
    stops = stop_words(language)
    terms = [content_terms(u.text, stops) for u in candidates]
    headings = " ".join(u.text for u in units if u.kind is Kind.HEADING)
    title_terms = content_terms(f"{title or ''} {headings}", stops)
    scored = score(
        [
            Candidate(i, t, len(u.text.split()), u.first_in_paragraph, prose_share(u.text))
            for i, (u, t) in enumerate(zip(candidates, terms, strict=True))
        ],
        title_terms,
        weights,
    )
    chosen = select(scored, [frozenset(t) for t in terms], count)
    logger.debug("summarized %d sentences into %d (%s)", len(candidates), len(chosen), language)
    return SummaryResult(tuple(candidates[i].text for i in chosen), METHOD, VERSION, language)
