"""Likely duplicate tags: paths that differ only by case, accents, separators or a plural.

Pure and cheap: every path gets a fingerprint, and paths sharing one form a group. The tag
used most in a group is proposed as the one to keep, so a merge moves the fewest links.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.domain.tags import SEPARATOR, tag_segments

# Inside a segment, these all separate words: "border-security", "border_security",
# "border security", "border.security" are one tag written four ways.
_WORD_SEPARATORS = re.compile(r"[\s\-_.·–—]+")
# Plural endings whose stem is not a plural itself: "glass", "status", "analysis".
_NOT_PLURAL = ("ss", "us", "is", "os")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def singular(word: str) -> str:
    """A crude English singular, enough to pair "policy"/"policies" and "tag"/"tags"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL):
        return word[:-1]
    return word


def _segment_print(segment: str) -> str:
    words = [w for w in _WORD_SEPARATORS.split(_strip_accents(segment).casefold()) if w]
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


def fingerprint(path: str) -> str:
    """The form two duplicate paths share: casefolded, unaccented, one separator, singular."""
    return SEPARATOR.join(_segment_print(s) for s in tag_segments(path))


_STEPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("case", str.casefold),
    ("accents", _strip_accents),
    ("separators", lambda s: _WORD_SEPARATORS.sub(" ", s)),
    ("plural", lambda s: SEPARATOR.join(_segment_print(x) for x in tag_segments(s))),
)


def _differences(keep: str, others: Iterable[str]) -> tuple[str, ...]:
    """How the paths differ from `keep`: each normalising step that changed one of a pair
    that was not yet equal ("Policies" vs "policy": case, then plural)."""
    kinds: set[str] = set()
    for other in others:
        a, b = keep, other
        for name, step in _STEPS:
            if a == b:
                break
            na, nb = step(a), step(b)
            if na != a or nb != b:
                kinds.add(name)
            a, b = na, nb
    return tuple(name for name, _ in _STEPS if name in kinds)


@dataclass(frozen=True)
class DuplicateGroup:
    """Tags that are probably one tag.

    Attributes:
        keep: The path proposed to keep (the most used one).
        merge: The other paths, to merge into `keep`.
        reasons: How they differ: "case", "accents", "separators", "plural".
    """

    keep: str
    merge: tuple[str, ...]
    reasons: tuple[str, ...]


def find_duplicates(tags: Iterable[tuple[str, int]]) -> list[DuplicateGroup]:
    """Groups of likely duplicates among (path, article count) pairs, biggest group first.

    Within a group the most used tag is kept; ties go to the plainest spelling (no
    accents or capitals, then the shortest), so the choice does not depend on input order.
    """
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, count in tags:
        groups[fingerprint(path)].append((path, count))
    out: list[DuplicateGroup] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ranked = sorted(
            members,
            key=lambda m: (-m[1], m[0] != _strip_accents(m[0]).casefold(), len(m[0]), m[0]),
        )
        paths = [p for p, _ in ranked]
        out.append(DuplicateGroup(paths[0], tuple(paths[1:]), _differences(paths[0], paths[1:])))
    out.sort(key=lambda g: (-len(g.merge), g.keep.casefold()))
    return out
