"""Fetching one web page: timeouts, a size cap, redirects, content-type checks, retries."""

from __future__ import annotations

import email.utils
import http
import locale
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from app.domain.errors import FetchError
from app.domain.urls import normalize_url
from app.ingest.charset import charset_from_content_type, decode_html

__all__ = [
    "MAX_RETRY_AFTER",
    "USER_AGENT",
    "FetchLimits",
    "FetchedPage",
    "browser_headers",
    "describe_size",
    "fetch_page",
    "new_client",
]

log = logging.getLogger(__name__)

#: A current Firefox on a desktop: many sites refuse or cripple pages for unknown agents.
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
#: The longest Retry-After we wait; a server asking for more gets its error reported at once.
MAX_RETRY_AFTER = 30.0

_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf;q=0.8,*/*;q=0.5"
_RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
# Types that say nothing reliable about the content, so the body decides.
_VAGUE_TYPES = frozenset(
    {
        "",
        "application/octet-stream",
        "binary/octet-stream",
        "application/download",
        "application/xml",
        "text/xml",
        "text/plain",
    }
)
# Enough magic numbers to name what a server sent instead of a page.
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
)
# The WHATWG MIME sniffing standard's list of tags that mark a resource as HTML.
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|meta|link)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class FetchedPage:
    """A page as the server sent it, after redirects, with HTML already decoded."""

    given_url: str
    final_url: str
    status: int
    content_type: str
    kind: str
    body: bytes
    text: str | None
    charset: str | None


@dataclass(frozen=True)
class FetchLimits:
    """Bounds of one fetch; every timeout is in seconds, and total covers retries too."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 25 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 2
    backoff: float = 0.5


class _TransientError(Exception):
    """A failure worth retrying; carries the error to report if no retry is left."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def browser_headers(accept: str = _ACCEPT) -> dict[str, str]:
    """Returns the request headers a desktop browser would send for a page.

    Args:
        accept: The Accept header; images pass their own.

    Returns:
        User-Agent, Accept and Accept-Language.
    """
    return {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Language": _ACCEPT_LANGUAGE}


def new_client(limits: FetchLimits | None = None) -> httpx.Client:
    """Creates an httpx client set up for fetching pages (thread-safe; close it when done).

    Args:
        limits: Supplies the default timeouts; fetch_page sets them per request anyway.

    Returns:
        A client that does not follow redirects itself (fetch_page counts them).
    """
    limits = limits or FetchLimits()
    return httpx.Client(
        headers=browser_headers(),
        timeout=_timeout(limits, limits.total_timeout),
        follow_redirects=False,
    )


def describe_size(size: int) -> str:
    """Formats a byte count for an error message, e.g. "25 MB" or "512 KB"."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def fetch_page(
    url: str, *, client: httpx.Client | None = None, limits: FetchLimits = FetchLimits()
) -> FetchedPage:
    """Downloads one article page (HTML or PDF), following redirects.

    The URL is normalised first (tracking parameters never reach the server). Connection
    failures and 408/429/502/503/504 answers are retried with exponential backoff, honouring
    a Retry-After of up to MAX_RETRY_AFTER seconds, all within limits.total_timeout.

    Args:
        url: The address as the person gave it.
        client: A shared client (one per thread pool); a private one is used when None.
        limits: Timeouts, size cap, redirect and retry bounds.

    Returns:
        The fetched page; kind is "html" (text decoded) or "pdf" (text None).

    Raises:
        InputError: The URL is not an http(s) URL or is malformed (nothing was sent).
        FetchError: The network, the server or the content failed; one line, starting
            with the given URL.
    """
    target = normalize_url(url)
    given = url.strip()
    deadline = time.monotonic() + limits.total_timeout
    if client is None:
        with new_client(limits) as own:
            return _follow(given, target, own, limits, deadline)
    return _follow(given, target, client, limits, deadline)


def _follow(
    given: str, url: str, client: httpx.Client, limits: FetchLimits, deadline: float
) -> FetchedPage:
    """Requests the URL and each redirect target in turn, then reads the final page."""
    visits: dict[str, int] = {}
    for _hop in range(limits.max_redirects + 1):
        # Visiting a URL twice can be a cookie bounce (A sets a cookie, B sends back to A);
        # a third visit is a loop.
        visits[url] = visits.get(url, 0) + 1
        if visits[url] > 2:
            raise FetchError(f"{given}: redirect loop (via {url})")
        with _open(given, url, client, limits, deadline) as response:
            location = response.headers.get("location")
            if response.status_code in _REDIRECT_STATUSES and location:
                url = _redirect_target(given, response, location)
                continue
            return _read_page(given, response, limits, deadline)
    raise FetchError(f"{given}: more than {limits.max_redirects} redirects")


def _redirect_target(given: str, response: httpx.Response, location: str) -> str:
    """Resolves a Location header against the current URL, refusing non-web schemes."""
    try:
        target = response.url.join(location.strip())
    except httpx.InvalidURL:
        raise FetchError(f"{given}: redirected to a malformed address ({location[:100]})")
    if target.scheme not in {"http", "https"} or not target.host:
        raise FetchError(f"{given}: redirected to {location[:100]}, which is not a web address")
    return str(target)


@contextmanager
def _open(
    given: str, url: str, client: httpx.Client, limits: FetchLimits, deadline: float
) -> Iterator[httpx.Response]:
    """Sends one GET with retries and yields the streamed response (closed afterwards)."""
    attempt = 0
    while True:
        try:
            response = _send(given, url, client, limits, deadline, last=attempt >= limits.retries)
        except _TransientError as transient:
            _wait_before_retry(given, transient, attempt, limits, deadline)
            attempt += 1
            continue
        try:
            yield response
        finally:
            response.close()
        return


def _send(
    given: str,
    url: str,
    client: httpx.Client,
    limits: FetchLimits,
    deadline: float,
    *,
    last: bool,
) -> httpx.Response:
    """Sends one request; raises _TransientError for what a retry may fix."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{given}: took longer than {limits.total_timeout:g} s")
    request = client.build_request(
        "GET", url, headers=browser_headers(), timeout=_timeout(limits, remaining)
    )
    try:
        response = client.send(request, stream=True, follow_redirects=False)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
        raise _TransientError(FetchError(_describe_network_error(given, exc, limits)))
    except httpx.TimeoutException as exc:
        if remaining < limits.read_timeout:
            raise FetchError(f"{given}: took longer than {limits.total_timeout:g} s")
        raise FetchError(_describe_network_error(given, exc, limits))
    except httpx.HTTPError as exc:
        raise FetchError(_describe_network_error(given, exc, limits))
    status = response.status_code
    if status < 400:
        return response
    response.close()
    error = FetchError(f"{given}: HTTP {status} {_reason(response)}".rstrip())
    if status in _RETRY_STATUSES and not last:
        raise _TransientError(error, _retry_after(response.headers.get("retry-after")))
    raise error


def _wait_before_retry(
    given: str, transient: _TransientError, attempt: int, limits: FetchLimits, deadline: float
) -> None:
    """Sleeps before the next attempt, or raises the error when no retry fits the bounds."""
    if attempt >= limits.retries:
        raise transient.error
    delay = limits.backoff * (2**attempt)
    if transient.retry_after is not None:
        if transient.retry_after > MAX_RETRY_AFTER:
            raise FetchError(f"{transient.error} (retry after {transient.retry_after:g} s)")
        delay = max(delay, transient.retry_after)
    if time.monotonic() + delay >= deadline:
        raise transient.error
    log.info("%s; retrying in %.1f s", transient.error, delay)
    time.sleep(delay)


def _read_page(
    given: str, response: httpx.Response, limits: FetchLimits, deadline: float
) -> FetchedPage:
    """Checks the type of a successful response, reads its body under the cap, decodes it."""
    status = response.status_code
    if not 200 <= status < 300 or status == 204:
        raise FetchError(f"{given}: HTTP {status} {_reason(response)}".rstrip())
    header = response.headers.get("content-type", "")
    media = header.split(";", 1)[0].strip().lower()
    if media not in _HTML_TYPES | _PDF_TYPES | _VAGUE_TYPES:
        raise FetchError(f"{given}: {_not_an_article(media)}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{given}: larger than the {describe_size(limits.max_bytes)} limit")
    body = _read_capped(given, response, limits, deadline)
    if not body.strip():
        raise FetchError(f"{given}: the page is empty")
    kind, content_type = _classify(given, media, body)
    final_url = str(response.url)
    if kind == "pdf":
        return FetchedPage(given, final_url, status, content_type, "pdf", body, None, None)
    text, charset = decode_html(body, charset_from_content_type(header))
    return FetchedPage(given, final_url, status, content_type, "html", body, text, charset)


def _read_capped(
    given: str, response: httpx.Response, limits: FetchLimits, deadline: float
) -> bytes:
    """Reads the (decompressed) body, stopping as soon as it passes the cap or the deadline."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limits.max_bytes:
                raise FetchError(
                    f"{given}: larger than the {describe_size(limits.max_bytes)} limit"
                )
            # A server trickling bytes never trips the read timeout; the deadline stops it.
            if time.monotonic() > deadline:
                raise FetchError(f"{given}: took longer than {limits.total_timeout:g} s")
            chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise FetchError(_describe_network_error(given, exc, limits))
    return b"".join(chunks)


def _classify(given: str, media: str, body: bytes) -> tuple[str, str]:
    """Decides between "html" and "pdf" from the header and the first bytes of the body."""
    head = body[:1024]
    # A PDF starts with its marker; servers of PDFs may put a little junk before it.
    if head.lstrip().startswith(b"%PDF-") or (media in _PDF_TYPES and b"%PDF-" in head):
        return "pdf", "application/pdf"
    for magic, sniffed in _BINARY_SIGNATURES:
        if head.startswith(magic):
            raise FetchError(f"{given}: {_not_an_article(sniffed)}")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        raise FetchError(f"{given}: {_not_an_article('image/webp')}")
    if media in _HTML_TYPES:
        return "html", media
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html", "text/html"
    raise FetchError(f"{given}: {_not_an_article(media or 'an unknown type')}")


def _not_an_article(media: str) -> str:
    """Describes a content type that cannot be saved as an article."""
    major = media.partition("/")[0]
    what = {
        "image": "an image",
        "video": "a video",
        "audio": "audio",
        "font": "a font",
        "text": "plain text" if media == "text/plain" else "a text file",
    }.get(major, "a file")
    return f"is {what} ({media}), not an article"


def _describe_network_error(given: str, exc: httpx.HTTPError, limits: FetchLimits) -> str:
    """Turns an httpx exception into one readable line."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"{given}: no connection after {limits.connect_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"{given}: timed out after {limits.read_timeout:g} s"
    detail = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc)).strip() or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        lowered = detail.lower()
        if "name or service" in lowered or "nodename" in lowered or "getaddrinfo" in lowered:
            return f"{given}: server not found ({detail})"
        if "ssl" in lowered or "certificate" in lowered:
            return f"{given}: secure connection failed ({detail})"
        return f"{given}: could not connect ({detail})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"{given}: the server closed the connection ({detail})"
    if isinstance(exc, httpx.DecodingError):
        return f"{given}: the server sent a corrupt response ({detail})"
    return f"{given}: {detail}"


def _reason(response: httpx.Response) -> str:
    """Returns the reason phrase, falling back to the standard one for the status."""
    if response.reason_phrase:
        return response.reason_phrase
    try:
        return http.HTTPStatus(response.status_code).phrase
    except ValueError:
        return ""


def _retry_after(value: str | None) -> float | None:
    """Parses Retry-After as seconds or as an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _timeout(limits: FetchLimits, remaining: float) -> httpx.Timeout:
    """Builds per-request timeouts, never longer than what is left of the total."""
    return httpx.Timeout(
        connect=min(limits.connect_timeout, remaining),
        read=min(limits.read_timeout, remaining),
        write=min(limits.read_timeout, remaining),
        pool=min(limits.connect_timeout, remaining),
    )


def _accept_language() -> str:
    """Asks for the person's language first and English second, like a browser does."""
    try:
        code = locale.getlocale()[0]
    except ValueError:
        code = None
    if not code or code in {"C", "POSIX"}:
        return "en-US,en;q=0.9"
    tag = code.replace("_", "-")
    primary = tag.split("-", 1)[0]
    if primary == "en":
        return f"{tag},en;q=0.9"
    return f"{tag},{primary};q=0.9,en;q=0.8"


_ACCEPT_LANGUAGE = _accept_language()
