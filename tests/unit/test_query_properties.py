"""Property tests: any text parses cleanly or fails with QuerySyntaxError, and FTS5 accepts it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import QuerySyntaxError
from app.domain.query import (
    AndFilter,
    Filter,
    NotFilter,
    OrFilter,
    ParsedQuery,
    TextMatch,
    parse_query,
)

FTS_DDL = (
    "CREATE VIRTUAL TABLE t USING fts5(title, author, site, body, tags, "
    "tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')"
)
PHRASE = re.compile(r'"((?:[^"]|"")*)"')

# Pieces of the query syntax, so generated text hits the interesting paths often.
SYNTAX = st.sampled_from(
    [
        " ",
        " ",
        '"',
        "(",
        ")",
        "-",
        "*",
        ":",
        "OR",
        "AND",
        "NOT",
        "or",
        "tag:",
        "site:",
        "is:",
        "is:read",
        "before:",
        "after:2025",
        "lang:",
        "lang:de",
        "tag:a/b",
        "tag:x*",
        "ab",
        "cd*",
        "é",
        "ß",
        "İ",
        "日本",
        "&",
        "'",
        "\x00",
        "\u0301",
        "🙂",
        "\U0001e900",
        "NEAR",
        "^",
        "+",
        "{",
        "}",
        "/",
        ",",
        ".",
    ]
)
# Whole well-formed pieces joined by spaces, so many queries parse and mix text with filters.
PIECES = st.sampled_from(
    [
        "ab",
        "cd",
        "ef*",
        '"gh ij"',
        "-kl",
        "&",
        "OR",
        "OR",
        "AND",
        "NOT",
        "(",
        ")",
        "tag:x",
        "-tag:y/z",
        "tag:w*",
        "is:read",
        "is:trashed",
        "site:a.com",
        "lang:de",
        "after:2024",
        "before:2025-02",
        "-(mn op)",
    ]
)
QUERY_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(SYNTAX, st.text(max_size=3)), max_size=25).map("".join),
    st.lists(PIECES, max_size=12).map(" ".join),
)


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute(FTS_DDL)
    connection.execute(
        "INSERT INTO t VALUES ('Apple pie', 'Ann', 'example.com', 'banana cherry', 'food')"
    )
    yield connection
    connection.close()


def text_matches(node: Filter | None) -> Iterator[str]:
    """Every TextMatch expression inside a filter tree."""
    if isinstance(node, TextMatch):
        yield node.fts
    elif isinstance(node, NotFilter):
        yield from text_matches(node.child)
    elif isinstance(node, AndFilter | OrFilter):
        for child in node.children:
            yield from text_matches(child)


def check_shape(node: Filter | None) -> None:
    """Composite filters are never degenerate: 2+ children, no double negation."""
    if isinstance(node, AndFilter | OrFilter):
        assert len(node.children) >= 2
        for child in node.children:
            assert not isinstance(child, type(node)), "nested same-kind groups are flattened"
            check_shape(child)
    elif isinstance(node, NotFilter):
        assert not isinstance(node.child, NotFilter)
        check_shape(node.child)


def expressions(parsed: ParsedQuery) -> list[str]:
    return ([parsed.fts] if parsed.fts is not None else []) + list(text_matches(parsed.filter))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=QUERY_TEXT)
def test_any_text_parses_or_raises_syntax_error_and_fts5_accepts_it(
    db: sqlite3.Connection, text: str
) -> None:
    try:
        parsed = parse_query(text)
    except QuerySyntaxError as exc:
        assert exc.position is not None and 0 <= exc.position <= len(text)
        assert str(exc)
        return
    check_shape(parsed.filter)
    assert parsed.is_empty == (parsed.fts is None and parsed.filter is None)
    for expr in expressions(parsed):
        assert expr.strip()
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()


@settings(max_examples=200, deadline=None)
@given(text=QUERY_TEXT)
def test_every_emitted_phrase_has_a_token(text: str) -> None:
    """A phrase FTS5 reads as empty would silently make its whole AND match nothing.

    So each phrase must find a row whose body is exactly the phrase's own text.
    """
    try:
        parsed = parse_query(text)
    except QuerySyntaxError:
        return
    connection = sqlite3.connect(":memory:")
    connection.execute(FTS_DDL)
    for expr in expressions(parsed):
        for match in PHRASE.finditer(expr):
            body = match.group(1).replace('""', '"')
            connection.execute("DELETE FROM t")
            connection.execute("INSERT INTO t (body) VALUES (?)", (body,))
            found = connection.execute(
                "SELECT count(*) FROM t WHERE t MATCH ?", (match.group(0),)
            ).fetchone()[0]
            assert found == 1, f"phrase {match.group(0)!r} from {text!r} has no token"
    connection.close()


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.from_regex(r"[a-z]{2,8}", fullmatch=True), min_size=1, max_size=10))
def test_plain_words_all_go_to_fts_and_highlighting(words: list[str]) -> None:
    parsed = parse_query(" ".join(words))
    assert parsed.filter is None
    assert parsed.fts is not None
    for word in words:
        assert f'"{word}"' in parsed.fts
    # Lowercase "or", "and", "not" are words too.
    assert {w.casefold() for w in parsed.terms} == set(words)
