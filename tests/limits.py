"""Hostile sizes for the limit tests: huge page, deep nesting, 50-megapixel image, long line."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

ARTICLE = "<h1>Limits</h1><p>Enough ordinary words here to make a readable article body.</p>"


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width x height (its pixels are never decoded by Broadsheet)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def sparse_file(path: Path, size: int) -> Path:
    """A file of `size` bytes that costs no disk (and no time) to make."""
    with path.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(size)
    return path


def deep_page(path: Path, depth: int) -> Path:
    path.write_text(
        f"<html><body>{ARTICLE}" + "<div>" * depth + "deep text" + "</div>" * depth + "</body>",
        encoding="utf-8",
    )
    return path


def huge_image_page(folder: Path, width: int, height: int) -> Path:
    (folder / "huge.png").write_bytes(png_header_only(width, height))
    page = folder / "image.html"
    page.write_text(
        f'<html><body><article>{ARTICLE}<p><img src="huge.png" alt="a huge image"></p>'
        "<p>More words after the image so the article is kept whole.</p></article></body></html>",
        encoding="utf-8",
    )
    return page


def long_line_page(path: Path, size: int) -> Path:
    path.write_text("# One line\n\n" + ("word " * (size // 5)), encoding="utf-8")
    return path


def zip_bomb(path: Path, inflated: int) -> Path:
    """A Pocket-looking zip whose one CSV inflates to `inflated` bytes of zeros."""
    block = b"0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("part_000000.csv", "w", force_zip64=True) as handle,
    ):
        for _ in range(inflated // len(block)):
            handle.write(block)
    return path
