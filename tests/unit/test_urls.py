"""Tests of URL normalisation, http(s) detection and site names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.domain.urls import is_http_url, normalize_url, site_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://WWW.Example.COM", "http://www.example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a/", "https://example.com/a/"),
        ("https://example.com/a", "https://example.com/a"),
        ("https://example.com?", "https://example.com/"),
        ("  https://example.com/a \n", "https://example.com/a"),
        ("https://exam\nple.com/a", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://Bücher.de/straße", "https://xn--bcher-kva.de/stra%C3%9Fe"),
        ("https://xn--bcher-kva.de/", "https://xn--bcher-kva.de/"),
        ("https://example.com/%7euser/%e2%82%ac", "https://example.com/~user/%E2%82%AC"),
        ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/100%", "https://example.com/100%25"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/a/..", "https://example.com/"),
        ("http://[2001:DB8::0001]:8080/", "http://[2001:db8::1]:8080/"),
        ("http://my_site.example.com/", "http://my_site.example.com/"),
        ("https://user:pw@Example.com/", "https://user:pw@example.com/"),
    ],
)
def test_normalize_url(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


def test_tracking_parameters_are_removed_and_the_rest_keep_their_order() -> None:
    url = (
        "https://example.com/a?utm_source=news&z=1&fbclid=abc&gclid=1&dclid=2&msclkid=3"
        "&mc_cid=4&mc_eid=5&_hsenc=6&_hsmi=7&igshid=8&yclid=9&ref_src=twsrc&a=2&UTM_Medium=x"
        "&utm_campaign=c&b=%7e&&q=a+b"
    )
    assert normalize_url(url) == "https://example.com/a?z=1&a=2&b=~&q=a+b"


def test_only_tracking_parameters_leave_no_question_mark() -> None:
    assert normalize_url("https://example.com/a?utm_source=x&fbclid=y") == "https://example.com/a"


def test_a_parameter_merely_containing_a_tracker_name_is_kept() -> None:
    url = "https://example.com/?ref=home&source=rss&utmost=1"
    assert normalize_url(url) == url


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("ftp://x", "ftp://x: only http and https URLs can be saved"),
        ("javascript:alert(1)", "only http and https URLs can be saved"),
        ("file:///etc/passwd", "only http and https URLs can be saved"),
        ("data:text/html,<b>hi</b>", "only http and https URLs can be saved"),
        ("mailto:a@example.com", "only http and https URLs can be saved"),
        ("example.com/a", "not a web address"),
        ("localhost:8080/a", "not a web address"),
        ("", "not a web address"),
        ("http//example.com", "not a web address"),
        ("http:/example.com", "malformed URL"),
        ("https://", "no host name"),
        ("http://exa mple.com/", "malformed host name"),
        ("http://a..b/", "malformed host name"),
        ("http://example.com:99999/", "malformed port number"),
        ("http://example.com:abc/", "malformed port number"),
        ("http://[::1/", "not a valid URL"),
        ("http://[zz::1]/", "not a valid URL"),
    ],
)
def test_unusable_urls_raise_input_error(raw: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        normalize_url(raw)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_huge_bad_url_gives_a_short_message() -> None:
    with pytest.raises(InputError) as caught:
        normalize_url("data:image/png;base64," + "A" * 100_000)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/a", True),
        ("http://localhost:8000", True),
        ("example.com", False),
        ("ftp://example.com", False),
        ("notes.txt", False),
        ("/home/me/page.html", False),
        ("http://", False),
    ],
)
def test_is_http_url(text: str, expected: bool) -> None:
    assert is_http_url(text) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com/a", "example.com"),
        ("https://blog.example.com:8443/", "blog.example.com"),
        ("https://www.xn--bcher-kva.de/", "bücher.de"),
        ("https://wwwexample.com/", "wwwexample.com"),
        ("ftp://example.com/", None),
        ("not a url", None),
    ],
)
def test_site_of(url: str, expected: str | None) -> None:
    assert site_of(url) == expected


_segment = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="/?#"), max_size=8
)


@given(
    host=st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}[A-Za-z0-9]\.(com|ORG|test)", fullmatch=True),
    segments=st.lists(_segment, max_size=4),
    query=st.lists(
        st.tuples(st.sampled_from(["a", "utm_x", "b", "fbclid", "q"]), _segment), max_size=4
    ),
    fragment=_segment,
)
def test_normalizing_is_idempotent_and_drops_trackers(
    host: str, segments: list[str], query: list[tuple[str, str]], fragment: str
) -> None:
    pairs = "&".join(f"{key}={value.replace('&', '')}" for key, value in query)
    url = f"https://{host}/{'/'.join(segments)}?{pairs}#{fragment}"
    once = normalize_url(url)
    assert normalize_url(once) == once
    assert "#" not in once
    assert "utm_x=" not in once and "fbclid=" not in once
    assert once.startswith(f"https://{host.lower()}/")
