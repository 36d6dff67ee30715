"""Turn a query syntax tree into an FTS5 ranking expression plus a filter tree for SQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from app.domain.query_filters import (
    AndFilter,
    Filter,
    NotFilter,
    OrFilter,
    StateFilter,
    TextMatch,
)
from app.domain.query_fts import Fts, fts_and, fts_or, fts_phrase
from app.domain.query_parser import AllOf, AnyOf, Neg, Node, Term


def to_fts(node: Node) -> Fts | None:
    """`node` as one FTS5 expression, or None when FTS5 cannot say it.

    FTS5 can say anything built of terms, AND, OR and a binary NOT ("a NOT b"); it cannot
    say filters, a NOT with nothing positive beside it, or a NOT inside an OR.
    """
    if isinstance(node, Term):
        return fts_phrase(node.text, node.prefix)
    if isinstance(node, AnyOf):
        parts = [to_fts(child) for child in node.children]
        return None if None in parts else fts_or([p for p in parts if p is not None])
    if isinstance(node, AllOf):
        positive, negative, rest = split_text(node.children)
        return fts_and(positive, negative) if positive and not rest else None
    return None


def split_text(nodes: Sequence[Node]) -> tuple[list[Fts], list[Fts], list[Node]]:
    """Sort conjuncts into FTS5-expressible positive text, negated text, and the rest."""
    positive: list[Fts] = []
    negative: list[Fts] = []
    rest: list[Node] = []
    for node in nodes:
        if isinstance(node, Neg) and (inner := to_fts(node.child)) is not None:
            negative.append(inner)
        elif (expr := to_fts(node)) is not None:
            positive.append(expr)
        else:
            rest.append(node)
    return positive, negative, rest


def conjunction_parts(
    positive: list[Fts], negative: list[Fts], rest: Sequence[Node]
) -> list[Filter]:
    """The conjuncts of an AND as filters, with all the text merged into one TextMatch."""
    parts: list[Filter] = []
    if positive:
        parts.append(TextMatch(fts_and(positive, negative).expr))
    else:
        # FTS5 cannot say "NOT x" alone, so each negated text becomes its own NotFilter.
        parts.extend(NotFilter(TextMatch(expr.expr)) for expr in negative)
    parts.extend(to_filter(node) for node in rest)
    return parts


def to_filter(node: Node) -> Filter:
    """`node` as a filter tree, with text gathered into as few TextMatch nodes as possible."""
    if isinstance(node, Term):
        return TextMatch(fts_phrase(node.text, node.prefix).expr)
    if (expr := to_fts(node)) is not None:
        return TextMatch(expr.expr)
    if isinstance(node, Neg):
        return NotFilter(to_filter(node.child))
    if isinstance(node, AllOf):
        parts = conjunction_parts(*split_text(node.children))
        return parts[0] if len(parts) == 1 else AndFilter(tuple(parts))
    if isinstance(node, AnyOf):
        texts: list[Fts] = []
        others: list[Filter] = []
        for child in node.children:
            if (text := to_fts(child)) is not None:
                texts.append(text)
            else:
                others.append(to_filter(child))
        parts = ([TextMatch(fts_or(texts).expr)] if texts else []) + others
        return parts[0] if len(parts) == 1 else OrFilter(tuple(parts))
    return node


def walk(node: Node, negated: bool = False) -> Iterator[tuple[Node, bool]]:
    """Every node in the tree with whether an odd number of NOTs is above it."""
    yield node, negated
    if isinstance(node, Neg):
        yield from walk(node.child, not negated)
    elif isinstance(node, AllOf | AnyOf):
        for child in node.children:
            yield from walk(child, negated)


def positive_terms(node: Node) -> tuple[str, ...]:
    """The words and phrases to highlight: every term not under a NOT, first seen first."""
    seen: dict[str, str] = {}
    for item, negated in walk(node):
        if isinstance(item, Term) and not negated:
            seen.setdefault(item.text.casefold(), item.text)
    return tuple(seen.values())


def mentions_trash(node: Node) -> bool:
    """Whether is:trashed appears anywhere, negated or not."""
    return any(item == StateFilter("trashed") for item, _ in walk(node))
