"""Saving from the web through the services, against a local server on 127.0.0.1."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.assetrefs import ASSET_PREFIX
from app.domain.errors import InputError
from app.ingest.fetch import FetchLimits
from app.services import fetch_queue, fetching
from app.services.library import Library
from tests.unit.webserver import LocalServer, closed_port_url, serve


def _png(width: int, height: int) -> bytes:
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


NEWS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Glacier retreat speeds up in the Alps | Mountain Times</title>
<meta property="og:site_name" content="Mountain Times">
<meta name="author" content="Jo Climber">
<meta property="article:published_time" content="2026-03-14T08:00:00Z">
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a>
| <a href="/weather">Weather</a></nav></header>
<aside class="summary-widget"><h3>Most read</h3><ul><li><a href="/a">Ski season opens</a></li>
<li><a href="/b">Road closures</a></li></ul></aside>
<main><article>
<h1>Glacier retreat speeds up in the Alps</h1>
<p class="byline">By Jo Climber</p>
<p>Researchers measuring the great glaciers of the western Alps say the ice is now thinning
faster than at any time since records began, with some tongues losing several metres a year.</p>
<figure><img src="/img/placeholder.gif" data-src="/img/glacier.png" alt="The glacier tongue">
<figcaption>The glacier tongue in August</figcaption></figure>
<p>The team, which has surveyed the same twelve sites every autumn for three decades, found
that the summer of 2025 alone removed more ice than the whole of the previous five years.</p>
<blockquote><p>We are watching a landscape disappear within one working life.</p></blockquote>
<p>Mountain guides report that routes used for generations have become unsafe, as crevasses
open where there was firm snow and rock falls increase on the exposed slopes beneath.</p>
<p>The scientists call for more monitoring stations and for data to be shared openly between
the Alpine countries, so that villages downstream can plan for floods and water shortages.</p>
</article>
<div class="share">Share on <a href="/s/fb">Facebook</a> <a href="/s/x">X</a></div>
<nav class="pager"><a href="/prev">Previous article</a> <a href="/next">Next article</a></nav>
<section id="comments"><h2>Comments</h2><p>Great article, thanks! posted by reader123</p>
</section></main>
<img src="/pixel.gif" width="1" height="1" alt="">
<footer>© 2026 Mountain Times. All rights reserved.</footer>
</body></html>"""

GIF_1X1 = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def test_realistic_news_page_is_kept_whole_and_offline(server: LocalServer, tmp_path: Path) -> None:
    url = server.page("/news/glacier", NEWS_PAGE.encode())
    server.page("/img/glacier.png", _png(64, 48), content_type="image/png")
    server.page("/img/placeholder.gif", GIF_1X1, content_type="image/gif")
    server.page("/pixel.gif", GIF_1X1, content_type="image/gif")

    lib = Library.open(tmp_path / "lib")
    try:
        result = fetching.add_url(lib.db, url + "?utm_source=newsletter", ["climate"], limits=FAST)
        detail = lib.get(result.article_id)
    finally:
        lib.close()
    body = detail.body_markdown
    assert detail.record.title.startswith("Glacier retreat speeds up in the Alps")
    assert detail.record.fetch_status == "done"
    for kept in ("thinning", "twelve sites", "landscape disappear", "monitoring stations"):
        assert kept in body
    for dropped in ("cookies", "Most read", "Share on", "Previous article", "Great article",
                    "All rights reserved", "Sport"):  # fmt: skip
        assert dropped not in body, dropped
    assert "> We are watching" in body
    images = [a for a in detail.assets if a.role in ("image", "lead")]
    assert len(images) == 1 and images[0].mime == "image/png"
    assert f"{ASSET_PREFIX}{images[0].sha256}" in body
    assert "127.0.0.1" not in body  # no remote reference is left in the body
    assert any(a.role == "snapshot" for a in detail.assets)
    assert detail.record.tags == ("climate",)

    # With the server gone, the article and its image still read from the library.
    server.__exit__(None, None, None)
    lib = Library.open(tmp_path / "lib")
    try:
        again = lib.get(result.article_id)
        assert again.body_markdown == body
        assert lib.read_asset(images[0].sha256) is not None
        assert lib.doctor().ok
    finally:
        lib.close()


def test_duplicate_url_returns_existing_and_merges_tags(
    server: LocalServer, tmp_path: Path
) -> None:
    url = server.page("/a", NEWS_PAGE.encode())
    with Library.open(tmp_path / "lib") as lib:
        first = fetching.add_url(lib.db, url, ["one"], limits=FAST)
        variant = url.replace("http://", "HTTP://") + "?utm_source=x#frag"
        second = fetching.add_url(lib.db, variant, ["two"], limits=FAST)
        assert second.article_id == first.article_id and not second.created
        assert lib.get(first.article_id).record.tags == ("one", "two")
        assert lib.count() == 1


def test_failed_fetch_keeps_the_url_with_its_error(server: LocalServer, tmp_path: Path) -> None:
    url = server.page("/gone", b"not here", status=404)
    with Library.open(tmp_path / "lib") as lib:
        result = fetching.add_url(lib.db, url, limits=FAST)
        detail = lib.get(result.article_id)
        assert detail.record.fetch_status == "failed"
        assert "404" in (detail.fetch_error or "")
        unreachable = fetching.add_url(lib.db, closed_port_url("/x"), limits=FAST)
        assert lib.get(unreachable.article_id).record.fetch_status == "failed"
        # The retry action works once the page exists.
        server.page("/gone", NEWS_PAGE.encode())
        lib.refetch(result.article_id)
        assert lib.get(result.article_id).record.fetch_status == "done"


def test_offline_save_stores_the_url_pending(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        result = lib.add_url("https://example.com/later?utm_medium=x", offline=True)
        detail = lib.get(result.article_id)
        assert detail.record.fetch_status == "pending"
        assert fetch_queue.queued_ids(lib.db) == [result.article_id]


@pytest.mark.parametrize(
    "bad", ["ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "http://", "::"]
)
def test_invalid_urls_store_nothing(tmp_path: Path, bad: str) -> None:
    with Library.open(tmp_path / "lib") as lib:
        with pytest.raises(InputError):
            lib.add_url(bad)
        assert lib.count() == 0


def test_reextract_runs_offline_from_the_snapshot(server: LocalServer, tmp_path: Path) -> None:
    url = server.page("/r", NEWS_PAGE.encode())
    with Library.open(tmp_path / "lib") as lib:
        result = fetching.add_url(lib.db, url, limits=FAST)
        before = lib.get(result.article_id).body_markdown
        server.__exit__(None, None, None)
        lib.reextract(result.article_id)
        assert lib.get(result.article_id).body_markdown == before
