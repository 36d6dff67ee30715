"""Write search terms as safe FTS5 MATCH expressions, mirroring FTS5's unicode61 tokenizer."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# SQLite's unicode61 tables date from Unicode 6.1, so a letter added to Unicode since then is
# a separator to FTS5. Python carries only the 3.2 tables besides the current ones; a
# character that is a token character in both is surely one in 6.1 as well.
_OLD_UNICODE = unicodedata.ucd_3_2_0


def _is_token_char(ch: str) -> bool:
    """Whether FTS5's unicode61 tokenizer may keep `ch` in a token (L*, N*, Co)."""
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def _is_sure_token_char(ch: str) -> bool:
    """Whether unicode61 certainly keeps `ch` in a token, whatever its Unicode version."""
    if ch.isascii():
        return ch.isalnum()
    old = _OLD_UNICODE.category(ch)
    return _is_token_char(ch) and (old[0] in "LN" or old == "Co")


def has_token(text: str) -> bool:
    """Whether FTS5 finds at least one token in `text`.

    A term without one (punctuation, emoji) must be dropped: FTS5 reads `""` as a phrase
    that matches nothing, which would empty every result it is ANDed with.
    """
    return any(_is_sure_token_char(ch) for ch in text)


def last_token_length(text: str) -> int:
    """The length of the last token in `text`: the part a trailing `*` completes."""
    length = 0
    for ch in reversed(text.rstrip()):
        if _is_token_char(ch):
            length += 1
        elif length:
            break
    return length


def quote_phrase(text: str, prefix: bool) -> str:
    """`text` as one FTS5 phrase: quoted, inner quotes doubled, `*` appended for a prefix.

    Quoting everything means no FTS5 syntax from the user (AND, NEAR, column:, ^) leaks.
    """
    return '"' + " ".join(text.split()).replace('"', '""') + '"' + ("*" if prefix else "")


@dataclass(frozen=True)
class Fts:
    """An FTS5 expression; `atomic` when it is a single phrase that needs no parentheses."""

    expr: str
    atomic: bool

    def grouped(self) -> str:
        """The expression, parenthesised unless atomic, ready to nest in another."""
        return self.expr if self.atomic else f"({self.expr})"


def fts_phrase(text: str, prefix: bool) -> Fts:
    """A single quoted phrase."""
    return Fts(quote_phrase(text, prefix), atomic=True)


def fts_or(parts: Sequence[Fts]) -> Fts:
    """`a OR b OR ...`; a single part is returned as is."""
    if len(parts) == 1:
        return parts[0]
    return Fts(" OR ".join(part.grouped() for part in parts), atomic=False)


def fts_and(positive: Sequence[Fts], negative: Sequence[Fts] = ()) -> Fts:
    """`(a AND b) NOT (c OR d)`: all of `positive` and none of `negative`.

    FTS5's NOT is binary, so `positive` must not be empty. Operators are always written
    out and groups parenthesised: FTS5 rejects an implicit AND after a parenthesis.
    """
    if not positive:
        raise ValueError("an FTS5 expression needs at least one positive term")
    if len(positive) == 1:
        core = positive[0]
    else:
        core = Fts(" AND ".join(part.grouped() for part in positive), atomic=False)
    if not negative:
        return core
    return Fts(f"{core.grouped()} NOT {fts_or(negative).grouped()}", atomic=False)
