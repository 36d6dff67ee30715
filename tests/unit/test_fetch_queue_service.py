"""The queue of pending fetches: newest first, polite per host, resumable, failures kept."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ingest.fetch import FetchLimits
from app.services.library import Library
from tests.unit.webserver import LocalServer, RequestHandler, article_page, serve

FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)


def slow_article(topic: str, seconds: float) -> object:
    def handler(request: RequestHandler) -> None:
        time.sleep(seconds)
        request.send_body(article_page(topic))

    return handler


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "lib") as library:
        yield library


def test_queue_is_newest_first_and_skips_trashed_and_done(
    server: LocalServer, lib: Library
) -> None:
    urls = [server.url(f"/a{n}") for n in range(4)]
    ids = [r.article_id for r in lib.store_urls(urls)]
    lib.mark([ids[1]], "trash")
    assert lib.queued_ids() == [ids[3], ids[2], ids[0]]
    assert lib.queued_ids(limit=2) == [ids[3], ids[2]]


def test_batch_fetches_hosts_in_parallel_but_one_request_per_host(
    server: LocalServer, lib: Library
) -> None:
    topics = ["rivers", "bridges", "forests"]
    for topic in topics:
        server.route(f"/{topic}", slow_article(topic, 0.15))  # type: ignore[arg-type]
    urls = [server.url(f"/{t}", host) for t in topics for host in ("127.0.0.1", "localhost")]
    stored = lib.store_urls(urls, ["queued"])
    progress: list[tuple[int, int]] = []

    report = lib.fetch_queued(
        limits=FAST, per_host_delay=0.1, on_progress=lambda d, t: progress.append((d, t))
    )
    assert report.fetched == 6 and report.failed == 0
    assert lib.queued_ids() == []
    assert progress[-1] == (6, 6) and [d for d, _ in progress] == list(range(1, 7))
    for result, url in zip(stored, urls, strict=True):
        detail = lib.get(report.final_ids[result.article_id])
        assert detail.record.fetch_status == "done"
        assert detail.given_url == url
        assert detail.summary is not None  # summarized as soon as it was stored
        assert "report number" in detail.body_markdown
    for host in ("127.0.0.1", "localhost"):
        hits = sorted(
            (h for h in server.hits if h.headers["host"].startswith(host)), key=lambda h: h.started
        )
        assert len(hits) == 3
        for before, after in itertools.pairwise(hits):
            assert after.started >= before.ended + 0.08  # never two at once, and a pause
    by_host = [[h for h in server.hits if h.headers["host"].startswith(n)] for n in ("127", "loc")]
    assert any(a.started < b.ended and b.started < a.ended for a in by_host[0] for b in by_host[1])


def test_failures_are_kept_and_retried_only_when_asked(server: LocalServer, lib: Library) -> None:
    good = server.page("/good", article_page("rivers"))
    bad = server.url("/missing")
    ids = [r.article_id for r in lib.store_urls([good, bad])]
    report = lib.fetch_queued(limits=FAST, per_host_delay=0)
    assert (report.fetched, report.failed) == (1, 1)
    assert "404" in report.errors[ids[1]]
    failed = lib.get(ids[1])
    assert failed.record.fetch_status == "failed" and "404" in (failed.fetch_error or "")
    assert lib.queued_ids() == []
    server.page("/missing", article_page("bridges"))
    assert lib.fetch_queued(limits=FAST).done == 0  # failed ones wait for an explicit retry
    again = lib.fetch_queued(limits=FAST, retry_failed=True)
    assert again.fetched == 1 and lib.get(ids[1]).record.fetch_status == "done"


def test_cancel_leaves_the_rest_queued_and_a_new_run_resumes(
    server: LocalServer, lib: Library
) -> None:
    for n in range(5):
        server.route(f"/p{n}", slow_article(f"topic{n}", 0.05))  # type: ignore[arg-type]
    ids = [r.article_id for r in lib.store_urls([server.url(f"/p{n}") for n in range(5)])]
    cancel = threading.Event()

    def stop_after_first(done: int, _total: int) -> None:
        if done >= 1:
            cancel.set()

    first = lib.fetch_queued(
        limits=FAST, per_host_delay=0, cancel=cancel, on_progress=stop_after_first
    )
    assert first.fetched == 1
    assert first.final_ids == {ids[-1]: ids[-1]}  # newest first
    left = lib.queued_ids()
    assert left == ids[:-1][::-1]
    # A new process (or the window at start) picks up what is left.
    second = lib.fetch_queued(limits=FAST, per_host_delay=0)
    assert second.fetched == 4 and lib.queued_ids() == []


def test_a_page_that_redirects_to_a_saved_article_merges_into_it(
    server: LocalServer, lib: Library
) -> None:
    target = server.page("/kept", article_page("rivers"))
    first = lib.store_urls([target])[0].article_id
    lib.fetch_articles([first], limits=FAST)

    def redirect(request: RequestHandler) -> None:
        request.send_body(b"", status=302, headers={"Location": "/kept"})

    other = lib.store_urls([server.route("/old", redirect)], ["moved"])[0].article_id
    report = lib.fetch_articles([other], limits=FAST)
    assert report.final_ids == {other: first}
    assert "moved" in lib.get(first).record.tags
    assert lib.count("") == 1
