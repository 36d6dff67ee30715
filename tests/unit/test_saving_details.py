"""Saving from the web, the finer points: given and final URL kept across a redirect, the lead
image stored, <picture>/srcset images made local, tracking pixels dropped, summary stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.assetrefs import ASSET_PREFIX
from app.ingest.fetch import FetchLimits
from app.services import fetching
from app.services.library import Library
from tests.unit.test_saving_web import GIF_1X1, _png
from tests.unit.webserver import LocalServer, RequestHandler, serve

FAST = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5, retries=0)

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour lights</title><meta property="og:image" content="/img/cover.png">
</head><body><article><h1>Harbour lights</h1>
<p>The old harbour was lit again last winter after forty years of darkness, and the town
turned out in numbers to watch the lamps come on one by one along the quay.</p>
<picture><source srcset="/img/map-small.png 480w, /img/map-large.png 1200w">
<img alt="Map of the quay"></picture>
<p>Engineers restored each lamp by hand, replacing the glass and the brass fittings, and
the council has promised to keep them burning through every winter from now on.</p>
<p>Visitors are expected from all over the coast, and the ferry company has added an
evening crossing so that people can see the lights from the water as well.</p>
<img src="/t.gif" width="1" height="1" alt="">
</article></body></html>"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def test_redirect_lead_image_picture_and_pixel(server: LocalServer, tmp_path: Path) -> None:
    server.page("/story", PAGE.encode())
    server.page("/img/cover.png", _png(60, 40), content_type="image/png")
    server.page("/img/map-large.png", _png(120, 80), content_type="image/png")
    server.page("/img/map-small.png", _png(48, 32), content_type="image/png")
    server.page("/t.gif", GIF_1X1, content_type="image/gif")

    def moved(request: RequestHandler) -> None:
        request.send_body(b"", status=301, headers={"Location": "/story"})

    given = server.route("/old-story", moved)
    with Library.open(tmp_path / "lib") as lib:
        result = fetching.add_url(lib.db, given, limits=FAST)
        detail = lib.get(result.article_id)
        again = fetching.add_url(lib.db, server.url("/story"), limits=FAST)
    assert detail.given_url == given and detail.final_url == server.url("/story")
    assert again.article_id == result.article_id and not again.created  # final URL known
    roles = {a.role: a for a in detail.assets}
    assert roles["lead"].source_url == server.url("/img/cover.png")
    body_images = [a for a in detail.assets if a.role == "image"]
    assert [a.source_url for a in body_images] == [server.url("/img/map-large.png")]
    assert f"{ASSET_PREFIX}{body_images[0].sha256}" in detail.body_markdown
    assert "t.gif" not in detail.body_markdown and "127.0.0.1" not in detail.body_markdown
    assert server.hits_for("/img/map-small.png") == []  # the widest srcset candidate only
    assert detail.summary is not None and "harbour" in detail.summary.text.lower()
