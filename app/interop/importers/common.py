"""Helpers every importer shares: the problem report, dates, URLs, tags and flags."""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.domain.errors import InputError

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")
# The common case, checked without urlsplit: scheme, a plain host, optional port, then a path.
_PLAIN_HTTP = re.compile(
    r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]*[A-Za-z0-9](:\d{1,5})?(?=[/?#]|$)"
)
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# Unix times past these bounds are milliseconds or microseconds (year 5138 in seconds).
_MS_THRESHOLD = 1e11
_US_THRESHOLD = 1e14


class Report:
    """Collects the rows an import skipped and builds the errors it raises.

    Args:
        path: The file being imported; its name starts every error message.
        sink: The caller's list that receives one line per skipped row, or None.
    """

    def __init__(self, path: Path, sink: list[str] | None = None) -> None:
        self.name = path.name
        self.sink = sink
        self.skipped = 0

    def skip(self, where: str, reason: str) -> None:
        """Record a row that was left out ("line 7: no URL") and carry on."""
        message = f"{where}: {reason}" if where else reason
        self.skipped += 1
        if self.sink is not None:
            self.sink.append(message)
        log.debug("%s: skipped %s", self.name, message)

    def error(self, reason: str, where: str | None = None) -> InputError:
        """An InputError naming the file and, when known, the line or entry at fault."""
        if where:
            return InputError(f"{self.name}: {where}: {reason}")
        return InputError(f"{self.name}: {reason}")


def clean_text(value: Any) -> str | None:
    """A stripped string, or None for None, empty or whitespace-only values."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def clean_title(value: Any, url: str | None = None) -> str | None:
    """A title on one line; None when empty or just the URL again (exports do that)."""
    text = clean_text(value)
    if text is None:
        return None
    text = _WS.sub(" ", text)
    return None if text == url else text


def clean_url(value: Any) -> str | None:
    """The URL stripped of surrounding space when it is an absolute http(s) URL, else None."""
    text = clean_text(value)
    if text is None or _WS.search(text):
        return None
    if _PLAIN_HTTP.match(text):
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or not any(c.isalnum() for c in host):
        return None
    return text


def url_problem(value: Any) -> str:
    """Why a value is not usable as a URL, for the skipped-row report."""
    return "no URL" if clean_text(value) is None else f"not an http(s) URL: {_short(value)}"


def _short(value: Any, limit: int = 80) -> str:
    text = str(value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_segment(value: Any) -> str | None:
    """One tag path segment: whitespace collapsed; a slash would split it, so it becomes '-'."""
    text = clean_text(value)
    if text is None:
        return None
    return _WS.sub(" ", text).replace("/", "-").strip() or None


def clean_tag(value: Any) -> str | None:
    """A tag that may already be a path ("a/b"): each segment cleaned, empty ones dropped."""
    text = clean_text(value)
    if text is None:
        return None
    segments = [s for s in (clean_segment(p) for p in text.split("/")) if s]
    return "/".join(segments) or None


def path_tag(segments: Iterable[Any]) -> str | None:
    """A hierarchical tag from folder names, each kept whole even if it contains a slash."""
    cleaned = [s for s in (clean_segment(p) for p in segments) if s]
    return "/".join(cleaned) or None


def tree_paths(nodes: Any, parent_key: str = "parentId") -> dict[str, str]:
    """Node id -> tag path of names from the root, for lists or collections nested by parent id.

    Cycles are cut and unknown parents end the path, so a broken export still imports.
    """
    if not isinstance(nodes, list):
        return {}
    by_id = {str(n.get("id")): n for n in nodes if isinstance(n, dict) and n.get("id") is not None}
    paths: dict[str, str] = {}
    for node_id in by_id:
        names: list[str] = []
        seen: set[str] = set()
        current: str | None = node_id
        while current is not None and current in by_id and current not in seen:
            seen.add(current)
            node = by_id[current]
            name = clean_segment(node.get("name"))
            if name:
                names.append(name)
            parent = node.get(parent_key)
            current = str(parent) if parent is not None else None
        if names:
            paths[node_id] = "/".join(reversed(names))
    return paths


def unique_tags(tags: Iterable[str | None]) -> tuple[str, ...]:
    """Tags without blanks and duplicates, first spelling and order kept."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return tuple(result)


def split_tags(value: Any, separator: str) -> list[str]:
    """Tags from one delimited field ("a, b" / "a|b"), each cleaned as a path."""
    text = clean_text(value)
    if text is None:
        return []
    return [t for t in (clean_tag(p) for p in text.split(separator)) if t]


def parse_bool(value: Any) -> bool:
    """A flag from JSON or CSV: true/1/yes/on count as true, anything else as false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = clean_text(value)
    return text is not None and text.lower() in ("1", "true", "yes", "y", "on", "t")


def parse_float(value: Any) -> float | None:
    """A number from JSON or CSV ("0.5", "50%", 3), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = clean_text(value)
    if text is None:
        return None
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        return None
    return number / 100 if percent else number


def progress(value: Any, scale: float = 1.0) -> float | None:
    """A reading progress in 0..1 from a value on the given scale (1 or 100)."""
    number = parse_float(value)
    if number is None or number != number:  # NaN
        return None
    return min(max(number / scale, 0.0), 1.0)


def from_unix(value: Any) -> datetime | None:
    """Aware UTC from unix seconds (milliseconds and microseconds recognised by size)."""
    number = parse_float(value) if not isinstance(value, int | float) else float(value)
    if number is None or number <= 0:
        return None
    if number >= _US_THRESHOLD:
        number /= 1_000_000
    elif number >= _MS_THRESHOLD:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_timestamp(value: Any) -> datetime | None:
    """Aware UTC from a field that holds unix time, though an ISO date is accepted too.

    Unlike parse_date, a four-digit number here is seconds, not a year.
    """
    text = clean_text(value) if not isinstance(value, int | float) else None
    if text is not None and _NUMBER.match(text):
        return from_unix(text)
    return parse_date(value)


def parse_date(value: Any) -> datetime | None:
    """Aware UTC from unix time, ISO 8601 (offsets like +0200, Z) or RFC 2822; None if unknown.

    A date without a zone is taken as UTC, since the exports that write them (Zotero, Readwise)
    write UTC.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return from_unix(value)
    text = clean_text(value)
    if text is None:
        return None
    if _NUMBER.match(text) and not _YEAR.match(text):
        return from_unix(text)
    parsed = _parse_iso(text)
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _parse_iso(text: str) -> datetime | None:
    if _YEAR.match(text):
        return datetime(int(text), 1, 1, tzinfo=UTC) if int(text) > 0 else None
    month = _YEAR_MONTH.match(text)
    if month:
        try:
            return datetime(int(month[1]), int(month[2]), 1, tzinfo=UTC)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    # Some writers put a space before the zone ("2024-01-02 10:00:00 +0000"; Go's default).
    squeezed = re.sub(r"\s+([+-]\d{2}:?\d{2}|Z)(\s+\w+)?$", r"\1", text)
    if squeezed != text:
        try:
            return datetime.fromisoformat(squeezed)
        except ValueError:
            return None
    return None


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


def guess_mime(name: str, data: bytes) -> str:
    """The MIME type of an exported file, by its name and then by its first bytes."""
    guessed, _ = mimetypes.guess_type(name, strict=False)
    if guessed and guessed != "application/octet-stream":
        return guessed
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:256].lstrip().startswith((b"<svg", b"<?xml")) and b"<svg" in data[:1024]:
        return "image/svg+xml"
    return "application/octet-stream"
