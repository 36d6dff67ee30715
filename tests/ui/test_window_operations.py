"""Undoable article changes (the window's undo stack), on a real library, without Qt."""

from __future__ import annotations

from pathlib import Path

from app.services.library import Library
from app.ui.operations import Operation, UndoStack, apply, apply_all


def _add(library: Library, tmp_path: Path, n: int) -> list[int]:
    ids = []
    for i in range(n):
        page = tmp_path / f"p{i}.html"
        page.write_text(
            f"<html><head><title>Page {i}</title></head><body><p>Text {i} here.</p></body></html>",
            encoding="utf-8",
        )
        ids.append(library.add_file(page).article_id)
    return ids


def test_toggle_and_undo_only_touch_what_changed(library: Library, tmp_path: Path) -> None:
    ids = _add(library, tmp_path, 3)
    library.mark([ids[0]], "archive")
    done = apply(library, Operation("toggle", tuple(ids), action="archive"))
    # Not all were archived, so the toggle archives; only two really changed.
    assert done.changed == frozenset(ids[1:])
    assert all(r.archived for r in library.records(ids).values())
    stack = UndoStack()
    stack.push(done)
    step = stack.pop()
    assert step is not None
    apply_all(library, step[1])
    records = library.records(ids)
    assert records[ids[0]].archived and not records[ids[1]].archived
    assert stack.pop() is None


def test_tags_round_trip_through_undo(library: Library, tmp_path: Path) -> None:
    ids = _add(library, tmp_path, 2)
    library.add_tags([ids[0]], ["Topic/A"])
    done = apply(library, Operation("add_tags", tuple(ids), tags=("topic/a",)))
    assert done.changed == frozenset({ids[1]})  # the first one had it already (any case)
    assert done.tags_changed
    apply_all(library, done.inverse)
    records = library.records(ids)
    assert records[ids[0]].tags == ("Topic/A",) and records[ids[1]].tags == ()
    removed = apply(library, Operation("remove_tags", tuple(ids), tags=("topic/a",)))
    assert removed.changed == frozenset({ids[0]})
    apply_all(library, removed.inverse)
    assert library.records([ids[0]])[ids[0]].tags == ("Topic/A",)  # the tag keeps its spelling


def test_undo_stack_is_bounded_and_skips_no_ops(library: Library, tmp_path: Path) -> None:
    ids = _add(library, tmp_path, 1)
    stack = UndoStack(depth=2)
    for action in ("favorite", "unfavorite", "favorite"):
        stack.push(apply(library, Operation("mark", tuple(ids), action=action)))
    stack.push(apply(library, Operation("mark", tuple(ids), action="favorite")))  # no change
    assert len(stack) == 2
    assert [ops[0].action for _, ops in stack] == ["favorite", "unfavorite"]
