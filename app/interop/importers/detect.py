"""Which format an import file is in, and the one entry point that reads any of them."""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from app.domain.errors import InputError
from app.interop.importers import (
    instapaper,
    karakeep,
    linkwarden,
    matter,
    netscape,
    omnivore,
    pocket_csv,
    pocket_html,
    pocket_zip,
    raindrop,
    readeck,
    readwise,
    urls,
    wallabag,
    zotero,
)
from app.interop.importers.common import Report, clean_url
from app.interop.importers.safezip import SafeZip
from app.interop.importers.textio import read_head
from app.interop.records import ImportedItem

log = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    "netscape": "Netscape bookmark HTML (browsers, Pinboard, Shaarli, linkding)",
    "pocket-zip": "Pocket export zip (part_*.csv with annotations)",
    "pocket-csv": "Pocket export CSV (title,url,time_added,…,tags,status)",
    "pocket-html": "Pocket legacy ril_export.html",
    "instapaper": "Instapaper CSV export",
    "omnivore": "Omnivore export zip (metadata, content, highlights)",
    "wallabag": "Wallabag JSON export (v1 or v2, with article content)",
    "karakeep": "Karakeep (Hoarder) JSON export",
    "linkwarden": "Linkwarden backup JSON",
    "readeck": "Readeck export zip (bookmarks with saved content and images)",
    "raindrop": "Raindrop.io CSV export",
    "readwise": "Readwise Reader CSV export",
    "matter": "Matter CSV export",
    "zotero": "Zotero CSV export",
    "urls": "A plain text list of URLs, one per line",
}

_Reader = Callable[[Path, Report], Iterator[ImportedItem]]
_READERS: dict[str, _Reader] = {
    "netscape": netscape.read,
    "pocket-zip": pocket_zip.read,
    "pocket-csv": pocket_csv.read,
    "pocket-html": pocket_html.read,
    "instapaper": instapaper.read,
    "omnivore": omnivore.read,
    "wallabag": wallabag.read,
    "karakeep": karakeep.read,
    "linkwarden": linkwarden.read,
    "readeck": readeck.read,
    "raindrop": raindrop.read,
    "readwise": readwise.read,
    "matter": matter.read,
    "zotero": zotero.read,
    "urls": urls.read,
}

# What kind of file each format is, to catch "--format pocket-csv" given a JSON file early.
_KIND_OF: dict[str, str] = {
    "pocket-zip": "zip",
    "omnivore": "zip",
    "readeck": "zip",
    "wallabag": "json",
    "karakeep": "json",
    "linkwarden": "json",
    "netscape": "html",
    "pocket-html": "html",
}
_KIND_NAMES = {
    "zip": "a zip archive",
    "json": "JSON",
    "html": "HTML",
    "text": "a CSV or text file",
    "binary": "a binary file",
}
_PARSE_ERRORS = (
    csv.Error,
    UnicodeError,
    json.JSONDecodeError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RecursionError,
)
_NOT_RECOGNISED = (
    "not a recognised import format (expected a bookmark HTML file, an export zip, "
    "JSON or CSV from a known service, or a list of URLs)"
)


def detect_format(path: Path) -> str:
    """The format name of an import file, from its first 64 KB (or a zip's entry names).

    Raises:
        InputError: Missing, empty, or not a format Broadsheet knows.
    """
    head = _head(path)
    kind = _kind(head)
    if kind == "zip":
        return _detect_zip(path)
    if kind == "binary":
        raise InputError(f"{path.name}: {_NOT_RECOGNISED}")
    text = _head_text(head)
    found = None
    if kind == "json":
        found = _detect_json(text)
    elif kind == "html":
        found = _detect_html(text)
    else:
        found = _detect_csv(text) or _detect_urls(text)
    if found is None:
        raise InputError(f"{path.name}: {_NOT_RECOGNISED}")
    log.debug("%s: detected %s", path.name, found)
    return found


def read_items(
    path: Path, format: str | None = None, problems: list[str] | None = None
) -> Iterator[ImportedItem]:
    """The items of an import file, streamed, in the order the file lists them.

    The file is checked (present, not empty, the right kind for ``format``) before this
    returns, so the common mistakes raise at once; parse errors raise while iterating.

    Args:
        path: The file to import.
        format: One of FORMATS; detected from the content when None.
        problems: Receives one message per skipped row ("line 7: no URL").

    Raises:
        InputError: One line naming the file and, where it applies, the line or zip entry.
    """
    if format is not None and format not in FORMATS:
        choices = ", ".join(FORMATS)
        raise InputError(f"unknown import format '{format}' (one of: {choices})")
    if format is None:
        format = detect_format(path)
    else:
        _check_kind(path, format)
    report = Report(path, problems)
    return _guarded(path, format, _READERS[format](path, report), report)


def _guarded(
    path: Path, format: str, items: Iterator[ImportedItem], report: Report
) -> Iterator[ImportedItem]:
    """Turns stray parser and I/O errors into one-line InputErrors naming the file."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except _PARSE_ERRORS as exc:
        raise InputError(f"{path.name}: cannot be read as {format} ({exc})")
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or exc})")
    if report.skipped:
        log.warning("%s: imported %d items, skipped %d rows", path.name, count, report.skipped)
    else:
        log.info("%s: read %d items as %s", path.name, count, format)


def _head(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise InputError(f"{path.name}: is a folder, not a file")
        head = read_head(path)
    except FileNotFoundError:
        raise InputError(f"{path.name}: no such file")
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror or exc})")
    if not head:
        raise InputError(f"{path.name}: empty file")
    return head


def _kind(head: bytes) -> str:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in head:
        return "binary"
    text = _head_text(head).lstrip()
    if text.startswith(("{", "[")):
        return "json"
    if text.startswith("<"):
        return "html"
    return "text"


def _check_kind(path: Path, format: str) -> None:
    kind = _kind(_head(path))
    expected = _KIND_OF.get(format, "text")
    if kind != expected:
        raise InputError(
            f"{path.name}: this looks like {_KIND_NAMES[kind]}, not a {format} file "
            f"({_KIND_NAMES[expected]} was expected)"
        )


def _head_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    # The head may end mid-character: replace rather than fail.
    return head.decode("utf-8-sig", errors="replace")


def _detect_zip(path: Path) -> str:
    with SafeZip(path, Report(path)) as archive:
        names = archive.names
    if pocket_zip.part_names(names):
        return "pocket-zip"
    if omnivore.metadata_names(names):
        return "omnivore"
    bookmarks = readeck.bookmark_entries(names)
    if any(b.info for b in bookmarks.values()):
        return "readeck"
    raise InputError(f"{path.name}: a zip, but not a Pocket, Omnivore or Readeck export")


_JSON_KEY = re.compile(r'"([A-Za-z_]+)"\s*:')


def _detect_json(text: str) -> str | None:
    keys = set(_JSON_KEY.findall(text))
    start = text.lstrip()[:1]
    if start == "[":
        if keys & {"is_archived", "given_url", "is_starred"}:
            return "wallabag"
        if {"is_read", "is_fav"} <= keys or ({"is_read", "content"} <= keys and "url" in keys):
            return "wallabag"
        return None
    if "bookmarks" in keys and keys & {"createdAt", "content", "lists", "archived"}:
        return "karakeep"
    if "collections" in keys:
        return "linkwarden"
    return None


def _detect_html(text: str) -> str | None:
    lower = text.lower()
    if "<!doctype netscape-bookmark-file" in lower:
        return "netscape"
    if "time_added=" in lower or re.search(r"<h1>\s*(unread|read archive)\s*</h1>", lower):
        return "pocket-html"
    if "<dl" in lower and "<dt" in lower and "<a " in lower:
        return "netscape"
    return None


def _detect_csv(text: str) -> str | None:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        header = next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        return None
    cols = {cell.strip().lstrip("\ufeff").lower() for cell in header}
    if len(cols) < 2:
        return None
    if {"key", "item type", "url"} <= cols:
        return "zotero"
    if {"url", "document tags", "location"} <= cols:
        return "readwise"
    if {"url", "in queue"} <= cols:
        return "matter"
    if {"url", "folder", "excerpt"} <= cols or {"url", "folder", "created", "cover"} <= cols:
        return "raindrop"
    if {"url", "title", "selection", "folder"} <= cols:
        return "instapaper"
    if {"url", "time_added"} <= cols:
        return "pocket-csv"
    return None


def _detect_urls(text: str) -> str | None:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return "urls" if clean_url(stripped.split(" ", 1)[0]) else None
    return None
