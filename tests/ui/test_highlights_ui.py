"""Highlighting in the real window and reader: make (H), recolour, annotate, jump to, delete;
the Highlights view across the library opens an article at its highlight."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineScript, QWebEngineSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu
from pytestqt.qtbot import QtBot

from app.domain.anchoring import Anchor
from app.services.highlights import Selection, anchor_text
from app.services.library import Library
from app.ui.application import LibraryChange
from app.ui.main_window import MainWindow
from app.ui.reader.highlights import read_selection

WAIT = 30_000
Attr = QWebEngineSettings.WebAttribute
TARGET = "the lighthouse keeper wrote the tide tables by hand"


def long_article(topic: str) -> str:
    paragraphs = [
        f"<p>Paragraph {n} about the {topic}: ordinary words that fill the page so that "
        f"the reader has to scroll a long way down before anything happens.</p>"
        for n in range(1, 41)
    ]
    paragraphs.insert(30, f"<p>Every winter {TARGET}, and nobody ever checked them.</p>")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>The {topic} log</title></head><body><article><h1>The {topic} log</h1>"
        + "".join(paragraphs)
        + "</article></body></html>"
    )


@pytest.fixture
def library_dir(data_dir: Path, tmp_path: Path) -> Path:
    with Library.open(data_dir) as library:
        for topic in ("harbour", "orchard"):
            path = tmp_path / f"{topic}.html"
            path.write_text(long_article(topic), encoding="utf-8")
            library.add_file(path, [f"places/{topic}"])
    return data_dir


@pytest.fixture
def window(qtbot: QtBot, library_dir: Path) -> Iterator[MainWindow]:
    made = MainWindow(library_dir, theme="light")
    made.resize(1400, 800)
    made.show()
    qtbot.waitUntil(made.is_settled, timeout=WAIT)
    made.activateWindow()  # keys go to the active window only
    qtbot.waitUntil(made.isActiveWindow, timeout=WAIT)
    yield made
    made.close()
    made.deleteLater()
    qtbot.wait(20)


def js(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    web = window.reader_pane.reader.web_view()
    assert web is not None
    box: list[Any] = []
    web.page().runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def marks(qtbot: QtBot, window: MainWindow) -> list[dict[str, Any]]:
    found = js(
        qtbot,
        window,
        "JSON.stringify([...document.querySelectorAll('mark.hl')].map(m => ({id: m.id, "
        "cls: m.className, note: m.dataset.note || '', text: m.textContent})))",
    )
    return list(json.loads(found)) if isinstance(found, str) else []  # [] while reloading


def mark_field(qtbot: QtBot, window: MainWindow, name: str) -> str | None:
    """A field of the page's first mark (None while the page reloads)."""
    shown = marks(qtbot, window)
    return str(shown[0][name]) if shown else None


def menu_texts_at(qtbot: QtBot, window: MainWindow, selector: str) -> list[str]:
    """Right-click the element in the reader; the texts of the menu that opens (then closed).

    One right-click: a menu that never opens fails the test (the request must survive a
    re-render of the page before the page answered what is under the pointer).
    """
    point = point_of(qtbot, window, selector)
    return menu_texts_after(
        qtbot, lambda: window.highlighting.on_reader_context_menu_requested(point)
    )


def point_of(qtbot: QtBot, window: MainWindow, selector: str, *, scroll: bool = True) -> QPoint:
    """The middle of the element's first line in view pixels (scrolled to the view's middle
    first, unless `scroll` is False)."""
    # The tag bar above the reader may still be loading suggestions; when they show, the reader
    # gets shorter and the page scrolls, so measure only once the window is still.
    qtbot.waitUntil(window.is_settled, timeout=WAIT)
    rect = json.loads(
        js(
            qtbot,
            window,
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
            + ("e.scrollIntoView({block: 'center'}); " if scroll else "")
            + "return JSON.stringify(e.getClientRects()[0]); })()",  # its first line
        )
    )
    web = window.reader_pane.reader.web_view()
    assert web is not None
    zoom = web.zoomFactor()
    x, y = rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2
    return QPoint(int(x * zoom), int(y * zoom))


def menu_texts_after(qtbot: QtBot, right_click: Callable[[], object]) -> list[str]:
    """The texts of the menu that `right_click` opens (then closed)."""
    # The menus there already, held (not their ids: a freed wrapper's id can be reused).
    before = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu)]

    def opened() -> QMenu | None:
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QMenu)
                and widget.isVisible()
                and not any(widget is old for old in before)
            ):
                return widget
        return None

    right_click()
    qtbot.waitUntil(lambda: opened() is not None, timeout=WAIT)
    menu = opened()
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    menu.close()
    return texts


def select_text(qtbot: QtBot, window: MainWindow, text: str) -> None:
    ok = js(
        qtbot,
        window,
        f"""(() => {{
          const wanted = {json.dumps(text)};
          const walker = document.createTreeWalker(document.querySelector('article.body'),
                                                   NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
            const at = node.data.indexOf(wanted);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + wanted.length);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            return true;
          }}
          return false;
        }})()""",
    )
    assert ok is True


def stored(library_dir: Path) -> list[tuple[str, str, str | None]]:
    with Library.open(library_dir) as library:
        return [
            (x.highlight.quote, x.highlight.color, x.highlight.note)
            for x in library.highlights.search()
        ]


def test_make_recolour_annotate_jump_and_delete_in_the_reader(
    qtbot: QtBot, window: MainWindow, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    margin = window.highlighting.margin
    article = window.reading.current_id()
    assert article is not None
    select_text(qtbot, window, TARGET)
    web = window.reader_pane.reader.web_view()
    assert web is not None
    # Page scripts stay off; our scripts run in the application's isolated world regardless.
    assert not web.page().settings().testAttribute(Attr.JavascriptEnabled)
    interceptor = window.reader_pane.reader.interceptor
    assert interceptor is not None
    blocked_before = interceptor.blocked_count
    # The page counts the selection's offset as the highlight service does.
    box: list[Anchor | None] = []
    read_selection(web, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    with Library.open(library_dir) as library:
        text = anchor_text(library.get(article).body_markdown)
    assert box[0] is not None and box[0].quote == TARGET
    assert box[0].position == text.index(TARGET)
    assert text[: box[0].position].endswith(box[0].prefix) and len(box[0].prefix) == 32
    web.setFocus()
    target = web.focusProxy() or web
    QTest.keyClick(target, Qt.Key.Key_H)  # the H key highlights the selection
    qtbot.waitUntil(lambda: margin.list.count() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: len(marks(qtbot, window)) == 1, timeout=WAIT)
    (mark,) = marks(qtbot, window)
    highlight_id = margin.ids()[0]
    assert mark == {"id": f"hl-{highlight_id}", "cls": "hl hl-yellow", "note": "", "text": TARGET}
    assert stored(library_dir) == [(TARGET, "yellow", None)]
    assert js(qtbot, window, "window.getSelection().isCollapsed") is True

    # Right-click on the mark in the page: its own menu; elsewhere: the page's menu + Highlight.
    assert menu_texts_at(qtbot, window, f"#hl-{highlight_id}")[:3] == [
        "Colour",
        "Edit note…",
        "Delete highlight",
    ]
    assert "Highlight selection" in menu_texts_at(qtbot, window, "h1.title")

    # Recolour from the margin's menu.
    menu = margin.context_menu(highlight_id)
    colour_menu = menu.actions()[0].menu()
    assert colour_menu is not None
    green = next(a for a in colour_menu.actions() if a.text() == "Green")
    green.trigger()
    qtbot.waitUntil(lambda: mark_field(qtbot, window, "cls") == "hl hl-green", timeout=WAIT)
    assert stored(library_dir) == [(TARGET, "green", None)]

    # Annotate through the note dialog.
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *args, **kwargs: ("Check the archive", True)
    )
    margin.note_requested.emit(highlight_id)
    qtbot.waitUntil(lambda: mark_field(qtbot, window, "note") == "1", timeout=WAIT)
    assert stored(library_dir) == [(TARGET, "green", "Check the archive")]
    assert "Check the archive" in margin.list.item(0).text()

    # Clicking it in the margin scrolls the body to it.
    js(qtbot, window, "window.scrollTo(0, 0); true")
    qtbot.waitUntil(lambda: js(qtbot, window, "window.scrollY") == 0, timeout=5000)
    rect = margin.list.visualItemRect(margin.list.item(0))
    QTest.mouseClick(margin.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    in_view = (
        f"(() => {{ const r = document.getElementById('hl-{highlight_id}')"
        ".getBoundingClientRect(); return window.scrollY > 0 && r.top >= 0 "
        "&& r.bottom <= window.innerHeight; })()"
    )
    qtbot.waitUntil(lambda: js(qtbot, window, in_view) is True, timeout=WAIT)

    # Delete with the Delete key in the margin.
    margin.list.setFocus()
    margin.list.setCurrentRow(0)
    QTest.keyClick(margin.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: margin.list.count() == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: marks(qtbot, window) == [], timeout=WAIT)
    assert stored(library_dir) == []
    with Library.open(library_dir) as library:
        assert not library.get(article).record.trashed  # Delete did not trash the article
    # Nothing of all this asked for anything outside the reader's own scheme.
    assert interceptor.blocked_count == blocked_before


def test_a_right_click_while_the_page_renders_again_still_opens_its_menu(
    qtbot: QtBot, window: MainWindow, library_dir: Path
) -> None:
    """The page answers "what is under the pointer" asynchronously. A re-render started just
    before or after the right-click (a theme change here) drops that answer, or has it come
    from the page being replaced; the question is asked again of the new page, so every
    right-click on the mark opens the highlight's own menu, wherever the re-render falls."""
    detail = window.reading.detail
    assert detail is not None
    first_words = f"Paragraph 1 about the {detail.record.title.split()[1]}"
    with Library.open(library_dir) as library:
        made = library.highlights.add(detail.id, Selection(first_words))
    window.hub.library_changed.emit(LibraryChange.articles([detail.id]))
    qtbot.waitUntil(lambda: window.highlighting.margin.ids() == [made.id], timeout=WAIT)
    qtbot.waitUntil(lambda: len(marks(qtbot, window)) == 1, timeout=WAIT)
    # Near the top of the page, which stays unscrolled: the mark is under the same pixel on
    # every page rendered.
    assert js(qtbot, window, "window.scrollY") == 0
    point = point_of(qtbot, window, f"#hl-{made.id}", scroll=False)
    pane = window.reader_pane
    # A library change that leaves the page as it was does not load it again.
    generation = pane.reader.page_generation()
    window.hub.library_changed.emit(LibraryChange.articles([detail.id]))
    qtbot.waitUntil(window.is_settled, timeout=WAIT)
    assert pane.reader.page_generation() == generation
    themes = iter(["sepia", "light"] * 20)
    request = lambda: window.highlighting.on_reader_context_menu_requested(point)  # noqa: E731
    render = lambda: pane.set_theme(next(themes))  # starts loading the page again  # noqa: E731
    # The old page is replaced some milliseconds after the load starts: right-clicks made
    # that long after the re-render began, and re-renders begun that long after a right-click
    # (its question already on its way to the page), put the two on either side of the switch.
    for first, then in ((render, request), (request, render)):
        for delay in (0, 1, 2, 4, 8, 12, 16, 24, 32, 64):
            rendered = pane.rendered_pages

            def right_click(first: Callable[[], object] = first, then=then, delay=delay) -> None:
                first()
                QTimer.singleShot(delay, then)

            texts = menu_texts_after(qtbot, right_click)
            assert texts[:3] == ["Colour", "Edit note…", "Delete highlight"], delay
            # The page was indeed rendered again (once).
            qtbot.waitUntil(lambda r=rendered: pane.rendered_pages > r, timeout=WAIT)
            qtbot.waitUntil(window.is_settled, timeout=WAIT)
            assert pane.rendered_pages == rendered + 1


def test_highlights_view_searches_filters_and_opens_at_the_place(
    qtbot: QtBot, window: MainWindow, library_dir: Path
) -> None:
    with Library.open(library_dir) as library:
        ids = {r.title: r.id for r in library.list()}
        orchard = ids["The orchard log"]
        made = library.highlights.add(orchard, Selection(TARGET), color="blue", note="tides")
        library.highlights.add(ids["The harbour log"], Selection("Paragraph 3 about the harbour"))
    view = window.highlights_view
    window.sidebar.choose("highlights")
    qtbot.waitUntil(lambda: view.isVisible() and view.list.count() == 2, timeout=WAIT)
    assert not window.article_list.isVisible()
    view.search.setText("tides")  # the note is searchable
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=WAIT)
    view.search.setText("")
    qtbot.waitUntil(lambda: view.list.count() == 2, timeout=WAIT)
    view.color.setCurrentIndex(view.color.findData("blue"))
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=WAIT)
    view.color.setCurrentIndex(0)
    view.tag.setCurrentIndex(view.tag.findData("places/harbour"))
    qtbot.waitUntil(
        lambda: view.list.count() == 1 and "harbour" in view.list.item(0).text(), timeout=WAIT
    )
    view.tag.setCurrentIndex(0)
    view.color.setCurrentIndex(view.color.findData("blue"))
    qtbot.waitUntil(
        lambda: view.list.count() == 1 and "orchard" in view.list.item(0).text(), timeout=WAIT
    )
    rect = view.list.visualItemRect(view.list.item(0))
    QTest.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.reading.current_id() == orchard, timeout=WAIT)
    in_view = (
        f"(() => {{ const m = document.getElementById('hl-{made.id}'); if (!m) return false; "
        "const r = m.getBoundingClientRect(); return window.scrollY > 0 && r.top >= 0 "
        "&& r.bottom <= window.innerHeight; })()"
    )
    qtbot.waitUntil(lambda: js(qtbot, window, in_view) is True, timeout=WAIT)
    assert window.highlighting.margin.ids() == [made.id]
    window.sidebar.choose("all")
    qtbot.waitUntil(window.article_list.isVisible, timeout=WAIT)
