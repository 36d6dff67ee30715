"""freeze_long_lived: startup garbage is collected, what is alive leaves the collector's reach."""

from __future__ import annotations

import gc
import weakref

from app.ui.tasks import freeze_long_lived, freeze_new


class Node:
    """A small object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


def test_freeze_collects_cycles_first_and_freezes_the_living() -> None:
    dead_a, dead_b = Node(), Node()
    dead_a.other, dead_b.other = dead_b, dead_a  # a cycle only the collector can free
    gone = weakref.ref(dead_a)
    del dead_a, dead_b
    alive = Node()
    try:
        freeze_long_lived()
        assert gone() is None  # collected, not frozen
        assert gc.get_freeze_count() > 0
        assert not gc.is_tracked(alive) or all(o is not alive for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_freeze_new_waits_for_the_first_freeze_then_freezes_what_is_new() -> None:
    gc.unfreeze()
    freeze_new()
    assert gc.get_freeze_count() == 0  # startup garbage is freeze_long_lived's to collect
    try:
        freeze_long_lived()
        frozen = gc.get_freeze_count()
        tree = [Node() for _ in range(500)]
        freeze_new()
        assert gc.get_freeze_count() >= frozen + len(tree)
        assert all(o is not tree[0] for o in gc.get_objects())
    finally:
        gc.unfreeze()
