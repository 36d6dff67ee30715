"""Property tests: importers round-trip what a writer puts in and never crash on junk."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.interop.importers.detect import FORMATS, read_items

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="|/"),
    max_size=30,
)
_TAG = _TEXT.map(lambda t: " ".join(t.split())).filter(bool)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(_TEXT, st.lists(_TAG, max_size=4), st.booleans(), st.integers(1, 2**31)),
        min_size=1,
        max_size=8,
    )
)
def test_pocket_csv_round_trips(rows: list[tuple[str, list[str], bool, int]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "url", "time_added", "cursor", "tags", "status"])
    for n, (title, tags, archived, added) in enumerate(rows):
        status = "archive" if archived else "unread"
        writer.writerow([title, f"https://example.com/{n}", added, n, "|".join(tags), status])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        items = list(read_items(path, "pocket-csv"))
    assert len(items) == len(rows)
    for item, (title, tags, archived, added) in zip(items, rows, strict=True):
        assert item.title == (" ".join(title.split()) or None)
        assert [t.casefold() for t in item.tags] == list(dict.fromkeys(t.casefold() for t in tags))
        assert item.archived is archived
        assert item.saved == datetime.fromtimestamp(added, UTC)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(min_size=1, max_size=400), fmt=st.sampled_from(sorted(FORMATS)))
def test_junk_input_raises_only_input_error(data: bytes, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "junk"
        path.write_bytes(data)
        problems: list[str] = []
        try:
            for item in read_items(path, fmt, problems):
                assert item.url.startswith(("http://", "https://", "urn:broadsheet:text:"))
        except InputError as exc:
            message = str(exc)
            assert message.startswith("junk: ") or message.startswith("unknown")
            assert "\n" not in message
