"""The tag tree builds only what is shown: the top level at first, each level when opened."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester

from app.domain.records import TagRecord
from app.ui.models.tag_model import COUNT_ROLE, PATH_ROLE, TagNode, TagTreeModel


def many_tags() -> list[TagRecord]:
    """30 roots x 20 children x 5 grandchildren (3,000 tags), in key order like the library."""
    records = []
    for r in range(30):
        records.append(TagRecord(f"root{r:02d}", r))
        for c in range(20):
            records.append(TagRecord(f"root{r:02d}/child{c:02d}", c))
            records += [TagRecord(f"root{r:02d}/child{c:02d}/leaf{g}", g) for g in range(5)]
    return records


def built(node: TagNode) -> int:
    """How many nodes below `node` exist as objects."""
    return sum(1 + built(child) for child in node.children or [])


def test_only_the_levels_asked_for_are_built(qtmodeltester: ModelTester) -> None:
    model = TagTreeModel()
    model.set_tags(many_tags())
    assert model.rowCount() == 30
    assert model.hasChildren(model.index(3, 0))
    root = model.index(0, 0).internalPointer()
    assert isinstance(root, TagNode) and root.children is None  # not opened: not built
    assert built(model._root) == 30
    leaf = model.index_of("ROOT07/child11/leaf4")
    assert leaf.data(PATH_ROLE) == "root07/child11/leaf4" and leaf.data(COUNT_ROLE) == 4
    assert not model.hasChildren(leaf)
    assert model.parent(model.parent(leaf)).data(PATH_ROLE) == "root07"
    assert built(model._root) == 30 + 20 + 5  # one path opened
    assert model.index_of("root07/child99") == QModelIndex()
    qtmodeltester.check(model)  # walks (and so builds) everything: still a valid model
    assert built(model._root) == len(many_tags())
