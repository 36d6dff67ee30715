"""Result snippets cut in Python from the body around the first query term.

FTS5's snippet() re-tokenises every whole body it is asked about, which costs several
times the ranking query itself; finding the first term in the text is enough for a
result line.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\u27e6", "\u27e7"
WINDOW_CHARS = 160


def make_snippet(body: str, terms: tuple[str, ...]) -> str | None:
    """About WINDOW_CHARS of text around the first term, terms marked ⟦…⟧; None if absent."""
    words = [w for term in terms for w in re.findall(r"\w+", term) if w]
    if not body or not words:
        return None
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + r")",
        re.IGNORECASE,
    )
    first = pattern.search(body)
    if first is None:
        return None
    start = max(0, first.start() - WINDOW_CHARS // 3)
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(body), start + WINDOW_CHARS)
    if end < len(body):
        space = body.rfind(" ", first.end(), end)
        end = space if space > first.end() else end
    window = " ".join(body[start:end].split())
    marked = pattern.sub(lambda m: OPEN + m.group(0) + CLOSE, window)
    return ("…" if start else "") + marked + ("…" if end < len(body) else "")
