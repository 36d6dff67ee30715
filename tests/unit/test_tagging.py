"""Tags through the services: hierarchies, bulk edits, rename of subtrees, merge, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InputError, NotFoundError
from app.services.library import Library
from app.storage import articles as article_sql
from app.storage.dates import utcnow


def _seed(lib: Library, n: int) -> list[int]:
    ids = []
    with lib.db.write() as conn:
        for i in range(n):
            ids.append(
                article_sql.insert_article(
                    conn,
                    {
                        "given_url": f"https://example.com/{i}",
                        "url_key": f"https://example.com/{i}",
                        "title": f"Article {i}",
                        "title_key": f"article {i}",
                        "host": "example.com",
                        "saved": utcnow(),
                        "body_text": f"body number {i} " + ("even" if i % 2 == 0 else "odd"),
                    },
                )
            )
    return ids


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "lib")
    yield library  # type: ignore[misc]
    library.close()


def test_parent_filter_includes_children_only(lib: Library) -> None:
    a, b, c, d = _seed(lib, 4)
    lib.add_tags([a], ["research/border-security"])
    lib.add_tags([b], ["research"])
    lib.add_tags([c], ["researchers"])  # shares a prefix, is not a child
    lib.add_tags([d], ["Research/Border-Security/alps"])  # case-insensitive same tree
    assert {r.id for r in lib.list("tag:research")} == {a, b, d}
    assert {r.id for r in lib.list("tag:research/border-security")} == {a, d}
    assert {r.id for r in lib.list("tag:res*")} == {a, b, c, d}
    assert {r.id for r in lib.list("-tag:research")} == {c}
    assert {r.id for r in lib.list("tag:research -tag:research/border-security")} == {b}
    assert {r.id for r in lib.list("tag:researchers OR tag:research/border-security")} == {a, c, d}
    assert {r.id for r in lib.list("NOT tag:research")} == {c}


def test_tags_are_searchable_as_words(lib: Library) -> None:
    a, _b = _seed(lib, 2)
    lib.add_tags([a], ["topics/glaciology"])
    assert [r.id for r in lib.search("glaciology").items] == [a]


def test_rename_moves_the_whole_subtree(lib: Library) -> None:
    a, b, c = _seed(lib, 3)
    lib.add_tags([a], ["research/border/alps"])
    lib.add_tags([b], ["research/border"])
    lib.add_tags([c], ["research/other"])
    assert lib.rename_tag("research/border", "migration") == 2
    assert {t.path for t in lib.tags()} == {"research/other", "migration", "migration/alps"}
    assert {r.id for r in lib.list("tag:migration")} == {a, b}
    assert lib.get(a).record.tags == ("migration/alps",)
    assert [r.id for r in lib.search("alps").items] == [a]
    assert lib.list("tag:research/border") == []
    with pytest.raises(InputError):
        lib.rename_tag("migration", "migration/inside")


def test_merge_and_delete(lib: Library) -> None:
    a, b, c = _seed(lib, 3)
    lib.add_tags([a], ["ML"])
    lib.add_tags([b], ["machine-learning"])
    lib.add_tags([c], ["machine learning", "ML"])
    assert lib.merge_tags(["ML", "machine learning"], "machine-learning") == 2
    tags = {t.path: t.count for t in lib.tags()}
    assert tags == {"machine-learning": 3}
    assert lib.delete_tag("machine-learning") == 1
    assert lib.tags() == []
    assert lib.get(a).record.tags == ()
    with pytest.raises(NotFoundError):
        lib.merge_tags(["nope"], "x")


def test_bulk_tagging_ten_thousand_in_one_call(lib: Library) -> None:
    ids = _seed(lib, 10_000)
    assert lib.add_tags(ids, ["bulk/run", "second"]) == 20_000
    assert lib.count("tag:bulk") == 10_000
    assert lib.remove_tags(ids[:5000], ["second"]) == 5000
    assert lib.count("tag:second") == 5000
    assert lib.doctor().ok


def test_unknown_ids_and_tags_change_nothing(lib: Library) -> None:
    (a,) = _seed(lib, 1)
    with pytest.raises(NotFoundError, match="999"):
        lib.add_tags([a, 999], ["x"])
    assert lib.tags() == []
    with pytest.raises(NotFoundError, match="ghost"):
        lib.remove_tags([a], ["ghost"])


def test_states_and_trash(lib: Library) -> None:
    a, b, c = _seed(lib, 3)
    lib.mark([a], "read")
    lib.mark([b], "favorite")
    lib.mark([c], "trash")
    assert {r.id for r in lib.list()} == {a, b}
    assert {r.id for r in lib.list("is:unread")} == {b}
    assert {r.id for r in lib.list("is:trashed")} == {c}
    assert {r.id for r in lib.list("is:favorite")} == {b}
    lib.mark([c], "restore")
    assert lib.count() == 3
    lib.mark([c], "trash")
    assert lib.empty_trash() == 1
    assert lib.count("is:trashed") == 0
    with pytest.raises(InputError):
        lib.mark([a], "explode")


def test_sorting_and_site_filter(lib: Library) -> None:
    ids = _seed(lib, 3)
    titles = [r.title for r in lib.list(sort="title")]
    assert titles == sorted(titles, key=str.casefold)
    assert next(r.id for r in lib.list(sort="+saved")) == ids[0]
    assert len(lib.list("site:example.com")) == 3
    assert lib.list("site:other.org") == []
    assert lib.count("even") == 2


def test_tag_filters_combine_with_and_or_not_and_grouping(lib: Library) -> None:
    a, b, c, d = _seed(lib, 4)
    lib.add_tags([a], ["eu/borders"])
    lib.add_tags([b], ["us"])
    lib.add_tags([c], ["eu", "us"])
    # d carries no tag at all
    cases = {
        "tag:eu OR tag:us": {a, b, c},
        "tag:eu AND tag:us": {c},
        "tag:eu tag:us": {c},
        "(tag:eu OR tag:us) -tag:eu/borders": {b, c},
        "tag:eu AND NOT (tag:us OR tag:eu/borders)": set(),
        "-(tag:eu tag:us)": {a, b, d},
        "NOT tag:* OR tag:eu/borders": {a, d},
        "(tag:eu/b* OR tag:us) even": {a, c},  # text and tag filters mix (b is odd)
        "-tag:eu -tag:us": {d},
    }
    for query, expected in cases.items():
        assert {r.id for r in lib.list(query)} == expected, query
    assert lib.count("(tag:eu OR tag:us) -tag:eu/borders") == 2
