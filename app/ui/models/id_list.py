"""A compact, immutable list of article ids: 8 bytes per id in one buffer, searched in C.

A million ids as a Python list take about 36 MB (a pointer and an int object each) and every
copy or lookup walks them in the interpreter. Here they are one `bytes` object: built on the
database lane, handed to the GUI thread without a copy, compared with memcmp and searched
with `bytes.find` (a millisecond or two for a million ids), never a per-id Python loop there.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import filterfalse
from typing import overload

_ID = struct.Struct("=q")  # native order, as array('q') and memoryview.cast('q') use
_SIZE = _ID.size
# Long lists are packed and checked a slice at a time: each slice is one call in C that
# holds the interpreter lock throughout (under half a millisecond for 8,192 ids), so the
# GUI thread waiting for the lock gets it between slices, not after a 10-20 ms call.
PACK_SLICE = 8_192


class IdList(Sequence[int]):
    """Article ids in display order; indexing gives ints, slicing gives a list of ints."""

    __slots__ = ("_raw", "_view")

    def __init__(self, raw: bytes = b"") -> None:
        if len(raw) % _SIZE:
            raise ValueError("an id buffer holds whole 8-byte ids")
        self._raw = raw
        self._view = memoryview(raw).cast("q")

    @classmethod
    def of(cls, ids: Iterable[int]) -> IdList:
        """Pack ids (linear: do it off the GUI thread for long lists)."""
        if isinstance(ids, IdList):
            return ids
        if not isinstance(ids, Sequence) or len(ids) <= PACK_SLICE:
            return cls(array("q", ids).tobytes())
        packed = array("q")
        for start in range(0, len(ids), PACK_SLICE):
            packed.extend(ids[start : start + PACK_SLICE])
        return cls(packed.tobytes())

    def __len__(self) -> int:
        return len(self._view)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return self._view[index].tolist()
        return self._view[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._view)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, int) and self.index_of(article_id) is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdList):
            return self._raw == other._raw
        if isinstance(other, (list, tuple)):
            return len(other) == len(self) and self.tolist() == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._raw)

    def __add__(self, other: IdList) -> IdList:
        return IdList(self._raw + other._raw)

    def __repr__(self) -> str:
        head = self[:5]
        more = ", …" if len(self) > 5 else ""
        return f"IdList([{', '.join(map(str, head))}{more}], {len(self)} ids)"

    def tolist(self) -> list[int]:
        """The ids as a Python list (linear)."""
        return self._view.tolist()

    def index_of(self, article_id: int) -> int | None:
        """The position of an id, or None: a byte search in C, not a Python loop."""
        try:
            needle = _ID.pack(article_id)
        except struct.error:
            return None
        raw, start = self._raw, 0
        while True:
            found = raw.find(needle, start)
            if found < 0:
                return None
            if found % _SIZE == 0:
                return found // _SIZE
            start = found + 1  # the bytes straddle two ids: look further

    def without(self, shown: Iterable[int]) -> IdList:
        """These ids minus those in `shown` (the same list when none is there).

        Checked a slice at a time in C (see PACK_SLICE): never a Python loop per id.
        """
        seen = set(shown)
        view = self._view
        if all(seen.isdisjoint(view[s : s + PACK_SLICE]) for s in range(0, len(view), PACK_SLICE)):
            return self
        kept = array("q")
        for start in range(0, len(view), PACK_SLICE):
            kept.extend(filterfalse(seen.__contains__, view[start : start + PACK_SLICE]))
        return IdList(kept.tobytes())

    def positions(self, wanted: Iterable[int]) -> dict[int, int]:
        """Rows of the wanted ids that are present (one pass; for the database lane)."""
        want = set(wanted)
        if not want:
            return {}
        if len(want) <= 16:
            found = {i: self.index_of(i) for i in want}
            return {i: row for i, row in found.items() if row is not None}
        return {i: row for row, i in enumerate(self._view) if i in want}
