"""Fuzzing what people type: the URL normaliser and queries run against a real library.

Only the documented error types (app/domain/errors.py) may come out; never a crash, never
a SQLite error, and a normalised URL is always a clean http(s) URL that normalises to itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.domain.urls import normalize_url
from app.services.library import Library
from tests.fuzzing import examples
from tests.unit.test_query_properties import QUERY_TEXT

URL_PIECES = st.sampled_from([
    "http://", "https://", "HTTPS://", "javascript:", "data:", "file:///", "//", "www.",
    "example.com", "xn--", "bücher.de", "[::1]", "127.0.0.1", ":80", ":99999", "@", "user:pw@",
    "/", "/../", "?", "&", "=", "#", "%", "%zz", "%00", "utm_source=x", " ", "\t", "\n", "\x00",
    "\u202e", "é", "😀", "a" * 300,
])  # fmt: skip
URL_TEXT = st.one_of(st.text(max_size=60), st.lists(URL_PIECES, max_size=10).map("".join))


@settings(max_examples=examples(250), deadline=None)
@given(raw=URL_TEXT)
def test_normalize_url_returns_a_clean_url_or_input_error(raw: str) -> None:
    try:
        url = normalize_url(raw)
    except InputError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400
        return
    assert url.startswith(("http://", "https://"))
    assert not any(c.isspace() or ord(c) < 32 for c in url)
    assert normalize_url(url) == url


@pytest.fixture(scope="module")
def small_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("fuzz-library")
    lib = Library.open(folder / "lib")
    for n, words in enumerate(["apple pie recipe", "climate report 2024", "café naïve résumé"]):
        page = folder / f"p{n}.md"
        page.write_text(f"# {words}\n\nBody with {words} and more words.\n", encoding="utf-8")
        lib.add_tags([lib.add_file(page).article_id], [f"topic/{n}"])
    yield lib
    lib.close()


@settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=QUERY_TEXT)
def test_any_query_lists_searches_and_counts_or_is_a_syntax_error(
    small_library: Library, query: str
) -> None:
    try:
        listed = small_library.list(query, limit=10)
        page = small_library.search(query, limit=10)
        count = small_library.count(query)
    except InputError as exc:  # QuerySyntaxError is one
        assert "\n" not in str(exc)
        return
    assert len(listed) <= 3 and len(page.items) <= 3 and 0 <= count <= 3


def test_control_characters_in_user_info_are_escaped() -> None:
    # Found by the fuzzer under `make stress`: "HTTP://\x08@0" kept a raw backspace.
    assert normalize_url("HTTP://\x08@0") == "http://%08@0/"
    assert normalize_url("http://a b@example.com/") == "http://a%20b@example.com/"
    assert normalize_url("http://user:p%40ss@example.com/") == "http://user:p%40ss@example.com/"
