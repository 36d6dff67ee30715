"""Downloading an article's images: size-capped, type-checked, tracking pixels dropped."""

from __future__ import annotations

import base64
import binascii
import logging
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import httpx

from app.ingest.fetch import browser_headers, describe_size

__all__ = [
    "FetchedImage",
    "fetch_images",
    "image_size",
    "is_tracking_pixel",
    "sniff_image_mime",
    "too_many_pixels",
]

log = logging.getLogger(__name__)

#: Images with more pixels are not kept: decoding one takes 4 bytes a pixel in the reader.
MAX_IMAGE_PIXELS = 40_000_000

#: Downloads at once for one article; about what a browser opens per host.
IMAGE_WORKERS = 4

_ACCEPT = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
# Servers (S3 and friends) often label images with these; the bytes then decide.
_VAGUE_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/download"}
)
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"BM", "image/bmp"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xff\x0a", "image/jxl"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "image/jxl"),
)
# ISO-BMFF brands (bytes 8..12 after "ftyp") of still-image formats.
_FTYP_BRANDS = {
    b"avif": "image/avif",
    b"avis": "image/avif",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heif",
}
_SVG_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]",
    re.IGNORECASE | re.DOTALL,
)
# JPEG start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchedImage:
    """One image download; data is None and error says why when it failed or was dropped."""

    url: str
    data: bytes | None
    mime: str | None
    width: int | None
    height: int | None
    error: str | None


def fetch_images(
    urls: Sequence[str],
    *,
    client: httpx.Client | None = None,
    max_bytes: int = 15 * 1024 * 1024,
    timeout: float = 20.0,
    cancel: threading.Event | None = None,
) -> list[FetchedImage]:
    """Downloads images a few at a time; a failure is reported per image, never raised.

    Each distinct URL is fetched once. http(s) URLs and base64 or percent-encoded data:
    URLs are accepted. A response must be image/* (or a vague type such as
    application/octet-stream) and its bytes must look like an image format; 1x1 images
    are dropped as tracking pixels.

    Args:
        urls: Absolute image URLs from the extracted body and the lead image.
        client: A shared client; a private one is used when None.
        max_bytes: The cap per image; a bigger image fails as "too large".
        timeout: Connect and read timeout per image, in seconds.
        cancel: When set, images not yet downloaded fail as "cancelled".

    Returns:
        One result per given URL, in the same order (a repeated URL repeats its result).
    """
    unique = list(dict.fromkeys(urls))
    if not unique:
        return []
    own_client = client is None
    http = client or httpx.Client(headers=browser_headers(_ACCEPT), follow_redirects=True)
    job = _Job(http, max_bytes, httpx.Timeout(timeout), timeout, cancel)
    try:
        with ThreadPoolExecutor(min(IMAGE_WORKERS, len(unique)), "image-fetch") as pool:
            results = dict(zip(unique, pool.map(job.fetch, unique), strict=True))
    finally:
        if own_client:
            http.close()
    return [results[url] for url in urls]


def sniff_image_mime(data: bytes) -> str | None:
    """Names the image format from the first bytes, or None when it is not an image.

    Args:
        data: The start of a file (the first kilobyte is enough).

    Returns:
        A MIME type such as "image/png", or None.
    """
    for magic, mime in _SIGNATURES:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in _FTYP_BRANDS:
        return _FTYP_BRANDS[data[8:12]]
    if _SVG_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "image/svg+xml"
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Reads width and height from the header of a PNG, GIF, JPEG or WebP image.

    Args:
        data: The image file (only the header is read).

    Returns:
        (width, height), or None for other formats and damaged headers.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return _be(data[16:20]), _be(data[20:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return _le(data[6:8]), _le(data[8:10])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def too_many_pixels(data: bytes) -> bool:
    """Whether an image is larger than MAX_IMAGE_PIXELS (read from its header only)."""
    size = image_size(data)
    return size is not None and size[0] * size[1] > MAX_IMAGE_PIXELS


def is_tracking_pixel(data: bytes) -> bool:
    """Tells whether an image is a 1x1 (or empty) pixel, as trackers and spacers are.

    Args:
        data: The image file.

    Returns:
        True when the header says the image is at most 1x1.
    """
    size = image_size(data)
    return size is not None and size[0] <= 1 and size[1] <= 1


class _Job:
    """The settings shared by the downloads of one fetch_images call."""

    def __init__(
        self,
        client: httpx.Client,
        max_bytes: int,
        timeouts: httpx.Timeout,
        timeout: float,
        cancel: threading.Event | None,
    ) -> None:
        self.client = client
        self.max_bytes = max_bytes
        self.timeouts = timeouts
        self.timeout = timeout
        self.cancel = cancel

    def fetch(self, url: str) -> FetchedImage:
        """Downloads and checks one image; every failure becomes an error result."""
        try:
            if self._cancelled():
                return _failed(url, "cancelled")
            if url.lower().startswith("data:"):
                return self._check(url, _decode_data_url(url), "")
            if not url.lower().startswith(("http://", "https://")):
                return _failed(url, "not a web address")
            return self._download(url)
        except _ImageError as exc:
            return _failed(url, str(exc))
        except httpx.TimeoutException:
            return _failed(url, f"timed out after {self.timeout:g} s")
        except httpx.HTTPError as exc:
            return _failed(url, _describe(exc))
        except Exception as exc:  # One broken image must never cost the whole article.
            log.warning("image %s failed unexpectedly", url, exc_info=True)
            return _failed(url, f"failed ({type(exc).__name__}: {exc})")

    def _download(self, url: str) -> FetchedImage:
        """Streams one image under the cap and checks it."""
        headers = browser_headers(_ACCEPT)
        with self.client.stream(
            "GET", url, headers=headers, timeout=self.timeouts, follow_redirects=True
        ) as response:
            if response.status_code >= 300:
                reason = f" {response.reason_phrase}" if response.reason_phrase else ""
                raise _ImageError(f"HTTP {response.status_code}{reason}")
            media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if not media.startswith("image/") and media not in _VAGUE_TYPES:
                raise _ImageError(f"not an image ({media})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise _ImageError(self._too_large())
            data = self._read(response)
        return self._check(url, data, media)

    def _read(self, response: httpx.Response) -> bytes:
        """Reads the body, stopping past the cap or when cancelled."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise _ImageError(self._too_large())
            if self._cancelled():
                raise _ImageError("cancelled")
            chunks.append(chunk)
        return b"".join(chunks)

    def _check(self, url: str, data: bytes, media: str) -> FetchedImage:
        """Checks the bytes of a downloaded image and measures it."""
        if not data:
            raise _ImageError("empty response")
        if len(data) > self.max_bytes:
            raise _ImageError(self._too_large())
        mime = sniff_image_mime(data)
        if mime is None:
            shown = f" ({media})" if media else ""
            raise _ImageError(f"not a recognised image{shown}")
        size = image_size(data)
        width, height = size if size is not None else (None, None)
        if is_tracking_pixel(data):
            return FetchedImage(url, None, mime, width, height, "tracking pixel")
        if too_many_pixels(data):
            raise _ImageError(f"too many pixels ({width}x{height})")
        return FetchedImage(url, data, mime, width, height, None)

    def _too_large(self) -> str:
        return f"too large (over {describe_size(self.max_bytes)})"

    def _cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()


class _ImageError(Exception):
    """A reason one image is not kept; becomes FetchedImage.error."""


def _failed(url: str, error: str) -> FetchedImage:
    return FetchedImage(url, None, None, None, None, error)


def _describe(exc: httpx.HTTPError) -> str:
    """One short line for a network failure."""
    detail = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc)).strip() or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({detail})"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    return detail


def _decode_data_url(url: str) -> bytes:
    """Decodes the payload of a data: URL (base64 or percent-encoded)."""
    header, comma, payload = url.partition(",")
    if not comma:
        raise _ImageError("malformed data: URL")
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode(unquote_to_bytes(payload.strip()), validate=False)
        except (binascii.Error, ValueError):
            raise _ImageError("malformed data: URL")
    return unquote_to_bytes(payload)


def _be(data: bytes) -> int:
    return int.from_bytes(data, "big")


def _le(data: bytes) -> int:
    return int.from_bytes(data, "little")


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walks the JPEG segments up to the first start-of-frame marker."""
    i = 2
    end = len(data)
    while i + 3 < end:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # Fill byte before a marker.
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # Markers without a length.
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # End of image or start of scan before any frame.
            return None
        length = _be(data[i + 2 : i + 4])
        if marker in _JPEG_SOF:
            if i + 9 > end:
                return None
            return _be(data[i + 7 : i + 9]), _be(data[i + 5 : i + 7])
        if length < 2:
            return None
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """Reads the canvas size from a lossy (VP8), lossless (VP8L) or extended (VP8X) WebP."""
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        return _le(data[24:27]) + 1, _le(data[27:30]) + 1
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = _le(data[21:25])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        return _le(data[26:28]) & 0x3FFF, _le(data[28:30]) & 0x3FFF
    return None
