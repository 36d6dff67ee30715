"""The reading view in a real QtWebEngine: rendering, the summary toggle, themes and safety."""

from __future__ import annotations

import json
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineScript, QWebEngineSettings
from pytestqt.exceptions import TimeoutError as QtTimeoutError
from pytestqt.qtbot import QtBot

from app.domain.records import ArticleDetail, ArticleRecord, SummaryRecord
from app.ui.reader import ReaderView
from app.ui.reader import scheme as reader_scheme

SHA = "ab" * 32
LOAD_TIMEOUT_MS = 15_000
Attr = QWebEngineSettings.WebAttribute


def make_detail(body: str, *, title: str = "A test article", article_id: int = 1) -> ArticleDetail:
    record = ArticleRecord(
        id=article_id,
        url="https://news.example/story",
        title=title,
        site="news.example",
        author="Ada Writer",
        published=datetime(2025, 3, 4),
        saved=datetime(2025, 3, 5),
        read=False,
        favorite=False,
        archived=False,
        trashed=False,
        tags=("research/border", "later"),
        word_count=300,
        reading_minutes=2,
    )
    return ArticleDetail(
        record=record,
        given_url=record.url,
        final_url=None,
        canonical_url=None,
        body_markdown=body,
        body_text="First sentence here. Second one follows. Third is last. Fourth is not shown.",
        updated=None,
        reading_progress=0.0,
        fetch_error=None,
        summary=None,
    )


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, built by hand so the fixture needs no Qt image plugin."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class Harness:
    """A shown ReaderView plus records of what it asked the outside world for."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.asset_requests: list[str] = []
        self.opened: list[QUrl] = []
        self.png = png_bytes(40, 20, (192, 48, 48))
        self.view = ReaderView(asset_loader=self.load_asset, link_opener=self.opened.append)
        self.rendered = 0
        self.toggles: list[bool] = []
        self.view.page_rendered.connect(self.on_view_page_rendered)
        self.view.summary_toggled.connect(self.toggles.append)
        self.view.resize(900, 700)
        self.view.show()

    def on_view_page_rendered(self) -> None:
        self.rendered += 1

    def load_asset(self, sha: str) -> tuple[bytes, str] | None:
        self.asset_requests.append(sha)
        return (self.png, "image/png") if sha == SHA else None

    def show(self, detail: ArticleDetail, summary: SummaryRecord | None = None) -> None:
        with self.qtbot.waitSignal(self.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
            self.view.show_article(detail, summary)

    def js(self, script: str) -> Any:
        """Evaluate in the application's isolated world (page scripts themselves stay off)."""
        web = self.view.web_view()
        assert web is not None
        box: list[Any] = []
        web.page().runJavaScript(
            script, QWebEngineScript.ScriptWorldId.ApplicationWorld, box.append
        )
        self.qtbot.waitUntil(lambda: bool(box), timeout=5000)
        return box[0]

    def click_until(self, selector: str, started: Callable[[], bool]) -> None:
        """Click the element until `started()` holds: Chromium may drop input on a fresh page.

        `started` must turn true as soon as the click lands, so a slow machine is not mistaken
        for a dropped click (a second click would undo the first).
        """
        web = self.view.web_view()
        target = web.focusProxy() if web is not None else None
        assert target is not None  # the widget Chromium renders into takes the input
        for _ in range(3):
            rect = json.loads(
                self.js(
                    f"JSON.stringify(document.querySelector({json.dumps(selector)})"
                    ".getBoundingClientRect())"
                )
            )
            point = QPoint(int(rect["x"] + rect["width"] / 2), int(rect["y"] + rect["height"] / 2))
            QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), point)
            try:
                self.qtbot.waitUntil(started, timeout=5000)
                return
            except QtTimeoutError:
                continue
        raise AssertionError(f"clicking {selector} never had its effect")

    def background_at_corner(self) -> QColor:
        web = self.view.web_view()
        assert web is not None
        return web.grab().toImage().pixelColor(5, 5)


@pytest.fixture
def harness(qtbot: QtBot) -> Iterator[Harness]:
    made = Harness(qtbot)
    yield made
    # Deleted here, not left to a deleteLater nobody runs: a web page still alive when Python
    # tears the application down crashes Chromium.
    made.view.close()
    made.view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


RICH_BODY = f"""\
## A section heading

> A quoted passage worth keeping.

- first point
- second point

| Country | Crossings |
|:--------|----------:|
| Alpha   | 1,204     |

```python
print("code survives and scrolls sideways if it is long enough to need it")
```

![A red block]({"asset:" + SHA} "Figure caption under the picture")

![A remote photo](https://cdn.example/photo.jpg)

Closing words with a [link](https://example.org/more).
"""


def test_rich_article_renders_with_local_image_served_by_the_scheme(harness: Harness) -> None:
    assert harness.view.web_view() is None  # lazily created: nothing before the first article
    harness.show(make_detail(RICH_BODY))

    dom = harness.js(
        """JSON.stringify({
        h1: document.querySelector('h1.title').textContent,
        h2: document.querySelectorAll('.body h2').length,
        quote: document.querySelector('.body blockquote').textContent.trim(),
        items: document.querySelectorAll('.body ul li').length,
        cells: document.querySelectorAll('.body td').length,
        code: document.querySelector('.body pre code').textContent,
        caption: document.querySelector('.body figure figcaption').textContent,
        imgWidth: document.querySelector('.body figure img').naturalWidth,
        missing: document.querySelector('.missing-image').textContent,
        tags: [...document.querySelectorAll('.tag')].map(t => t.textContent),
        preOverflow: getComputedStyle(document.querySelector('.body pre')).overflowX,
        imgMax: getComputedStyle(document.querySelector('.body img')).maxWidth,
        })"""
    )
    got = json.loads(dom)
    assert got["h1"] == "A test article"
    assert got["h2"] == 1 and got["items"] == 2 and got["cells"] == 2
    assert got["quote"] == "A quoted passage worth keeping."
    assert "code survives" in got["code"]
    assert got["caption"] == "Figure caption under the picture"
    assert got["imgWidth"] == 40  # decoded: the scheme handler served the PNG
    assert got["missing"] == "A remote photo"
    assert got["tags"] == ["research/border", "later"]
    assert got["preOverflow"] == "auto" and got["imgMax"] == "100%"  # the stylesheet applied
    assert harness.asset_requests == [SHA]


def test_summary_link_switches_to_the_summary_and_back(harness: Harness) -> None:
    summary = SummaryRecord(
        text="Key sentence one.\nKey sentence two.", method="textrank", version="1"
    )
    harness.show(make_detail("The full body text is here."), summary)

    rendered = harness.rendered
    # A real click on the in-page link: no JavaScript, the page intercepts the navigation.
    harness.click_until(".summary-toggle a", lambda: bool(harness.toggles))
    harness.qtbot.waitUntil(lambda: harness.rendered > rendered, timeout=LOAD_TIMEOUT_MS)
    assert harness.toggles == [True] and harness.view.is_summary_shown()
    shown = json.loads(
        harness.js(
            "JSON.stringify({label: document.querySelector('.summary-label').textContent,"
            " paras: document.querySelectorAll('.summary p').length,"
            " body: document.querySelectorAll('article.body').length})"
        )
    )
    # The paragraph form: both sentences in one paragraph (key points make them a list).
    assert shown == {"label": "Summary · key sentences", "paras": 1, "body": 0}

    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.toggle_summary()
    assert harness.js("document.querySelector('article.body').textContent").strip() == (
        "The full body text is here."
    )
    assert harness.js("document.querySelectorAll('.summary').length") == 0
    assert not harness.view.is_summary_shown()


def test_an_unchanged_article_is_not_loaded_again_and_a_changed_one_keeps_its_place(
    harness: Harness,
) -> None:
    body = "\n\n".join(f"Paragraph {n}: ordinary words to scroll past." for n in range(90))
    detail = make_detail(body)
    harness.show(detail)
    web = harness.view.web_view()
    assert web is not None
    page = web.page()
    harness.js(
        "window.scrollTo(0, 900); "
        "window.getSelection().selectAllChildren(document.querySelector('h1.title')); true"
    )
    harness.qtbot.waitUntil(lambda: page.scrollPosition().y() == 900, timeout=5000)
    url, generation = page.url(), harness.view.page_generation()

    # The same article after a change the page does not show (read, starred): the page is
    # announced as shown, but not loaded again, so scroll and selection stay.
    record = replace(detail.record, read=True, favorite=True)
    harness.show(replace(detail, record=record))
    assert (page.url(), harness.view.page_generation()) == (url, generation)
    assert harness.js("window.scrollY") == 900
    assert harness.js("window.getSelection().toString()") == "A test article"

    # A change it shows (the theme) loads it again, at the same place.
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_theme("sepia")
    assert page.url() != url and harness.view.page_generation() == generation + 1
    assert harness.js("document.documentElement.className") == "theme-sepia"
    harness.qtbot.waitUntil(lambda: abs(harness.js("window.scrollY") - 900) <= 1, timeout=5000)


def test_clicked_web_link_goes_to_the_opener_and_the_view_stays(harness: Harness) -> None:
    harness.show(make_detail("Read [the source](https://example.org/source) later."))
    page_url = harness.view.web_view().page().url()  # type: ignore[union-attr]

    with harness.qtbot.waitSignal(harness.view.link_requested, timeout=10_000):
        harness.click_until(".body a", lambda: bool(harness.opened))

    assert [u.toString() for u in harness.opened] == ["https://example.org/source"]
    assert harness.view.web_view().page().url() == page_url  # type: ignore[union-attr]


def test_themes_change_the_page_background(harness: Harness) -> None:
    harness.show(make_detail("Plain text on a themed page."))
    harness.qtbot.waitUntil(lambda: harness.background_at_corner().lightness() > 200, timeout=5000)

    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_theme("dark")
    harness.qtbot.waitUntil(lambda: harness.background_at_corner().lightness() < 60, timeout=5000)

    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_theme("sepia")
    harness.qtbot.waitUntil(
        lambda: harness.background_at_corner().name() == QColor("#f4ecd8").name(), timeout=5000
    )
    with pytest.raises(ValueError):
        harness.view.set_theme("neon")


def test_welcome_page_explains_the_basics(harness: Harness) -> None:
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.show_welcome()
    text = harness.js("document.body.innerText")
    assert "Welcome to Broadsheet" in text
    assert "Ctrl+L" in text and "tag:research" in text
    assert harness.js("document.querySelectorAll('kbd').length") >= 10


# -- hostile content --------------------------------------------------------------------------


class _CountingServer(ThreadingHTTPServer):
    """Counts every TCP connection, so even a bare preconnect would show up."""

    daemon_threads = True

    def __init__(self) -> None:
        self.connections = 0
        self.paths: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.connections += 1
        return True


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        body = b"document.title='pwned-remote'"
        self.send_response(200)
        self.send_header("Content-Type", "application/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def tripwire() -> Iterator[_CountingServer]:
    server = _CountingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def hostile_body(base: str) -> str:
    pwn = "document.title='pwned'"
    return f"""\
# Intact heading

The quick brown fox keeps its words intact.

<script>{pwn}</script>
<script src="{base}/remote.js"></script>
<img src="{base}/pixel.gif" width="1" height="1" alt="">
<img src="x" onerror="{pwn}">
<svg onload="{pwn}"><image href="{base}/svg.png"/></svg>
<body onload="{pwn}" background="{base}/bodybg.png">
<details open ontoggle="{pwn}"><summary>Details</summary>inside</details>
<input autofocus onfocus="{pwn}">
<a href="javascript:{pwn}">js link</a> <a href="data:text/html,<b>x</b>">data link</a>
<a href="file:///etc/passwd">file link</a> <a href="{base}/pinged" ping="{base}/ping">ping</a>
<link rel="stylesheet" href="{base}/remote.css"><link rel="preconnect" href="{base}">
<link rel="prefetch" href="{base}/prefetch"><link rel="icon" href="{base}/favicon.ico">
<style>@import url("{base}/import.css");
@font-face {{ font-family: x; src: url("{base}/font.woff"); }}
html {{ background: url("{base}/bg.png"); font-family: x; }}</style>
<p style="background-image: url('{base}/inline-bg.png')">A styled paragraph keeps its text.</p>
<iframe src="{base}/frame.html"></iframe>
<iframe srcdoc="<img src='{base}/srcdoc.png'><script>parent.{pwn}</script>"></iframe>
<object data="{base}/object.swf"></object><embed src="{base}/embed.swf">
<meta http-equiv="refresh" content="0;url={base}/refresh"><base href="{base}/">
<noscript><p title="</noscript><img src='{base}/noscript.png' onerror={pwn}>"></p></noscript>
<math><mtext><table><mglyph><style><img src='{base}/math.png' onerror="{pwn}">
</style></mglyph></table></mtext></math>
<form action="{base}/form" method="post"><input name="q" value="x"><button>Send</button></form>
<video poster="{base}/poster.png" src="{base}/v.mp4" autoplay></video>
<audio src="{base}/a.mp3" autoplay></audio>
<picture><source srcset="{base}/source.png"><img src="{base}/picture.png" alt="pic"></picture>
<img srcset="{base}/srcset.png 2x" alt="srcset">
<table background="{base}/tablebg.png"><tr><td>cell text</td></tr></table>

Final paragraph survives too.
"""


def hostile_document(base: str) -> str:
    """The same kind of attack as a whole page, with no sanitiser or page CSP meta at all."""
    pwn = "document.title='pwned'"
    return f"""<!DOCTYPE html><html><head><title>raw page</title>
<meta http-equiv="refresh" content="0;url={base}/refresh">
<link rel="stylesheet" href="{base}/raw.css"><link rel="preconnect" href="{base}">
<link rel="icon" href="{base}/favicon.ico">
<script src="{base}/raw.js"></script><script>{pwn}</script>
<style>@import url({base}/imp.css); body {{ background: url({base}/bg.png); }}</style></head>
<body onload="{pwn}"><p>Raw text stays.</p><img src="{base}/img.png">
<iframe src="{base}/frame"></iframe><iframe srcdoc="<img src='{base}/srcdoc.png'>"></iframe>
<object data="{base}/o"></object><embed src="{base}/e"><video poster="{base}/p.png"></video>
<form action="{base}/f"><input autofocus onfocus="{pwn}"></form>
<svg><image href="{base}/svg.png"/></svg><a href="{base}/x" ping="{base}/ping">a</a>
</body></html>"""


def test_hostile_article_reaches_nothing_and_runs_nothing(
    harness: Harness, tripwire: _CountingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = f"http://127.0.0.1:{tripwire.server_address[1]}"
    harness.show(make_detail(hostile_body(base), title="Hostile but harmless"))
    page = harness.view.web_view().page()  # type: ignore[union-attr]
    assert page.profile().isOffTheRecord()
    for attribute in (
        Attr.JavascriptEnabled,
        Attr.PluginsEnabled,
        Attr.JavascriptCanOpenWindows,
        Attr.LocalContentCanAccessFileUrls,
        Attr.LocalContentCanAccessRemoteUrls,
    ):
        assert not page.settings().testAttribute(attribute), attribute
    harness.qtbot.wait(1000)

    html = harness.js("document.documentElement.outerHTML")
    text = harness.js("document.body.innerText")
    assert tripwire.connections == 0, tripwire.paths
    assert page.title() == "Hostile but harmless"
    for words in (
        "Intact heading",
        "keeps its words intact",
        "A styled paragraph keeps its text",
        "cell text",
        "Final paragraph survives too",
    ):
        assert words in text
    assert "pwned" not in html and base not in html.replace(f'href="{base}/pinged"', "")

    # Second layer: the same attacks with the sanitiser bypassed. The profile, the interceptor,
    # the header CSP and JavaScript-off must hold on their own.
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view._load_document(hostile_document(base))
    harness.qtbot.wait(1000)
    assert tripwire.connections == 0, tripwire.paths
    assert page.title() == "raw page"
    assert "Raw text stays." in harness.js("document.body.innerText")

    # Third: the header CSP gone as well. JavaScript-off still stops the scripts, and the
    # interceptor is seen blocking what the CSP no longer does.
    monkeypatch.setattr(reader_scheme, "PAGE_CSP", "img-src *")
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view._load_document(hostile_document(base))
    harness.qtbot.wait(1000)
    assert tripwire.connections == 0, tripwire.paths
    assert page.title() == "raw page"
    assert harness.view.interceptor is not None and harness.view.interceptor.blocked_count > 0
