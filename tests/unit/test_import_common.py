"""Shared importer helpers: dates, URLs, tags, tree paths and the streaming text readers."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.interop.importers import textio
from app.interop.importers.common import (
    Report,
    clean_tag,
    clean_title,
    clean_url,
    from_unix,
    parse_bool,
    parse_date,
    parse_timestamp,
    path_tag,
    progress,
    split_tags,
    tree_paths,
    unique_tags,
)
from app.interop.importers.textio import iter_csv, iter_json_array, iter_lines, load_json


def _report(problems: list[str] | None = None) -> Report:
    return Report(Path("sample.csv"), problems)


# Dates -----------------------------------------------------------------------------------------


def test_unix_seconds_milliseconds_and_microseconds_agree() -> None:
    expected = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert from_unix(1700000000) == expected
    assert from_unix("1700000000") == expected
    assert from_unix(1700000000000) == expected
    assert from_unix(1700000000000000) == expected


def test_iso_offsets_are_converted_to_utc() -> None:
    assert parse_date("2016-09-08T11:55:58+0200") == datetime(2016, 9, 8, 9, 55, 58, tzinfo=UTC)
    assert parse_date("2016-09-08T11:55:58-05:30") == datetime(2016, 9, 8, 17, 25, 58, tzinfo=UTC)
    assert parse_date("2024-02-01T10:00:00.000Z") == datetime(2024, 2, 1, 10, tzinfo=UTC)
    assert parse_date("2024-01-02 15:04:05 +0100") == datetime(2024, 1, 2, 14, 4, 5, tzinfo=UTC)


def test_naive_dates_count_as_utc_and_rfc2822_is_read() -> None:
    assert parse_date("2023-01-02 10:11:12") == datetime(2023, 1, 2, 10, 11, 12, tzinfo=UTC)
    assert parse_date("Tue, 02 Jan 2024 10:00:00 +0200") == datetime(2024, 1, 2, 8, tzinfo=UTC)
    assert parse_date("2021") == datetime(2021, 1, 1, tzinfo=UTC)


def test_timestamp_fields_read_short_numbers_as_seconds_not_years() -> None:
    assert parse_timestamp("1000") == datetime(1970, 1, 1, 0, 16, 40, tzinfo=UTC)
    assert parse_date("1000") == datetime(1000, 1, 1, tzinfo=UTC)
    assert parse_timestamp("2024-01-01T00:00:00Z") == datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("value", [None, "", "  ", "yesterday", "0", 0, -5, True, "2023-13-45"])
def test_unusable_dates_are_none(value: object) -> None:
    assert parse_date(value) is None


@given(st.text(max_size=40) | st.integers() | st.floats(allow_nan=True))
def test_parse_date_never_raises_and_is_always_aware_utc(value: object) -> None:
    result = parse_date(value)
    assert result is None or result.utcoffset() == timedelta(0)


# URLs, tags, flags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  https://example.com/a?b=1 ", "https://example.com/a?b=1"),
        ("HTTP://Example.com", "HTTP://Example.com"),
        ("javascript:alert(1)", None),
        ("ftp://example.com/x", None),
        ("https://", None),
        ("/relative/path", None),
        ("https://exa mple.com", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_url_accepts_only_absolute_http(raw: str | None, expected: str | None) -> None:
    assert clean_url(raw) == expected


@given(st.text(max_size=60))
def test_clean_url_result_is_always_http(value: str) -> None:
    result = clean_url(value)
    assert result is None or result.lower().startswith(("http://", "https://"))


def test_tags_are_cleaned_split_and_deduplicated() -> None:
    assert split_tags(" a | b  c |  | Ünï ", "|") == ["a", "b c", "Ünï"]
    assert clean_tag(" research / border ") == "research/border"
    assert path_tag(["Work", "A/B", " ", "C"]) == "Work/A-B/C"
    assert unique_tags(["a", "A", None, "b", "a"]) == ("a", "b")


def test_title_is_one_line_and_not_the_url() -> None:
    assert clean_title("Multi\r\n  line", "https://x.org") == "Multi line"
    assert clean_title("https://x.org", "https://x.org") is None


def test_flags_and_progress() -> None:
    assert parse_bool("True") and parse_bool(1) and parse_bool("yes")
    assert not parse_bool("false") and not parse_bool("") and not parse_bool(None)
    assert progress("50%") == 0.5
    assert progress(40, 100) == 0.4
    assert progress("7", 1) == 1.0
    assert progress("n/a") is None


def test_tree_paths_nest_and_survive_cycles() -> None:
    nodes = [
        {"id": 1, "name": "Top", "parentId": None},
        {"id": 2, "name": "Mid", "parentId": 1},
        {"id": 3, "name": "Leaf", "parentId": 2},
        {"id": 4, "name": "Loop A", "parentId": 5},
        {"id": 5, "name": "Loop B", "parentId": 4},
        {"id": 6, "name": "Orphan", "parentId": 99},
    ]
    paths = tree_paths(nodes)
    assert paths["3"] == "Top/Mid/Leaf"
    assert paths["4"] == "Loop B/Loop A"
    assert paths["6"] == "Orphan"


# Streaming text --------------------------------------------------------------------------------


def _rows(data: bytes, required: tuple[str, ...] = ("url",)) -> list[textio.CsvRow]:
    return list(iter_csv(io.BytesIO(data), _report(), required, "test"))


def test_csv_accepts_a_utf8_bom_and_keys_columns_in_lower_case() -> None:
    rows = _rows(b"\xef\xbb\xbfURL,Title\r\nhttps://a.org,\xc3\x9cber\r\n")
    assert rows[0].get("url") == "https://a.org"
    assert rows[0].get("title") == "Über"
    assert rows[0].line == 2


def test_csv_falls_back_to_cp1252_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        rows = _rows("url,title\nhttps://a.org,Caf\xe9 \x93quoted\x94\n".encode("latin-1"))
    assert rows[0].get("title") == "Café “quoted”"
    assert "line 2 is not UTF-8" in caplog.text


def test_csv_reads_utf16_with_a_bom() -> None:
    rows = _rows("url,title\r\nhttps://a.org,Zoë\r\n".encode("utf-16"))
    assert rows[0].get("title") == "Zoë"


def test_csv_missing_column_names_file_and_line() -> None:
    with pytest.raises(InputError, match=r"^sample\.csv: line 1: missing column 'url'"):
        _rows(b"title,link\nA,https://a.org\n")


def test_csv_record_lines_count_embedded_line_breaks() -> None:
    rows = _rows(b'url,title\nhttps://a.org,"one\ntwo"\n\nhttps://b.org,x\n')
    assert [r.line for r in rows] == [2, 5]
    assert rows[0].get("title") == "one\ntwo"


def test_csv_of_only_a_bom_is_an_empty_file() -> None:
    with pytest.raises(InputError, match="empty file"):
        _rows(b"\xef\xbb\xbf")


def test_a_line_longer_than_the_cap_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "MAX_LINE_BYTES", 100)
    with pytest.raises(InputError, match="line 2: line longer than 64 MB"):
        list(iter_lines(io.BytesIO(b"ok\n" + b"x" * 500), _report()))


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 20])
def test_json_array_streams_across_any_chunk_size(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(textio, "_CHUNK", chunk)
    data = '\ufeff [ {"a": "x,]"}, 12345, [1, {"b": null}] , "s\\"t" ]'.encode()
    values = [v for _, v in iter_json_array(io.BytesIO(data), _report(), "a test")]
    assert values == [{"a": "x,]"}, 12345, [1, {"b": None}], 's"t']


def test_json_array_errors_name_the_entry() -> None:
    with pytest.raises(InputError, match=r"entry 2: bad JSON"):
        list(iter_json_array(io.BytesIO(b'[{"a": 1}, {"a": ]'), _report(), "a test"))
    with pytest.raises(InputError, match=r"truncated"):
        list(iter_json_array(io.BytesIO(b'[{"a": 1}, '), _report(), "a test"))
    with pytest.raises(InputError, match=r"not a test: expected a JSON array"):
        list(iter_json_array(io.BytesIO(b'{"a": 1}'), _report(), "a test"))


def test_empty_json_array_yields_nothing() -> None:
    assert list(iter_json_array(io.BytesIO(b" [ ] "), _report(), "a test")) == []


def test_load_json_reports_the_line_of_a_syntax_error() -> None:
    with pytest.raises(InputError, match=r"sample\.csv: line 3: not valid JSON"):
        load_json(io.BytesIO(b'{\n"a": 1,\n}'), _report())
