"""Packed id lists (app/storage/packed_ids.py) hold the same ids, in the same order, as ids()."""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.interop.records import ImportedItem
from app.services import importing
from app.services.library import Library
from app.storage.packed_ids import unhex

COUNT = 400
WORDS = ["glacier", "harbour", "violin", "orbit", "lantern", "meadow"]


def _ids(raw: bytes) -> list[int]:
    return array("q", raw).tolist()


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder: Path = tmp_path_factory.mktemp("packed") / "lib"
    library = Library.open(folder)
    rng = random.Random(7)
    items = [
        ImportedItem(
            url=f"https://site{i % 9}.example/{i}",
            # Shuffled titles and reading times: the sort orders differ from id order.
            title=f"{rng.choice(WORDS).title()} {rng.randrange(10_000)}",
            content_text=" ".join(rng.choice(WORDS) for _ in range(20 + rng.randrange(400))),
            tags=("science/ice",) if i % 3 == 0 else ("politics",),
        )
        for i in range(COUNT)
    ]
    importing.import_items(library.db, items)
    library.mark(list(range(5, COUNT, 11)), "trash")
    library.mark(list(range(2, COUNT, 7)), "read")
    yield library
    library.close()


QUERIES = [
    None,
    "glacier",  # ranked on the index alone
    "glacier tag:science",  # ranked on the index with a tag set
    "glacier -tag:science",
    "violin OR orbit",
    "glacier is:unread",  # ranked through the join with the article table
    "is:trashed",
    "is:trashed meadow",
    "tag:politics",
]
SORTS = [None, "-saved", "+title", "-title", "+site", "-minutes", "+published"]


@pytest.mark.parametrize("query", QUERIES)
def test_packed_ids_match_ids_in_every_order_and_slice(lib: Library, query: str | None) -> None:
    for sort in SORTS:
        whole = lib.ids(query, sort=sort)
        assert whole, (query, sort)
        assert _ids(lib.packed_ids(query, sort=sort)) == whole, (query, sort)
        for limit, offset in ((10, 0), (None, 7), (25, 30), (5, len(whole) + 3)):
            expected = lib.ids(query, sort=sort, limit=limit, offset=offset)
            got = _ids(lib.packed_ids(query, sort=sort, limit=limit, offset=offset))
            assert got == expected, (query, sort, limit, offset)


def test_ranked_packed_ids_fall_back_when_trash_fills_the_over_fetch(lib: Library) -> None:
    best = lib.ids("harbour tag:science", limit=30)
    lib.mark(best[:28], "trash")
    try:
        assert _ids(lib.packed_ids("harbour tag:science", limit=1)) == best[28:29]
        assert _ids(lib.packed_ids("harbour tag:science")) == lib.ids("harbour tag:science")
    finally:
        lib.mark(best[:28], "restore")


def test_unhex_reads_big_ids_and_rejects_partial_ones() -> None:
    ids = [1, 255, 2**40 + 3, 2**62]
    assert _ids(unhex("".join(f"{i:016x}" for i in ids))) == ids
    assert unhex(None) == b"" and unhex("") == b""
    with pytest.raises(ValueError, match="16-digit"):
        unhex("00ff")
