"""Result snippets cut in Python from the body around the first query term.

FTS5's snippet() re-tokenises every whole body it is asked about, which costs several
times the ranking query itself; finding the first term in the text is enough for a
result line. The search for it is a plain substring find on the lower-cased body (a
case-insensitive regex over a whole body is ten times slower); only the short window is
then marked with a regex.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    best, best_end = -1, -1
    for word in words:  # longest first, so a tie keeps the longest word
        start = 0
        while True:
            at = low.find(word, start)
            if at < 0 or (best >= 0 and at >= best):
                break
            before = low[at - 1] if at else " "
            if not (before.isalnum() or before == "_"):
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
    start = max(0, hit_start - WINDOW_CHARS // 3)
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < hit_start else start
    end = min(len(body), start + WINDOW_CHARS)
    if end < len(body):
        space = body.rfind(" ", hit_end, end)
        end = space if space > hit_end else end
    window = " ".join(body[start:end].split())
    marked = pattern.sub(_MARK, window)  # a template: no Python call per match
    return ("…" if start else "") + marked + ("…" if end < len(body) else "")
