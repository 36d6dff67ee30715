"""Result snippets cut in Python from the body around the first query term.

FTS5's snippet() re-tokenises every whole body it is asked about, which costs several
times the ranking query itself; finding the first term in the text is enough for a
result line. The search for it is a plain substring find on the lower-cased body (a
case-insensitive regex over a whole body is ten times slower); only the short window is
then marked with a regex.

Search reads the bodies as their stored UTF-8 bytes (snippet_from_utf8): for ASCII words,
nearly every query, lower-casing the bytes (ASCII letters only) finds the same first hit
as lower-casing the text, several times faster on accented text, and only the few hundred
bytes around the hit are decoded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import AnyStr

OPEN, CLOSE = "\u27e6", "\u27e7"
WINDOW_CHARS = 160
_MARK = OPEN + r"\1" + CLOSE  # the pattern's one group is the whole match


@lru_cache(maxsize=64)
def _words(terms: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """The terms' lower-case words (longest first) and the pattern that marks them."""
    words = sorted({w.lower() for term in terms for w in re.findall(r"\w+", term) if w},
                   key=len, reverse=True)  # fmt: skip
    if not words:
        return (), None
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    return tuple(words), pattern


def _first_hit(body: str, words: tuple[str, ...], pattern: re.Pattern[str]) -> tuple[int, int]:
    """(start, end) of the earliest word that starts at a word boundary; (-1, -1) if none."""
    low = body.lower()
    if len(low) != len(body):  # a few characters change length when lower-cased
        found = pattern.search(body)
        return (found.start(), found.end()) if found else (-1, -1)

    def at_word_start(at: int) -> bool:
        before = low[at - 1] if at else " "
        return not (before.isalnum() or before == "_")

    return _earliest(low, words, at_word_start)


def _earliest(
    low: AnyStr, words: Iterable[AnyStr], at_word_start: Callable[[int], bool]
) -> tuple[int, int]:
    """(start, end) of the earliest word in `low` where at_word_start holds; (-1, -1)."""
    best, best_end = -1, -1
    for word in words:  # longest first, so a tie keeps the longest word
        start = 0
        while True:
            at = low.find(word, start)
            if at < 0 or (best >= 0 and at >= best):
                break
            if at_word_start(at):
                best, best_end = at, at + len(word)
                break
            start = at + 1
    return best, best_end


def make_snippet(body: str, terms: tuple[str, ...]) -> str | None:
    """About WINDOW_CHARS of text around the first term, terms marked ⟦…⟧; None if absent."""
    if not body:
        return None
    words, pattern = _words(terms)
    if pattern is None:
        return None
    hit_start, hit_end = _first_hit(body, words, pattern)
    if hit_start < 0:
        return None
    return _cut(body, hit_start, hit_end, words, pattern)


def _cut(
    body: str, hit_start: int, hit_end: int, words: tuple[str, ...], pattern: re.Pattern[str]
) -> str:
    """The window around a hit, whitespace collapsed, terms marked."""
    start = max(0, hit_start - WINDOW_CHARS // 3)
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < hit_start else start
    end = min(len(body), start + WINDOW_CHARS)
    if end < len(body):
        space = body.rfind(" ", hit_end, end)
        end = space if space > hit_end else end
    window = " ".join(body[start:end].split())
    marked = _mark(window, words, pattern)
    return ("…" if start else "") + marked + ("…" if end < len(body) else "")


def _mark(window: str, words: tuple[str, ...], pattern: re.Pattern[str]) -> str:
    """`pattern.sub` marking every term in the window, by plain finds when it can.

    A case-insensitive regex tries a match at every character (no literal to skip to):
    13 µs for a 160-character window. On ASCII text with ASCII words, lower-case finds at
    word starts, earliest first and the alternation's order on a tie, mark the same text.
    """
    ascii_words = _ascii_words(words)
    if ascii_words is None or not window.isascii():
        return pattern.sub(_MARK, window)  # a template: no Python call per match
    low = window.lower().encode()
    parts: list[str] = []
    done = 0
    while True:
        best, best_end = -1, -1
        for word in ascii_words:  # the pattern's alternation order: longest first
            at = low.find(word, done)
            while at > 0 and (chr(low[at - 1]).isalnum() or low[at - 1] == 95):
                at = low.find(word, at + 1)  # not at a word start ("_" is 95)
            if at >= 0 and (best < 0 or at < best):
                best, best_end = at, at + len(word)
        if best < 0:
            break
        parts += (window[done:best], OPEN, window[best:best_end], CLOSE)
        done = best_end
    return "".join(parts) + window[done:] if parts else window


# The non-ASCII characters whose lower case holds an ASCII character (checked over all of
# Unicode): İ (UTF-8 C4 B0; it also makes make_snippet take its regex path) and the
# Kelvin sign (E2 84 AA). Their last bytes are looked for first: one memchr each.
_LOWERS_TO_ASCII = ((b"\xb0", b"\xc4\xb0"), (b"\xaa", b"\xe2\x84\xaa"))
_MAX_UTF8 = 4  # bytes per character at most


@lru_cache(maxsize=64)
def _ascii_words(words: tuple[str, ...]) -> tuple[bytes, ...] | None:
    """The words as bytes when every one is ASCII (None: only the text path is exact)."""
    return tuple(w.encode() for w in words) if all(w.isascii() for w in words) else None


def _at_word_start_utf8(raw: bytes, at: int) -> bool:
    """Whether the character before byte `at` is not a word character (lower-cased)."""
    if at == 0:
        return True
    begin = at - 1
    while begin > 0 and 0x80 <= raw[begin] < 0xC0:  # UTF-8 continuation bytes
        begin -= 1
    before = raw[begin:at].decode("utf-8", "replace").lower()
    return not (before.isalnum() or before == "_")


def _first_hit_utf8(raw: bytes, words: tuple[bytes, ...]) -> tuple[int, int]:
    """Byte offsets of the earliest ASCII word at a word start; (-1, -1) if none.

    bytes.lower() changes ASCII letters only and no byte of a multi-byte character is
    ASCII, so without _LOWERS_TO_ASCII a hit here is exactly a hit in the lower-cased text.
    """
    return _earliest(raw.lower(), words, lambda at: _at_word_start_utf8(raw, at))


def snippet_from_utf8(raw: bytes, terms: tuple[str, ...]) -> str | None:
    """make_snippet(raw.decode("utf-8"), terms), decoding only the text around the hit."""
    if not raw:
        return None
    words, pattern = _words(terms)
    if pattern is None:
        return None
    ascii_words = _ascii_words(words)
    if ascii_words is None or any(b in raw and c in raw for b, c in _LOWERS_TO_ASCII):
        return make_snippet(raw.decode("utf-8"), terms)
    at, at_end = _first_hit_utf8(raw, ascii_words)
    if at < 0:
        return None
    # Enough characters either side that _cut on the piece cuts what it cuts on the whole
    # body: over WINDOW_CHARS // 3 before the hit (so the piece's own start never counts as
    # the body's) and WINDOW_CHARS after it; the piece is cut on character boundaries.
    lo = max(0, at - _MAX_UTF8 * (WINDOW_CHARS // 3 + 1))
    while lo > 0 and 0x80 <= raw[lo] < 0xC0:
        lo -= 1
    hi = min(len(raw), at_end + _MAX_UTF8 * WINDOW_CHARS)
    while hi < len(raw) and 0x80 <= raw[hi] < 0xC0:
        hi += 1
    piece = raw[lo:hi].decode("utf-8")
    hit = len(raw[lo:at].decode("utf-8"))
    return _cut(piece, hit, hit + at_end - at, words, pattern)
