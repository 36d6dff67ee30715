"""Reading comfort in a real QtWebEngine: typography, zoom, layout, position, the saved page."""

from __future__ import annotations

import dataclasses
import json

from app.domain.records import AssetRecord, SummaryRecord
from app.domain.render_original import clean_saved_page
from app.ui.reader.position import ReadingPosition
from tests.ui import test_reader as reader_tests
from tests.ui.test_reader import (
    LOAD_TIMEOUT_MS,
    SHA,
    Harness,
    _CountingServer,
    hostile_document,
    make_detail,
)

# test_reader.py's fixtures, shared by name (pytest finds fixtures by name).
harness = reader_tests.harness
tripwire = reader_tests.tripwire


LONG_BODY = "\n\n".join(
    f"## Part {n}\n\nParagraph {n} begins here. " + "Words to fill the column. " * 40
    for n in range(1, 31)
)


def computed(h: Harness, selector: str, *props: str) -> dict[str, str]:
    """Computed style properties of the first element matching `selector`."""
    fields = ", ".join(f"{json.dumps(p)}: s[{json.dumps(p)}]" for p in props)
    script = (
        f"(() => {{ const s = getComputedStyle(document.querySelector({json.dumps(selector)}));"
        f" return JSON.stringify({{{fields}}}); }})()"
    )
    styles: dict[str, str] = json.loads(h.js(script))
    return styles


def test_typography_applies_live_through_css_variables(harness: Harness) -> None:
    harness.show(make_detail("Some words to set in type."))
    before = computed(harness, "html", "fontSize", "lineHeight", "fontFamily")
    assert before["fontSize"] == "19px" and "serif" in before["fontFamily"].lower()

    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_typography("sans", 24, 1.8, 30)
    got = computed(harness, "html", "fontSize", "lineHeight", "fontFamily")
    assert got["fontSize"] == "24px"
    assert got["lineHeight"] == f"{24 * 1.8:g}px"
    assert "sans" in got["fontFamily"].lower() and "Serif" not in got["fontFamily"]
    assert computed(harness, ".page", "maxWidth")["maxWidth"] == f"{30 * 24}px"


def test_zoom_steps_and_resets(harness: Harness) -> None:
    harness.show(make_detail("Zoom me."))
    web = harness.view.web_view()
    assert web is not None
    harness.view.zoom_in()
    harness.view.zoom_in()
    assert web.zoomFactor() == harness.view.zoom_factor() == 1.25
    harness.view.zoom_out()
    assert web.zoomFactor() == 1.1
    harness.view.zoom_reset()
    assert web.zoomFactor() == 1.0


def test_wide_code_and_tables_scroll_inside_the_column(harness: Harness) -> None:
    wide = "x" * 400
    body = (
        f"```\n{wide}\n```\n\n| {' | '.join(f'h{i}' for i in range(30))} |\n"
        f"|{'---|' * 30}\n| {' | '.join(wide[:12] for _ in range(30))} |\n\n"
        f'![Caption words](asset:{SHA} "Under the figure")\n\n![gone](asset:{"ef" * 32})'
    )
    harness.show(make_detail(body))
    checks = {
        # nothing widens the page itself; code and tables scroll inside the column
        "document.documentElement.scrollWidth <= window.innerWidth": True,
        "getComputedStyle(document.querySelector('.body pre')).overflowX": "auto",
        "getComputedStyle(document.querySelector('.body table')).overflowX": "auto",
        "document.querySelector('.body table').scrollWidth"
        " > document.querySelector('.body table').clientWidth": True,
        # the caption sits under its picture, which fits the column
        "document.querySelector('figure > figcaption').textContent": "Under the figure",
        "document.querySelector('figure > figcaption').getBoundingClientRect().top"
        " >= document.querySelector('figure > img').getBoundingClientRect().bottom": True,
        "document.querySelector('figure > img').getBoundingClientRect().width"
        " <= document.querySelector('.page').getBoundingClientRect().width": True,
        # a stored image whose file is gone gets the placeholder picture, not a broken icon
        "document.querySelectorAll('figure > img')[1].naturalWidth": 480,
    }
    for expression, expected in checks.items():
        assert harness.js(expression) == expected, expression
    # An image that was never saved shows the placeholder box.
    harness.show(make_detail("Before ![gone](https://far.example/x.png) after.", article_id=9))
    missing = computed(harness, ".missing-image", "borderTopStyle", "display")
    assert missing == {"borderTopStyle": "dashed", "display": "inline-block"}
    assert harness.js("document.querySelector('.missing-image').textContent") == "gone"


def test_position_is_reported_after_scrolling_and_reaches_the_end(harness: Harness) -> None:
    positions: list[ReadingPosition] = []
    harness.view.position_changed.connect(positions.append)
    harness.show(make_detail(LONG_BODY))

    harness.js("window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2)")
    harness.qtbot.waitUntil(lambda: bool(positions), timeout=10_000)
    middle = positions[-1]
    assert middle.article_id == 1 and 0.45 < middle.fraction < 0.55 and not middle.at_end
    index, words = middle.anchor.split(":", 1)
    assert int(index) > 10 and words  # a block in the middle, named by its first words

    # A look at the summary and back: the body opens where reading stopped.
    for show in (True, False):
        with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
            harness.view.set_show_summary(show)
    top = f"document.querySelectorAll('article.body > *')[{int(index)}].getBoundingClientRect().top"
    harness.qtbot.waitUntil(lambda: abs(harness.js(top)) < 2, timeout=10_000)

    harness.js("window.scrollTo(0, document.documentElement.scrollHeight)")
    harness.qtbot.waitUntil(lambda: positions[-1].at_end, timeout=10_000)
    assert positions[-1].fraction == 1.0


def test_position_is_restored_at_its_anchor(harness: Harness) -> None:
    harness.show(make_detail("Another article first.", article_id=2))
    detail = dataclasses.replace(
        make_detail(LONG_BODY), reading_progress=0.1, reading_anchor="39:Paragraph 20 begins here."
    )
    harness.show(detail)
    # The anchor wins over the fraction: block 39 is "Paragraph 20…", well past 10 %.
    harness.qtbot.waitUntil(
        lambda: (
            abs(
                harness.js(
                    "document.querySelectorAll('article.body > *')[39].getBoundingClientRect().top"
                )
            )
            < 2
        ),
        timeout=10_000,
    )
    assert harness.js("document.querySelectorAll('article.body > *')[39].textContent").startswith(
        "Paragraph 20"
    )

    # An anchor that no longer matches (the body changed) falls back to the fraction.
    harness.show(make_detail("Something else.", article_id=3))
    stale = dataclasses.replace(detail, reading_progress=0.5, reading_anchor="7:No such words")
    harness.show(stale)
    harness.qtbot.waitUntil(
        lambda: (
            harness.js("window.scrollY / (document.documentElement.scrollHeight - innerHeight)")
            > 0.45
        ),
        timeout=10_000,
    )


def test_summary_first_and_the_fallback_is_never_blank(harness: Harness) -> None:
    detail = make_detail("Body text that is not shown first.")
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.show_article(detail, None, summary_first=True)
    assert harness.view.is_summary_shown()
    text = harness.js("document.querySelector('.summary p').innerText")
    assert text.strip() and text.strip() in detail.body_text  # sentences of the article
    assert harness.js("document.querySelectorAll('article.body').length") == 0

    empty = dataclasses.replace(make_detail("", article_id=5), body_text="")
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.show_article(empty, SummaryRecord("  ", "lead", "1"), summary_first=True)
    assert "no text to summarise" in harness.js("document.querySelector('.summary').innerText")


def test_saved_page_is_sanitised_offline_and_toggles_back(
    harness: Harness, tripwire: _CountingServer
) -> None:
    base = f"http://127.0.0.1:{tripwire.server_address[1]}"
    snapshot_asset = AssetRecord(
        sha256="aa" * 32, mime="application/gzip", bytes=10, role="snapshot"
    )
    detail = dataclasses.replace(make_detail("The extracted body."), assets=(snapshot_asset,))
    harness.show(detail)
    assert "Show the saved page" in harness.js(
        "document.querySelector('.summary-toggle').innerText"
    )

    requested: list[bool] = []
    harness.view.original_requested.connect(lambda: requested.append(True))
    harness.click_until(".original-toggle", lambda: bool(requested))

    raw = hostile_document(base) + f'<p><img src="{base}/stored.png" alt="stored">Nav text</p>'
    page = clean_saved_page(raw, f"{base}/story", {f"{base}/stored.png": SHA})
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_original(page)
    harness.qtbot.wait(1000)
    assert tripwire.connections == 0, tripwire.paths
    text = harness.js("document.body.innerText")
    assert "Raw text stays." in text and "Nav text" in text and "saved page" in text.lower()
    html = harness.js("document.documentElement.outerHTML")
    assert "<script" not in html and "pwned" not in html and "<iframe" not in html
    assert harness.js("document.querySelector('article.original img').naturalWidth") == 40
    assert harness.view.is_original_shown()

    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_original(None)
    assert "The extracted body." in harness.js("document.body.innerText")
    assert tripwire.connections == 0
