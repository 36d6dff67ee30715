"""Asking a language model the user runs (Ollama, llama.cpp, LM Studio…) for a summary.

Nothing here runs unless the user configured an endpoint; every failure (connection, HTTP
status, timeout, an answer of the wrong shape) is one FetchError, so the caller can fall
back to the extractive summary.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from app.domain.errors import FetchError, InputError

__all__ = ["LlmConfig", "api_style", "check_endpoint", "llm_summarize"]

log = logging.getLogger(__name__)

#: The article text sent is cut to this many characters (small local models have small
#: context windows, and a summary needs the gist, not every word).
MAX_INPUT_CHARS = 12_000

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


def llm_summarize(config: LlmConfig, text: str, title: str | None = None) -> str:
    """The model's summary of `text`, one sentence per line.

    Raises:
        FetchError: The server could not be reached, answered an error or timed out, or
            its answer held no text.
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
    try:
        response = httpx.post(
            endpoint, json=payload, headers=headers, timeout=config.timeout, trust_env=False
        )
    except httpx.TimeoutException:
        raise FetchError(f"{endpoint}: the model did not answer within {config.timeout:g} s")
    except httpx.HTTPError as exc:
        raise FetchError(f"{endpoint}: {exc}") from exc
    if response.status_code != 200:
        raise FetchError(f"{endpoint}: HTTP {response.status_code} {response.reason_phrase}")
    try:
        answer = _answer_text(style, response.json())
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise FetchError(f"{endpoint}: the answer is not a {style} completion") from exc
    lines = [" ".join(line.split()).lstrip("-*• ").strip() for line in answer.splitlines()]
    summary = "\n".join(line for line in lines if line)
    if not summary:
        raise FetchError(f"{endpoint}: the model answered with no text")
    return summary


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
