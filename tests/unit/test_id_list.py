"""IdList: packed ids, found by a byte search that must never match across two ids."""

from __future__ import annotations

import struct

import pytest

from app.ui.models import id_list
from app.ui.models.id_list import IdList


def test_behaves_like_the_list_it_packs() -> None:
    ids = [5, 3, 1_000_000_007, 2**40, 9]
    packed = IdList.of(ids)
    assert len(packed) == 5
    assert packed[2] == 1_000_000_007 and packed[-1] == 9
    assert packed[1:3] == [3, 1_000_000_007]
    assert list(packed) == ids and packed.tolist() == ids
    assert packed == ids and packed == IdList.of(ids) and packed != IdList.of(ids[::-1])
    assert IdList.of(packed) is packed  # already packed: not copied
    assert (packed + IdList.of([11])).tolist() == [*ids, 11]
    assert 9 in packed and 4 not in packed
    assert not IdList() and len(IdList()) == 0


def test_index_of_skips_matches_that_straddle_two_ids() -> None:
    # The bytes of `target` appear across the boundary of the first two ids, and only then
    # as an id of its own.
    first, second = 0x1122334455667788, 0x0102030405060708
    raw = struct.pack("=qq", first, second)
    target = struct.unpack("=q", raw[4:12])[0]
    packed = IdList.of([first, second, 7, target])
    assert packed.index_of(target) == 3
    assert IdList.of([first, second]).index_of(target) is None
    assert packed.index_of(2**70) is None  # does not fit in 8 bytes: absent, not an error


def test_positions_finds_many_ids_in_one_pass() -> None:
    packed = IdList.of(range(1_000, 0, -1))
    wanted = [1_000, 1, 500, 123_456, *range(10, 40)]
    found = packed.positions(wanted)
    assert found[1_000] == 0 and found[1] == 999 and found[500] == 500
    assert 123_456 not in found
    assert all(found[i] == 1_000 - i for i in range(10, 40))
    assert packed.positions([7]) == {7: 993}  # the few-ids path gives the same answers
    assert packed.positions([]) == {}


def test_without_drops_repeats_across_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(id_list, "PACK_SLICE", 16)
    rest = IdList.of(range(100))
    assert rest.without({3, 50, 99, 1_000}) == [i for i in range(100) if i not in (3, 50, 99)]
    assert rest.without(set()) is rest
    assert rest.without(IdList.of([1_000, 2_000])) is rest  # none there: the same buffer


def test_rejects_a_buffer_of_partial_ids() -> None:
    with pytest.raises(ValueError, match="8-byte"):
        IdList(b"\x00" * 12)


def test_a_long_list_is_packed_a_slice_at_a_time_to_the_same_bytes() -> None:
    ids = list(range(200_000, 0, -1))
    assert IdList.of(ids) == IdList.of(iter(ids)) == ids
    assert IdList.of(ids).index_of(1) == 199_999
