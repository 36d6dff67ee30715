"""Asking a language model the user runs (Ollama, llama.cpp, LM Studio…) for a summary.

Nothing here runs unless the user configured an endpoint; every failure (connection, HTTP
status, timeout, an answer of the wrong shape) is one FetchError with a one-line message, so
the caller can fall back to the extractive summary. A request can be cancelled (a
threading.Event): the connection is shut down at once, so the server sees it go and the
caller is not kept waiting for an answer nobody wants (LlmCancelled).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.domain.display import one_line
from app.domain.errors import BroadsheetError, FetchError, InputError

__all__ = ["LlmCancelled", "LlmConfig", "api_style", "check_endpoint", "llm_summarize"]

log = logging.getLogger(__name__)

#: The article text sent is cut to this many characters (small local models have small
#: context windows, and a summary needs the gist, not every word).
MAX_INPUT_CHARS = 12_000
#: Seconds to reach the server: a local model that is not running refuses at once, and one
#: that does not answer a connection within this is not worth the whole timeout.
CONNECT_TIMEOUT = 10.0
#: A summary answer is a few kilobytes; a server sending more than this is not answering.
MAX_ANSWER_BYTES = 4 * 1024 * 1024
#: How often the watcher looks at the cancel flag and the clock (seconds).
_WATCH_INTERVAL = 0.05


class LlmCancelled(BroadsheetError):
    """The request was cancelled (its connection closed); there is no summary."""


_SYSTEM = (
    "You summarize articles. Answer with 3 to 7 short sentences in the article's own "
    "language, one per line, using only facts stated in the article. No preamble."
)


@dataclass(frozen=True)
class LlmConfig:
    """Where the model listens and which model to ask.

    Attributes:
        url: An OpenAI-compatible base URL (`http://127.0.0.1:8080/v1`) or chat-completions
            URL, or an Ollama `/api/generate` or `/api/chat` URL.
        model: The model's name as the server knows it (also the summary's label).
        api_key: Sent as a Bearer token when set (hosted APIs, LM Studio with auth).
        timeout: Seconds for the whole answer.
    """

    url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0


def check_endpoint(url: str) -> str:
    """The endpoint URL, stripped, or InputError when it is not an http(s) URL."""
    cleaned = url.strip()
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r}: the LLM endpoint must be an http:// or https:// URL")
    return cleaned


def api_style(url: str) -> tuple[str, str]:
    """("ollama-generate" | "ollama-chat" | "openai", the URL to POST to)."""
    path = urlsplit(url).path.rstrip("/")
    if path.endswith("/api/generate"):
        return "ollama-generate", url
    if path.endswith("/api/chat"):
        return "ollama-chat", url
    if path.endswith("/chat/completions"):
        return "openai", url
    return "openai", url.rstrip("/") + "/chat/completions"


def _prompt(title: str | None, text: str) -> str:
    body = text[:MAX_INPUT_CHARS]
    heading = f"Title: {title}\n\n" if title else ""
    return f"{heading}Article:\n{body}\n\nSummary:"


def llm_summarize(
    config: LlmConfig,
    text: str,
    title: str | None = None,
    *,
    cancel: threading.Event | None = None,
) -> str:
    """The model's summary of `text`, one sentence per line.

    `config.timeout` bounds the whole answer (not each read: a model streaming a token a
    second would otherwise never time out); setting `cancel` stops the request at once.

    Raises:
        FetchError: The server could not be reached, answered an error or timed out, or
            its answer held no text (one line, naming the endpoint).
        LlmCancelled: `cancel` was set before the answer was complete.
    """
    style, endpoint = api_style(config.url)
    prompt = _prompt(title, text)
    messages = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": prompt}]
    payload: dict[str, object]
    if style == "ollama-generate":
        payload = {"model": config.model, "system": _SYSTEM, "prompt": prompt, "stream": False}
    elif style == "ollama-chat":
        payload = {"model": config.model, "messages": messages, "stream": False}
    else:
        payload = {"model": config.model, "messages": messages, "temperature": 0.2}
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    status, reason, body = _post(endpoint, payload, headers, config.timeout, cancel)
    if status != 200:
        raise FetchError(f"{endpoint}: HTTP {status} {one_line(reason)}".rstrip())
    try:
        answer = _answer_text(style, json.loads(body))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise FetchError(f"{endpoint}: the answer is not a {style} completion") from exc
    lines = [" ".join(line.split()).lstrip("-*• ").strip() for line in answer.splitlines()]
    summary = "\n".join(line for line in lines if line)
    if not summary:
        raise FetchError(f"{endpoint}: the model answered with no text")
    return summary


def _post(
    endpoint: str,
    payload: dict[str, object],
    headers: Mapping[str, str],
    timeout: float,
    cancel: threading.Event | None,
) -> tuple[int, str, bytes]:
    """POST `payload` and read the whole answer: (status, reason, body).

    A watcher thread shuts the connection down when `cancel` is set or `timeout` seconds
    have passed, which wakes the read at once (closing a socket from another thread would
    not); the body is read in chunks, checked between them too.
    """
    watch = _Watch(cancel, timeout)
    limits = httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT))
    try:
        with (
            watch,
            httpx.Client(timeout=limits, trust_env=False) as client,
            client.stream(
                "POST",
                endpoint,
                json=payload,
                headers=dict(headers),
                extensions={"trace": watch.on_trace},
            ) as response,
        ):
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                watch.check(endpoint)
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise FetchError(f"{endpoint}: the answer is over {MAX_ANSWER_BYTES:,} bytes")
                chunks.append(chunk)
            watch.check(endpoint)
            return response.status_code, response.reason_phrase, b"".join(chunks)
    except httpx.TimeoutException:
        watch.check(endpoint)
        raise FetchError(f"{endpoint}: the model did not answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        watch.check(endpoint)  # a connection shut down by the watcher ends up here
        reason = one_line(str(exc)) or type(exc).__name__
        raise FetchError(f"{endpoint}: {reason}") from exc


class _Watch:
    """Shuts a request's connections down when it is cancelled or out of time."""

    def __init__(self, cancel: threading.Event | None, timeout: float) -> None:
        self._cancel = cancel
        self._deadline = time.monotonic() + timeout
        self._timeout = timeout
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.stopped: str | None = None  # "cancelled" or "timeout" once it acted
        self._thread = threading.Thread(target=self._run, name="llm-watch", daemon=True)

    def __enter__(self) -> _Watch:
        if self._cancel is not None and self._cancel.is_set():
            raise LlmCancelled("the summary was cancelled")
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def on_trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace hook: note each connection's socket as it is opened."""
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            stopped = self.stopped
        if stopped:
            _shut(sock)

    def check(self, endpoint: str) -> None:
        """Raise for a request the watcher stopped (or that is cancelled or late now)."""
        if self._cancel is not None and self._cancel.is_set():
            raise LlmCancelled("the summary was cancelled")
        if self.stopped == "timeout" or time.monotonic() >= self._deadline:
            raise FetchError(f"{endpoint}: the model did not answer within {self._timeout:g} s")

    def _run(self) -> None:
        while not self._done.wait(_WATCH_INTERVAL):
            if self._cancel is not None and self._cancel.is_set():
                reason = "cancelled"
            elif time.monotonic() >= self._deadline:
                reason = "timeout"
            else:
                continue
            with self._lock:
                self.stopped = reason
                sockets = list(self._sockets)
            for sock in sockets:
                _shut(sock)
            return


def _shut(sock: socket.socket) -> None:
    """End a connection now: the blocked read returns, the server sees it closed."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _answer_text(style: str, data: object) -> str:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    if style == "ollama-generate":
        value = data["response"]
    elif style == "ollama-chat":
        value = data["message"]["content"]
    else:
        value = data["choices"][0]["message"]["content"]
    if not isinstance(value, str):
        raise TypeError("no text")
    log.debug("LLM answer: %s", json.dumps(value)[:200])
    return value
