"""Highlight services: make, change, search; re-anchoring after refetch and re-extraction;
imports and the bundle round trip keep highlights."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.errors import InputError, NotFoundError
from app.domain.records import HighlightRecord
from app.ingest import extract as extract_module
from app.services import fetch_queue, fetching
from app.services.highlights import Selection, anchor_text
from app.services.library import Library
from tests.unit.test_saving_web import FAST, NEWS_PAGE
from tests.unit.webserver import LocalServer, serve

BODY = """# Field notes

The river rose overnight and the farmers moved their cattle to the hills.

By noon the **bridge was closed**, and the mayor said the water would fall by Friday.

- sandbags at the school
- boats at the harbour
"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def _article(lib: Library, tmp_path: Path, body: str = BODY, tags: tuple[str, ...] = ()) -> int:
    path = tmp_path / f"notes-{abs(hash(body)) % 10_000}.md"
    path.write_text(body, encoding="utf-8")
    return lib.add_file(path, tags).article_id


def test_make_recolour_annotate_delete(library: Library, tmp_path: Path) -> None:
    article = _article(library, tmp_path)
    made = library.highlights.add(article, Selection("bridge was closed"), color="green")
    text = anchor_text(library.get(article).body_markdown)
    assert made.placed and made.position is not None
    assert text[made.position : made.position + len(made.quote)] == "bridge was closed"
    assert made.prefix.endswith("By noon the ") and made.suffix.startswith(", and the mayor")
    assert library.highlights.recolor(made.id, "Blue").color == "blue"
    noted = library.highlights.annotate(made.id, "  check the date  ")
    assert noted.note == "check the date" and noted.updated is not None
    assert library.highlights.annotate(made.id, "   ").note is None
    detail = library.get(article)
    assert [(h.id, h.color) for h in detail.highlights] == [(made.id, "blue")]
    library.highlights.delete(made.id)
    assert library.get(article).highlights == ()
    with pytest.raises(NotFoundError):
        library.highlights.delete(made.id)


def test_bad_input_is_refused(library: Library, tmp_path: Path) -> None:
    article = _article(library, tmp_path)
    with pytest.raises(InputError, match="colour"):
        library.highlights.add(article, Selection("river rose"), color="red")
    with pytest.raises(InputError, match="empty"):
        library.highlights.add(article, Selection("   "))
    with pytest.raises(NotFoundError):
        library.highlights.add(99, Selection("river rose"))
    assert library.get(article).highlights == ()


def test_the_selection_context_picks_the_right_occurrence(library: Library, tmp_path: Path) -> None:
    article = _article(library, tmp_path, "Ask twice. Then ask twice more.\n\nAsk twice, friend.")
    text = anchor_text(library.get(article).body_markdown)
    second = text.index("ask twice more")
    made = library.highlights.add(
        article, Selection("ask twice", prefix="Then ", suffix=" more", position=second)
    )
    assert made.position == second


def test_search_by_words_tag_and_colour(library: Library, tmp_path: Path) -> None:
    first = _article(library, tmp_path, BODY, ("research/floods",))
    second = _article(library, tmp_path, "Other text about glaciers melting fast today.", ("misc",))
    a = library.highlights.add(first, Selection("cattle to the hills"), note="livestock moves")
    b = library.highlights.add(first, Selection("bridge was closed"), color="pink")
    c = library.highlights.add(second, Selection("glaciers melting"), color="pink")
    ids = lambda found: [x.highlight.id for x in found]  # noqa: E731
    assert ids(library.highlights.search("livestock")) == [a.id]  # the note is indexed
    assert ids(library.highlights.search("glac")) == [c.id]  # prefixes match
    assert set(ids(library.highlights.search(color="pink"))) == {b.id, c.id}
    assert set(ids(library.highlights.search(tag="research"))) == {a.id, b.id}
    assert ids(library.highlights.search("bridge", tag="research", color="pink")) == [b.id]
    assert library.highlights.search("nothing-like-this") == []
    entry = library.highlights.search("glaciers")[0]
    assert entry.article_title and entry.article_tags == ("misc",)
    library.mark([second], "trash")
    assert ids(library.highlights.search("glaciers")) == []
    # The article index still works next to the highlight index.
    assert [r.id for r in library.search("cattle").items] == [first]


def test_deleting_an_article_drops_its_highlights_from_the_index(
    library: Library, tmp_path: Path
) -> None:
    article = _article(library, tmp_path)
    library.highlights.add(article, Selection("river rose overnight"))
    library.mark([article], "trash")
    assert library.purge([article]) == 1
    assert library.highlights.search("river") == []
    conn = sqlite3.connect(library.path)
    try:
        conn.execute("INSERT INTO highlight_fts(highlight_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


NEWS_V2 = (
    NEWS_PAGE.replace(
        "<p>Mountain guides report",
        "<p>An update: the survey was extended.</p>\n<p>Mountain guides report",
    )
    .replace(
        "faster than at any time since records began",
        "faster than at any point since records began",
    )
    .replace(
        "so that villages downstream can plan for floods and water shortages.",
        "so that towns can prepare.",
    )
)


def test_refetch_keeps_every_highlight_placed_or_unplaced(
    server: LocalServer, tmp_path: Path
) -> None:
    url = server.page("/glacier", NEWS_PAGE.encode())
    with Library.open(tmp_path / "lib") as lib:
        article = fetching.add_url(lib.db, url, limits=FAST).article_id
        quotes = [
            "We are watching a landscape disappear within one working life.",
            "the ice is now thinning faster than at any time since records began",
            "villages downstream can plan for floods and water shortages",
            "routes used for generations have become unsafe",
        ]
        made = [lib.highlights.add(article, Selection(q)) for q in quotes]
        assert all(h.placed for h in made)
        server.page("/glacier", NEWS_V2.encode())
        assert lib.refetch(article) == article
        after = {h.id: h for h in lib.get(article).highlights}
        assert set(after) == {h.id for h in made}  # none lost
        text = anchor_text(lib.get(article).body_markdown)
        exact, edited, removed, moved = (after[h.id] for h in made)
        assert exact.placed and exact.position is not None
        assert text[exact.position :].startswith(quotes[0])
        assert edited.placed and edited.position is not None  # found approximately
        assert text[edited.position :].startswith(
            "the ice is now thinning faster than at any point"
        )
        assert not removed.placed and removed.quote == quotes[2]  # kept, listed as unplaced
        assert moved.placed and moved.position is not None
        assert moved.position > made[3].position  # a paragraph was added above it
        assert text[moved.position :].startswith(quotes[3])
        assert [x.highlight.id for x in lib.highlights.search(placed=False)] == [removed.id]


def test_reextract_with_another_extractor_re_places_highlights(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.page("/glacier", NEWS_PAGE.encode())
    with Library.open(tmp_path / "lib") as lib:
        article = fetching.add_url(lib.db, url, limits=FAST).article_id
        kept = lib.highlights.add(article, Selection("crevasses open where there was firm snow"))
        gone = lib.highlights.add(article, Selection("surveyed the same twelve sites every autumn"))
        original = extract_module.extract_html

        def other_extractor(html: str | bytes, url: str) -> extract_module.Extraction:
            page = html.decode() if isinstance(html, bytes) else html
            # A different extractor: keeps a boilerplate line, drops one paragraph.
            page = page.replace(
                "<p>The team, which has surveyed", "<p class=x>Cut. The team, which had"
            )
            page = page.replace("the same twelve sites every autumn", "")
            return original(page, url)

        monkeypatch.setattr(fetching, "extract_html", other_extractor)
        lib.reextract(article)
        after = {h.id: h for h in lib.get(article).highlights}
        assert after[kept.id].placed
        assert not after[gone.id].placed and after[gone.id].quote == gone.quote
        assert [h.id for h in lib.get(article).highlights][-1] == gone.id  # unplaced listed last


WALLABAG = [
    {
        "id": 1,
        "title": "Flood diary",
        "url": "https://example.org/flood",
        "is_archived": 0,
        "is_starred": 0,
        "content": "<article><p>The river rose overnight and the farmers moved their cattle to the "
        "hills before dawn, as they always do.</p><p>The bridge was closed by noon.</p></article>",
        "created_at": "2024-01-02T10:00:00+0000",
        "updated_at": "2024-01-02T10:00:00+0000",
        "tags": ["floods"],
        "annotations": [
            {"text": "note one", "quote": "farmers moved their cattle to the hills", "ranges": []},
            {"text": "", "quote": "a sentence that is not in the article", "ranges": []},
        ],
    }
]


def test_imported_highlights_are_placed_by_the_same_anchoring(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "wallabag.json"
    path.write_text(json.dumps(WALLABAG), encoding="utf-8")
    report = library.import_file(path, "wallabag")
    assert report.highlights == 2
    article = library.ids()[0]
    highlights = library.get(article).highlights
    by_quote = {h.quote: h for h in highlights}
    placed = by_quote["farmers moved their cattle to the hills"]
    text = anchor_text(library.get(article).body_markdown)
    assert placed.placed and placed.note == "note one" and placed.position is not None
    assert text[placed.position :].startswith("farmers moved their cattle")
    assert not by_quote["a sentence that is not in the article"].placed
    # Importing again adds nothing twice.
    assert library.import_file(path, "wallabag").highlights == 0


def test_bundle_round_trip_keeps_highlights_exactly(tmp_path: Path) -> None:
    with Library.open(tmp_path / "one") as lib:
        article = _article(lib, tmp_path)
        lib.highlights.add(article, Selection("cattle to the hills"), color="purple", note="a note")
        noted = lib.highlights.add(article, Selection("bridge was closed"))
        lib.highlights.annotate(noted.id, "edited later")
        # One that no longer fits the body: the bundle must keep it unplaced.
        with lib.db.write() as conn:
            conn.exec_driver_sql(
                "INSERT INTO highlight (article_id, quote, color, prefix, suffix, position, "
                "created, placed) VALUES (?, 'lost words', 'yellow', '', '', 3, "
                "'2025-01-01 00:00:00', 0)",
                (article,),
            )
        before = lib.get(article).highlights
        assert lib.export("bundle", tmp_path / "out.zip") == 1
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert any(
            "highlights" in archive.read(n).decode("utf-8", "ignore") for n in archive.namelist()
        )
    with Library.open(tmp_path / "two") as other:
        other.import_file(tmp_path / "out.zip")
        after = other.get(other.ids()[0]).highlights

        def strip(hs: tuple[HighlightRecord, ...]) -> list[tuple[object, ...]]:
            return [
                (h.quote, h.note, h.color, h.prefix, h.suffix, h.position, h.placed, h.created,
                 h.updated)
                for h in hs
            ]  # fmt: skip

        assert strip(after) == strip(before)
        assert [h.placed for h in after] == [True, True, False]
        assert after[1].updated is not None and after[1].note == "edited later"
        assert [x.highlight.quote for x in other.highlights.search("hills")] == [
            "cattle to the hills"
        ]


def test_markdown_and_epub_exports_carry_highlights(library: Library, tmp_path: Path) -> None:
    article = _article(library, tmp_path)
    library.highlights.add(article, Selection("cattle to the hills"), note="why the hills?")
    library.export("markdown", tmp_path / "md")
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "md").rglob("*.md"))
    assert "## Highlights" in text and "> cattle to the hills" in text and "why the hills?" in text
    library.export("epub", tmp_path / "book.epub")
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        chapters = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "cattle to the hills" in chapters and "why the hills?" in chapters


def test_doctor_checks_the_highlight_index(library: Library, tmp_path: Path) -> None:
    article = _article(library, tmp_path)
    library.highlights.add(article, Selection("river rose overnight"), note="water")
    assert library.doctor().ok
    conn = sqlite3.connect(library.path)
    try:  # the index now disagrees with its content: a note changed behind its back
        conn.execute("DROP TRIGGER highlight_fts_au")
        conn.execute("UPDATE highlight SET note = 'something else entirely'")
        conn.commit()
    finally:
        conn.close()
    report = library.doctor()
    assert not report.ok and report.fts_integrity.startswith("highlight index:")


def test_pocket_highlights_are_placed_when_the_page_is_fetched(
    server: LocalServer, tmp_path: Path
) -> None:
    from app.interop.records import ImportedHighlight, ImportedItem
    from app.services.importing import import_items

    url = server.page("/pocket", NEWS_PAGE.encode())
    quote = "routes used for generations have become unsafe"
    item = ImportedItem(url=url, title="Saved in Pocket", highlights=(ImportedHighlight(quote),))
    with Library.open(tmp_path / "lib") as lib:
        assert import_items(lib.db, [item]).highlights == 1
        article = lib.ids()[0]
        assert [h.placed for h in lib.get(article).highlights] == [False]  # no text yet
        assert fetch_queue.fetch_queued(lib.db, limits=FAST).fetched == 1
        (placed,) = lib.get(article).highlights
        text = anchor_text(lib.get(article).body_markdown)
        assert placed.placed and placed.position is not None
        assert text[placed.position :].startswith(quote)
