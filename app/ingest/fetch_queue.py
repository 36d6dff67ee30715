"""Fetching many pages at once, politely: bounded workers, one request per host at a time."""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Generic, TypeVar

import httpx

from app.domain.errors import InputError
from app.domain.urls import normalize_url, site_of
from app.ingest.fetch import FetchedPage, FetchLimits, fetch_page, new_client

__all__ = ["ResultCallback", "fetch_many", "process_many"]

log = logging.getLogger(__name__)

R = TypeVar("R")

#: Called once per URL: (url as given, page or None, error or None).
ResultCallback = Callable[[str, FetchedPage | None, Exception | None], None]

_DEFAULT_LIMITS = FetchLimits()
# How often the coordinator looks at the cancel event while it waits.
_POLL = 0.1


def fetch_many(
    urls: Sequence[str],
    on_result: ResultCallback,
    *,
    workers: int = 4,
    per_host_delay: float = 0.5,
    cancel: threading.Event | None = None,
    limits: FetchLimits = _DEFAULT_LIMITS,
) -> None:
    """Fetches many pages concurrently and reports each one as it completes.

    At most `workers` requests run at once and at most one per host (a leading "www." and
    the port do not make a different host); after a request to a host ends, the next one
    to it waits `per_host_delay` seconds. Hosts take turns in the order they first appear.

    on_result is called on the calling thread, one call at a time: with the page, or with
    the InputError (malformed URL, reported before any network) or FetchError. An exception
    raised by on_result is logged and the batch goes on. A repeated URL is fetched and
    reported once.

    When `cancel` is set, no new request starts; requests already running finish (bounded
    by limits.total_timeout) and are reported, and URLs never started are not reported.

    Args:
        urls: The addresses to fetch, as given.
        on_result: Receives (url, page, error) for each URL; exactly one of page and error
            is None.
        workers: The most requests in flight at once.
        per_host_delay: Seconds between the end of one request to a host and the next.
        cancel: Stops the batch when set.
        limits: Passed to fetch_page for every URL.
    """

    def fetch(url: str, client: httpx.Client) -> FetchedPage:
        return fetch_page(url, client=client, limits=limits)

    process_many(
        urls,
        fetch,
        on_result,
        workers=workers,
        per_host_delay=per_host_delay,
        cancel=cancel,
        limits=limits,
    )


def process_many(
    urls: Sequence[str],
    work: Callable[[str, httpx.Client], R],
    on_result: Callable[[str, R | None, Exception | None], None],
    *,
    workers: int = 4,
    per_host_delay: float = 0.5,
    cancel: threading.Event | None = None,
    limits: FetchLimits = _DEFAULT_LIMITS,
) -> None:
    """Like fetch_many, but each worker runs `work(url, client)` (a fetch and whatever
    follows it, such as extraction and image downloads) under the same per-host rules.

    The host counts as busy for the whole of `work`, so images on the page's own server
    are fetched politely too. on_result runs on the calling thread, one call at a time,
    which makes it the place for database writes.
    """
    queues: dict[str, deque[str]] = {}
    for url in dict.fromkeys(urls):
        try:
            normalize_url(url)
        except InputError as exc:
            _report(on_result, url, None, exc)
            continue
        queues.setdefault(site_of(url) or url, deque()).append(url)
    if not queues:
        return
    with new_client(limits) as client, ThreadPoolExecutor(max(1, workers), "fetch") as pool:

        def start(url: str) -> Future[R]:
            return pool.submit(work, url, client)

        _Schedule[R](queues, max(1, workers), per_host_delay, cancel).run(start, on_result)


class _Schedule(Generic[R]):
    """Decides which host goes next: hosts that are ready, idle, and have URLs left."""

    def __init__(
        self,
        queues: dict[str, deque[str]],
        workers: int,
        per_host_delay: float,
        cancel: threading.Event | None,
    ) -> None:
        self.queues = queues
        self.workers = workers
        self.delay = per_host_delay
        self.cancel = cancel or threading.Event()
        self.ready: deque[str] = deque(queues)
        # (time the host may be asked again, tie-breaker, host); a heap keeps this cheap
        # for imports of thousands of URLs over thousands of hosts.
        self.cooling: list[tuple[float, int, str]] = []
        self.order = itertools.count()
        self.running: dict[Future[R], tuple[str, str]] = {}

    def run(
        self,
        start: Callable[[str], Future[R]],
        on_result: Callable[[str, R | None, Exception | None], None],
    ) -> None:
        """Starts fetches as hosts become free and reports results until all are done."""
        while (self.ready or self.cooling or self.running) and not self.cancel.is_set():
            self._warm_up(time.monotonic())
            while self.ready and len(self.running) < self.workers:
                host = self.ready.popleft()
                url = self.queues[host].popleft()
                self.running[start(url)] = (host, url)
            if not self.running:
                # Every host with URLs left is cooling down: sleep until the first is ready.
                self.cancel.wait(min(_POLL, max(0.0, self.cooling[0][0] - time.monotonic())))
                continue
            done, _ = wait(self.running, timeout=self._wait_time(), return_when=FIRST_COMPLETED)
            for future in done:
                self._finish(future, on_result)
        # Cancelled: what is already running still gets reported.
        if self.running:
            done, _ = wait(self.running)
            for future in done:
                self._finish(future, on_result)

    def _warm_up(self, now: float) -> None:
        """Moves hosts whose delay has passed back to the ready queue."""
        while self.cooling and self.cooling[0][0] <= now:
            self.ready.append(heapq.heappop(self.cooling)[2])

    def _wait_time(self) -> float:
        """How long to wait for a running fetch before looking at the clock again."""
        if self.cooling and len(self.running) < self.workers:
            return min(_POLL, max(0.0, self.cooling[0][0] - time.monotonic()))
        return _POLL

    def _finish(
        self, future: Future[R], on_result: Callable[[str, R | None, Exception | None], None]
    ) -> None:
        """Reports a finished fetch and lets its host cool down if it has more URLs."""
        host, url = self.running.pop(future)
        error = future.exception()
        if error is None:
            _report(on_result, url, future.result(), None)
        elif isinstance(error, Exception):
            _report(on_result, url, None, error)
        else:
            raise error  # KeyboardInterrupt and the like are not per-URL failures.
        if self.queues[host]:
            entry = (time.monotonic() + self.delay, next(self.order), host)
            heapq.heappush(self.cooling, entry)


def _report(
    on_result: Callable[[str, R | None, Exception | None], None],
    url: str,
    page: R | None,
    error: Exception | None,
) -> None:
    """Calls the callback, keeping the batch alive when it raises."""
    try:
        on_result(url, page, error)
    except Exception:
        log.exception("the result handler failed for %s", url)
