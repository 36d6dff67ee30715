"""Turn a sentence into the content terms that scoring compares: no stop words, crude stems."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_PLAIN_WORD = re.compile(r"[\"'“‘(«„¿¡]*[^\W\d_]+(?:[-'’.][^\W\d_]+)*[\"'”’)»,.;:!?…]*")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

# Cutting words to their first letters is a stemmer that works the same in every language:
# "supporters"/"support", "Regierung"/"Regierungen", "школы"/"школа" meet. Six letters keep
# most distinct words apart.
STEM_LENGTH = 6


def content_terms(sentence: str, stop_words: frozenset[str]) -> list[str]:
    """Return the content terms of a sentence, lower-cased and cut to a common stem.

    Args:
        sentence: One sentence of text.
        stop_words: Lower-case words to leave out.

    Returns:
        Terms in order; digits-only tokens and one-letter words are dropped. Runs of Chinese,
        Japanese or Korean characters, written without spaces, become character pairs.
    """
    lowered = sentence.lower()
    words = _WORD.findall(lowered)
    if not _CJK.search(lowered):
        # The common case in one comprehension: no per-word CJK test (a 5,000-word summary
        # spends most of its time here).
        return [
            w[:STEM_LENGTH]
            for w in words
            if len(w) > 1 and w not in stop_words and not w.isdigit() and "_" not in w
        ]
    terms: list[str] = []
    for word in words:
        if word in stop_words or word.isdigit() or "_" in word:
            continue
        if _CJK.search(word):
            terms.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        elif len(word) > 1:
            terms.append(word[:STEM_LENGTH])
    return terms


def prose_share(sentence: str) -> float:
    """Return the share of a sentence's lettered tokens that are plain words.

    Args:
        sentence: One sentence of text.

    Returns:
        1.0 for ordinary prose, lower for code, paths, URLs and command lines
        ("app/storage", "--json", "qt/aqt/taskman.py"). Tokens without letters do not count.
    """
    # A plain word always has a letter, so most tokens need one regex test, not two.
    plain = lettered = 0
    for token in sentence.split():
        if _PLAIN_WORD.fullmatch(token):
            plain += 1
            lettered += 1
        elif _HAS_LETTER.search(token):
            lettered += 1
    return plain / lettered if lettered else 1.0
