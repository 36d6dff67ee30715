"""Helpers every exporter shares: output targets, asset references, text clean-up, file types."""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from app.domain.errors import InputError
from app.domain.records import ArticleDetail

log = logging.getLogger(__name__)

ReadAsset = Callable[[str], bytes | None]
"""Returns the bytes of a stored file by its sha256, or None when the store lacks it."""

Progress = Callable[[int], None] | None
"""Called with the number of articles written so far."""

# An `asset:<sha256>` reference anywhere a URL can stand in Markdown or inline HTML: after `(`,
# `<`, a quote or whitespace. The look-behind keeps `xasset:` and `foo/asset:` untouched.
ASSET_REF = re.compile(r"(?<![\w:/.-])asset:([0-9a-fA-F]{64})(?![0-9a-zA-Z])")

# C0 controls other than tab, newline and carriage return, plus DEL: never meaningful in text
# and rejected or misread by YAML, CSV readers and BibTeX.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Everything outside the XML 1.0 Char production.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s+")

# Overrides for the extension mimetypes would pick (it says .jpe for JPEG on some systems).
_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
    "image/avif": "avif",
    "image/bmp": "bmp",
    "image/tiff": "tif",
    "image/x-icon": "ico",
    "application/pdf": "pdf",
    "text/html": "html",
    "text/plain": "txt",
    "application/gzip": "gz",
}


def clean_text(text: str) -> str:
    """Drops control characters and lone surrogates, keeping tabs and line breaks."""
    return _SURROGATE.sub("", _CONTROL.sub("", text))


def xml_text(text: str) -> str:
    """Drops every character XML 1.0 forbids, so the text can go into any XML document."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    """Cleans text and collapses every run of whitespace (line breaks included) to a space."""
    return _SPACE.sub(" ", clean_text(text)).strip()


def as_utc(value: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is taken to be UTC already (how we store)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def unix_seconds(value: datetime) -> int:
    """Whole seconds since the epoch (naive datetimes read as UTC)."""
    return int(as_utc(value).timestamp())


def mime_extension(mime: str | None) -> str:
    """A file extension (without the dot) for a MIME type; `bin` when unknown."""
    if not mime:
        return "bin"
    base = mime.split(";", 1)[0].strip().lower()
    if base in _EXTENSIONS:
        return _EXTENSIONS[base]
    guessed = mimetypes.guess_extension(base)
    if guessed and re.fullmatch(r"\.[a-z0-9]{1,8}", guessed):
        return guessed[1:]
    return "bin"


def sniff_image_mime(data: bytes) -> str | None:
    """The MIME type of common image formats from their first bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return None


def rewrite_asset_refs(text: str, replace: Callable[[str], str | None]) -> str:
    """Replaces each `asset:<sha256>` reference by `replace(sha)`; None keeps it unchanged."""

    def _sub(match: re.Match[str]) -> str:
        new = replace(match.group(1).lower())
        return match.group(0) if new is None else new

    return ASSET_REF.sub(_sub, text)


def asset_refs(text: str) -> list[str]:
    """Every distinct sha256 the text references, in order of first use."""
    seen: dict[str, None] = {}
    for match in ASSET_REF.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def fold_ascii(text: str) -> str:
    """A plain ASCII approximation of text (accents dropped, a few ligatures spelled out)."""
    for src, dst in _FOLD.items():
        text = text.replace(src, dst)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


_FOLD = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "Th",
}


def check_file_target(out: Path) -> None:
    """Raises InputError unless `out` can be written as a single file.

    Args:
        out: The file to write; an existing file is replaced.
    """
    if out.exists() and out.is_dir():
        raise InputError(f"{out}: is a directory; give a file name to export to")
    parent = out.parent
    if not parent.is_dir():
        raise InputError(f"{out}: folder {parent} does not exist")


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yields a temporary path beside `out` that replaces `out` only when the block succeeds.

    Why: an export that fails half way (a full disk, a cancelled run) must not leave a truncated
    file behind, nor destroy the previous export of the same name.
    """
    check_file_target(out)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def report(progress: Progress, count: int) -> None:
    """Calls the progress callback, if any."""
    if progress is not None:
        progress(count)


def write_text_export(
    out: Path,
    articles: Iterable[ArticleDetail],
    render: Callable[[ArticleDetail], str],
    *,
    progress: Progress,
    head: str = "",
    separator: str = "",
    tail: str = "",
    encoding: str = "utf-8",
) -> int:
    """Writes `head`, each article's `render` text (`separator` between them), then `tail`.

    The file at `out` is replaced atomically, and line endings are written exactly as the
    texts hold them (no translation on any platform).

    Returns:
        The number of articles written.

    Raises:
        InputError: When `out` cannot be written to.
    """
    count = 0
    with atomic_output(out) as tmp, tmp.open("w", encoding=encoding, newline="") as handle:
        handle.write(head)
        for detail in articles:
            if count:
                handle.write(separator)
            handle.write(render(detail))
            count += 1
            report(progress, count)
        handle.write(tail)
    return count
