"""Tests of fetch_page against a local HTTP server: success, redirects, errors, limits."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import httpx
import pytest

from app.domain.errors import FetchError, InputError
from app.ingest.fetch import USER_AGENT, FetchLimits, fetch_page
from tests.unit.webserver import (
    LocalServer,
    RequestHandler,
    closed_port_url,
    never_answer,
    redirect_to,
    serve,
    stream_bytes,
)

FAST = FetchLimits(
    connect_timeout=2.0,
    read_timeout=0.5,
    total_timeout=5.0,
    max_bytes=1024 * 1024,
    retries=2,
    backoff=0.01,
)
PAGE = b"<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def fetch_error(url: str, limits: FetchLimits = FAST) -> str:
    """Fetches a URL that must fail and returns the message."""
    with pytest.raises(FetchError) as caught:
        fetch_page(url, limits=limits)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_page_is_fetched_with_a_browser_user_agent(server: LocalServer) -> None:
    url = server.page("/article", PAGE)
    page = fetch_page(url + "?id=7&utm_source=feed#top", limits=FAST)
    assert page.given_url == url + "?id=7&utm_source=feed#top"
    assert page.final_url == url + "?id=7"
    assert (page.status, page.kind, page.content_type, page.charset) == (
        200,
        "html",
        "text/html",
        "utf-8",
    )
    assert page.body == PAGE
    assert page.text is not None and "<p>Hello</p>" in page.text
    hit = server.hits_for("/article")[0]
    assert hit.headers["user-agent"] == USER_AGENT
    assert "utm_source" not in hit.path


def test_redirects_are_followed_keeping_both_urls(server: LocalServer) -> None:
    target = server.page("/final", PAGE)
    server.route("/moved", redirect_to("/middle", 301))
    server.route("/middle", redirect_to(target, 307))
    given = server.url("/moved")
    page = fetch_page(given, limits=FAST)
    assert page.given_url == given
    assert page.final_url == target
    assert page.text is not None and "Hello" in page.text


def test_ten_redirects_are_fine_but_eleven_are_too_many(server: LocalServer) -> None:
    for hop in range(11):
        server.route(f"/hop{hop}", redirect_to(f"/hop{hop + 1}"))
    server.page("/hop11", PAGE)
    assert fetch_page(server.url("/hop1"), limits=FAST).final_url == server.url("/hop11")
    message = fetch_error(server.url("/hop0"))
    assert message == f"{server.url('/hop0')}: more than 10 redirects"


def test_a_redirect_loop_is_an_error(server: LocalServer) -> None:
    server.route("/a", redirect_to("/b"))
    server.route("/b", redirect_to("/a"))
    message = fetch_error(server.url("/a"))
    assert message.startswith(f"{server.url('/a')}: redirect loop")
    assert len(server.hits) <= 5


def test_a_redirect_to_another_scheme_is_refused(server: LocalServer) -> None:
    server.route("/sneaky", redirect_to("file:///etc/passwd"))
    assert "not a web address" in fetch_error(server.url("/sneaky"))


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "Not Found"), (500, "Internal Server Error"), (410, "Gone")]
)
def test_http_errors_name_the_status(server: LocalServer, status: int, reason: str) -> None:
    url = server.page("/broken", b"<h1>nope</h1>", status=status)
    assert fetch_error(url) == f"{url}: HTTP {status} {reason}"
    assert len(server.hits_for("/broken")) == 1  # Not transient: never retried.


def _flaky(failures: int, status: int, retry_after: str | None) -> object:
    """A handler that answers `status` `failures` times, then the page."""
    calls = {"n": 0}

    def handler(request: RequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] <= failures:
            headers = {"Retry-After": retry_after} if retry_after is not None else None
            request.send_body(b"busy", status=status, headers=headers)
        else:
            request.send_body(PAGE)

    return handler


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_transient_statuses_are_retried(server: LocalServer, status: int) -> None:
    url = server.route("/flaky", _flaky(2, status, None))  # type: ignore[arg-type]
    page = fetch_page(url, limits=FAST)
    assert page.status == 200
    assert len(server.hits_for("/flaky")) == 3


def test_retries_are_bounded(server: LocalServer) -> None:
    url = server.page("/down", b"down", status=503)
    assert fetch_error(url) == f"{url}: HTTP 503 Service Unavailable"
    assert len(server.hits_for("/down")) == FAST.retries + 1


def test_retry_after_is_honoured(server: LocalServer) -> None:
    url = server.route("/slow-down", _flaky(1, 429, "1"))  # type: ignore[arg-type]
    started = time.monotonic()
    assert fetch_page(url, limits=FAST).status == 200
    assert time.monotonic() - started >= 0.95


def test_a_retry_after_http_date_is_understood(server: LocalServer) -> None:
    url = server.page(
        "/dated", b"busy", status=503, headers={"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )
    message = fetch_error(url)
    assert message.startswith(f"{url}: HTTP 503 Service Unavailable (retry after ")
    assert len(server.hits_for("/dated")) == 1


def test_a_page_mentioning_the_pdf_marker_is_still_html(server: LocalServer) -> None:
    url = server.page("/about-pdf", b"<html><title>Why %PDF-1.7 starts a file</title></html>")
    assert fetch_page(url, limits=FAST).kind == "html"


def test_a_retry_after_beyond_the_cap_fails_at_once(server: LocalServer) -> None:
    url = server.page("/later", b"later", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    message = fetch_error(url)
    assert message == f"{url}: HTTP 429 Too Many Requests (retry after 3600 s)"
    assert time.monotonic() - started < 1
    assert len(server.hits_for("/later")) == 1


def test_a_server_that_never_answers_times_out(server: LocalServer) -> None:
    url = server.route("/silent", never_answer)
    started = time.monotonic()
    assert fetch_error(url) == f"{url}: timed out after 0.5 s"
    assert time.monotonic() - started < 3


def test_a_trickling_server_hits_the_total_timeout(server: LocalServer) -> None:
    def trickle(request: RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        while not request.server.owner.stopping.wait(0.05):
            request.wfile.write(b"<p>")
            request.wfile.flush()

    url = server.route("/trickle", trickle)
    limits = FetchLimits(read_timeout=0.5, total_timeout=1.0, retries=0)
    started = time.monotonic()
    assert fetch_error(url, limits) == f"{url}: took longer than 1 s"
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("content_length", [False, True])
def test_a_200_mb_body_stops_at_the_cap(server: LocalServer, content_length: bool) -> None:
    url = server.route("/huge", stream_bytes(200 * 1024 * 1024, content_length=content_length))
    started = time.monotonic()
    assert fetch_error(url) == f"{url}: larger than the 1 MB limit"
    assert time.monotonic() - started < 3


def test_the_cap_applies_to_the_decompressed_body(server: LocalServer) -> None:
    bomb = gzip.compress(b"<p>" + b" " * (3 * 1024 * 1024))
    url = server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    assert fetch_error(url) == f"{url}: larger than the 1 MB limit"


def test_a_gzipped_page_is_decoded(server: LocalServer) -> None:
    url = server.page("/zipped", gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    assert fetch_page(url, limits=FAST).body == PAGE


@pytest.mark.parametrize("content_type", ["application/pdf", "application/octet-stream", None])
def test_a_pdf_is_returned_as_pdf(server: LocalServer, content_type: str | None) -> None:
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    url = server.page("/paper.pdf", pdf, content_type=content_type)
    page = fetch_page(url, limits=FAST)
    assert (page.kind, page.content_type, page.body, page.text) == (
        "pdf",
        "application/pdf",
        pdf,
        None,
    )


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("image/png", PNG, "is an image (image/png), not an article"),
        ("text/html", PNG, "is an image (image/png), not an article"),
        (None, PNG, "is an image (image/png), not an article"),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42", "is a video (video/mp4), not an article"),
        ("application/json", b'{"a": 1}', "is a file (application/json), not an article"),
        ("application/octet-stream", b"PK\x03\x04zip", "is a file (application/zip)"),
        ("text/plain", b"Just some notes.", "is plain text (text/plain), not an article"),
    ],
)
def test_something_else_where_html_was_expected_is_an_error(
    server: LocalServer, content_type: str | None, body: bytes, expected: str
) -> None:
    url = server.page("/thing", body, content_type=content_type)
    assert fetch_error(url).startswith(f"{url}: {expected}")


def test_html_without_a_content_type_is_sniffed(server: LocalServer) -> None:
    url = server.page("/bare", b"\n  <html><body>Hi</body></html>", content_type=None)
    page = fetch_page(url, limits=FAST)
    assert (page.kind, page.content_type, page.text) == (
        "html",
        "text/html",
        "\n  <html><body>Hi</body></html>",
    )


def test_windows_1251_from_the_meta_tag(server: LocalServer) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "</head><body><p>Привет, мир! Это статья.</p></body></html>"
    )
    url = server.page("/ru", html.encode("cp1251"), content_type="text/html")
    page = fetch_page(url, limits=FAST)
    assert page.charset == "cp1251"
    assert page.text == html


def test_the_header_charset_wins_over_the_meta_tag(server: LocalServer) -> None:
    html = '<meta charset="utf-8"><p>Ça coûte très cher, déjà.</p>'
    url = server.page("/fr", html.encode("cp1252"), content_type="text/html; charset=windows-1252")
    page = fetch_page(url, limits=FAST)
    assert (page.charset, page.text) == ("cp1252", html)


def test_a_latin1_page_labelled_utf8_is_decoded_sensibly(server: LocalServer) -> None:
    html = "<p>Le café était très bon, à la française. Über die Brücke, schön.</p>"
    url = server.page("/mislabelled", html.encode("latin-1"))
    page = fetch_page(url, limits=FAST)
    assert page.text == html


def test_a_utf8_page_labelled_latin1_is_read_as_utf8(server: LocalServer) -> None:
    html = "<p>naïve “quotes” – and € signs</p>"
    url = server.page("/reverse", html.encode(), content_type="text/html; charset=iso-8859-1")
    assert fetch_page(url, limits=FAST).text == html


def test_a_page_without_any_charset_is_detected(server: LocalServer) -> None:
    html = "<html><body><p>Это страница без объявленной кодировки, но с русским текстом.</p>"
    url = server.page("/guess", html.encode("cp1251"), content_type="text/html")
    assert fetch_page(url, limits=FAST).text == html


@pytest.mark.parametrize("body", [b"", b"   \n\t  "])
def test_an_empty_page_is_an_error(server: LocalServer, body: bytes) -> None:
    url = server.page("/empty", body)
    assert fetch_error(url) == f"{url}: the page is empty"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<p>hi</p>",
        "http://",
        "http//example.com",
        "not a url at all",
        "http://exa mple.com/",
    ],
)
def test_unusable_urls_fail_before_any_network(url: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    with (
        httpx.Client(transport=httpx.MockTransport(refuse)) as client,
        pytest.raises(InputError),
    ):
        fetch_page(url, client=client, limits=FAST)


def test_an_unreachable_host_is_a_fetch_error() -> None:
    url = closed_port_url("/a")
    started = time.monotonic()
    message = fetch_error(url)
    assert message.startswith(f"{url}: could not connect (")
    assert time.monotonic() - started < 2


def test_a_given_client_is_used_and_keeps_its_cookies(server: LocalServer) -> None:
    def bounce(request: RequestHandler) -> None:
        if "seen=1" in request.headers.get("Cookie", ""):
            request.send_body(PAGE)
        else:
            request.send_body(
                b"", status=302, headers={"Location": "/gate", "Set-Cookie": "seen=1; Path=/"}
            )

    server.route("/gate", bounce)
    with httpx.Client() as client:
        page = fetch_page(server.url("/gate"), client=client, limits=FAST)
    assert page.final_url == server.url("/gate")
    assert len(server.hits_for("/gate")) == 2
