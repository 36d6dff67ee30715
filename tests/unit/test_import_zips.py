"""Zip exports (Pocket, Omnivore, Readeck) and the safe zip reader's defences."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.interop.importers import safezip
from app.interop.importers.detect import detect_format, read_items
from app.interop.importers.omnivore import parse_highlights

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _pocket_zip(tmp_path: Path) -> Path:
    header = "title,url,time_added,tags,status\n"
    annotations = [
        {
            "url": "https://p.org/2",
            "title": "Two",
            "highlights": [{"quote": "a quote", "created_at": 1700000000}],
        },
        {"url": "https://p.org/gone", "title": "Only here", "highlights": [{"quote": "kept"}]},
    ]
    return _zip(
        tmp_path / "pocket.zip",
        {
            "part_000001.csv": header + "Two,https://p.org/2,1700000001,x|y,archive\n",
            "part_000000.csv": header + "One,https://p.org/1,1700000000,,unread\n,,1,,unread\n",
            "annotations/part_000000.json": json.dumps(annotations),
        },
    )


def test_pocket_zip_reads_every_part_in_order_and_joins_highlights(tmp_path: Path) -> None:
    problems: list[str] = []
    items = list(read_items(_pocket_zip(tmp_path), "pocket-zip", problems))
    assert [i.url for i in items] == ["https://p.org/1", "https://p.org/2", "https://p.org/gone"]
    two = items[1]
    assert two.tags == ("x", "y") and two.archived
    assert two.highlights[0].quote == "a quote"
    assert two.highlights[0].created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert items[2].highlights[0].quote == "kept"
    assert problems == ["part_000000.csv: line 3: no URL"]


def test_pocket_zip_is_detected(tmp_path: Path) -> None:
    assert detect_format(_pocket_zip(tmp_path)) == "pocket-zip"


def _omnivore_zip(tmp_path: Path, content_dir: str) -> Path:
    metadata = [
        {
            "id": "1",
            "slug": "first-slug",
            "title": "Omni one",
            "description": "desc",
            "author": "Writer",
            "url": "https://o.org/1",
            "state": "Archived",
            "readingProgress": 100,
            "labels": ["news", {"name": "deep/dive"}],
            "savedAt": "2024-01-01T10:00:00.000Z",
            "updatedAt": "2024-01-02T10:00:00.000Z",
            "publishedAt": "2023-12-31T00:00:00+0100",
        },
        {
            "id": "2",
            "slug": "a-pdf",
            "title": "Paper",
            "url": "https://o.org/p.pdf",
            "state": "Active",
            "readingProgress": 25,
            "labels": [],
            "savedAt": None,
        },
        {"id": "3", "slug": "bad", "title": "Bad", "url": "", "state": "Active"},
    ]
    highlights = (
        "> First quote [⤴️](https://omnivore.app/me/first-slug#abc)\n"
        "#label1 #label2\n"
        "My note\n\n"
        "> Second\n> quote\n"
    )
    return _zip(
        tmp_path / "omnivore.zip",
        {
            "metadata_0_to_20.json": json.dumps(metadata),
            f"{content_dir}/first-slug.html": "<article><p>Body</p></article>",
            f"{content_dir}/a-pdf.pdf": b"%PDF-1.4 fake",
            "highlights/first-slug.md": highlights,
        },
    )


@pytest.mark.parametrize("content_dir", ["content", "contents"])
def test_omnivore_zip(tmp_path: Path, content_dir: str) -> None:
    path = _omnivore_zip(tmp_path, content_dir)
    assert detect_format(path) == "omnivore"
    problems: list[str] = []
    items = {i.url: i for i in read_items(path, problems=problems)}
    one = items["https://o.org/1"]
    assert one.content_html == "<article><p>Body</p></article>"
    assert one.tags == ("news", "deep/dive")
    assert one.archived and one.read and one.reading_progress == 1.0
    assert one.published == datetime(2023, 12, 30, 23, tzinfo=UTC)
    assert [(h.quote, h.note) for h in one.highlights] == [
        ("First quote", "My note"),
        ("Second\nquote", None),
    ]
    pdf = items["https://o.org/p.pdf"]
    assert pdf.content_html is None and pdf.reading_progress == 0.25
    assert pdf.assets[0].name == "a-pdf.pdf" and pdf.assets[0].mime == "application/pdf"
    assert problems == ["entry metadata_0_to_20.json: article 3: no URL"]


def test_omnivore_highlight_notes_may_span_paragraphs() -> None:
    marks = parse_highlights("> q1\n\nnote line 1\n\nnote line 2\n\n> q2\n#tag\n")
    assert [(m.quote, m.note) for m in marks] == [
        ("q1", "note line 1\n\nnote line 2"),
        ("q2", None),
    ]


def _readeck_zip(tmp_path: Path) -> Path:
    info = {
        "UID": "AbC123",
        "Created": "2024-03-01T12:00:00.123456789+02:00",
        "URL": "https://r.org/article",
        "Title": "Readeck one",
        "SiteName": "R Org",
        "Authors": ["Ann", "Ben"],
        "Lang": "fr",
        "Description": "About things",
        "Labels": ["a", "b/c"],
        "IsArchived": True,
        "IsMarked": True,
        "ReadProgress": 100,
        "Annotations": [
            {"id": "x", "text": "quoted bit", "color": "yellow", "created": "2024-03-02T00:00:00Z"}
        ],
    }
    return _zip(
        tmp_path / "readeck.zip",
        {
            "data.json": json.dumps({"bookmarks": ["AbC123"]}),
            "bookmarks/AbC123/info.json": json.dumps(info),
            "bookmarks/AbC123/container/index.html": '<p><img src="img/one.png"></p>',
            "bookmarks/AbC123/container/img/one.png": PNG,
            "bookmarks/AbC123/container/_resources/two.bin": b"GIF89a....",
            "bookmarks/NoInfo/container/index.html": "<p>orphan</p>",
        },
    )


def test_readeck_zip(tmp_path: Path) -> None:
    path = _readeck_zip(tmp_path)
    assert detect_format(path) == "readeck"
    problems: list[str] = []
    (item,) = read_items(path, problems=problems)
    assert item.url == "https://r.org/article"
    assert item.saved == datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert item.tags == ("a", "b/c") and item.favorite and item.archived and item.read
    assert item.author == "Ann, Ben" and item.site == "R Org" and item.language == "fr"
    assert item.content_html == '<p><img src="img/one.png"></p>'
    assets = {a.name: a for a in item.assets}
    assert assets["img/one.png"].data == PNG and assets["img/one.png"].mime == "image/png"
    assert assets["_resources/two.bin"].mime == "image/gif"
    assert item.highlights[0].quote == "quoted bit" and item.highlights[0].color == "yellow"
    assert item.source_line == "entry bookmarks/AbC123/info.json"
    assert problems == ["entry bookmarks/NoInfo: no info.json, skipped"]


# Bad archives ----------------------------------------------------------------------------------


def test_truncated_zip_is_a_clear_error(tmp_path: Path) -> None:
    whole = _pocket_zip(tmp_path).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match=r"^cut\.zip: not a valid zip file \(truncated"):
        list(read_items(cut, "pocket-zip"))
    with pytest.raises(InputError, match=r"^cut\.zip: not a valid zip file"):
        detect_format(cut)


def test_zip_bomb_is_refused_by_ratio(tmp_path: Path) -> None:
    header = b"title,url,time_added,tags,status\n"
    path = _zip(tmp_path / "bomb.zip", {"part_000000.csv": header + b" " * (3 << 20)})
    with pytest.raises(InputError, match=r"^bomb\.zip: entry part_000000\.csv: compression ratio"):
        list(read_items(path, "pocket-zip"))


def test_total_size_cap_counts_bytes_really_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = "title,url,time_added,tags,status\n"
    rows = "".join(f"T,https://p.org/{n},1700000000,,unread\n" for n in range(2000))
    path = _zip(tmp_path / "big.zip", {f"part_00000{i}.csv": header + rows for i in range(3)})
    monkeypatch.setattr(safezip, "MIN_TOTAL_BYTES", 150_000)
    monkeypatch.setattr(safezip, "TOTAL_TO_ARCHIVE_RATIO", 1)
    with pytest.raises(InputError, match="more than the total size cap"):
        list(read_items(path, "pocket-zip"))


def test_entry_larger_than_its_header_says_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _pocket_zip(tmp_path)
    # Make the reader believe the header under-declares; the byte count must catch it.
    monkeypatch.setattr(safezip, "MAX_ENTRY_BYTES", 10**9)
    real_check = safezip.SafeZip._check

    def shrink(self: safezip.SafeZip, info: zipfile.ZipInfo) -> None:
        real_check(self, info)
        info.file_size = 10

    monkeypatch.setattr(safezip.SafeZip, "_check", shrink)
    with pytest.raises(InputError, match=r"^pocket\.zip: entry \S+: (damaged|more data)"):
        list(read_items(path, "pocket-zip"))


def test_unsafe_entry_names_are_skipped_never_touched(tmp_path: Path) -> None:
    header = "title,url,time_added,tags,status\n"
    path = _zip(
        tmp_path / "slip.zip",
        {
            "../part_000009.csv": header + "Evil,https://evil.org/,1,,unread\n",
            "/abs/part_000008.csv": header + "Evil,https://evil.org/a,1,,unread\n",
            "C:\\win\\part_000007.csv": header + "Evil,https://evil.org/b,1,,unread\n",
            "part_000000.csv": header + "Good,https://good.org/,1,,unread\n",
        },
    )
    problems: list[str] = []
    items = list(read_items(path, "pocket-zip", problems))
    assert [i.url for i in items] == ["https://good.org/"]
    assert len(problems) == 3
    assert all("unsafe path in the zip, skipped" in p for p in problems)
    assert not (tmp_path.parent / "part_000009.csv").exists()


def test_zip_without_known_entries_is_not_recognised(tmp_path: Path) -> None:
    path = _zip(tmp_path / "other.zip", {"readme.txt": "hello"})
    with pytest.raises(InputError, match=r"^other\.zip: a zip, but not a Pocket"):
        detect_format(path)
    with pytest.raises(InputError, match=r"^other\.zip: no metadata_\*\.json"):
        list(read_items(path, "omnivore"))
