"""The search query language: user text -> a safe FTS5 MATCH expression plus a filter tree.

The language (search box and --query):

- `word other` finds articles with both words (implicit AND); `AND` may be written out.
- `"a phrase"` finds the words in order; `prefix*` and `"a phr"*` complete the last word.
  A prefix needs at least 2 letters before the `*` (`a*` is an error: it would scan every
  word in the library).
- `-word`, `-"a phrase"`, `-(a OR b)`, `NOT word` exclude. The `-` must touch its term:
  a lone `-` is an error.
- `a OR b` finds either. Only uppercase `OR`, `AND`, `NOT` are operators; lowercase they
  are words. OR binds tighter than AND, as in Gmail: `a b OR c` means `a AND (b OR c)`.
- Parentheses group: `(a OR b) c`.
- Filters (names are case-insensitive):
  `tag:research/border` the tag and everything below it; `tag:res*` tags whose path starts
  with "res"; `tag:"with space"`; `tag:*` any tag (so `-tag:*` means untagged).
  `site:example.com` the host or any subdomain (a pasted URL is reduced to its host).
  `is:unread`, `is:read`, `is:favorite` (or `is:favourite`), `is:archived`, `is:trashed`.
  `before:2025-01-01` saved strictly before that day, `after:2025-01` saved strictly after
  that period; dates are YYYY, YYYY-MM or YYYY-MM-DD.
  `lang:de` the language (and its regional forms such as de-at).
- Any other `word:` is plain text: `c++:` or `note:this` are searched as written, since
  colons are common in titles. Quoting a filter searches it as text: `"tag:x"`.
- Terms with nothing searchable (punctuation, emoji) are dropped, with any operator that
  is left without an operand: `a OR &` is `a`.

Limits: MAX_QUERY_LENGTH characters, MAX_TERMS terms and filters, MAX_DEPTH levels of
parentheses and NOTs. Anything malformed raises QuerySyntaxError (and nothing else) whose
`position` is the 0-based offset of the fault; its message counts from 1 for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.query_compile import (
    conjunction_parts,
    mentions_trash,
    positive_terms,
    split_text,
)
from app.domain.query_filters import (
    STATES,
    AndFilter,
    DateFilter,
    Filter,
    LangFilter,
    NotFilter,
    OrFilter,
    SiteFilter,
    State,
    StateFilter,
    TagFilter,
    TextMatch,
)
from app.domain.query_fts import fts_and
from app.domain.query_lexer import MAX_QUERY_LENGTH, MAX_TERMS
from app.domain.query_parser import MAX_DEPTH, AllOf, parse_tree

__all__ = [
    "MAX_DEPTH",
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "STATES",
    "AndFilter",
    "DateFilter",
    "Filter",
    "LangFilter",
    "NotFilter",
    "OrFilter",
    "ParsedQuery",
    "SiteFilter",
    "State",
    "StateFilter",
    "TagFilter",
    "TextMatch",
    "parse_query",
]


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query, ready for storage.

    An article matches when it matches `fts` (if set) and `filter` (if set).

    Attributes:
        fts: The top-level text as one FTS5 MATCH expression, for bm25 ranking and
            snippets; None when the query has no positive text at the top level.
        filter: Everything else, to compile to SQL. It holds TextMatch nodes for text
            that `fts` cannot carry: text under OR or NOT mixed with filters, and
            purely negative text ("-word" alone).
        terms: The positive words and phrases as typed (without `*`), to highlight.
        mentions_trash: Whether is:trashed appears anywhere; callers then do not hide
            trashed articles.
    """

    fts: str | None = None
    filter: Filter | None = None
    terms: tuple[str, ...] = ()
    mentions_trash: bool = False

    @property
    def is_empty(self) -> bool:
        """Whether the query asks for nothing (blank, or only unsearchable characters)."""
        return self.fts is None and self.filter is None


def parse_query(text: str) -> ParsedQuery:
    """Parse a search query.

    Args:
        text: The query as typed.

    Returns:
        The parsed query; `is_empty` when there was nothing to search for.

    Raises:
        QuerySyntaxError: The query is malformed or over a limit; never anything else.
    """
    tree = parse_tree(text)
    if tree is None:
        return ParsedQuery()
    conjuncts = tree.children if isinstance(tree, AllOf) else (tree,)
    positive, negative, rest = split_text(conjuncts)
    fts = fts_and(positive, negative).expr if positive else None
    # With positive text at the top, the negated text rides along in `fts` as "a NOT b";
    # without it, FTS5 cannot express the NOT, so it goes to the filter.
    parts = conjunction_parts([], [] if positive else negative, rest)
    filter_: Filter | None = None
    if parts:
        filter_ = parts[0] if len(parts) == 1 else AndFilter(tuple(parts))
    return ParsedQuery(
        fts=fts,
        filter=filter_,
        terms=positive_terms(tree),
        mentions_trash=mentions_trash(tree),
    )
