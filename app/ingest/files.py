"""Read a local file (HTML, saved page, Markdown, text or PDF) into an extraction record."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from app.domain.errors import InputError
from app.ingest.extract import (
    Extraction,
    extract_html,
    extract_markdown,
    extract_text,
    with_images_rebased,
)
from app.ingest.extract_pdf import extract_pdf
from app.ingest.frontmatter import split_front_matter, tags_of

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 32 * 1024 * 1024

MIME_TYPES = {
    "html": "text/html",
    "markdown": "text/markdown",
    "text": "text/plain",
    "pdf": "application/pdf",
}
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_SNIFF_BYTES = 4096
# Markup that only HTML starts with (after a BOM and white space).
_HTML_START = re.compile(rb"^(<!doctype\s+html|<html[\s>]|<!--\s*saved from url|<head[\s>])", re.I)
_HTML_TAG = re.compile(rb"<(html|head|body|meta|title|article|div|p|h[1-6]|table|span)[\s>/]", re.I)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_SINGLEFILE_URL = re.compile(rb"<!--[^>]*?Page saved with SingleFile\s+url:\s*(\S+)", re.I | re.S)
_ABSOLUTE = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)
_IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".svg", ".heic", ".heif"}
)


@dataclass(frozen=True)
class LoadedFile:
    """A file read from disk: its bytes, what it is, and the article extracted from it."""

    path: Path
    kind: str
    mime: str
    raw: bytes
    extraction: Extraction
    source_url: str | None
    tags: tuple[str, ...]
    saved: datetime | None
    local_images: tuple[tuple[str, Path], ...]


def _read_capped(path: Path, name: str) -> bytes:
    """The file's bytes; the size is checked before anything is read."""
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if not path.is_file():
        raise InputError(f"{name}: not a regular file")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{name}: too large ({_megabytes(size)}; the limit is {_megabytes()})")
        with path.open("rb") as handle:
            # read one byte past the cap: a file that grew since stat() is caught here too
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})")
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"{name}: too large (over {_megabytes()})")
    if not raw.strip():
        raise InputError(f"{name}: empty file")
    return raw


def _megabytes(size: int = MAX_FILE_BYTES) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: no text format we read looks like this."""
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > len(head) // 50


def sniff_kind(raw: bytes, suffix: str) -> str | None:
    """What a file is, from its first bytes and (for Markdown) its extension.

    Args:
        raw: The file's bytes.
        suffix: The lower-cased file extension with its dot, or "".

    Returns:
        "pdf", "html", "markdown" or "text"; None for anything else (binary data).
    """
    head = raw[:_SNIFF_BYTES]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 text (Windows "Unicode" saves): decide on its UTF-8 transcription
        return sniff_kind(raw.decode("utf-16", "replace").encode("utf-8"), suffix)
    if _looks_binary(head):
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_START.match(start):
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if (suffix in _HTML_SUFFIXES or start.startswith(b"<")) and _HTML_TAG.search(head):
        return "html"
    if start.startswith(b"---") and split_front_matter(_decode_lenient(head))[0]:
        return "markdown"
    return "text"


def _decode_lenient(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def decode_utf8(raw: bytes, name: str) -> str:
    """Decode a text file as UTF-8 (BOM allowed; UTF-16 with a BOM too).

    Raises:
        InputError: Naming the first invalid byte and its offset.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: not valid UTF-16 ({err.reason} at offset {err.start})")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = raw[err.start]
        raise InputError(
            f"{name}: not valid UTF-8 (invalid byte 0x{bad:02x} at offset {err.start})"
        )


def _saved_from_url(raw: bytes) -> str | None:
    """The address a browser or SingleFile wrote into a saved page's opening comment."""
    head = raw[:_SNIFF_BYTES]
    for pattern in (_SAVED_FROM, _SINGLEFILE_URL):
        match = pattern.search(head)
        if match:
            url = match.group(1).decode("ascii", "replace").strip()
            if url.lower().startswith(("http://", "https://")):
                return url
    return None


def _is_http(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def _local_file(reference: str, folder: Path) -> Path | None:
    """The file a relative image reference points at, if it exists inside the folder."""
    if not reference or _ABSOLUTE.match(reference) or reference.startswith("#"):
        return None
    relative = unquote(urlsplit(reference).path)
    if not relative:
        return None
    try:
        candidate = (folder / relative).resolve()
        root = folder.resolve()
    except (OSError, RuntimeError):
        return None
    # never reach outside the file's own folder: a hostile page could name ../../.ssh/id_rsa
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    if candidate.suffix.lower() not in _IMAGE_SUFFIXES:
        return None
    return candidate


def _place_images(
    extraction: Extraction, folder: Path, source_url: str | None
) -> tuple[Extraction, tuple[tuple[str, Path], ...]]:
    """Pair relative images with files beside the document; make the rest absolute."""
    local: list[tuple[str, Path]] = []
    rebase: dict[str, str] = {}
    for reference in extraction.image_urls:
        found = _local_file(reference, folder)
        if found is not None:
            local.append((reference, found))
        elif source_url and not _ABSOLUTE.match(reference):
            rebase[reference] = urljoin(source_url, reference)
    lead = extraction.lead_image
    if lead and source_url and not _ABSOLUTE.match(lead) and _local_file(lead, folder) is None:
        rebase[lead] = urljoin(source_url, lead)
    return with_images_rebased(extraction, rebase), tuple(local)


def _load_html(path: Path, name: str, raw: bytes) -> LoadedFile:
    saved_from = _saved_from_url(raw)
    try:
        # no base URL: relative image paths must stay as written to find the saved files
        extraction = extract_html(raw, url=None)
    except InputError as err:
        raise InputError(f"{name}: {err}")
    canonical = extraction.canonical_url if _is_http(extraction.canonical_url) else None
    if extraction.canonical_url and not canonical:
        extraction = replace(extraction, canonical_url=None)
    source_url = canonical or saved_from
    extraction, local = _place_images(extraction, path.parent, source_url)
    return LoadedFile(
        path=path,
        kind="html",
        mime=MIME_TYPES["html"],
        raw=raw,
        extraction=extraction,
        source_url=source_url,
        tags=(),
        saved=None,
        local_images=local,
    )


def _load_markdown(path: Path, name: str, raw: bytes) -> LoadedFile:
    text = decode_utf8(raw, name)
    front, _ = split_front_matter(text)
    try:
        extraction = extract_markdown(text)
    except InputError as err:
        raise InputError(f"{name}: {err}")
    url = front.get("url") or front.get("source")
    source_url = url if isinstance(url, str) and _is_http(url) else None
    saved = next(
        (v for k in ("date", "saved", "created") if isinstance(v := front.get(k), datetime)),
        None,
    )
    extraction, local = _place_images(extraction, path.parent, source_url)
    return LoadedFile(
        path=path,
        kind="markdown",
        mime=MIME_TYPES["markdown"],
        raw=raw,
        extraction=extraction,
        source_url=source_url,
        tags=tags_of(front),
        saved=saved,
        local_images=local,
    )


def _load_plain(path: Path, name: str, raw: bytes, kind: str) -> LoadedFile:
    try:
        if kind == "pdf":
            extraction = extract_pdf(raw, name)
        else:
            extraction = extract_text(decode_utf8(raw, name))
    except InputError as err:
        message = str(err)
        raise InputError(message if message.startswith(f"{name}:") else f"{name}: {message}")
    return LoadedFile(
        path=path,
        kind=kind,
        mime=MIME_TYPES[kind],
        raw=raw,
        extraction=extraction,
        source_url=None,
        tags=(),
        saved=None,
        local_images=(),
    )


def load_file(path: Path) -> LoadedFile:
    """Read one file and extract its article.

    The kind comes from the content (PDF magic, HTML markup, else UTF-8 text), with the
    extension deciding only between Markdown and plain text.

    Args:
        path: The file. A browser's saved page (`foo.html` + `foo_files/`) is one HTML file
            whose images are reported in `local_images`.

    Returns:
        The file's bytes, kind and extraction.

    Raises:
        InputError: One line naming the file: missing, a directory, too large, empty,
            binary, not UTF-8, a broken PDF, or no readable text.
    """
    name = str(path)
    raw = _read_capped(path, name)
    kind = sniff_kind(raw, path.suffix.lower())
    if kind is None:
        raise InputError(f"{name}: not an HTML, Markdown, text or PDF file")
    logger.debug("reading %s as %s", name, kind)
    if kind == "html":
        return _load_html(path, name, raw)
    if kind == "markdown":
        return _load_markdown(path, name, raw)
    return _load_plain(path, name, raw, kind)
