"""Undoable changes to articles (state and tags): apply one on the database lane, get its inverse.

Plain Python, no Qt: the window builds an Operation, runs `apply` on the database lane and
keeps the returned inverse on an UndoStack. Only the articles that really changed go into the
inverse, so undoing "archive" on a mixed selection leaves the already-archived ones archived.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from app.domain.records import ArticleRecord
from app.domain.tags import normalize_tag, tag_key

if TYPE_CHECKING:
    from app.services.library import Library
    from app.services.tag_manager import TagChange, TagUndo

Kind = Literal["mark", "toggle", "add_tags", "remove_tags", "restore_tags"]
RECORD_CHUNK = 2000
UNDO_DEPTH = 100

INVERSE_ACTIONS = {
    "read": "unread",
    "unread": "read",
    "favorite": "unfavorite",
    "unfavorite": "favorite",
    "archive": "unarchive",
    "unarchive": "archive",
    "trash": "restore",
    "restore": "trash",
}
# A toggle sets the field unless every article already has it (then it clears it).
TOGGLES = {
    "read": ("read", "unread"),
    "favorite": ("favorite", "unfavorite"),
    "archive": ("archive", "unarchive"),
}
PAST_TENSE = {
    "read": "Marked read",
    "unread": "Marked unread",
    "favorite": "Favorited",
    "unfavorite": "Unfavorited",
    "archive": "Archived",
    "unarchive": "Unarchived",
    "trash": "Moved to the trash",
    "restore": "Restored",
}


@dataclass(frozen=True)
class Operation:
    """One change to a set of articles.

    Attributes:
        kind: mark (a state action), toggle (read/favorite/archive, resolved at apply time),
            add_tags or remove_tags.
        ids: The articles.
        action: The state action or toggle name (mark, toggle).
        tags: The tag paths (add_tags, remove_tags).
        tag_undo: What a tag-manager change replaced (restore_tags puts it back).
    """

    kind: Kind
    ids: tuple[int, ...]
    action: str = ""
    tags: tuple[str, ...] = ()
    tag_undo: TagUndo | None = None


@dataclass(frozen=True)
class Applied:
    """What `apply` did: a message, the articles that changed and the operations undoing it."""

    message: str
    changed: frozenset[int]
    inverse: tuple[Operation, ...] = ()
    tags_changed: bool = False


def _records(library: Library, ids: Sequence[int]) -> dict[int, ArticleRecord]:
    out: dict[int, ArticleRecord] = {}
    for start in range(0, len(ids), RECORD_CHUNK):
        out.update(library.records(ids[start : start + RECORD_CHUNK]))
    return out


def _count(n: int) -> str:
    return "1 article" if n == 1 else f"{n:,} articles"


def apply(library: Library, operation: Operation) -> Applied:
    """Carry out an operation (on the database lane) and return how to undo it."""
    # Imported here, on the database lane: the services (and SQLAlchemy) stay off the way
    # to the window's first paint.
    from app.services import tag_manager
    from app.services.library import ACTION_FIELDS

    if operation.kind == "restore_tags" and operation.tag_undo is not None:
        message = tag_manager.undo(library.db, operation.tag_undo)
        return Applied(message, operation.tag_undo.article_ids | set(operation.ids), (), True)
    records = _records(library, operation.ids)
    if operation.kind in ("mark", "toggle"):
        action = operation.action
        if operation.kind == "toggle":
            on, off = TOGGLES[action]
            name, _ = ACTION_FIELDS[on]
            all_on = bool(records) and all(getattr(r, name) for r in records.values())
            action = off if all_on else on
        name, value = ACTION_FIELDS[action]
        changed = [i for i in operation.ids if i in records and getattr(records[i], name) != value]
        if changed:
            library.mark(changed, action)
        inverse = (Operation("mark", tuple(changed), INVERSE_ACTIONS[action]),) if changed else ()
        return Applied(
            f"{PAST_TENSE[action]}: {_count(len(changed))}",
            frozenset(changed),
            inverse,
            tags_changed=action in ("trash", "restore") and bool(changed),
        )
    tags = tuple(dict.fromkeys(normalize_tag(t) for t in operation.tags))
    inverse_ops: list[Operation] = []
    touched: set[int] = set()
    for tag in tags:
        key = tag_key(tag)
        if operation.kind == "add_tags":
            targets = [i for i in records if not _has_tag(records[i], key)]
            if targets:
                library.add_tags(targets, [tag])
                inverse_ops.append(Operation("remove_tags", tuple(targets), tags=(tag,)))
        else:
            targets = [i for i in records if _has_tag(records[i], key)]
            if targets:
                library.remove_tags(targets, [tag])
                inverse_ops.append(Operation("add_tags", tuple(targets), tags=(tag,)))
        touched.update(targets)
    verb = "Tagged" if operation.kind == "add_tags" else "Untagged"
    return Applied(
        f"{verb} {_count(len(touched))}: {', '.join(tags)}",
        frozenset(touched),
        tuple(inverse_ops),
        tags_changed=bool(touched),
    )


def _has_tag(record: ArticleRecord, key: str) -> bool:
    return any(tag_key(t) == key for t in record.tags)


def tag_change_applied(change: TagChange) -> Applied:
    """A finished tag-manager change as an undoable step (its undo restores the tags)."""
    touched = change.undo.article_ids
    inverse = Operation("restore_tags", tuple(sorted(touched)), tag_undo=change.undo)
    return Applied(change.message, touched, (inverse,), tags_changed=True)


def apply_all(library: Library, operations: Sequence[Operation]) -> Applied:
    """Apply several operations (an undo step); their inverses are dropped (no redo yet)."""
    changed: set[int] = set()
    tags_changed = False
    for operation in operations:
        done = apply(library, operation)
        changed.update(done.changed)
        tags_changed = tags_changed or done.tags_changed
    return Applied(f"Undone: {_count(len(changed))}", frozenset(changed), (), tags_changed)


@dataclass
class UndoStack:
    """The inverses of the last changes, newest last."""

    depth: int = UNDO_DEPTH
    _steps: list[tuple[str, tuple[Operation, ...]]] = field(default_factory=list)

    def push(self, applied: Applied) -> None:
        """Remember how to undo a change (changes that did nothing are not kept)."""
        if not applied.inverse:
            return
        self._steps.append((applied.message, applied.inverse))
        del self._steps[: -self.depth]

    def pop(self) -> tuple[str, tuple[Operation, ...]] | None:
        """The newest step's message and inverse operations, or None when empty."""
        return self._steps.pop() if self._steps else None

    def __len__(self) -> int:
        return len(self._steps)

    def __iter__(self) -> Iterator[tuple[str, tuple[Operation, ...]]]:
        return iter(self._steps)
