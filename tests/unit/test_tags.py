"""Tests for tag path rules: normalising, keys, parents, descendants, renames and lists."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.domain.tags import (
    MAX_TAG_LENGTH,
    is_descendant,
    leaf_name,
    normalize_tag,
    parent_paths,
    rename_path,
    split_tag_list,
    tag_key,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("research", "research"),
        ("  Research/Border  ", "Research/Border"),
        ("/a//b/", "a/b"),
        (" a /  b c / ", "a/b c"),
        ("a\tb\n c", "a b c"),
        ("x\x00y\u200bz\u202e", "xyz"),
        ("cafe\u0301", "café"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
    ],
)
def test_normalize_tag(raw: str, expected: str) -> None:
    assert normalize_tag(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "/", " / // ", "\x00\u200b"])
def test_empty_tags_are_rejected(raw: str) -> None:
    with pytest.raises(InputError, match="empty tag"):
        normalize_tag(raw)


def test_length_limit() -> None:
    assert len(normalize_tag("x" * MAX_TAG_LENGTH)) == MAX_TAG_LENGTH
    with pytest.raises(InputError, match="too long"):
        normalize_tag("x" * (MAX_TAG_LENGTH + 1))


@given(st.text(max_size=60))
def test_normalize_is_idempotent_and_clean(raw: str) -> None:
    try:
        path = normalize_tag(raw)
    except InputError:
        return
    assert normalize_tag(path) == path
    assert path == path.strip()
    assert "//" not in path
    assert not path.startswith("/") and not path.endswith("/")
    assert all(seg == seg.strip() and "  " not in seg for seg in path.split("/"))
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in path)
    assert "\u202e" not in path and "\u200b" not in path


def test_tag_key_ignores_case() -> None:
    assert tag_key("Research/EU") == tag_key("research/eu")
    assert tag_key("Straße") == tag_key("STRASSE")
    assert tag_key("a") != tag_key("b")


def test_parent_paths() -> None:
    assert parent_paths("a/b/c") == ["a", "a/b"]
    assert parent_paths("a") == []


def test_leaf_name() -> None:
    assert leaf_name("a/b/c") == "c"
    assert leaf_name("solo") == "solo"


def test_is_descendant() -> None:
    assert is_descendant("a/b", "a")
    assert is_descendant("A/b/c", "a/B")
    assert not is_descendant("a", "a")
    assert not is_descendant("ab/c", "a")
    assert not is_descendant("a", "a/b")


def test_rename_path() -> None:
    assert rename_path("a/b/c", "a/b", "x") == "x/c"
    assert rename_path("a/b", "a/b", "x/y") == "x/y"
    assert rename_path("A/B/Deep/Leaf", "a/b", " New ") == "New/Deep/Leaf"
    assert rename_path("a/bc", "a/b", "x") is None
    assert rename_path("z", "a", "x") is None
    # Case folding changes length here; the remainder must still be cut at the segment.
    assert rename_path("STRASSE/tail", "straße", "road") == "road/tail"


def test_rename_to_empty_is_rejected() -> None:
    with pytest.raises(InputError, match="empty tag"):
        rename_path("a/b", "a", " / ")


def test_split_tag_list() -> None:
    assert split_tag_list("a, b/c ,, A ,  ,d") == ["a", "b/c", "d"]
    assert split_tag_list("") == []
    assert split_tag_list(" , / ,") == []
    assert split_tag_list("東京，大阪、京都\nx") == ["東京", "大阪", "京都", "x"]


def test_split_tag_list_rejects_overlong_items() -> None:
    with pytest.raises(InputError, match="too long"):
        split_tag_list("ok, " + "x" * (MAX_TAG_LENGTH + 1))
