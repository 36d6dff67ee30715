"""What the citation formats (BibTeX, CSL-JSON) share: author names and citation keys."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.records import ArticleDetail
from app.interop.exporters._common import fold_ascii, one_line

# Words that make a by-line a group rather than a person ("Reuters Staff", "The Editors").
_GROUP_WORDS = frozenset({
    "staff", "team", "editors", "editorial", "desk", "newsroom", "news", "press", "agency",
    "inc", "inc.", "ltd", "ltd.", "llc", "company", "corp", "corp.", "association", "institute",
    "university", "foundation", "board", "reporters", "contributors", "the",
})  # fmt: skip
_KEY_STOPWORDS = frozenset({
    "a", "an", "the", "of", "on", "in", "and", "for", "to", "at", "by", "with", "from", "is",
    "are", "was", "der", "die", "das", "ein", "eine", "le", "la", "les", "un", "une", "el",
    "los", "las", "il", "lo",
})  # fmt: skip
_SPLIT_PEOPLE = re.compile(r"\s*;\s*|\s*\|\s*|\s+(?:and|&|und|et|y)\s+", re.IGNORECASE)
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_NAME_LIKE = re.compile(r"[^\W_]+(?:[\s,;&|.'’-]+[^\W_]+)*[\s.]*")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Name:
    """An author: a person (family and given names) or a literal group name."""

    family: str = ""
    given: str = ""
    literal: str = ""


def split_authors(author: str | None) -> list[Name]:
    """Guesses the people in a free-text by-line ("Jane Doe, John Smith", "Doe, Jane").

    A single comma between one word and at most two words reads as "Family, Given"; other
    commas, semicolons and "and"/"&" separate people. A one-word name, a long one, one with
    digits or one naming a group stays a literal.
    """
    text = _BY.sub("", one_line(author or ""))
    if not text:
        return []
    if not _NAME_LIKE.fullmatch(text):
        # Brackets, quotes, @ or = mean this is no list of names; splitting would mangle it.
        return [Name(literal=text)]
    names: list[Name] = []
    for part in _SPLIT_PEOPLE.split(text):
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if (
            len(pieces) == 2
            and len(pieces[0].split()) == 1
            and 1 <= len(pieces[1].split()) <= 2
            and not _is_group(pieces[0])
        ):
            names.append(Name(family=pieces[0], given=pieces[1]))
            continue
        names.extend(_person(piece) for piece in pieces)
    return names


def _is_group(text: str) -> bool:
    return any(word.lower() in _GROUP_WORDS for word in text.split()) or any(
        ch.isdigit() for ch in text
    )


def _person(text: str) -> Name:
    words = text.split()
    if not 2 <= len(words) <= 4 or _is_group(text):
        return Name(literal=text)
    return Name(family=words[-1], given=" ".join(words[:-1]))


def _key_part(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_ascii(text).lower())


class CitationKeys:
    """Hands out unique, ASCII citation keys of the form authorYEARfirstword."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def key(self, detail: ArticleDetail) -> str:
        """A key not handed out before: `doe2020climate`, then `doe2020climate-2`, ..."""
        rec = detail.record
        names = split_authors(rec.author)
        who = ""
        if names:
            first = names[0]
            who = _key_part(first.family or first.literal.split()[0])[:20]
        if not who and rec.site:
            who = _key_part(rec.site.split(".")[0] if "." in rec.site else rec.site)
        year = str(rec.published.year) if rec.published is not None else "nd"
        word = ""
        for candidate in _WORD.findall(fold_ascii(rec.title).lower()):
            if len(candidate) > 1 and candidate not in _KEY_STOPWORDS:
                word = candidate[:20]
                break
        base = f"{who or 'anon'}{year}{word}"[:60]
        # Bases hold only [a-z0-9], so a "-n" suffix can never collide with another base, and
        # a counter per base keeps a thousand same-named keys linear, not quadratic.
        number = self._next.get(base, 0) + 1
        self._next[base] = number
        return base if number == 1 else f"{base}-{number}"
