"""Guess a text's language when the page does not say: the domain's detector, else stop words."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

_WORD = re.compile(r"[^\W\d_]+")

# Small, distinctive stop-word sets: enough to tell the common Latin-script languages apart.
_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "in",
            "that",
            "it",
            "was",
            "for",
            "with",
            "as",
            "on",
            "are",
            "be",
            "this",
            "by",
            "have",
            "not",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "und",
            "das",
            "ist",
            "nicht",
            "ich",
            "sie",
            "es",
            "mit",
            "den",
            "von",
            "zu",
            "ein",
            "auf",
            "sich",
            "dem",
            "des",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "une",
            "que",
            "dans",
            "pour",
            "pas",
            "qui",
            "sur",
            "du",
            "au",
            "avec",
            "ce",
            "il",
            "ne",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "que",
            "de",
            "en",
            "es",
            "por",
            "una",
            "con",
            "para",
            "del",
            "se",
            "no",
            "lo",
            "al",
            "como",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "di",
            "che",
            "la",
            "e",
            "per",
            "una",
            "sono",
            "non",
            "del",
            "della",
            "gli",
            "con",
            "le",
            "si",
            "da",
            "nel",
            "anche",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "op",
            "te",
            "niet",
            "met",
            "zijn",
            "voor",
            "die",
            "ook",
            "maar",
            "er",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "e",
            "de",
            "que",
            "do",
            "da",
            "em",
            "um",
            "uma",
            "para",
            "com",
            "não",
            "se",
            "por",
            "mais",
            "dos",
        ]
    ),
    "sv": frozenset(
        [
            "och",
            "att",
            "det",
            "som",
            "en",
            "på",
            "är",
            "av",
            "för",
            "med",
            "till",
            "den",
            "har",
            "inte",
            "om",
            "ett",
            "jag",
        ]
    ),
}
_MIN_WORDS = 20


def _stop_word_guess(text: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(text[:6000])][:600]
    if len(words) < _MIN_WORDS:
        return None
    scores = {lang: sum(w in stops for w in words) for lang, stops in _STOP_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    ordered = sorted(scores.values(), reverse=True)
    # a clear winner only: at least a tenth of the words, and ahead of the runner-up
    if ordered[0] < len(words) / 10 or ordered[0] < ordered[1] * 1.3:
        return None
    return best


@cache
def _domain_detector() -> Callable[[str], str | None] | None:
    try:
        from app.domain.summarize import detect_language
    except ImportError:
        try:
            from app.domain.summarize.languages import detect_language
        except ImportError:
            return None
    return detect_language


def guess_language(text: str) -> str | None:
    """An ISO 639-1 guess for a text, or None when it is too short or unclear.

    Args:
        text: Plain text; only the start is read.

    Returns:
        A two-letter code such as "en", or None.
    """
    detector = _domain_detector()
    if detector is not None:
        try:
            found = detector(text)
        except Exception:  # another team's code: a bug there must not sink a save
            found = None
        if found:
            return found
    return _stop_word_guess(text)
