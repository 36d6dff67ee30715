"""The batched import writer: repeats inside a batch, merges into stored articles, tags in bulk."""

from __future__ import annotations

from pathlib import Path

from app.interop.records import ImportedItem
from app.services import importing
from app.services.library import Library


def test_a_url_repeated_in_one_batch_is_one_article_with_both_items_tags(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        items = [
            ImportedItem(url="https://example.org/a?utm_source=x", title="A", tags=("one",)),
            ImportedItem(url="https://example.org/b", title="B", tags=("x/y", "X/Y")),
            ImportedItem(url="https://EXAMPLE.org/a", title="A again", tags=("two",)),
        ]
        report = importing.import_items(lib.db, items)
        assert (report.added, report.merged) == (2, 1)
        records = {r.title: r for r in lib.list()}
        assert set(records) == {"A", "B"}
        assert records["A"].tags == ("one", "two")
        assert records["B"].tags == ("x/y",)
        assert lib.count("tag:x") == 1


def test_a_second_import_merges_tags_into_the_stored_articles_and_adds_nothing(
    tmp_path: Path,
) -> None:
    with Library.open(tmp_path / "lib") as lib:
        first = [ImportedItem(url=f"https://example.org/{i}", tags=("old",)) for i in range(600)]
        assert importing.import_items(lib.db, first).added == 600
        again = [ImportedItem(url=f"https://example.org/{i}", tags=("new",)) for i in range(600)]
        report = importing.import_items(lib.db, again)
        assert (report.added, report.merged) == (0, 600)
        assert lib.count() == 600
        assert lib.count("tag:old tag:new") == 600
        ids = lib.ids(sort="+saved")
        assert len(set(ids)) == 600 and all(i > 0 for i in ids)
