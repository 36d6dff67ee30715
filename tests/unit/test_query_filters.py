"""Example tests for query filters: tag:, site:, is:, before:, after:, lang:."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import QuerySyntaxError
from app.domain.query import (
    DateFilter,
    Filter,
    LangFilter,
    NotFilter,
    OrFilter,
    SiteFilter,
    StateFilter,
    TagFilter,
    parse_query,
)


def only_filter(query: str) -> Filter | None:
    parsed = parse_query(query)
    assert parsed.fts is None
    return parsed.filter


def error_message(query: str) -> str:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    return str(info.value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag:research/border", TagFilter("research/border")),
        ("TAG:Research//Border/", TagFilter("Research/Border")),
        ('tag:"with  space"', TagFilter("with space")),
        ("tag:res*", TagFilter("res", prefix=True)),
        ('tag:"my res"*', TagFilter("my res", prefix=True)),
        ("tag:a/*", TagFilter("a/", prefix=True)),
        ("tag:*", TagFilter("", prefix=True)),
    ],
)
def test_tag(query: str, expected: TagFilter) -> None:
    assert only_filter(query) == expected


def test_tag_boolean_forms() -> None:
    assert only_filter("tag:a OR tag:b") == OrFilter((TagFilter("a"), TagFilter("b")))
    assert only_filter("-tag:x") == NotFilter(TagFilter("x"))
    assert only_filter("NOT tag:x") == NotFilter(TagFilter("x"))


def test_tag_errors() -> None:
    assert "'tag:' needs a value" in error_message("tag:")
    assert "empty tag" in error_message('tag:"  / "')
    assert "too long" in error_message("tag:" + "x" * 201)


@pytest.mark.parametrize(
    ("query", "host"),
    [
        ("site:example.com", "example.com"),
        ("site:Example.COM.", "example.com"),
        ("site:www.example.com", "example.com"),
        ("site:https://www.example.com:8443/a/b?c#d", "example.com"),
        ("site:user@news.example.com", "news.example.com"),
        ("site:*.example.com", "example.com"),
        ("site:bücher.de", "bücher.de"),
        ("site:localhost", "localhost"),
    ],
)
def test_site(query: str, host: str) -> None:
    assert only_filter(query) == SiteFilter(host)


@pytest.mark.parametrize("query", ["site:a..b", "site:-a.com", "site:a*", "site:http://", "site:/"])
def test_bad_site(query: str) -> None:
    assert "bad host" in error_message(query)


@pytest.mark.parametrize(
    ("query", "state"),
    [
        ("is:unread", "unread"),
        ("is:read", "read"),
        ("is:favorite", "favorite"),
        ("is:favourite", "favorite"),
        ("IS:Archived", "archived"),
        ("is:trashed", "trashed"),
    ],
)
def test_state(query: str, state: str) -> None:
    assert only_filter(query) == StateFilter(state)  # type: ignore[arg-type]


def test_unknown_state_lists_the_valid_ones() -> None:
    message = error_message("a is:xyz")
    assert message.startswith("unknown state 'is:xyz'")
    for state in ("is:unread", "is:read", "is:favorite", "is:archived", "is:trashed"):
        assert state in message
    assert "unknown state" in error_message("is:fav")  # no undocumented synonyms
    assert "unknown state" in error_message("is:starred")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("before:2025-01-15", DateFilter("before", date(2025, 1, 15))),
        ("after:2025-01-15", DateFilter("after", date(2025, 1, 15))),
        ("before:2025-02", DateFilter("before", date(2025, 2, 1))),
        ("after:2024-02", DateFilter("after", date(2024, 2, 29))),
        ("before:2025", DateFilter("before", date(2025, 1, 1))),
        ("after:2025", DateFilter("after", date(2025, 12, 31))),
        ("after:2025-3-7", DateFilter("after", date(2025, 3, 7))),
    ],
)
def test_dates(query: str, expected: DateFilter) -> None:
    assert only_filter(query) == expected


@pytest.mark.parametrize(
    "value", ["2025-13", "2025-02-30", "2025-00-10", "25-01-01", "yesterday", "9999", "0999-01"]
)
def test_bad_dates(value: str) -> None:
    message = error_message(f"before:{value}")
    assert message.startswith(f"bad date 'before:{value}'")
    assert "YYYY-MM-DD" in message


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("lang:de", "de"),
        ("lang:DE", "de"),
        ("lang:pt_BR", "pt-br"),
        ("lang:zh-Hant-TW", "zh-hant-tw"),
    ],
)
def test_lang(query: str, lang: str) -> None:
    assert only_filter(query) == LangFilter(lang)


@pytest.mark.parametrize("value", ["d", "german!", "de-", "1e"])
def test_bad_lang(value: str) -> None:
    assert "bad language" in error_message(f"lang:{value}")


def test_filter_error_position_points_at_the_filter() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query("apple before:soon")
    assert info.value.position == 6
