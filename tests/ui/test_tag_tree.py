"""The lazy tag tree: filtered and built off the GUI thread, opened only as far as stays fast."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication, QTreeView
from pytestqt.modeltest import ModelTester

from app.domain.records import TagRecord
from app.ui.models.tag_model import (
    COUNT_COLUMN,
    EXPAND_ROWS_MAX,
    NAME_COLUMN,
    PATH_ROLE,
    TagTreeModel,
    expansion_depth,
    filter_records,
    prepare_tree,
    tag_colors,
)
from app.ui.settings import WindowSettings
from app.ui.tag_expansion import TagExpansion
from app.ui.widgets.sidebar import Sidebar


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


def _tree_view(model: TagTreeModel) -> QTreeView:
    view = QTreeView()
    view.setModel(model)
    return view


def _open_paths(view: QTreeView, model: TagTreeModel) -> set[str]:
    found: set[str] = set()
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if view.isExpanded(index) and model.rowCount(index):
                found.add(index.data(PATH_ROLE))
                stack.append(index)
    return found


def test_a_replaced_tree_is_freed_without_a_garbage_collection(qapp: QApplication) -> None:
    # Parent links make every node a cycle; the dropped tree is unlinked, so reference
    # counting frees it even with the collector off (or once it was frozen out of reach).
    tags = records(["a", "a/x", "a/x/y", "b"])
    model = TagTreeModel()
    model.set_tree(tags, prepare_tree(tags)[1])
    old = model.index_of("a/x/y").internalPointer()
    assert old.parent is not None
    gc.disable()
    try:
        model.set_tree(tags, prepare_tree(tags, "x")[1])
        assert old.parent is None
        assert sys.getrefcount(old) == 2  # only `old` here (and the call's argument)
        model.set_tags(records(["c"]))  # the other way a tree is replaced
        assert model.index_of("a").isValid() is False
    finally:
        gc.enable()


def test_the_tags_left_open_stay_open_across_resets_and_restarts(
    qapp: QApplication, tmp_path: Path
) -> None:
    big = records([f"topic{t % 40:02d}/sub{t // 40 % 25:02d}/tag{t:05d}" for t in range(3_000)])
    shown, root = prepare_tree(big)
    model = TagTreeModel()
    view = _tree_view(model)
    expansion = TagExpansion(view, model, WindowSettings(tmp_path))
    model.set_tree(shown, root)
    expansion.apply(expansion_depth(root))
    assert _open_paths(view, model) == set()  # 3,000 tags: every root closed
    assert expansion.remembered is None
    view.setExpanded(model.index_of("topic03"), True)
    view.setExpanded(model.index_of("topic03/sub05"), True)
    view.setExpanded(model.index_of("topic07"), True)
    view.setExpanded(model.index_of("topic07"), False)
    # A reset (tags changed) rebuilds the tree: what was open opens again, and only that.
    shown, root = prepare_tree(big)
    model.set_tree(shown, root)
    expansion.apply(expansion_depth(root))
    assert _open_paths(view, model) == {"topic03", "topic03/sub05"}
    # The next start of the window on this library reads them back.
    model2 = TagTreeModel()
    view2 = _tree_view(model2)
    again = TagExpansion(view2, model2, WindowSettings(tmp_path))
    model2.set_tree(shown, root)
    again.apply(expansion_depth(root))
    assert _open_paths(view2, model2) == {"topic03", "topic03/sub05"}


def test_a_small_tree_opens_fully_until_a_tag_is_closed(qapp: QApplication, tmp_path: Path) -> None:
    shown, root = prepare_tree(records(["a/b/c", "a/d", "e/f"]))
    model = TagTreeModel()
    view = _tree_view(model)
    expansion = TagExpansion(view, model, WindowSettings(tmp_path))
    model.set_tree(shown, root)
    expansion.apply(expansion_depth(root))
    assert _open_paths(view, model) == {"a", "a/b", "e"}
    view.setExpanded(model.index_of("e"), False)
    model.set_tree(shown, root)
    expansion.apply(expansion_depth(root))
    assert _open_paths(view, model) == {"a", "a/b"}
    # While a filter shows, its matches open by themselves and nothing is remembered.
    expansion.recording = False
    model.set_tree(*prepare_tree(records(["a/b/c", "a/d", "e/f"]), "f"))
    expansion.apply(None)
    view.setExpanded(model.index_of("e"), False)
    assert set(expansion.remembered or ()) == {"a", "a/b"}


def test_a_narrow_sidebar_keeps_room_for_names_beside_their_counts(qapp: QApplication) -> None:
    sidebar = Sidebar()
    sidebar.resize(100, 400)
    sidebar.show()
    shown, root = prepare_tree(records(["economics/trade", "photography", "research/climate"]))
    sidebar.tag_model.set_tree(shown, root)
    sidebar.fit_count_column(12)  # the largest count in this library
    header = sidebar.tags.header()
    digits = sidebar.tags.fontMetrics().horizontalAdvance("12")
    assert digits <= header.sectionSize(COUNT_COLUMN) < 2 * digits + 12  # the count fits
    # The names (elided) get the rest, not a column sized for seven-digit counts.
    assert header.sectionSize(NAME_COLUMN) >= sidebar.tags.viewport().width() - 2 * digits - 12
    assert sidebar.tags.indentation() < 20
    sidebar.fit_count_column(1_250_000)
    assert header.sectionSize(COUNT_COLUMN) >= sidebar.tags.fontMetrics().horizontalAdvance(
        "1250000"
    )
    sidebar.close()
