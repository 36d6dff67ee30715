"""A zip reader for untrusted exports: entries are read in memory only, with size caps."""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from app.domain.errors import InputError
from app.interop.importers.common import Report

log = logging.getLogger(__name__)

MAX_ENTRY_BYTES = 512 * 1024 * 1024
MIN_TOTAL_BYTES = 512 * 1024 * 1024
# Real exports with images barely compress; a legitimate archive stays far below this.
TOTAL_TO_ARCHIVE_RATIO = 10
MAX_RATIO = 100
# Tiny entries (a run of spaces) compress past 100x legitimately; only large ones are checked.
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ENTRIES = 2_000_000
_CHUNK = 1024 * 1024

_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError)


def is_safe_name(name: str) -> bool:
    """False for absolute paths, drive letters and any '..' segment (zip-slip names)."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return False
    return ".." not in normal.split("/") and "\x00" not in normal


class SafeZip:
    """An open export archive whose entries are only ever read into memory, never extracted.

    Unsafe names are left out of ``names`` and reported once. Every read counts the bytes that
    really come out, so a header that lies about sizes cannot get past the caps: 512 MB per
    entry, a compression ratio of 100 for entries over 1 MB, and in total the larger of 512 MB
    and ten times the archive's own size.

    Args:
        path: The zip file.
        report: Receives skipped entries; names the file in errors.
    """

    def __init__(self, path: Path, report: Report) -> None:
        self.report = report
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (*_DAMAGED, OSError) as exc:
            raise report.error(f"not a valid zip file (truncated or damaged: {exc})")
        if len(infos) > MAX_ENTRIES:
            self._zip.close()
            raise report.error(f"too many zip entries ({len(infos)})")
        self._budget = max(MIN_TOTAL_BYTES, TOTAL_TO_ARCHIVE_RATIO * path.stat().st_size)
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.is_dir():
                continue
            if not is_safe_name(info.filename):
                report.skip(f"entry {info.filename}", "unsafe path in the zip, skipped")
                continue
            self._infos[info.filename] = info

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()

    @property
    def names(self) -> list[str]:
        """The safe file entries, in archive order."""
        return list(self._infos)

    def error(self, name: str, reason: str) -> InputError:
        """An InputError naming the archive and the entry."""
        return self.report.error(reason, f"entry {name}")

    def _check(self, info: zipfile.ZipInfo) -> None:
        name = info.filename
        if info.flag_bits & 0x1:
            raise self.error(name, "encrypted entries are not supported")
        if info.file_size > MAX_ENTRY_BYTES:
            raise self.error(name, f"uncompressed size {info.file_size} is over the 512 MB cap")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise self.error(name, "compression ratio over 100:1; refusing a possible zip bomb")
        if info.file_size > self._budget:
            raise self.error(name, "the archive unpacks to more than the total size cap")

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """A binary stream over one entry; reading past the caps raises InputError."""
        info = self._infos.get(name)
        if info is None:
            raise self.error(name, "no such entry")
        self._check(info)
        try:
            raw = self._zip.open(info)
        except (*_DAMAGED, OSError) as exc:
            raise self.error(name, f"cannot be read ({exc})")
        stream = _CappedStream(raw, self, info)
        try:
            yield io.BufferedReader(stream, buffer_size=_CHUNK)
        finally:
            raw.close()

    def read(self, name: str) -> bytes:
        """One entry's bytes, within the caps."""
        with self.open(name) as stream:
            return stream.read()

    def spend(self, name: str, count: int, info: zipfile.ZipInfo, done: int) -> None:
        """Charge bytes read against the caps (used by the capped stream)."""
        self._budget -= count
        if self._budget < 0:
            raise self.error(name, "the archive unpacks to more than the total size cap")
        if done > MAX_ENTRY_BYTES or done > info.file_size:
            raise self.error(name, "more data than its header declares; refusing it")


class _CappedStream(io.RawIOBase):
    """Counts what comes out of a zip entry and turns damage into InputError."""

    def __init__(self, raw: IO[bytes], owner: SafeZip, info: zipfile.ZipInfo) -> None:
        self._raw = raw
        self._owner = owner
        self._info = info
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        try:
            data = self._raw.read(len(view))
        except (*_DAMAGED, OSError) as exc:
            raise self._owner.error(self._info.filename, f"damaged ({exc})")
        self._done += len(data)
        self._owner.spend(self._info.filename, len(data), self._info, self._done)
        view[: len(data)] = data
        return len(data)
