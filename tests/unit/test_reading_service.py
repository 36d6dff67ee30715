"""Reading position, mark-read-at-end and the saved-page snapshot, through the services."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.errors import BroadsheetError, NotFoundError
from app.domain.render_original import (
    clean_saved_page,
    render_original_page,
    sanitize_snapshot,
)
from app.ingest.fetch import FetchLimits
from app.services import fetching
from app.services.library import Library
from tests.unit.test_saving_web import GIF_1X1, NEWS_PAGE, _png
from tests.unit.webserver import LocalServer, serve

FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)
SHA = "cd" * 32


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def _add_page(library: Library, tmp_path: Path, name: str = "story") -> int:
    page = tmp_path / f"{name}.html"
    page.write_text(
        f"<html><head><title>{name}</title><script>alert(1)</script></head>"
        f"<body><p>Text of the {name} page. It goes on for a while.</p></body></html>",
        encoding="utf-8",
    )
    return library.add_file(page).article_id


def test_position_is_saved_and_comes_back_with_the_article(
    library: Library, tmp_path: Path
) -> None:
    article_id = _add_page(library, tmp_path)
    saved = library.save_position(article_id, 0.42, "3:Text of the story")
    assert saved.stored and not saved.marked_read
    detail = library.get(article_id)
    assert detail.reading_progress == pytest.approx(0.42)
    assert detail.reading_anchor == "3:Text of the story"
    assert not detail.record.read

    library.save_position(article_id, 7.5, "x" * 1000)  # out of range, far too long
    detail = library.get(article_id)
    assert detail.reading_progress == 1.0 and len(detail.reading_anchor or "") == 200
    library.save_position(article_id, float("nan"), None)
    assert library.get(article_id).reading_progress == 0.0


def test_reaching_the_end_marks_read_once(library: Library, tmp_path: Path) -> None:
    article_id = _add_page(library, tmp_path)
    first = library.save_position(article_id, 1.0, None, mark_read=True)
    assert first.marked_read and library.get(article_id).record.read
    again = library.save_position(article_id, 1.0, None, mark_read=True)
    assert again.stored and not again.marked_read  # already read: nothing new to announce


def test_position_of_an_unknown_article_is_not_stored(library: Library) -> None:
    assert library.save_position(999, 0.5, None).stored is False


def test_snapshot_of_a_saved_file_is_the_raw_page(library: Library, tmp_path: Path) -> None:
    article_id = _add_page(library, tmp_path, "harbour")
    snapshot = library.page_snapshot(article_id)
    assert snapshot is not None
    assert "Text of the harbour page" in snapshot.html
    assert "alert(1)" not in snapshot.html  # head and scripts are dropped before sanitising
    with pytest.raises(NotFoundError):
        library.page_snapshot(12345)


def test_missing_snapshot_file_is_a_clear_error(library: Library, tmp_path: Path) -> None:
    article_id = _add_page(library, tmp_path)
    sha = next(a.sha256 for a in library.get(article_id).assets if a.role == "snapshot")
    (library.data_dir / "assets" / sha[:2] / sha).unlink()
    with pytest.raises(BroadsheetError, match="stored page file is missing"):
        library.page_snapshot(article_id)


def test_snapshot_of_a_web_page_shows_stored_images_and_nothing_remote(
    server: LocalServer, tmp_path: Path
) -> None:
    url = server.page("/news/glacier", NEWS_PAGE.encode())
    server.page("/img/glacier.png", _png(64, 48), content_type="image/png")
    server.page("/img/placeholder.gif", GIF_1X1, content_type="image/gif")
    server.page("/pixel.gif", GIF_1X1, content_type="image/gif")
    with Library.open(tmp_path / "lib") as library:
        article_id = fetching.add_url(library.db, url, [], limits=FAST).article_id
        detail = library.get(article_id)
        snapshot = library.page_snapshot(article_id)
    assert snapshot is not None and snapshot.url == url
    image = next(a for a in detail.assets if a.role in ("image", "lead"))
    page = render_original_page(
        detail, clean_saved_page(snapshot.html, snapshot.url, snapshot.images)
    )
    # The lazy image resolves to the stored copy; the raw page's other parts are all there.
    assert f"bsasset://asset/{image.sha256}" in page
    for text in ("cookies", "Most read", "Great article", "twelve sites"):
        assert text in page
    # Nothing on the page loads from anywhere but the reader's own scheme.
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.split("</head>", 1)[1])
    loads = re.findall(r'src="([^"]+)"', page)
    assert loads and all(s.startswith("bsasset://") for s in loads), loads
    assert all(s.startswith(("bsasset://", "http://127.0.0.1", "#")) for s in sources)
    assert "<script" not in page and "<iframe" not in page and "url(" not in page


def test_sanitize_snapshot_strips_attacks_and_resolves_links() -> None:
    raw = (
        '<body onload="x()"><script>evil()</script><style>p{}</style>'
        '<p>Kept <a href="/about">about</a> <a href="javascript:x()">bad</a></p>'
        '<img src="/pic.png" alt="stored"><img src="https://cdn.example/far.png" alt="far">'
        '<iframe src="https://t.example"></iframe><form action="/f"><input></form></body>'
    )
    clean = sanitize_snapshot(
        raw, "https://news.example/story", {"https://news.example/pic.png": SHA}
    )
    assert f'src="bsasset://asset/{SHA}"' in clean
    assert 'href="https://news.example/about"' in clean
    assert "javascript" not in clean and "evil" not in clean and "onload" not in clean
    assert "iframe" not in clean and "<form" not in clean and "cdn.example" not in clean
    assert '<span class="missing-image" role="img" title="Image not saved">far</span>' in clean


def test_damaged_snapshot_is_reported(library: Library, tmp_path: Path) -> None:
    article_id = _add_page(library, tmp_path)
    sha = next(a.sha256 for a in library.get(article_id).assets if a.role == "snapshot")
    path = library.data_dir / "assets" / sha[:2] / sha
    path.write_bytes(gzip.compress(b"<p>fine</p>")[:12])
    with pytest.raises(BroadsheetError, match="damaged"):
        library.page_snapshot(article_id)
