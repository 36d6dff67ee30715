"""Streaming text for importers: lines decoded with a fallback, CSV rows, JSON arrays."""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from app.interop.importers.common import Report
from app.interop.records import ImportedItem

log = logging.getLogger(__name__)

HEAD_BYTES = 64 * 1024
MAX_LINE_BYTES = 64 * 1024 * 1024
MAX_JSON_BYTES = 1024 * 1024 * 1024
_CHUNK = 1024 * 1024
_LINE_BUFFER = 64 * 1024
# csv's default 128 KB field limit is too small for exported notes and highlights.
_FIELD_LIMIT = MAX_LINE_BYTES


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a file: detection never reads more than this."""
    with path.open("rb") as handle:
        return handle.read(size)


def decode_bytes(data: bytes, label: str) -> str:
    """Bytes of a whole small file as text: UTF-8 (BOM or not), UTF-16 by BOM, else Windows-1252.

    Args:
        data: The file's bytes.
        label: The file (and entry) named in the fallback warning.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        log.warning("%s: not UTF-8 (byte %d); read as Windows-1252", label, exc.start)
        return _decode_legacy(data)


def _decode_legacy(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return data.decode("latin-1")


class _LineDecoder:
    """Decodes lines one at a time, switching to Windows-1252 for lines that are not UTF-8."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.warned = False

    def decode(self, raw: bytes, line_no: int) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if not self.warned:
                self.warned = True
                log.warning(
                    "%s: line %d is not UTF-8; such lines are read as Windows-1252",
                    self.label,
                    line_no,
                )
            return _decode_legacy(raw)


def iter_lines(stream: IO[bytes], report: Report, where: str = "") -> Iterator[str]:
    """Decoded lines of a binary stream, line endings kept, never more than one line in memory.

    A UTF-8 BOM is dropped; a UTF-16 BOM switches to UTF-16. A line longer than 64 MB is an
    InputError, so a binary file cannot make the import hold it whole.

    Args:
        stream: The open binary file or zip entry.
        report: Names the file in errors.
        where: A prefix for error locations ("part_000001.csv: "), empty for plain files.
    """
    first = stream.read(4)
    buffered = io.BufferedReader(_Prefixed(first, stream), buffer_size=_LINE_BUFFER)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from io.TextIOWrapper(buffered, encoding="utf-16", errors="replace", newline="")
        return
    if first.startswith(codecs.BOM_UTF8):
        buffered.read(3)
    decoder = _LineDecoder(f"{report.name}: {where}".rstrip(": "))
    line_no = 0
    while True:
        raw = buffered.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        line_no += 1
        if len(raw) > MAX_LINE_BYTES:
            raise report.error("line longer than 64 MB; not a text file?", f"{where}line {line_no}")
        yield decoder.decode(raw, line_no)


class _Prefixed(io.RawIOBase):
    """A binary stream with some already-read bytes put back in front."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._prefix:
            count = min(len(view), len(self._prefix))
            view[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)


@dataclass(frozen=True)
class CsvRow:
    """One CSV record: the line it starts on and its fields by lower-case header name."""

    line: int
    fields: dict[str, str]

    def get(self, name: str) -> str:
        """The field's value, or "" when the column or the value is missing."""
        return self.fields.get(name, "")

    @property
    def where(self) -> str:
        """ "line 12", for messages."""
        return f"line {self.line}"


def iter_csv(
    stream: IO[bytes],
    report: Report,
    required: Sequence[str],
    format_name: str,
    where: str = "",
) -> Iterator[CsvRow]:
    """Rows of a CSV file as dicts keyed by the lower-cased header, streamed.

    Args:
        stream: The open binary file or zip entry.
        report: Names the file in errors.
        required: Lower-case column names that must be in the header.
        format_name: The format expected, named when the header does not fit.
        where: A prefix for locations ("part_000001.csv: "), empty for plain files.

    Raises:
        InputError: An empty file, a missing column, or a line the csv module cannot parse.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(iter_lines(stream, report, where))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
    except csv.Error as exc:
        raise report.error(f"not a CSV file ({exc})", f"{where}line {reader.line_num}")
    if header is None:
        raise report.error("empty file", where.rstrip(": ") or None)
    names = [cell.strip().lstrip("\ufeff").strip().lower() for cell in header]
    for column in required:
        if column not in names:
            raise report.error(
                f"missing column '{column}' (is this a {format_name} CSV?)",
                f"{where}line {reader.line_num}",
            )
    previous = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise report.error(f"bad CSV ({exc})", f"{where}line {previous + 1}")
        start = previous + 1
        previous = reader.line_num
        if not cells or not any(cell.strip() for cell in cells):
            continue
        fields = {name: value for name, value in zip(names, cells, strict=False) if name}
        yield CsvRow(start, fields)


def iter_json_array(stream: IO[bytes], report: Report, what: str) -> Iterator[tuple[int, Any]]:
    """The elements of a top-level JSON array, parsed one at a time without loading the file.

    Args:
        stream: The open binary file.
        report: Names the file in errors.
        what: What the array should hold ("a wallabag export"), named when it is not an array.

    Yields:
        (1-based index, element) pairs.
    """
    text = _TextChunks(stream, report.name)
    decoder = json.JSONDecoder()
    buf = text.read()
    pos = _skip_ws(buf, 0)
    while pos >= len(buf) and not text.eof:
        buf += text.read()
        pos = _skip_ws(buf, pos)
    if pos >= len(buf):
        raise report.error("empty file")
    if buf[pos] != "[":
        raise report.error(f"not {what}: expected a JSON array")
    pos += 1
    index = 0
    expect_value = True
    while True:
        pos = _skip_ws(buf, pos)
        if pos >= len(buf):
            if text.eof:
                raise report.error("JSON ends too early (truncated file?)", f"entry {index + 1}")
            buf = buf[pos:] + text.read()
            pos = 0
            continue
        char = buf[pos]
        if char == "]" and (index == 0 or not expect_value):
            return
        if not expect_value:
            if char != ",":
                raise report.error("bad JSON: expected ',' or ']'", f"entry {index}")
            pos += 1
            expect_value = True
            continue
        try:
            value, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            if text.eof:
                raise report.error(f"bad JSON ({exc.msg})", f"entry {index + 1}")
            # Double the window each retry, so a huge entry costs log(n) re-parses, not n.
            buf = buf[pos:] + text.read(max(_CHUNK, len(buf) - pos))
            pos = 0
            continue
        if end >= len(buf) and not text.eof:
            # A number cut at the chunk edge parses too early; read on and parse again.
            buf = buf[pos:] + text.read()
            pos = 0
            continue
        index += 1
        expect_value = False
        pos = end
        yield index, value
        if pos > _CHUNK:
            buf = buf[pos:]
            pos = 0


def _skip_ws(buf: str, pos: int) -> int:
    length = len(buf)
    while pos < length and buf[pos] in " \t\r\n":
        pos += 1
    return pos


class _TextChunks:
    """Decodes a binary stream chunk by chunk; switches to Windows-1252 if UTF-8 fails."""

    def __init__(self, stream: IO[bytes], label: str) -> None:
        self._stream = stream
        self._label = label
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._fallback = False
        self._offset = 0
        self.eof = False

    def read(self, size: int = _CHUNK) -> str:
        if self.eof:
            return ""
        data = self._stream.read(size)
        self.eof = not data
        if self._fallback:
            return _decode_legacy(data)
        try:
            text = self._decoder.decode(data, final=self.eof)
        except UnicodeDecodeError:
            log.warning(
                "%s: not UTF-8 after byte %d; the rest is read as Windows-1252",
                self._label,
                self._offset,
            )
            self._fallback = True
            text = _decode_legacy(data)
        self._offset += len(data)
        return text


def load_json(stream: IO[bytes], report: Report, where: str = "") -> Any:
    """A whole JSON document (for exports that must be read whole), size-capped.

    Raises:
        InputError: Larger than 1 GB, or not valid JSON (with its line).
    """
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise report.error("JSON document larger than 1 GB", where or None)
    if not data.strip():
        raise report.error("empty file", where or None)
    text = decode_bytes(data, f"{report.name} {where}".strip())
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        location = f"{where}: line {exc.lineno}" if where else f"line {exc.lineno}"
        raise report.error(f"not valid JSON ({exc.msg})", location)


class ItemParser(Protocol):
    """A line-fed parser (an HTMLParser) that collects the items it has finished in `items`."""

    items: list[ImportedItem]

    def feed(self, data: str) -> None: ...

    def close(self) -> None: ...


def iter_parsed_items(path: Path, report: Report, parser: ItemParser) -> Iterator[ImportedItem]:
    """Feeds the file's lines to `parser`, yielding items as they finish (memory stays flat)."""
    with path.open("rb") as stream:
        for line in iter_lines(stream, report):
            parser.feed(line)
            if parser.items:
                yield from parser.items
                parser.items.clear()
    parser.close()
    yield from parser.items
