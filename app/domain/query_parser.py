"""Parse query tokens into a syntax tree of terms, filters, AND, OR and NOT.

Grammar (OR binds tighter than AND, as in Gmail: `a b OR c` is `a AND (b OR c)`):

    query   := conj EOF
    conj    := disj ( [AND] disj )*
    disj    := unary ( OR unary )*
    unary   := ( "-" | NOT ) unary | primary
    primary := "(" conj ")" | word | phrase | filter
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.query_filters import (
    DateFilter,
    LangFilter,
    SiteFilter,
    StateFilter,
    TagFilter,
)
from app.domain.query_fts import has_token, last_token_length
from app.domain.query_lexer import Kind, Token, syntax_error, tokenize
from app.domain.query_values import (
    date_filter,
    lang_filter,
    site_filter,
    state_filter,
    tag_filter,
)

MAX_DEPTH = 20
MIN_PREFIX = 2


@dataclass(frozen=True)
class Term:
    """A word or phrase to find in the text; `text` has at least one FTS5 token."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Neg:
    """NOT `child`."""

    child: Node


@dataclass(frozen=True)
class AllOf:
    """Every child (two or more, none of them an AllOf)."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one child (two or more, none of them an AnyOf)."""

    children: tuple[Node, ...]


Leaf = TagFilter | SiteFilter | StateFilter | DateFilter | LangFilter
Node = Term | Neg | AllOf | AnyOf | Leaf


def parse_tree(query: str) -> Node | None:
    """The syntax tree of `query`, or None when it asks for nothing.

    Terms with no searchable characters (a lone "&", an emoji) vanish, and so does any
    operator left with nothing to act on: `a OR &` is just `a`.

    Raises:
        QuerySyntaxError: The query is malformed, too long, or nested too deeply.
    """
    return _Parser(tokenize(query)).parse()


def _negate(node: Node | None) -> Node | None:
    """NOT `node`, cancelling a double negation."""
    if node is None:
        return None
    return node.child if isinstance(node, Neg) else Neg(node)


def _combine_all(nodes: list[Node | None]) -> Node | None:
    """The conjunction of the nodes that are not None, flattened."""
    flat: list[Node] = []
    for node in nodes:
        if isinstance(node, AllOf):
            flat.extend(node.children)
        elif node is not None:
            flat.append(node)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else AllOf(tuple(flat))


def _combine_any(nodes: list[Node | None]) -> Node | None:
    """The disjunction of the nodes that are not None, flattened."""
    flat: list[Node] = []
    for node in nodes:
        if isinstance(node, AnyOf):
            flat.extend(node.children)
        elif node is not None:
            flat.append(node)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else AnyOf(tuple(flat))


class _Parser:
    """A recursive-descent parser over one token list."""

    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._index = 0
        self._depth = 0

    def parse(self) -> Node | None:
        """Parse the whole query."""
        node = self._conjunction()
        token = self._peek()
        if token is not None:  # _conjunction stops only at the end or at a ")"
            raise syntax_error("unmatched ')'", token.pos)
        return node

    def _peek(self) -> Token | None:
        return self._tokens[self._index] if self._index < len(self._tokens) else None

    def _next(self) -> Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    def _starts_operand(self) -> bool:
        """Whether the next token can begin a term (so a binary operator has a right side)."""
        token = self._peek()
        return token is not None and token.kind not in (Kind.RPAREN, Kind.OR, Kind.AND)

    def _conjunction(self) -> Node | None:
        parts: list[Node | None] = []
        while (token := self._peek()) is not None and token.kind is not Kind.RPAREN:
            if token.kind is Kind.AND:
                self._next()
                if not parts or not self._starts_operand():
                    raise syntax_error("AND needs a term on both sides", token.pos)
                continue
            if token.kind is Kind.OR:
                raise syntax_error("OR needs a term on both sides", token.pos)
            parts.append(self._disjunction())
        return _combine_all(parts)

    def _disjunction(self) -> Node | None:
        parts = [self._unary()]
        while (token := self._peek()) is not None and token.kind is Kind.OR:
            self._next()
            if not self._starts_operand():
                raise syntax_error("OR needs a term on both sides", token.pos)
            parts.append(self._unary())
        return _combine_any(parts)

    def _enter(self, token: Token) -> None:
        """Count one more level of nesting; the cap keeps recursion far from Python's."""
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise syntax_error(
                f"query is nested too deeply (the limit is {MAX_DEPTH} levels)", token.pos
            )

    def _unary(self) -> Node | None:
        token = self._next()
        if token.kind in (Kind.MINUS, Kind.NOT):
            self._enter(token)
            if not self._starts_operand():
                raise syntax_error("NOT needs a term after it", token.pos)
            node = _negate(self._unary())
            self._depth -= 1
            return node
        if token.kind is Kind.LPAREN:
            self._enter(token)
            closing = self._peek()
            if closing is not None and closing.kind is Kind.RPAREN:
                raise syntax_error("empty parentheses", token.pos)
            node = self._conjunction()
            if self._peek() is None:
                raise syntax_error("unclosed '('", token.pos)
            self._next()
            self._depth -= 1
            return node
        if token.kind is Kind.FILTER:
            return _filter(token)
        if token.kind in (Kind.WORD, Kind.PHRASE):
            return _term(token)
        # Callers check _starts_operand first, so only a stray ")" or operator lands here.
        raise syntax_error(f"unexpected '{token.kind.value}'", token.pos)


def _term(token: Token) -> Term | None:
    """The Term for a word or phrase, or None when it has nothing FTS5 could find."""
    if not has_token(token.text):
        return None
    if token.prefix and last_token_length(token.text) < MIN_PREFIX:
        raise syntax_error(
            f"prefix search needs at least {MIN_PREFIX} letters before '*'", token.pos
        )
    return Term(" ".join(token.text.split()), token.prefix)


def _filter(token: Token) -> Leaf:
    """The filter a `key:value` token names."""
    if token.key == "tag":
        return tag_filter(token.text, token.prefix, token.pos)
    if token.key == "site":
        return site_filter(token.text, token.pos)
    if token.key == "is":
        return state_filter(token.text, token.pos)
    if token.key == "lang":
        return lang_filter(token.text, token.pos)
    return date_filter(token.key, token.text, token.pos)
