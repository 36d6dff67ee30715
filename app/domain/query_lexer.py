"""Split a search query into tokens: words, phrases, filters, parentheses and operators."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

from app.domain.errors import QuerySyntaxError

MAX_QUERY_LENGTH = 2000
MAX_TERMS = 64

_KEYWORDS = frozenset({"OR", "AND", "NOT"})
_WORD_STOPS = frozenset('()"')

_EXAMPLES = {
    "tag": "tag:research",
    "site": "site:example.com",
    "is": "is:unread",
    "before": "before:2025-01-31",
    "after": "after:2025-01",
    "lang": "lang:de",
}
FILTER_KEYS = frozenset(_EXAMPLES)


class Kind(Enum):
    """What a token is."""

    WORD = "word"
    PHRASE = "phrase"
    FILTER = "filter"
    LPAREN = "("
    RPAREN = ")"
    OR = "OR"
    AND = "AND"
    NOT = "NOT"
    MINUS = "-"


@dataclass(frozen=True)
class Token:
    """One token; `pos` is its 0-based offset in the query.

    For WORD and PHRASE, `text` is the text to search (without quotes or trailing `*`).
    For FILTER, `key` is the lowercase filter name and `text` its raw value.
    """

    kind: Kind
    pos: int
    text: str = ""
    key: str = ""
    prefix: bool = False


def syntax_error(message: str, pos: int) -> QuerySyntaxError:
    """A QuerySyntaxError whose message names the 1-based position people count in."""
    return QuerySyntaxError(f"{message} at position {pos + 1}", pos)


def _blank_unsafe(text: str) -> str:
    """Replace control characters and lone surrogates with spaces, keeping every offset.

    A NUL would end the FTS5 expression early and a lone surrogate cannot be encoded for
    SQLite, so neither may reach a term.
    """
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)


def _count_stars(text: str, start: int) -> int:
    """How many `*` follow at `start`."""
    end = start
    while end < len(text) and text[end] == "*":
        end += 1
    return end - start


def tokenize(query: str) -> list[Token]:
    """Split a query into tokens.

    Raises:
        QuerySyntaxError: The query is too long, has too many terms, an unbalanced quote,
            a `-` not followed by a term, or a filter without a value.
    """
    if len(query) > MAX_QUERY_LENGTH:
        raise syntax_error(
            f"query is too long ({len(query)} characters; the limit is {MAX_QUERY_LENGTH})",
            MAX_QUERY_LENGTH,
        )
    text = _blank_unsafe(query)
    tokens: list[Token] = []
    terms = 0
    # After a `-` the next token is glued to it, so "-OR" excludes the word "or".
    glued = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            glued = False
            continue
        start = i
        token: Token
        if ch == "(":
            token, i = Token(Kind.LPAREN, start), i + 1
        elif ch == ")":
            token, i = Token(Kind.RPAREN, start), i + 1
        elif ch == "-":
            if i + 1 >= n or text[i + 1].isspace() or text[i + 1] == ")":
                raise syntax_error("'-' needs a term right after it (as in -word)", start)
            tokens.append(Token(Kind.MINUS, start))
            i += 1
            glued = True
            continue
        elif ch == '"':
            phrase, i = _read_quoted(text, i)
            stars = _count_stars(text, i)
            token = Token(Kind.PHRASE, start, text=phrase, prefix=stars > 0)
            i += stars
        else:
            token, i = _read_word(text, i, glued)
        glued = False
        if token.kind in (Kind.WORD, Kind.PHRASE, Kind.FILTER):
            terms += 1
            if terms > MAX_TERMS:
                raise syntax_error(f"too many terms (the limit is {MAX_TERMS})", start)
        tokens.append(token)
    return tokens


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    """The text between the quote at `i` and the next quote, and the offset after it."""
    end = text.find('"', i + 1)
    if end < 0:
        raise syntax_error("unbalanced quote", i)
    return text[i + 1 : end], end + 1


def _read_word(text: str, i: int, glued: bool) -> tuple[Token, int]:
    """A bare word, keyword or `key:value` filter starting at `i`, and the offset after it."""
    start = i
    while i < len(text) and not text[i].isspace() and text[i] not in _WORD_STOPS:
        i += 1
    word = text[start:i]
    if word in _KEYWORDS and not glued:
        return Token(Kind[word], start), i
    key, colon, value = word.partition(":")
    key = key.lower()
    if colon and key in FILTER_KEYS:
        if not value and i < len(text) and text[i] == '"':
            value, i = _read_quoted(text, i)
            stars = _count_stars(text, i)
            return Token(Kind.FILTER, start, text=value, key=key, prefix=stars > 0), i + stars
        if not value:
            raise syntax_error(f"'{key}:' needs a value (as in {_EXAMPLES[key]})", start)
        stem = value.rstrip("*")
        if key == "tag":
            return Token(Kind.FILTER, start, text=stem, key=key, prefix=stem != value), i
        # Only tags take a prefix; elsewhere a `*` stays in the value and fails validation.
        return Token(Kind.FILTER, start, text=value, key=key), i
    stem = word.rstrip("*")
    return Token(Kind.WORD, start, text=stem, prefix=stem != word), i
