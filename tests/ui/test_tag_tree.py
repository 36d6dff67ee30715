"""The lazy tag tree: filtered and built off the GUI thread, opened only as far as stays fast."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from app.domain.records import TagRecord
from app.ui.models.tag_model import (
    EXPAND_ROWS_MAX,
    TagTreeModel,
    expansion_depth,
    filter_records,
    prepare_tree,
    tag_colors,
)


def records(paths: list[str]) -> list[TagRecord]:
    return [TagRecord(p, 1, "teal" if p == "b" else None) for p in paths]


def test_filter_keeps_matching_paths_and_their_parents_in_the_tree() -> None:
    tags = records(["eu", "eu/Borders", "us", "us/borders/alps", "x"])
    assert [r.path for r in filter_records(tags, "BORD")] == ["eu/Borders", "us/borders/alps"]
    _shown, root = prepare_tree(tags, "bord")
    assert [c.name for c in root.children] == ["eu", "us"]
    assert not root.children[1].is_tag  # "us" shows only as the way to its child
    assert len(prepare_tree(tags, "")[0]) == len(tags)


def test_expansion_depth_opens_small_trees_and_keeps_big_ones_closed() -> None:
    small = prepare_tree(records(["a", "a/b", "c"]))[1]
    assert expansion_depth(small) is None  # everything
    half = EXPAND_ROWS_MAX // 2
    # Few roots and children, many grandchildren: open the first level only.
    medium = [f"r{i}/c{j}/g{k}" for i in range(2) for j in range(half // 2) for k in range(4)]
    assert expansion_depth(prepare_tree(records(medium))[1]) == 0
    # Roots with many children each: only the roots show.
    big = [f"r{i}/c{j}" for i in range(20) for j in range(EXPAND_ROWS_MAX)]
    assert expansion_depth(prepare_tree(records(big))[1]) == -1


def test_set_tree_passes_the_model_tester(qtmodeltester: ModelTester, qapp: QApplication) -> None:
    tags = records(["a", "a/x", "b", "c/d/e"])
    model = TagTreeModel()
    _shown, root = prepare_tree(tags, "")
    model.set_tree(tags, root, tag_colors(tags))
    qtmodeltester.check(model)
    assert model.tag_paths() == ["a", "a/x", "b", "c/d/e"]
    coloured = model.index_of("b").data(1)  # DecorationRole: a teal dot, not the tag icon
    plain = model.index_of("a").data(1)
    assert coloured is not None and plain is not None
    assert coloured.cacheKey() != plain.cacheKey()
    # A filtered tree keeps every path for completion.
    _few, few_root = prepare_tree(tags, "x")
    model.set_tree(tags, few_root)
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and len(model.tag_paths()) == 4
