"""The article list's selection carried across a reload, looked up on the database lane.

A reload (a re-sort, a refresh after a change) replaces every row. Finding the selected
articles in a million new ids is a pass over all of them: that pass runs on the database lane
with the query, for the selection as it was when the query started; the GUI thread then only
looks up the few articles selected while the query ran.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.ui.models.id_list import IdList

# Selected ids the GUI thread looks up itself (a byte search each) when the selection changed
# while the query ran; past that, those extra ones are not kept selected.
GUI_LOOKUPS = 64


@dataclass(frozen=True)
class Selection:
    """The selected article ids in list order, and the current one."""

    selected: list[int]
    current: int | None

    def wanted(self) -> list[int]:
        """Every id to find in the new rows."""
        return self.selected if self.current is None else [*self.selected, self.current]


@dataclass(frozen=True)
class Found:
    """A query's ids, with the rows of the selection it started with (found on the lane)."""

    ids: IdList
    kept: Selection
    positions: dict[int, int]
    looked_for: frozenset[int] = field(default=frozenset())

    @classmethod
    def search(cls, ids: IdList, kept: Selection) -> Found:
        """Find the kept selection in the new ids (linear: on the database lane)."""
        wanted = kept.wanted()
        return cls(ids, kept, ids.positions(wanted), frozenset(wanted))

    def rows_for(
        self, now: Selection, row_of: Callable[[int], int | None]
    ) -> tuple[list[int], int | None]:
        """The new rows of the selection `now` (usually the same as the kept one), and the
        current row; None when the current article is not among the new ids."""
        lookups = 0

        def row(article_id: int) -> int | None:
            nonlocal lookups
            found = self.positions.get(article_id)
            if found is not None or article_id in self.looked_for:
                return found
            lookups += 1
            return row_of(article_id) if lookups <= GUI_LOOKUPS else None

        current = row(now.current) if now.current is not None else None
        rows = [r for r in map(row, now.selected) if r is not None]
        return rows, current
