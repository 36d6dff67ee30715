"""Ranked search: the index-first path and the join path agree, trash and tag filters hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.interop.records import ImportedItem
from app.services import importing
from app.services.library import Library

COUNT = 60


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder: Path = tmp_path_factory.mktemp("search") / "lib"
    library = Library.open(folder)
    items = [
        ImportedItem(
            url=f"https://example.org/{i}",
            title=f"Glacier report {i}" if i % 3 == 0 else f"Notes {i}",
            content_text=f"Field notes number {i}. " + ("glacier ice " * (1 + i % 7)),
            tags=("science/ice",) if i % 2 == 0 else ("politics",),
        )
        for i in range(COUNT)
    ]
    importing.import_items(library.db, items)
    yield library
    library.close()


def _expected(lib: Library, query: str) -> list[int]:
    """The same search through the plain filter path (unranked), as a set check."""
    return sorted(r.id for r in lib.list(query))


def test_tag_filter_and_not_tag_filter_match_the_unranked_filter_path(lib: Library) -> None:
    for query in ("glacier tag:science", "glacier -tag:science", "glacier tag:sci*",
                  "glacier (tag:science OR tag:politics)"):  # fmt: skip
        page = lib.search(query, limit=100)
        assert sorted(r.id for r in page.items) == _expected(lib, query), query
        assert page.items, query


def test_titles_rank_first_and_snippets_mark_the_term(lib: Library) -> None:
    items = lib.search("glacier", limit=10).items
    assert len(items) == 10
    assert all(r.title.startswith("Glacier report") for r in items)
    assert all(r.snippet and "⟦glacier⟧" in r.snippet for r in items)
    assert lib.ids("glacier")[:10] == [r.id for r in items]


def test_trashed_articles_never_show_even_when_they_fill_the_overfetch(lib: Library) -> None:
    best = [r.id for r in lib.search("glacier tag:science", limit=30).items]
    lib.mark(best[:28], "trash")
    try:
        page = lib.search("glacier tag:science", limit=1)
        assert len(page.items) == 1
        assert page.items[0].id not in best[:28]
        assert page.items[0].id == best[28]
        trashed = lib.search("glacier is:trashed", limit=100).items
        assert sorted(r.id for r in trashed) == sorted(best[:28])
    finally:
        lib.mark(best[:28], "restore")


def test_tag_counts_leave_out_trashed_articles(lib: Library) -> None:
    def counts() -> dict[str, int]:
        return {t.path: t.count for t in lib.tags()}

    assert counts() == {"politics": COUNT // 2, "science/ice": COUNT // 2}
    tagged = [r.id for r in lib.list("tag:science/ice")][:5]
    lib.mark(tagged, "trash")
    try:
        assert counts() == {"politics": COUNT // 2, "science/ice": COUNT // 2 - 5}
    finally:
        lib.mark(tagged, "restore")


def test_search_records_are_the_list_records_plus_a_snippet(lib: Library) -> None:
    from dataclasses import replace

    # tags and fetch status come from the bodies' statement, the rest from the ranking one
    items = lib.search("glacier", limit=20).items
    listed = lib.records([r.id for r in items])
    assert items and all(r.tags for r in items)
    assert [replace(r, snippet=None) for r in items] == [listed[r.id] for r in items]
