"""Placing a highlight in a text by its quote, the text around it and a position hint.

A highlight remembers what it marked (the quote), some text before and after it (prefix and
suffix) and where it was (position). When the text changes (a re-extraction, an edit, an
import from another tool) it is found again: first as an exact match (whitespace, quote
marks and dashes normalised; several matches told apart by context, then by position), then
approximately, word by word, tolerating punctuation, case and small edits. A highlight that
cannot be found comes back as None: the caller keeps it as "unplaced", never drops it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT_CHARS = 32
# Share of the quote's words an approximate match must find, in order.
FUZZY_MIN_WORD_SHARE = 0.7
# Approximate matching on fewer words than this finds common phrases anywhere.
FUZZY_MIN_WORDS = 3
_SEED_WORDS = 3  # length of the word runs used to find candidate places
_MAX_CANDIDATES = 40

# One character in, one character out: offsets survive the translation.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u00ad": " ", "\u200b": " ",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+")
_RUN = re.compile(r"\S+")


@dataclass(frozen=True)
class Anchor:
    """What a highlight remembers about its place in a text."""

    quote: str
    prefix: str = ""
    suffix: str = ""
    position: int | None = None


@dataclass(frozen=True)
class Placement:
    """Where an anchor was found: text[start:end]; `exact` is False for an approximate match."""

    start: int
    end: int
    exact: bool = True


class _Normalised:
    """A text with whitespace runs collapsed and look-alike characters folded, and a map from
    each character of the result back to its offset in the original.

    Its words and the index of word runs used by approximate matching are built on first
    use and kept, so placing many highlights in one text tokenises it once.
    """

    def __init__(self, text: str) -> None:
        folded = text.translate(_FOLD)
        parts: list[str] = []
        origin: list[int] = []
        for match in _RUN.finditer(folded):
            if parts:
                parts.append(" ")
                origin.append(match.start() - 1)  # the whitespace just before this run
            parts.append(match.group())
            origin.extend(range(match.start(), match.end()))
        self.text = "".join(parts)
        self.origin = origin
        self.length = len(text)
        self._words: list[tuple[str, int, int]] | None = None
        self._tokens: list[str] | None = None
        self._runs: dict[tuple[str, ...], list[int]] | None = None

    def words(self) -> list[tuple[str, int, int]]:
        """(casefolded word, start, end) for every word of the normalised text."""
        if self._words is None:
            self._words = _words(self.text)
        return self._words

    def tokens(self) -> list[str]:
        """The casefolded words alone."""
        if self._tokens is None:
            self._tokens = [w for w, _, _ in self.words()]
        return self._tokens

    def runs(self) -> dict[tuple[str, ...], list[int]]:
        """Where each run of _SEED_WORDS words starts (word indexes)."""
        if self._runs is None:
            tokens = self.tokens()
            runs: dict[tuple[str, ...], list[int]] = {}
            for i in range(len(tokens) - _SEED_WORDS + 1):
                runs.setdefault(tuple(tokens[i : i + _SEED_WORDS]), []).append(i)
            self._runs = runs
        return self._runs

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised range [start, end) (end > start)."""
        return self.origin[start], self.origin[end - 1] + 1

    def from_original(self, offset: int) -> int:
        """The normalised offset nearest an original one."""
        low, high = 0, len(self.origin)
        while low < high:
            middle = (low + high) // 2
            if self.origin[middle] < offset:
                low = middle + 1
            else:
                high = middle
        return low


def normalise(text: str) -> str:
    """Whitespace collapsed, outer whitespace stripped, curly quotes and dashes made plain."""
    return _Normalised(text).text


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
    """The anchor of text[start:end]: the quote with `context` characters either side."""
    start, end = max(0, start), min(len(text), end)
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        position=start,
    )


def place(text: str, anchor: Anchor) -> Placement | None:
    """Find an anchor in a text.

    Args:
        text: The text the highlight belongs to (as it is now).
        anchor: Quote, context and position hint remembered from before.

    Returns:
        The placed range (in `text`'s offsets), or None when the quote is not found.
    """
    return place_in(_Normalised(text), anchor)


def place_all(text: str, anchors: Sequence[Anchor]) -> list[Placement | None]:
    """Place several anchors in one text (normalising it once)."""
    prepared = _Normalised(text)
    return [place_in(prepared, anchor) for anchor in anchors]


def place_in(prepared: _Normalised, anchor: Anchor) -> Placement | None:
    """`place` on a text already normalised."""
    quote = normalise(anchor.quote)
    if not quote or not prepared.text:
        return None
    hint = prepared.from_original(anchor.position) if anchor.position is not None else None
    prefix, suffix = normalise(anchor.prefix), normalise(anchor.suffix)
    found = _exact(prepared.text, quote, prefix, suffix, hint)
    if found is not None:
        start, end = prepared.to_original(found, found + len(quote))
        return Placement(start, end, exact=True)
    fuzzy = _fuzzy(prepared, quote, prefix, suffix, hint)
    if fuzzy is None:
        return None
    start, end = prepared.to_original(*fuzzy)
    return Placement(start, end, exact=False)


def _exact(text: str, quote: str, prefix: str, suffix: str, hint: int | None) -> int | None:
    starts = _occurrences(text, quote)
    if not starts:
        folded_text, folded_quote = text.casefold(), quote.casefold()
        # casefold can change lengths (ß -> ss); only trust it when it does not.
        if len(folded_text) == len(text) and len(folded_quote) == len(quote):
            starts = _occurrences(folded_text, folded_quote)
    if not starts:
        return None
    if len(starts) == 1:
        return starts[0]
    return max(starts, key=lambda s: _score(text, s, s + len(quote), prefix, suffix, hint))


def _occurrences(text: str, quote: str) -> list[int]:
    found: list[int] = []
    start = text.find(quote)
    while start >= 0:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def _score(text: str, start: int, end: int, prefix: str, suffix: str, hint: int | None) -> float:
    """Higher is likelier: context agreement first (up to 2), closeness to the hint after."""
    score = 0.0
    if prefix:
        before = text[max(0, start - len(prefix) - 1) : start].strip()
        score += _agreement(prefix, before, tail=True)
    if suffix:
        after = text[end : end + len(suffix) + 1].strip()
        score += _agreement(suffix, after, tail=False)
    if hint is not None:
        score -= min(1.0, abs(start - hint) / max(len(text), 1)) * 0.5
    return score


def _agreement(expected: str, actual: str, *, tail: bool) -> float:
    """How well the text next to a match agrees with the remembered context (0..1)."""
    if not expected or not actual:
        return 0.0
    if tail:
        expected, actual = expected[-len(actual) :], actual[-len(expected) :]
    else:
        expected, actual = expected[: len(actual)], actual[: len(expected)]
    return SequenceMatcher(None, expected, actual, autojunk=False).ratio()


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _fuzzy(
    prepared: _Normalised, quote: str, prefix: str, suffix: str, hint: int | None
) -> tuple[int, int] | None:
    """An approximate match, word by word, around places where runs of the quote's words occur.

    Returns normalised offsets [start, end) or None.
    """
    quote_words = [w for w, _, _ in _words(quote)]
    if len(quote_words) < FUZZY_MIN_WORDS:
        return None
    text = prepared.text
    text_words = prepared.words()
    tokens = prepared.tokens()
    runs = prepared.runs()
    seed = _SEED_WORDS
    starts: set[int] = set()
    for offset in range(len(quote_words) - seed + 1):
        for at in runs.get(tuple(quote_words[offset : offset + seed]), ()):
            starts.add(max(0, at - offset))
        if len(starts) > _MAX_CANDIDATES:
            break
    best: tuple[float, int, int] | None = None
    slack = max(3, len(quote_words) // 4)
    for first in sorted(starts)[:_MAX_CANDIDATES]:
        low = max(0, first - slack)
        window = tokens[low : first + len(quote_words) + slack]
        matcher = SequenceMatcher(None, window, quote_words, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        matched = sum(b.size for b in blocks)
        if not blocks or matched / len(quote_words) < FUZZY_MIN_WORD_SHARE:
            continue
        begin_word = low + blocks[0].a
        end_word = low + blocks[-1].a + blocks[-1].size - 1
        # Widen to the quote's own ends when its first or last words were edited.
        begin_word = max(0, begin_word - blocks[0].b)
        end_word = min(
            len(tokens) - 1, end_word + (len(quote_words) - blocks[-1].b - blocks[-1].size)
        )
        start, end = text_words[begin_word][1], text_words[end_word][2]
        share = matched / len(quote_words)
        score = share * 4 + _score(text, start, end, prefix, suffix, hint)
        if best is None or score > best[0]:
            best = (score, start, end)
    if best is None:
        return None
    return _extend_to_quote_edges(text, quote, best[1], best[2])


def _extend_to_quote_edges(text: str, quote: str, start: int, end: int) -> tuple[int, int]:
    """Take back punctuation the quote had at its ends (words alone would cut it off)."""
    lead = len(quote) - len(quote.lstrip("\"'([-*"))
    trail = len(quote) - len(quote.rstrip("\"').,;:!?]-*…"))
    while lead and start > 0 and not text[start - 1].isspace() and not text[start - 1].isalnum():
        start -= 1
        lead -= 1
    while trail and end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1
        trail -= 1
    return start, end
