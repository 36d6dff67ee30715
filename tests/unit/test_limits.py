"""Limits: a 100 MB page, HTML nested 100,000 deep, a 50-megapixel image, a 1 MB single line,
an oversized local image. Each ends in a clear error or a bounded save (no timing asserted
here; `make stress` measures time and memory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.ingest.images import MAX_IMAGE_PIXELS, too_many_pixels
from app.services.library import Library
from tests.limits import deep_page, huge_image_page, long_line_page, png_header_only, sparse_file


def test_a_100_mb_page_is_refused_with_its_size(library: Library, tmp_path: Path) -> None:
    page = sparse_file(tmp_path / "big.html", 100 * 1024 * 1024)
    with pytest.raises(InputError, match=r"big\.html: too large \(100 MB"):
        library.add_file(page)
    assert library.count() == 0


def test_html_nested_100000_deep_is_a_clear_outcome(library: Library, tmp_path: Path) -> None:
    page = deep_page(tmp_path / "deep.html", 100_000)
    try:
        result = library.add_file(page)
    except InputError as exc:
        assert str(page) in str(exc) and "\n" not in str(exc)
        assert library.count() == 0
    else:
        assert "Enough ordinary words" in library.get(result.article_id).body_text


def test_a_50_megapixel_image_is_left_out_and_the_article_kept(
    library: Library, tmp_path: Path
) -> None:
    assert too_many_pixels(png_header_only(7072, 7072))  # 50 megapixels
    assert not too_many_pixels(png_header_only(4000, 3000))
    assert MAX_IMAGE_PIXELS < 7072 * 7072
    result = library.add_file(huge_image_page(tmp_path, 7072, 7072))
    detail = library.get(result.article_id)
    assert "More words after the image" in detail.body_text
    assert "asset:" not in detail.body_markdown
    assert "image" not in [a.role for a in detail.assets]


def test_an_oversized_local_image_file_is_not_read(library: Library, tmp_path: Path) -> None:
    page = huge_image_page(tmp_path, 10, 10)
    sparse_file(tmp_path / "huge.png", 60 * 1024 * 1024)
    detail = library.get(library.add_file(page).article_id)
    assert "asset:" not in detail.body_markdown
    assert library.doctor().ok


def test_a_1_mb_single_line_is_saved_whole(library: Library, tmp_path: Path) -> None:
    page = long_line_page(tmp_path / "line.md", 1024 * 1024)
    detail = library.get(library.add_file(page).article_id)
    assert len(detail.body_text) >= 1_000_000
    assert library.search("word", limit=1).items


def test_a_fetched_50_megapixel_image_is_refused_by_its_header() -> None:
    from app.ingest.images import fetch_images
    from tests.unit.webserver import serve

    for server in serve():
        url = server.page("/huge.png", png_header_only(7072, 7072), content_type="image/png")
        (result,) = fetch_images([url], timeout=2)
        assert result.data is None and result.error is not None
        assert "too many pixels (7072x7072)" in result.error
