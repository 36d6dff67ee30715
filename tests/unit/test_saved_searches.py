"""Saved searches through the services: save, count, edit, delete, export by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import InputError, NotFoundError, QuerySyntaxError
from app.services import saved_searches
from app.services.library import Library
from tests.unit.test_tagging import _seed


@pytest.fixture
def lib(library: Library) -> Library:
    """The shared empty library (tests/conftest.py), under the name the tag tests use."""
    return library


def test_save_count_edit_delete(lib: Library) -> None:
    a, b, c = _seed(lib, 3)
    lib.add_tags([a, b], ["eu"])
    lib.add_tags([c], ["us"])
    saved_searches.save(lib.db, "  Europe   only ", "tag:eu -tag:us")
    saved_searches.save(lib.db, "either", "tag:eu OR tag:us")
    counts = {s.name: s.count for s in saved_searches.with_counts(lib.db)}
    assert counts == {"Europe only": 2, "either": 3}
    with pytest.raises(InputError, match="exists already"):
        saved_searches.save(lib.db, "EUROPE ONLY", "x")
    saved_searches.edit(lib.db, "europe only", new_name="Europe", query="tag:us")
    assert saved_searches.get(lib.db, "europe").query == "tag:us"
    with pytest.raises(InputError, match="exists already"):
        saved_searches.edit(lib.db, "Europe", new_name="either")
    saved_searches.delete(lib.db, "EITHER")
    assert [s.name for s in saved_searches.list_searches(lib.db)] == ["Europe"]
    with pytest.raises(NotFoundError, match="'either'"):
        saved_searches.delete(lib.db, "either")


def test_bad_input_is_refused_and_nothing_written(lib: Library) -> None:
    with pytest.raises(QuerySyntaxError):
        saved_searches.save(lib.db, "broken", "(tag:eu")
    with pytest.raises(InputError, match="needs a name"):
        saved_searches.save(lib.db, "   ", "tag:eu")
    assert saved_searches.list_searches(lib.db) == []


def test_export_by_saved_search(lib: Library, tmp_path: Path) -> None:
    a, _b = _seed(lib, 2)
    lib.add_tags([a], ["keep"])
    saved_searches.save(lib.db, "kept", "tag:keep")
    out = tmp_path / "out.csv"
    query = saved_searches.get(lib.db, "kept").query
    assert lib.export("csv", out, query) == 1
