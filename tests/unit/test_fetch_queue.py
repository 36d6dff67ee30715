"""Tests of fetch_many: concurrency bounds, per-host politeness, errors and cancelling."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from app.domain.errors import FetchError, InputError
from app.ingest.fetch import FetchedPage, FetchLimits
from app.ingest.fetch_queue import fetch_many
from tests.unit.webserver import Hit, LocalServer, RequestHandler, serve

LIMITS = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)
Result = tuple[str, FetchedPage | None, Exception | None]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def slow_page(seconds: float) -> object:
    def handler(request: RequestHandler) -> None:
        time.sleep(seconds)
        request.send_body(b"<html><body><p>" + request.path.encode() + b"</p></body></html>")

    return handler


def collect(urls: list[str], **kwargs: object) -> tuple[list[Result], list[str]]:
    """Runs fetch_many; returns the results and the names of the threads that reported."""
    results: list[Result] = []
    threads: list[str] = []

    def on_result(url: str, page: FetchedPage | None, error: Exception | None) -> None:
        results.append((url, page, error))
        threads.append(threading.current_thread().name)

    fetch_many(urls, on_result, limits=LIMITS, **kwargs)  # type: ignore[arg-type]
    return results, threads


def overlaps(a: Hit, b: Hit) -> bool:
    return a.started < b.ended and b.started < a.ended


def test_one_request_per_host_with_a_delay_but_hosts_in_parallel(server: LocalServer) -> None:
    for n in range(3):
        server.route(f"/p{n}", slow_page(0.2))  # type: ignore[arg-type]
    urls = [server.url(f"/p{n}", host) for n in range(3) for host in ("127.0.0.1", "localhost")]
    started = time.monotonic()
    results, threads = collect(urls, workers=4, per_host_delay=0.15)
    elapsed = time.monotonic() - started

    assert sorted(url for url, _, _ in results) == sorted(urls)
    assert all(page is not None and error is None for _, page, error in results)
    assert set(threads) == {threading.current_thread().name}
    for host in ("127.0.0.1", "localhost"):
        hits = sorted(
            (h for h in server.hits if h.headers["host"].startswith(host)),
            key=lambda h: h.started,
        )
        assert len(hits) == 3
        for before, after in itertools.pairwise(hits):
            assert after.started >= before.ended + 0.12  # Never two at once, and a pause.
    by_host = [[h for h in server.hits if h.headers["host"].startswith(n)] for n in ("127", "loc")]
    assert any(overlaps(a, b) for a in by_host[0] for b in by_host[1])
    assert elapsed < 2.0  # Sequential would take 6 x 0.2 s plus the delays.


def test_workers_bound_the_requests_in_flight(server: LocalServer) -> None:
    server.route("/x", slow_page(0.1))  # type: ignore[arg-type]
    server.route("/y", slow_page(0.1))  # type: ignore[arg-type]
    collect([server.url("/x"), server.url("/y", "localhost")], workers=1, per_host_delay=0)
    first, second = sorted(server.hits, key=lambda h: h.started)
    assert not overlaps(first, second)


def test_failures_and_bad_urls_are_reported_not_raised(server: LocalServer) -> None:
    good = server.page("/good", b"<html><body>ok</body></html>")
    missing = server.url("/missing")
    results, _ = collect(["ftp://nope", good, missing, "javascript:x"], per_host_delay=0)
    by_url = {url: (page, error) for url, page, error in results}
    assert len(results) == 4
    assert isinstance(by_url["ftp://nope"][1], InputError)
    assert isinstance(by_url["javascript:x"][1], InputError)
    assert by_url[good][0] is not None and by_url[good][1] is None
    assert isinstance(by_url[missing][1], FetchError)
    assert str(by_url[missing][1]) == f"{missing}: HTTP 404 Not Found"
    assert len(server.hits) == 2


def test_a_repeated_url_is_fetched_once(server: LocalServer) -> None:
    url = server.page("/once", b"<html><body>ok</body></html>")
    results, _ = collect([url, url, url], per_host_delay=0)
    assert [r[0] for r in results] == [url]
    assert len(server.hits_for("/once")) == 1


def test_cancelling_stops_new_requests(server: LocalServer) -> None:
    for n in range(5):
        server.page(f"/c{n}", b"<html><body>ok</body></html>")
    cancel = threading.Event()
    reported: list[str] = []

    def on_result(url: str, page: FetchedPage | None, error: Exception | None) -> None:
        reported.append(url)
        cancel.set()

    urls = [server.url(f"/c{n}") for n in range(5)]
    fetch_many(urls, on_result, workers=2, per_host_delay=0.05, cancel=cancel, limits=LIMITS)
    assert reported == [urls[0]]
    assert len(server.hits) == 1


def test_a_failing_callback_does_not_stop_the_batch(server: LocalServer) -> None:
    urls = [server.page(f"/f{n}", b"<html><body>ok</body></html>") for n in range(3)]
    calls: list[str] = []

    def on_result(url: str, page: FetchedPage | None, error: Exception | None) -> None:
        calls.append(url)
        raise RuntimeError("database is locked")

    fetch_many(urls, on_result, per_host_delay=0, limits=LIMITS)
    assert calls == urls


def test_nothing_to_do_returns_at_once() -> None:
    results, _ = collect([])
    assert results == []
