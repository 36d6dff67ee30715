"""Example tests for the query language: text forms, operators, precedence and errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from app.domain.errors import InputError, QuerySyntaxError
from app.domain.query import (
    MAX_DEPTH,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    AndFilter,
    Filter,
    NotFilter,
    OrFilter,
    ParsedQuery,
    StateFilter,
    TagFilter,
    TextMatch,
    parse_query,
)

DOCS = {
    1: "apple banana",
    2: "apple cherry",
    3: "banana cherry",
    4: "durian",
    5: "apple pie recipe",
}


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, author, site, body, tags, "
        "tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')"
    )
    for rowid, body in DOCS.items():
        connection.execute("INSERT INTO t (rowid, body) VALUES (?, ?)", (rowid, body))
    yield connection
    connection.close()


def fts_ids(db: sqlite3.Connection, expr: str) -> set[int]:
    return {row[0] for row in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,))}


def filter_ids(db: sqlite3.Connection, node: Filter) -> set[int]:
    """A tiny stand-in for storage: evaluates text-only filter trees."""
    if isinstance(node, TextMatch):
        return fts_ids(db, node.fts)
    if isinstance(node, NotFilter):
        return set(DOCS) - filter_ids(db, node.child)
    if isinstance(node, AndFilter):
        return set.intersection(*(filter_ids(db, child) for child in node.children))
    if isinstance(node, OrFilter):
        return set.union(*(filter_ids(db, child) for child in node.children))
    raise AssertionError(f"not a text filter: {node!r}")


def search(db: sqlite3.Connection, query: str) -> set[int]:
    parsed = parse_query(query)
    ids = set(DOCS)
    if parsed.fts is not None:
        ids &= fts_ids(db, parsed.fts)
    if parsed.filter is not None:
        ids &= filter_ids(db, parsed.filter)
    return ids


def syntax_error(query: str) -> QuerySyntaxError:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    return info.value


# --- text forms -----------------------------------------------------------------------------


def test_words_all_match_as_quoted_phrases() -> None:
    parsed = parse_query("apple banana")
    assert parsed == ParsedQuery(fts='"apple" AND "banana"', terms=("apple", "banana"))


def test_phrase_prefix_and_prefix_phrase() -> None:
    assert parse_query('"a phrase"').fts == '"a phrase"'
    assert parse_query("rec*").fts == '"rec"*'
    assert parse_query('"apple pi"*').fts == '"apple pi"*'
    assert parse_query("rec*").terms == ("rec",)


def test_user_fts_syntax_never_leaks() -> None:
    parsed = parse_query("body:x NEAR(a b) ^start it's")
    assert parsed.fts == '"body:x" AND "NEAR" AND "a" AND "b" AND "^start" AND "it\'s"'


def test_quote_inside_a_word_starts_a_phrase() -> None:
    assert parse_query('ab"cd ef"').fts == '"ab" AND "cd ef"'


def test_punctuation_only_terms_are_dropped_never_emitted_empty() -> None:
    assert parse_query("apple & ... 🙂").fts == '"apple"'
    assert parse_query('"" "..." &').is_empty
    assert parse_query("apple OR &").fts == '"apple"'
    assert parse_query("apple -(&)").fts == '"apple"'
    assert parse_query("   ").is_empty


def test_control_characters_become_spaces() -> None:
    assert parse_query("ap\x00ple\tpie").fts == '"ap" AND "ple" AND "pie"'


def test_lowercase_operators_are_words() -> None:
    assert parse_query("cats or dogs and not mice").fts == (
        '"cats" AND "or" AND "dogs" AND "and" AND "not" AND "mice"'
    )


def test_unknown_prefix_is_searched_as_text() -> None:
    parsed = parse_query("note:this c++:")
    assert parsed.fts == '"note:this" AND "c++:"'
    assert parsed.filter is None


def test_quoted_filter_is_text() -> None:
    assert parse_query('"tag:x"').fts == '"tag:x"'


# --- operators and precedence -----------------------------------------------------------------


def test_exclusion_rides_along_in_fts_when_there_is_positive_text(db: sqlite3.Connection) -> None:
    assert parse_query("apple -banana").fts == '"apple" NOT "banana"'
    assert parse_query("a b -c -d").fts == '("a" AND "b") NOT ("c" OR "d")'
    assert search(db, "apple -banana") == {2, 5}
    assert search(db, "apple NOT banana -pie") == {2}


def test_negative_only_text_goes_to_the_filter(db: sqlite3.Connection) -> None:
    parsed = parse_query("-apple")
    assert parsed.fts is None
    assert parsed.filter == NotFilter(TextMatch('"apple"'))
    assert parsed.terms == ()
    assert search(db, "-apple -durian") == {3}


def test_or_binds_tighter_than_implicit_and(db: sqlite3.Connection) -> None:
    assert parse_query("a b OR c").fts == '"a" AND ("b" OR "c")'
    assert search(db, "apple banana OR cherry") == {1, 2}
    assert search(db, "banana OR durian") == {1, 3, 4}


def test_explicit_and_is_the_same_as_juxtaposition() -> None:
    assert parse_query("a AND b OR c") == parse_query("a b OR c")


def test_parentheses_group(db: sqlite3.Connection) -> None:
    assert parse_query("(a OR b) c").fts == '("a" OR "b") AND "c"'
    assert search(db, "(apple OR durian) -(banana OR pie)") == {2, 4}
    assert search(db, "(apple banana) OR durian") == {1, 4}


def test_double_negation_cancels(db: sqlite3.Connection) -> None:
    assert parse_query("--apple") == parse_query("apple")
    assert parse_query("NOT -apple") == parse_query("apple")


def test_minus_keeps_a_keyword_as_a_word() -> None:
    assert parse_query("x -OR").fts == '"x" NOT "OR"'


def test_text_not_inside_or_is_a_filter(db: sqlite3.Connection) -> None:
    parsed = parse_query("durian OR -apple")
    assert parsed.fts is None
    assert parsed.filter == OrFilter((TextMatch('"durian"'), NotFilter(TextMatch('"apple"'))))
    assert search(db, "durian OR -apple") == {3, 4}


def test_text_mixed_with_filters_under_or_is_merged_into_one_text_match() -> None:
    parsed = parse_query("tag:x OR a OR b")
    assert parsed.fts is None
    assert parsed.filter == OrFilter((TextMatch('"a" OR "b"'), TagFilter("x")))
    assert parsed.terms == ("a", "b")


def test_filters_and_top_level_text_split() -> None:
    parsed = parse_query("apple is:unread -tag:x (b OR tag:y)")
    assert parsed.fts == '"apple"'
    assert parsed.filter == AndFilter(
        (
            StateFilter("unread"),
            NotFilter(TagFilter("x")),
            OrFilter((TextMatch('"b"'), TagFilter("y"))),
        )
    )
    assert parsed.terms == ("apple", "b")


def test_terms_skip_negated_text_and_repeat_once() -> None:
    assert parse_query('Apple apple "big pie" -cherry NOT (x y)').terms == ("Apple", "big pie")


def test_mentions_trash_anywhere() -> None:
    assert parse_query("is:trashed").mentions_trash
    assert parse_query("a OR (b -is:trashed)").mentions_trash
    assert not parse_query("is:archived a").mentions_trash


# --- errors -----------------------------------------------------------------------------------


def test_syntax_error_is_an_input_error_with_a_position() -> None:
    error = syntax_error('apple "pie')
    assert isinstance(error, InputError)
    assert error.position == 6
    assert str(error) == "unbalanced quote at position 7"


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("a OR", "OR needs a term on both sides", 2),
        ("OR a", "OR needs a term on both sides", 0),
        ("a OR OR b", "OR needs a term on both sides", 2),
        ("(a OR) b", "OR needs a term on both sides", 3),
        ("a AND", "AND needs a term on both sides", 2),
        ("AND a", "AND needs a term on both sides", 0),
        ("a NOT", "NOT needs a term after it", 2),
        ("-", "'-' needs a term right after it", 0),
        ("a - b", "'-' needs a term right after it", 2),
        ("(a -)", "'-' needs a term right after it", 3),
        ("()", "empty parentheses", 0),
        ("a ( ) b", "empty parentheses", 2),
        ("(a b", "unclosed '('", 0),
        ("a b)", "unmatched ')'", 3),
        ('tag:"x', "unbalanced quote", 4),
        ("a*", "prefix search needs at least 2 letters", 0),
        ('x "a-b"*', "prefix search needs at least 2 letters", 2),
    ],
)
def test_bad_syntax(query: str, message: str, position: int) -> None:
    error = syntax_error(query)
    assert str(error).startswith(message)
    assert str(error).endswith(f"at position {position + 1}")
    assert error.position == position


def test_depth_is_capped() -> None:
    fine = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse_query(fine).fts == '"a"'
    deep = "(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1)
    assert "nested too deeply" in str(syntax_error(deep))
    assert "nested too deeply" in str(syntax_error("-" * 500 + "a"))
    assert "nested too deeply" in str(syntax_error("NOT " * 400 + "a"))


def test_length_is_capped() -> None:
    assert parse_query("a" * MAX_QUERY_LENGTH).fts is not None
    error = syntax_error("a" * (MAX_QUERY_LENGTH + 1))
    assert "too long" in str(error)
    assert error.position == MAX_QUERY_LENGTH


def test_term_count_is_capped() -> None:
    assert parse_query(" ".join(["ab"] * MAX_TERMS)).fts is not None
    error = syntax_error(" ".join(["ab"] * (MAX_TERMS + 1)))
    assert "too many terms" in str(error)
    assert error.position == 3 * MAX_TERMS
