"""Each single-file import format read from its own small sample file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.interop.importers.detect import read_items
from app.interop.importers.karakeep import TEXT_URL_PREFIX
from app.interop.records import ImportedItem

SAMPLES = Path(__file__).parent / "samples" / "import"


def _read(name: str, fmt: str) -> tuple[dict[str, ImportedItem], list[str]]:
    problems: list[str] = []
    items = list(read_items(SAMPLES / name, fmt, problems))
    return {item.url: item for item in items}, problems


def test_netscape_folders_tags_and_descriptions() -> None:
    items, problems = _read("netscape.html", "netscape")
    walls = items["https://example.org/walls"]
    # The toolbar root folder is dropped; nested folders become one path tag.
    assert walls.tags == ("Research/Border & Security", "policy", "eu")
    assert walls.title == "Walls & fences"
    assert walls.description == "A long read about fences"
    assert walls.saved == datetime(2023, 11, 14, 22, 16, 40, tzinfo=UTC)
    assert walls.updated == datetime(2023, 11, 14, 22, 18, 20, tzinfo=UTC)
    assert items["https://example.org/maps"].tags == ("Research",)
    assert problems == ["line 18: not an http(s) URL: javascript:alert(1)"]


def test_netscape_linkding_dialect() -> None:
    items, _ = _read("netscape.html", "netscape")
    root = items["https://example.com/root"]
    assert root.archived is True
    assert root.tags == ("news",)  # the archived pseudo-tag is not a tag
    assert root.note == "My **notes**\nsecond line"
    assert root.description == "Summary here"
    assert root.read is False  # TOREAD="1"
    done = items["https://example.com/done"]
    assert done.read is True  # TOREAD="0"
    assert done.title is None  # the title was just the URL


def test_netscape_without_closing_tags_still_yields_every_link(tmp_path: Path) -> None:
    path = tmp_path / "b.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>A</H3>\n<DL><p>\n"
        '<DT><A HREF="https://a.org/1">One</A>\n<DD>first\n<DT><A HREF="https://a.org/2">Two</A>',
        encoding="utf-8",
    )
    items = list(read_items(path, "netscape"))
    assert [(i.url, i.tags, i.description) for i in items] == [
        ("https://a.org/1", ("A",), "first"),
        ("https://a.org/2", ("A",), None),
    ]


def test_netscape_empty_folder_does_not_name_the_next_list(tmp_path: Path) -> None:
    path = tmp_path / "b.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>Empty</H3>\n"
        '<DT><A HREF="https://a.org/1">One</A>\n</DL><p>\n',
        encoding="utf-8",
    )
    (item,) = read_items(path, "netscape")
    assert item.tags == ()


def test_pocket_csv() -> None:
    items, problems = _read("pocket.csv", "pocket-csv")
    first = items["https://example.com/1"]
    assert first.title == "Hello, world"
    assert first.tags == ("a", "b c", "Ünïcode")
    assert first.saved == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert not first.archived
    assert items["https://example.com/2"].archived and items["https://example.com/2"].read
    assert items["https://example.com/2"].title is None
    assert items["https://example.com/3"].title == "Multi line title"
    assert items["https://example.com/5"].title is None
    assert problems == ["line 6: no URL"]


def test_pocket_csv_without_cursor_column(tmp_path: Path) -> None:
    path = tmp_path / "part.csv"
    path.write_text("title,url,time_added,tags,status\nT,https://p.org/x,1700000000,,archive\n")
    (item,) = read_items(path, "pocket-csv")
    assert item.url == "https://p.org/x" and item.archived


def test_pocket_legacy_html() -> None:
    items, problems = _read("ril_export.html", "pocket-html")
    assert items["https://example.net/a"].tags == ("tech", "long read")
    assert not items["https://example.net/a"].archived
    assert items["https://example.net/b"].archived and items["https://example.net/b"].read
    assert items["https://example.net/b"].saved == datetime(2014, 5, 13, 16, 53, 20, tzinfo=UTC)
    assert len(problems) == 1 and problems[0].startswith("line 8:")


def test_instapaper_current_and_old() -> None:
    items, _ = _read("instapaper.csv", "instapaper")
    assert items["https://example.com/i2"].tags == ("science", "to do")
    assert items["https://example.com/i2"].archived
    assert items["https://example.com/i2"].description == "Some selected text"
    assert items["https://example.com/i3"].favorite
    assert items["https://example.com/i4"].tags == ("Cooking",)
    assert items["https://example.com/i1"].saved == datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)
    old, problems = _read("instapaper_old.csv", "instapaper")
    assert list(old) == ["https://example.com/o1"]
    assert old["https://example.com/o1"].saved is None
    assert problems == ["line 3: not an http(s) URL: not a url"]


def test_raindrop() -> None:
    items, _ = _read("raindrop.csv", "raindrop")
    one = items["https://example.com/r1"]
    assert one.tags == ("Work/Projects", "alpha", "beta")
    assert one.favorite and one.note == "My note" and one.description == "An excerpt"
    assert [(h.quote, h.note) for h in one.highlights] == [
        ("First quote", "First note"),
        ("Second quote", None),
    ]
    two = items["https://example.com/r2"]
    assert two.tags == ()  # "Unsorted" is no folder
    assert two.saved == datetime(2023, 5, 2, 8, tzinfo=UTC)


def test_readwise_skips_feed_items() -> None:
    items, problems = _read("readwise.csv", "readwise")
    assert "https://example.com/feed" not in items
    assert problems == []
    assert items["https://example.com/w1"].tags == ("a", "b c")
    assert items["https://example.com/w1"].reading_progress == 0.5
    assert items["https://example.com/w2"].archived and items["https://example.com/w2"].read
    assert items["https://example.com/w2"].saved == datetime(2023, 6, 3, 6, tzinfo=UTC)
    assert items["https://example.com/w3"].favorite


def test_matter() -> None:
    items, _ = _read("matter.csv", "matter")
    one, two = items["https://example.com/m1"], items["https://example.com/m2"]
    assert one.tags == ("news", "long reads")
    assert one.author == "Ann Author" and one.site == "The Paper"
    assert not one.archived and not one.read
    assert two.archived and two.read and two.favorite


def test_zotero_with_bom() -> None:
    items, problems = _read("zotero.csv", "zotero")
    page = items["https://example.com/z1"]
    assert page.author == "Jane Doe, Richard Roe"
    assert page.tags == ("history", "border/eu", "auto tag")
    assert page.saved == datetime(2023, 1, 2, 10, 11, 12, tzinfo=UTC)
    assert page.published == datetime(2021, 3, 4, tzinfo=UTC)
    assert page.description == "An abstract." and page.language == "en"
    assert problems == ["line 3: no URL"]  # the book


def test_url_list() -> None:
    problems: list[str] = []
    items = list(read_items(SAMPLES / "urls.txt", "urls", problems))
    assert [i.url for i in items] == [
        "https://example.com/u1",
        "https://example.com/u2",
        "https://example.com/u3",
    ]
    assert items[1].title == "A title after the URL"
    assert items[2].source_line == "line 6"
    assert problems == [
        "line 5: not an http(s) URL: not a url",
        "line 7: not an http(s) URL: mailto:someone@example.com",
    ]


def test_url_list_without_any_url_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("# nothing\nfoo\n\n")
    with pytest.raises(InputError, match=r"^list\.txt: no http\(s\) URL found"):
        list(read_items(path, "urls"))


def test_wallabag_v2() -> None:
    items, problems = _read("wallabag.json", "wallabag")
    one = items["https://example.com/wb1"]
    assert one.content_html == "<p>Hello <b>world</b></p>"
    assert one.archived and one.read and not one.favorite
    assert one.saved == datetime(2016, 9, 8, 9, 55, 58, tzinfo=UTC)
    assert one.author == "Ann, Bob" and one.language == "en" and one.site == "example.com"
    assert one.tags == ("news", "long")
    (mark,) = one.highlights
    assert (mark.quote, mark.note) == ("Hello world", "my note")
    assert mark.created == datetime(2016, 9, 10, 8, tzinfo=UTC)
    # An empty url falls back to given_url.
    assert items["https://example.com/wb2"].favorite
    assert problems == ["entry 3: no URL"]


def test_wallabag_v1() -> None:
    items, _ = _read("wallabag_v1.json", "wallabag")
    item = items["https://example.com/v1"]
    assert item.tags == ("one", "two")
    assert item.read and item.archived and not item.favorite
    assert item.content_html == "<p>Old content</p>"


def test_karakeep_lists_nest_and_text_bookmarks_keep_their_text() -> None:
    items, problems = _read("karakeep.json", "karakeep")
    link = items["https://example.com/k1"]
    assert link.tags == ("Reading/Databases", "rust", "db")
    assert link.archived and link.note == "a note"
    assert link.saved == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    (text,) = [i for i in items.values() if i.url.startswith(TEXT_URL_PREFIX)]
    assert text.content_text == "Just a thought"
    assert len(problems) == 2 and problems[0].startswith("bookmark 3: asset")


def test_linkwarden_collections_nest() -> None:
    items, problems = _read("linkwarden.json", "linkwarden")
    assert items["https://example.com/lw1"].tags == ("Science", "physics")
    assert items["https://example.com/lw1"].description == "desc"
    assert items["https://example.com/lw2"].tags == ("Science/Quantum",)
    assert items["https://example.com/lw2"].saved == datetime(2024, 2, 2, 10, tzinfo=UTC)
    assert problems == ["collection 2: link 2: not an http(s) URL: notaurl"]


def test_karakeep_wrong_shape_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text('{"items": []}')
    with pytest.raises(InputError, match=r"^k\.json: not a Karakeep export"):
        list(read_items(path, "karakeep"))
