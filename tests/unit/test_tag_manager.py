"""The tag manager's services: undoable rename/merge/delete/colour, usage filters, duplicates."""

from __future__ import annotations

import pytest

from app.domain.errors import InputError, NotFoundError
from app.services import tag_manager
from app.services.library import Library
from tests.unit.test_tagging import _seed


@pytest.fixture
def lib(library: Library) -> Library:
    """The shared empty library (tests/conftest.py), under the name the tag tests use."""
    return library


def _state(lib: Library) -> dict[str, tuple[int, str | None, frozenset[int]]]:
    """Every tag with its count, colour and exact article set."""
    return {
        t.path: (t.count, t.color, frozenset(r.id for r in lib.list(f'tag:"{t.path}"')))
        for t in lib.tags()
    }


def test_rename_subtree_onto_existing_tag_and_undo(lib: Library) -> None:
    a, b, c = _seed(lib, 3)
    lib.add_tags([a], ["research/eu"])
    lib.add_tags([b], ["research/eu/borders"])
    lib.add_tags([c], ["topics/eu"])
    tag_manager.set_color(lib.db, ["research/eu"], "blue")
    before = _state(lib)
    change = tag_manager.rename(lib.db, "research/eu", "topics/EU")
    # The existing tag keeps its spelling; moved children take the one typed.
    assert [t.path for t in lib.tags()] == ["topics/eu", "topics/EU/borders"]
    assert {r.id for r in lib.list("tag:topics/eu")} == {a, b, c}
    assert "Renamed" in change.message
    tag_manager.undo(lib.db, change.undo)
    assert _state(lib) == before


def test_merge_several_and_undo_restores_links_exactly(lib: Library) -> None:
    a, b, c, d = _seed(lib, 4)
    lib.add_tags([a], ["ML"])
    lib.add_tags([b, c], ["machine-learning"])
    lib.add_tags([c, d], ["machine learning"])
    before = _state(lib)
    change = tag_manager.merge(lib.db, ["ML", "machine-learning"], "machine learning")
    assert [(t.path, t.count) for t in lib.tags()] == [("machine learning", 4)]
    tag_manager.undo(lib.db, change.undo)
    assert _state(lib) == before


def test_delete_several_subtrees_and_undo(lib: Library) -> None:
    a, b, c = _seed(lib, 3)
    lib.add_tags([a], ["x/y"])
    lib.add_tags([b], ["x"])
    lib.add_tags([c], ["keep"])
    before = _state(lib)
    change = tag_manager.delete(lib.db, ["x", "x/y"])
    assert [t.path for t in lib.tags()] == ["keep"]
    assert change.message == "Deleted 2 tags"
    tag_manager.undo(lib.db, change.undo)
    assert _state(lib) == before


def test_failed_change_changes_nothing(lib: Library) -> None:
    (a,) = _seed(lib, 1)
    lib.add_tags([a], ["one"])
    before = _state(lib)
    with pytest.raises(NotFoundError, match="'missing'"):
        tag_manager.delete(lib.db, ["one", "missing"])
    with pytest.raises(InputError, match="unknown colour"):
        tag_manager.set_color(lib.db, ["one"], "chartreuse")
    assert _state(lib) == before


def test_usage_filters_and_duplicates(lib: Library) -> None:
    a, b, c = _seed(lib, 3)
    lib.add_tags([a, b], ["Policy"])
    lib.add_tags([c], ["policies"])
    lib.add_tags([a], ["lonely"])
    lib.add_tags([c], ["gone"])
    lib.mark([c], "trash")  # its tags now count no live article
    tags = lib.tags()
    assert [t.path for t in tag_manager.filter_usage(tags, "unused")] == ["gone", "policies"]
    assert [t.path for t in tag_manager.filter_usage(tags, "once")] == ["lonely"]
    with pytest.raises(InputError):
        tag_manager.filter_usage(tags, "often")
    groups = tag_manager.duplicates(lib.db)
    assert [(g.keep, g.merge) for g in groups] == [("Policy", ("policies",))]
