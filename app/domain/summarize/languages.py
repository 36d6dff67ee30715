"""Stop-word lists per language (from justext) and language detection by script and stop words."""

from __future__ import annotations

import logging
import pkgutil
import re
import unicodedata
from collections import Counter
from functools import cache

logger = logging.getLogger(__name__)

# ISO 639-1 code -> justext stop-list name. Only languages written in Latin or Cyrillic script
# take part in stop-word detection; other scripts are recognised by their letters alone.
JUSTEXT_NAMES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "cs": "Czech",
    "sk": "Slovak",
    "sv": "Swedish",
    "da": "Danish",
    "nb": "Norwegian_Bokmal",
    "fi": "Finnish",
    "hu": "Hungarian",
    "ro": "Romanian",
    "tr": "Turkish",
    "ca": "Catalan",
    "gl": "Galician",
    "hr": "Croatian",
    "sl": "Slovenian",
    "et": "Estonian",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "id": "Indonesian",
    "bg": "Bulgarian",
    "be": "Belarusian",
    "sr": "Serbian",
    "mk": "Macedonian",
    "el": "Greek",
}

CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "bg", "be", "sr", "mk"})

# How many of the most frequent justext words stand for a language in detection: the lists are
# ordered by frequency, and their tails hold content words that many languages share.
_DETECTION_WORDS = 70
_SAMPLE_WORDS = 400
_MAIN_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk")
_MAIN_PRIOR = 1.2
_MIN_SHARE = 0.12  # at least this share of the words must be the best language's stop words
_MIN_LEAD = 1.25  # and the best must beat the runner-up by this factor

_WORD = re.compile(r"\w+(?:['’]\w+)*")

# Letters that belong to one Cyrillic language and not to its neighbours.
_CYRILLIC_MARKS: dict[str, frozenset[str]] = {
    "uk": frozenset("іїєґ"),
    "ru": frozenset("ыэъё"),
    "be": frozenset("ў"),
    "sr": frozenset("ђћџљњ"),
    "mk": frozenset("ѓќѕ"),
}

# Scripts that name their language (or the most likely one) on their own.
_SCRIPT_LANGUAGE: dict[str, str] = {
    "GREEK": "el",
    "HEBREW": "he",
    "ARABIC": "ar",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
}
_PERSIAN_LETTERS = frozenset("پچژگک")


@cache
def _justext_list(code: str) -> tuple[str, ...]:
    """Return the justext stop list for a language as stored: most frequent first, cased."""
    name = JUSTEXT_NAMES.get(code)
    if name is None:
        return ()
    try:
        raw = pkgutil.get_data("justext", f"stoplists/{name}.txt")
    except (OSError, ImportError):
        # justext comes with trafilatura; without it the summarizer still works, only less well.
        logger.warning("justext stop list for %s is not available", name)
        return ()
    if raw is None:
        return ()
    return tuple(
        word for word in (line.strip() for line in raw.decode("utf-8").splitlines()) if word
    )


@cache
def _justext_words(code: str) -> tuple[str, ...]:
    """Return the justext stop list for a language, most frequent first, lower-cased, unique."""
    return tuple(dict.fromkeys(word.lower() for word in _justext_list(code)))


@cache
def stop_words(language: str | None) -> frozenset[str]:
    """Return the stop words of a language (ISO 639-1), or an empty set when there is no list.

    Args:
        language: An ISO 639-1 code such as "de", or None.

    Returns:
        Lower-cased stop words; empty for an unknown language.
    """
    if not language:
        return frozenset()
    return frozenset(_justext_words(language.lower()))


@cache
def _detection_words(code: str) -> frozenset[str]:
    words = [w for w in _justext_words(code) if _WORD.fullmatch(w)]
    return frozenset(words[:_DETECTION_WORDS])


@cache
def gate_words(language: str | None) -> frozenset[str]:
    """Return the common words that may open a sentence after an abbreviation or an initial.

    Only words the stop list also holds in lower case count: that keeps function words ("die",
    "the") and drops the nouns and names of Wikipedia-made lists ("Oktober", "New").

    Args:
        language: An ISO 639-1 code, or None for the main languages together.

    Returns:
        Lower-cased frequent function words.
    """
    codes = [language] if language in JUSTEXT_NAMES else list(_MAIN_LANGUAGES)
    words: set[str] = set()
    for code in codes:
        words.update(w for w in _justext_list(code) if w.islower() and _WORD.fullmatch(w))
    return frozenset(words)


@cache
def _detection_vocabularies(cyrillic: bool) -> dict[str, frozenset[str]]:
    """Return the detection words of every language written in Latin (or Cyrillic) script."""
    return {
        code: _detection_words(code)
        for code in JUSTEXT_NAMES
        if code != "el" and (code in CYRILLIC_LANGUAGES) == cyrillic
    }


@cache
def _detection_weights(cyrillic: bool) -> dict[str, float]:
    """Weigh each detection word by 1 / the number of languages whose list holds it."""
    counts: Counter[str] = Counter()
    for vocab in _detection_vocabularies(cyrillic).values():
        counts.update(vocab)
    return {word: 1.0 / count for word, count in counts.items()}


@cache
def _script_of(char: str) -> str | None:
    """Return a coarse script name for a letter (LATIN, CYRILLIC, CJK, ...)."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    if name.startswith("CJK"):
        return "CJK"
    return name.split(" ", 1)[0]


def _dominant_script(text: str) -> str | None:
    counts: Counter[str] = Counter()
    # Count characters first (fast, in C), then name the script of each distinct letter once.
    for char, count in Counter(text).items():
        if char.isalpha():
            script = _script_of(char)
            if script is not None:
                counts[script] += count
    if not counts:
        return None
    # Japanese mixes kana with kanji: any real share of kana makes it Japanese.
    kana = counts["HIRAGANA"] + counts["KATAKANA"]
    if kana and kana * 10 >= sum(counts.values()):
        return "HIRAGANA"
    return counts.most_common(1)[0][0]


def detect_language(text: str) -> str | None:
    """Guess the language of a text from its script and its share of common stop words.

    Args:
        text: Any text; only its first few hundred words are read.

    Returns:
        An ISO 639-1 code, or None when the text is too short or no language clearly wins.
    """
    sample = text[:6000]
    script = _dominant_script(sample)
    if script is None:
        return None
    if script not in ("LATIN", "CYRILLIC"):
        code = _SCRIPT_LANGUAGE.get(script)
        if code == "ar" and any(c in _PERSIAN_LETTERS for c in sample):
            return "fa"
        return code
    words = [w.lower() for w in _WORD.findall(sample)[:_SAMPLE_WORDS]]
    if len(words) < 3:
        return None
    cyrillic = script == "CYRILLIC"
    weights = _detection_weights(cyrillic)
    share: dict[str, int] = {}
    hits: dict[str, float] = {}
    for code, vocab in _detection_vocabularies(cyrillic).items():
        found = [w for w in words if w in vocab]
        share[code] = len(found)
        # Words many languages share ("a", "de") count for little; a small prior prefers the
        # widely used languages when a short text leaves two neighbours level (pt and gl).
        prior = _MAIN_PRIOR if code in _MAIN_LANGUAGES else 1.0
        hits[code] = prior * sum(weights[w] for w in found)
    if cyrillic:
        letters = Counter(c for c in sample.lower() if c.isalpha())
        for code, marks in _CYRILLIC_MARKS.items():
            # A letter only one of these languages uses is strong evidence for it.
            hits[code] = hits.get(code, 0.0) + 0.5 * sum(letters[m] for m in marks)
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    if not ranked:
        return None
    best_code, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if share.get(best_code, 0) < max(1.0, _MIN_SHARE * len(words)) or best < _MIN_LEAD * second:
        return None
    return best_code
