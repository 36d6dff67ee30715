"""Tests of image sniffing, sizes, tracking pixels and fetch_images against a local server."""

from __future__ import annotations

import base64
import struct
import threading
import time
import zlib
from collections.abc import Iterator

import pytest

from app.ingest.images import fetch_images, image_size, is_tracking_pixel, sniff_image_mime
from tests.unit.webserver import (
    LocalServer,
    RequestHandler,
    closed_port_url,
    never_answer,
    redirect_to,
    serve,
)


def png(width: int, height: int) -> bytes:
    """A valid greyscale PNG of the given size."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def gif(width: int, height: int) -> bytes:
    """A GIF header and an empty trailer; enough for the size reader."""
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def jpeg(width: int, height: int) -> bytes:
    """A JPEG with an APP0 and a COM segment before its baseline frame header."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = b"\xff\xfe" + struct.pack(">H", 7) + b"hello"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + comment + b"\xff\xff" + sof + b"\xff\xd9"


def webp_vp8x(width: int, height: int) -> bytes:
    payload = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little")
    payload += (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + 8 + len(payload)) + b"WEBPVP8X" + b"\x0a\0\0\0" + payload


def webp_vp8l(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + bits.to_bytes(4, "little")
    return b"RIFF\0\0\0\0WEBPVP8L" + struct.pack("<I", len(payload)) + payload


def webp_vp8(width: int, height: int) -> bytes:
    frame = b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height)
    return b"RIFF\0\0\0\0WEBPVP8 " + struct.pack("<I", len(frame)) + frame


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"></svg>'


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png(640, 480), (640, 480)),
        (gif(300, 20), (300, 20)),
        (jpeg(1024, 768), (1024, 768)),
        (webp_vp8x(1920, 1080), (1920, 1080)),
        (webp_vp8l(17, 33), (17, 33)),
        (webp_vp8(800, 600), (800, 600)),
        (SVG, None),
        (b"\xff\xd8\xff\xd9", None),
        (b"\x89PNG\r\n\x1a\n\x00", None),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_image_size_reads_the_header(data: bytes, size: tuple[int, int] | None) -> None:
    assert image_size(data) == size


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png(1, 1), True),
        (gif(1, 1), True),
        (jpeg(1, 1), True),
        (webp_vp8l(1, 1), True),
        (png(2, 1), False),
        (gif(1, 40), False),
        (jpeg(640, 480), False),
        (SVG, False),
        (b"garbage", False),
    ],
)
def test_is_tracking_pixel(data: bytes, expected: bool) -> None:
    assert is_tracking_pixel(data) is expected


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (png(2, 2), "image/png"),
        (gif(2, 2), "image/gif"),
        (jpeg(2, 2), "image/jpeg"),
        (webp_vp8x(2, 2), "image/webp"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00", "image/avif"),
        (SVG, "image/svg+xml"),
        (b"<!doctype html><html>", None),
        (b"%PDF-1.4", None),
    ],
)
def test_sniff_image_mime(data: bytes, mime: str | None) -> None:
    assert sniff_image_mime(data) == mime


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def test_images_are_downloaded_in_order_with_their_sizes(server: LocalServer) -> None:
    a = server.page("/a.png", png(640, 480), content_type="image/png")
    b = server.page("/b", jpeg(300, 200), content_type="application/octet-stream")
    c = server.page("/c.svg", SVG, content_type="image/svg+xml")
    results = fetch_images([a, b, c], timeout=2)
    assert [(r.url, r.mime, r.width, r.height, r.error) for r in results] == [
        (a, "image/png", 640, 480, None),
        (b, "image/jpeg", 300, 200, None),
        (c, "image/svg+xml", None, None, None),
    ]
    assert results[0].data == png(640, 480)


def test_a_repeated_url_is_fetched_once(server: LocalServer) -> None:
    url = server.page("/logo.png", png(50, 50), content_type="image/png")
    results = fetch_images([url, url], timeout=2)
    assert results[0] == results[1] and results[0].error is None
    assert len(server.hits_for("/logo.png")) == 1


def test_a_redirected_image_is_followed(server: LocalServer) -> None:
    server.page("/real.gif", gif(30, 30), content_type="image/gif")
    url = server.route("/img", redirect_to("/real.gif"))
    [result] = fetch_images([url], timeout=2)
    assert (result.mime, result.width, result.error) == ("image/gif", 30, None)


def test_tracking_pixels_are_dropped(server: LocalServer) -> None:
    url = server.page("/pixel.gif", gif(1, 1), content_type="image/gif")
    [result] = fetch_images([url], timeout=2)
    assert (result.data, result.error, result.width, result.height) == (
        None,
        "tracking pixel",
        1,
        1,
    )


def test_failures_are_returned_not_raised(server: LocalServer) -> None:
    missing = server.url("/missing.png")
    html = server.page("/page", b"<html><body>hi</body></html>")
    liar = server.page(
        "/liar.png", b"<html><body>not an image</body></html>", content_type="image/png"
    )
    empty = server.page("/empty.png", b"", content_type="image/png")
    refused = closed_port_url("/x.png")
    results = fetch_images(
        [missing, html, liar, empty, refused, "javascript:alert(1)", "/relative.png"], timeout=2
    )
    errors = [r.error for r in results]
    assert errors[:4] == [
        "HTTP 404 Not Found",
        "not an image (text/html)",
        "not a recognised image (image/png)",
        "empty response",
    ]
    assert errors[4] is not None and errors[4].startswith("could not connect")
    assert errors[5:] == ["not a web address", "not a web address"]
    assert all(r.data is None for r in results)


@pytest.mark.parametrize("content_length", [True, False])
def test_a_huge_image_stops_at_the_cap(server: LocalServer, content_length: bool) -> None:
    def huge(request: RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "image/png")
        if content_length:
            request.send_header("Content-Length", str(200 * 1024 * 1024))
        request.end_headers()
        request.wfile.write(png(10, 10))
        while not request.server.owner.stopping.is_set():
            request.wfile.write(b"\0" * 65536)

    url = server.route("/huge.png", huge)
    started = time.monotonic()
    [result] = fetch_images([url], max_bytes=1024 * 1024, timeout=2)
    assert (result.data, result.error) == (None, "too large (over 1 MB)")
    assert time.monotonic() - started < 3


def test_a_silent_image_server_times_out(server: LocalServer) -> None:
    url = server.route("/slow.png", never_answer)
    ok = server.page("/ok.png", png(5, 5), content_type="image/png")
    started = time.monotonic()
    results = fetch_images([url, ok], timeout=0.3)
    assert [r.error for r in results] == ["timed out after 0.3 s", None]
    assert time.monotonic() - started < 2


def test_data_urls_are_decoded_without_the_network() -> None:
    encoded = base64.b64encode(png(12, 7)).decode()
    results = fetch_images([f"data:image/png;base64,{encoded}", "data:image/png;base64"])
    assert (results[0].mime, results[0].width, results[0].height, results[0].error) == (
        "image/png",
        12,
        7,
        None,
    )
    assert results[1].error == "malformed data: URL"


def test_cancelled_downloads_fail_as_cancelled(server: LocalServer) -> None:
    url = server.page("/a.png", png(5, 5), content_type="image/png")
    cancel = threading.Event()
    cancel.set()
    [result] = fetch_images([url], cancel=cancel, timeout=2)
    assert result.error == "cancelled"
    assert server.hits_for("/a.png") == []


def test_no_urls_give_no_results() -> None:
    assert fetch_images([]) == []
