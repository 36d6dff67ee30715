"""Format detection, read_items' checks, bad input and streaming (memory flat in file size)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.interop.importers import detect, textio
from app.interop.importers.detect import FORMATS, detect_format, read_items

SAMPLES = Path(__file__).parent / "samples" / "import"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("netscape.html", "netscape"),
        ("ril_export.html", "pocket-html"),
        ("pocket.csv", "pocket-csv"),
        ("instapaper.csv", "instapaper"),
        ("instapaper_old.csv", "instapaper"),
        ("raindrop.csv", "raindrop"),
        ("readwise.csv", "readwise"),
        ("matter.csv", "matter"),
        ("zotero.csv", "zotero"),
        ("urls.txt", "urls"),
        ("wallabag.json", "wallabag"),
        ("wallabag_v1.json", "wallabag"),
        ("karakeep.json", "karakeep"),
        ("linkwarden.json", "linkwarden"),
    ],
)
def test_every_sample_is_detected(name: str, expected: str) -> None:
    assert detect_format(SAMPLES / name) == expected
    assert expected in FORMATS


def test_formats_lists_every_required_name() -> None:
    assert set(FORMATS) == {
        "netscape", "pocket-zip", "pocket-csv", "pocket-html", "instapaper", "omnivore",
        "wallabag", "karakeep", "linkwarden", "readeck", "raindrop", "readwise", "matter",
        "zotero", "urls",
    }  # fmt: skip


def test_netscape_without_doctype_is_still_detected(tmp_path: Path) -> None:
    path = tmp_path / "b.htm"
    path.write_text('<html><DL><p><DT><A HREF="https://a.org">A</A></DL></html>')
    assert detect_format(path) == "netscape"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"^empty\.csv: empty file$"):
        detect_format(path)
    with pytest.raises(InputError, match=r"^empty\.csv: empty file$"):
        read_items(path, "pocket-csv")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^nope\.csv: no such file$"):
        read_items(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a folder"):
        detect_format(tmp_path)


def test_unknown_format_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown import format 'delicious' \(one of: netscape"):
        read_items(SAMPLES / "urls.txt", "delicious")


def test_binary_file_is_not_recognised(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01\x02garbage" * 10)
    with pytest.raises(InputError, match=r"^x\.bin: not a recognised import format \("):
        detect_format(path)


def test_unknown_csv_and_json_are_not_recognised(tmp_path: Path) -> None:
    csv_path = tmp_path / "other.csv"
    csv_path.write_text("name,email\nAnn,a@b.c\n")
    json_path = tmp_path / "other.json"
    json_path.write_text('{"hello": "world"}')
    for path in (csv_path, json_path):
        with pytest.raises(InputError, match="not a recognised import format"):
            detect_format(path)


def test_given_format_that_does_not_fit_the_file(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"^wallabag\.json: this looks like JSON, not a pocket-csv"
    ):
        read_items(SAMPLES / "wallabag.json", "pocket-csv")
    with pytest.raises(InputError, match=r"^pocket\.csv: this looks like a CSV or text file, not"):
        read_items(SAMPLES / "pocket.csv", "wallabag")
    with pytest.raises(InputError, match=r"^urls\.txt: line 1: missing column 'url'"):
        list(read_items(SAMPLES / "urls.txt", "instapaper"))
    with pytest.raises(InputError, match=r"^karakeep\.json: not a wallabag export"):
        list(read_items(SAMPLES / "karakeep.json", "wallabag"))


def test_latin1_csv_is_read_with_a_fallback(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(
        "title,url,time_added,tags,status\nCafé crème,https://c.org/,1,été,unread\n".encode(
            "latin-1"
        )
    )
    (item,) = read_items(path)
    assert item.title == "Café crème" and item.tags == ("été",)


def test_latin1_json_is_read_with_a_fallback(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    text = '[{"url": "https://c.org/", "title": "Café", "is_archived": 0, "is_starred": 0}]'
    path.write_bytes(text.encode("latin-1"))
    (item,) = read_items(path, "wallabag")
    assert item.title == "Café"


def test_truncated_wallabag_json_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    data = (SAMPLES / "wallabag.json").read_bytes()
    path.write_bytes(data[: len(data) - 200])
    problems: list[str] = []
    items = read_items(path, problems=problems)
    with pytest.raises(InputError, match=r"^cut\.json: entry \d+: bad JSON"):
        list(items)


def test_read_items_raises_file_errors_before_iterating(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("https://a.org/\n")
    items = read_items(path)
    path.unlink()
    # Detection already happened; the missing file shows while iterating, still one line.
    with pytest.raises(InputError, match=r"^a\.txt: cannot be read"):
        list(items)


# Streaming -------------------------------------------------------------------------------------


def test_detect_reads_only_the_head_of_a_huge_sparse_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"https://example.com/first\n")
        handle.truncate(1 << 30)  # 1 GB, mostly a hole of NUL bytes
    reads: list[int] = []

    def spy(p: Path, size: int = textio.HEAD_BYTES) -> bytes:
        reads.append(size)
        return textio.read_head(p, size)

    monkeypatch.setattr(detect, "read_head", spy)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="not a recognised import format"):
            detect_format(path)  # the NUL bytes in the head mark it binary
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reads == [64 * 1024]
    assert peak < 4 * 1024 * 1024


def test_url_list_streams_from_a_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        # Past the 64 KB head, so detection sees text; then a 1 GB hole nobody may read.
        handle.write(b"".join(b"https://example.com/%d\n" % n for n in range(4000)))
        handle.truncate(1 << 30)
    tracemalloc.start()
    try:
        items = read_items(path)
        first = next(items)
        second = next(items)
        items.close()  # type: ignore[attr-defined]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (first.url, second.url) == ("https://example.com/0", "https://example.com/1")
    assert peak < 8 * 1024 * 1024


@pytest.mark.slow
def test_pocket_csv_of_50000_rows_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("title,url,time_added,cursor,tags,status\n")
        for n in range(50_000):
            handle.write(f'"Title {n}, long",https://example.com/{n},1700000000,c{n},a|b,unread\n')
    size = path.stat().st_size
    count = 0
    items = read_items(path)
    # Tracing every row is slow; the first 10,000 already show whether the file was loaded
    # whole (at the first row) or items pile up (10,000 of them would pass the bound).
    tracemalloc.start()
    try:
        for item in items:
            count += 1
            assert item.url == f"https://example.com/{count - 1}"
            if count == 10_000:
                break
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    count += sum(1 for _ in items)
    assert count == 50_000
    assert size > 3_000_000
    # The reader's buffers stay well under a megabyte whatever the file's size.
    assert peak < 1024 * 1024
