"""Reading a bundle zip as hostile input: entry names, sizes, bombs, hashes and field types."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from app.domain.errors import InputError
from app.interop.bundle.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_NAME,
    MANIFEST_NAME,
    BundleArticle,
    BundleInfo,
)
from app.interop.bundle.schema import Fields, article_from_json

log = logging.getLogger(__name__)

# Caps on what a reader accepts (uncompressed sizes). Module constants so tests can lower them.
MAX_HEADER_BYTES = 1 << 20
MAX_MANIFEST_LINE_BYTES = 64 << 20
MAX_BODY_BYTES = 256 << 20
MAX_ASSET_BYTES = 1 << 30
MAX_ENTRIES = 20_000_000
# Deflate cannot beat about 1032:1; honest text rarely passes 100:1. Past this ratio, on an
# entry big enough to matter, the zip is treated as a bomb.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 16 << 20

SHA256 = re.compile(r"[0-9a-f]{64}")
_ASSET_ENTRY = re.compile(r"assets/([0-9a-f]{64})")
_ARTICLE_ENTRY = re.compile(r"articles/(-?[0-9]+)\.(md|txt)")


def read_bundle_info(path: Path) -> BundleInfo:
    """Reads and validates a bundle's header without reading its articles.

    Raises:
        InputError: When the file is not a usable Broadsheet bundle.
    """
    with _open_zip(path) as zf:
        _check_entries(path, zf)
        return _read_header(path, zf)


def read_bundle(path: Path) -> Iterator[BundleArticle]:
    """Yields the articles of a bundle in export order, validating everything on the way.

    The zip stays open while the iteration runs; call each article's `asset_data` before
    moving on (or at least before the iteration ends).

    Args:
        path: The bundle zip.

    Yields:
        One `BundleArticle` per manifest line.

    Raises:
        InputError: On any problem, naming the file and the entry or manifest line at fault.
    """
    with _open_zip(path) as zf:
        entries = _check_entries(path, zf)
        header = _read_header(path, zf)
        if MANIFEST_NAME not in entries:
            raise InputError(f"{path}: {MANIFEST_NAME} is missing")

        def asset_data(sha: str) -> bytes | None:
            return _read_asset(path, zf, entries, sha)

        count = 0
        seen: set[int] = set()
        with zf.open(MANIFEST_NAME) as raw:
            for number, line in enumerate(_lines(path, raw), start=1):
                where = f"{path}: {MANIFEST_NAME} line {number}"
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except (UnicodeDecodeError, ValueError) as exc:
                    raise InputError(f"{where}: not valid JSON ({exc})")
                entry = Fields(data, where)
                article_id = entry.integer("id")
                if article_id in seen:
                    raise InputError(f"{where}: article id {article_id} appears twice")
                seen.add(article_id)
                body = _read_text(path, zf, entries, f"articles/{article_id}.md")
                text = _read_text(path, zf, entries, f"articles/{article_id}.txt")
                detail, missing = article_from_json(entry, body, text)
                for asset in detail.assets:
                    if asset.sha256 not in missing and f"assets/{asset.sha256}" not in entries:
                        raise InputError(f"{where}: asset {asset.sha256} is missing from the zip")
                count += 1
                yield BundleArticle(detail=detail, asset_data=asset_data, missing_assets=missing)
        if count != header.articles:
            raise InputError(
                f"{path}: {MANIFEST_NAME} holds {count} articles, the header says {header.articles}"
            )


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a bundle")
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable zip file ({exc})")


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return True
    if re.match(r"[A-Za-z]:", name):
        return True
    parts = name.rstrip("/").split("/")
    return any(part in ("", ".", "..") for part in parts)


def _check_entries(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Validates every entry's name, size and flags; returns entries by name."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"{path}: {len(infos)} entries is more than a bundle may hold")
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise InputError(f"{path}: unsafe entry name {name!r}")
        if name in entries:
            raise InputError(f"{path}: entry {name!r} appears twice")
        if info.flag_bits & 0x1:
            raise InputError(f"{path}: entry {name!r} is encrypted")
        if name.endswith("/"):
            entries[name] = info
            continue
        if name == HEADER_NAME:
            cap = MAX_HEADER_BYTES
        elif name == MANIFEST_NAME:
            cap = 1 << 62  # bounded line by line instead
        elif name.startswith("assets/"):
            if not _ASSET_ENTRY.fullmatch(name):
                raise InputError(f"{path}: entry {name!r} is not named by a sha256")
            cap = MAX_ASSET_BYTES
        elif name.startswith("articles/"):
            if not _ARTICLE_ENTRY.fullmatch(name):
                raise InputError(f"{path}: unexpected entry {name!r}")
            cap = MAX_BODY_BYTES
        else:
            log.info("bundle: ignoring unknown entry %r in %s", name, path)
            cap = 1 << 62
        if info.file_size > cap:
            raise InputError(
                f"{path}: entry {name!r} is {info.file_size} bytes, more than the {cap} allowed"
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise InputError(f"{path}: entry {name!r} is compressed suspiciously well (zip bomb?)")
        entries[name] = info
    return entries


def _read_entry(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        # ZipExtFile never yields more than the declared size and checks the CRC at the end,
        # so the size checked in _check_entries bounds this read.
        with zf.open(info) as handle:
            return handle.read()
    except ValueError as exc:
        # zipfile raises ValueError once the archive is closed.
        raise InputError(f"{path}: cannot read {info.filename!r}: {exc}")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise InputError(f"{path}: entry {info.filename!r} is damaged ({exc})")


def _read_header(path: Path, zf: zipfile.ZipFile) -> BundleInfo:
    try:
        info = zf.getinfo(HEADER_NAME)
    except KeyError:
        raise InputError(f"{path}: {HEADER_NAME} is missing; not a Broadsheet bundle")
    raw = _read_entry(path, zf, info)
    where = f"{path}: {HEADER_NAME}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{where}: not valid JSON ({exc})")
    fields = Fields(data, where)
    if fields.text("format") != FORMAT_NAME:
        raise InputError(f"{where}: format is not {FORMAT_NAME!r}")
    version = fields.integer("version")
    if version > FORMAT_VERSION:
        raise InputError(
            f"{where}: bundle version {version} is newer than this Broadsheet reads "
            f"({FORMAT_VERSION}); update Broadsheet"
        )
    if version < 1:
        raise InputError(f"{where}: bundle version {version} is not valid")
    return BundleInfo(
        version=version,
        exported_at=fields.moment("exported_at"),
        app_version=fields.text("app_version"),
        title=fields.text("title"),
        articles=fields.integer("articles"),
        assets=fields.integer("assets"),
    )


def _lines(path: Path, raw: IO[bytes]) -> Iterator[bytes]:
    """Manifest lines, each bounded so that one giant line cannot exhaust memory."""
    number = 0
    while True:
        try:
            line = raw.readline(MAX_MANIFEST_LINE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError(f"{path}: {MANIFEST_NAME} is damaged ({exc})")
        if not line:
            return
        number += 1
        if len(line) > MAX_MANIFEST_LINE_BYTES:
            raise InputError(f"{path}: {MANIFEST_NAME} line {number} is too long")
        yield line


def _read_text(
    path: Path, zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], name: str
) -> str:
    info = entries.get(name)
    if info is None:
        raise InputError(f"{path}: entry {name!r} is missing")
    data = _read_entry(path, zf, info)
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: entry {name!r} is not UTF-8 ({exc})")


def _read_asset(
    path: Path, zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], sha: str
) -> bytes | None:
    sha = sha.lower()
    info = entries.get(f"assets/{sha}")
    if info is None:
        return None
    data = _read_entry(path, zf, info)
    if hashlib.sha256(data).hexdigest() != sha:
        raise InputError(f"{path}: entry 'assets/{sha}' does not match its sha256")
    return data
