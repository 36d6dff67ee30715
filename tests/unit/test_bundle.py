"""The Broadsheet bundle: lossless round trips, and a reader that distrusts its input."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.domain.records import (
    ArticleDetail,
    ArticleRecord,
    AssetRecord,
    HighlightRecord,
    SummaryRecord,
)
from app.interop.bundle import read_bundle, read_bundle_info, write_bundle
from app.interop.bundle import reader as bundle_reader

IMAGE = b"\x89PNG\r\n\x1a\nimage bytes"
IMAGE_SHA = hashlib.sha256(IMAGE).hexdigest()
SNAPSHOT = b"<html>raw page</html>" * 10
SNAPSHOT_SHA = hashlib.sha256(SNAPSHOT).hexdigest()
MISSING_SHA = "0" * 64
STORE = {IMAGE_SHA: IMAGE, SNAPSHOT_SHA: SNAPSHOT}
SAVED = datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)

# --- strategies ---------------------------------------------------------------------------

texts = st.text(max_size=40)  # every code point, lone surrogates included
opt_texts = st.none() | texts
_LOW, _HIGH = datetime(1900, 1, 1), datetime(2200, 1, 1)
# Naive, UTC and a fixed offset: the bundle must keep each kind as it was.
moments = st.datetimes(_LOW, _HIGH) | st.datetimes(
    _LOW, _HIGH, timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))])
)
ints = st.integers(min_value=-(2**63), max_value=2**63)
tag_paths = st.lists(
    st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=3).map("/".join), max_size=4
).map(tuple)
assets = st.builds(
    AssetRecord,
    sha256=st.sampled_from([IMAGE_SHA, SNAPSHOT_SHA, MISSING_SHA]),
    mime=st.sampled_from(["image/png", "text/html", "application/pdf"]),
    bytes=st.integers(min_value=0, max_value=10**9),
    role=st.sampled_from(["image", "snapshot", "original"]),
    source_url=opt_texts,
)
highlights = st.builds(
    HighlightRecord,
    id=ints,
    article_id=ints,
    quote=texts,
    note=opt_texts,
    color=texts,
    prefix=texts,
    suffix=texts,
    position=st.none() | ints,
    created=moments,
)
summaries = st.none() | st.builds(
    SummaryRecord, text=texts, method=texts, version=texts, created=st.none() | moments
)


@st.composite
def details(draw: st.DrawFn, article_id: int) -> ArticleDetail:
    record = ArticleRecord(
        id=article_id,
        url=draw(texts),
        title=draw(texts),
        site=draw(opt_texts),
        author=draw(opt_texts),
        published=draw(st.none() | moments),
        saved=draw(moments),
        read=draw(st.booleans()),
        favorite=draw(st.booleans()),
        archived=draw(st.booleans()),
        trashed=draw(st.booleans()),
        tags=draw(tag_paths),
        word_count=draw(ints),
        reading_minutes=draw(ints),
        excerpt=draw(opt_texts),
        language=draw(opt_texts),
        fetch_status=draw(st.sampled_from(["done", "pending", "failed", "offline"])),
        snippet=draw(opt_texts),
    )
    return ArticleDetail(
        record=record,
        given_url=draw(texts),
        final_url=draw(opt_texts),
        canonical_url=draw(opt_texts),
        body_markdown=draw(st.text(max_size=200) | st.just(f"![x](asset:{IMAGE_SHA})\r\n")),
        body_text=draw(st.text(max_size=200)),
        updated=draw(st.none() | moments),
        reading_progress=draw(st.floats(allow_nan=False, allow_infinity=False)),
        fetch_error=draw(opt_texts),
        summary=draw(summaries),
        highlights=tuple(draw(st.lists(highlights, max_size=3))),
        assets=tuple(draw(st.lists(assets, max_size=3, unique_by=lambda a: a.sha256))),
        description=draw(opt_texts),
        lead_image=draw(opt_texts),
        reading_anchor=draw(opt_texts),
    )


@st.composite
def libraries(draw: st.DrawFn) -> list[ArticleDetail]:
    ids = draw(st.lists(ints, max_size=4, unique=True))
    return [draw(details(i)) for i in ids]


# --- helpers ------------------------------------------------------------------------------


def make(article_id: int = 1, **changes: object) -> ArticleDetail:
    record = ArticleRecord(
        id=article_id,
        url=f"https://example.com/{article_id}",
        title='Ünïcödé <title> & "quotes"',
        site=None,
        author=None,
        published=None,
        saved=SAVED,
        read=True,
        favorite=False,
        archived=True,
        trashed=True,
        tags=("research/border/policy", "日本"),
        word_count=10,
        reading_minutes=1,
    )
    detail = ArticleDetail(
        record=record,
        given_url=f"https://example.com/{article_id}?utm=1",
        final_url=None,
        canonical_url=None,
        body_markdown=f"Body\n\n![img](asset:{IMAGE_SHA})\n",
        body_text="Body\n",
        updated=None,
        reading_progress=0.25,
        fetch_error=None,
        summary=None,
        assets=(
            AssetRecord(IMAGE_SHA, "image/png", len(IMAGE), "image", "https://example.com/i.png"),
            AssetRecord(SNAPSHOT_SHA, "text/html", len(SNAPSHOT), "snapshot"),
        ),
    )
    return dataclasses.replace(detail, **changes)  # type: ignore[arg-type]


def write(out: Path, articles: list[ArticleDetail]) -> int:
    return write_bundle(iter(articles), out, read_asset=STORE.get)


def read_all(path: Path) -> list[tuple[ArticleDetail, dict[str, bytes | None], tuple[str, ...]]]:
    found = []
    for item in read_bundle(path):
        data = {a.sha256: item.asset_data(a.sha256) for a in item.detail.assets}
        found.append((item.detail, data, item.missing_assets))
    return found


def rewrite(
    source: Path, target: Path, edit: dict[str, bytes | None], extra: dict[str, bytes] | None = None
) -> None:
    """Copies a zip, replacing (bytes) or dropping (None) the named entries."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in edit:
                replacement = edit[info.filename]
                if replacement is not None:
                    dst.writestr(info.filename, replacement)
            else:
                dst.writestr(info.filename, src.read(info))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    out = tmp_path / "good.zip"
    write(out, [make(1), make(2, assets=(AssetRecord(MISSING_SHA, "image/gif", 5, "image"),))])
    return out


# --- round trips --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(libraries())
def test_every_field_survives_a_round_trip(articles: list[ArticleDetail]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "b.zip"
        assert write(out, articles) == len(articles)
        back = read_all(out)
    assert [detail for detail, _, _ in back] == articles
    for (detail, data, missing), original in zip(back, articles, strict=True):
        # Equal datetimes can still differ in offset; the bundle keeps the offset too.
        assert detail.record.saved.isoformat() == original.record.saved.isoformat()
        for sha, blob in data.items():
            assert blob == STORE.get(sha)
        assert set(missing) == {a.sha256 for a in original.assets if a.sha256 not in STORE}


def test_lone_surrogates_and_line_ends_survive(tmp_path: Path) -> None:
    # Hypothesis's text() never draws lone surrogates; they must not abort an export either.
    odd = "bad \ud800 half\r\nCRLF\rCR\x00"
    article = make(1, body_markdown=odd, body_text=odd, record=make(1).record)
    article = dataclasses.replace(article, record=dataclasses.replace(article.record, title=odd))
    out = tmp_path / "b.zip"
    write(out, [article])
    ((detail, _, _),) = read_all(out)
    assert detail == article


def test_manifest_lines_name_every_record_field(good: Path) -> None:
    with zipfile.ZipFile(good) as zf:
        line = json.loads(zf.read("manifest.jsonl").splitlines()[0])
        header = json.loads(zf.read("bundle.json"))
        names = zf.namelist()
    fields = {f.name for f in dataclasses.fields(ArticleRecord)}
    fields |= {f.name for f in dataclasses.fields(ArticleDetail)} - {"record"}
    assert fields - {"body_markdown", "body_text"} <= set(line)
    assert {f.name for f in dataclasses.fields(AssetRecord)} < set(line["assets"][0])
    assert header["format"] == "broadsheet-bundle" and header["version"] == 1
    assert header["articles"] == 2 and header["assets"] == 2
    # Two articles share the image and the snapshot; each file is stored once.
    assert sorted(n for n in names if n.startswith("assets/")) == sorted(
        [f"assets/{IMAGE_SHA}", f"assets/{SNAPSHOT_SHA}"]
    )
    assert set(names) >= {"articles/1.md", "articles/1.txt", "articles/2.md", "manifest.jsonl"}


def test_missing_and_corrupt_store_files_are_marked_not_included(tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    lying = {IMAGE_SHA: b"not the image", SNAPSHOT_SHA: SNAPSHOT}
    write_bundle([make(1)], out, read_asset=lying.get)
    ((detail, data, missing),) = read_all(out)
    assert missing == (IMAGE_SHA,)
    assert data == {IMAGE_SHA: None, SNAPSHOT_SHA: SNAPSHOT}
    assert detail.assets == make(1).assets


def test_body_references_outside_the_asset_list_still_travel(tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    write(out, [make(1, assets=())])
    for item in read_bundle(out):
        assert item.asset_data(IMAGE_SHA) == IMAGE


def test_duplicate_articles_are_written_once(tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    assert write(out, [make(1), make(1)]) == 1
    assert len(read_all(out)) == 1


def test_bundle_info(good: Path) -> None:
    info = read_bundle_info(good)
    assert (info.version, info.articles, info.assets) == (1, 2, 2)
    assert info.exported_at.tzinfo is not None


# --- hostile bundles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/passwd", "C:/windows/x", "articles\\1.md", "a/./b", "a//b"]
)
def test_unsafe_entry_names_are_refused(good: Path, tmp_path: Path, name: str) -> None:
    bad = tmp_path / "bad.zip"
    rewrite(good, bad, {}, {name: b"x"})
    with pytest.raises(InputError, match="unsafe entry name"):
        list(read_bundle(bad))


def test_wrongly_named_asset_entries_are_refused(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    rewrite(good, bad, {}, {"assets/NOT-A-SHA": b"x"})
    with pytest.raises(InputError, match="'assets/NOT-A-SHA'"):
        read_bundle_info(bad)


def test_an_asset_whose_bytes_do_not_match_its_name_is_refused(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    rewrite(good, bad, {f"assets/{IMAGE_SHA}": b"tampered"})
    items = read_bundle(bad)  # the zip stays open while the generator lives
    item = next(items)
    assert item.asset_data(SNAPSHOT_SHA) == SNAPSHOT
    with pytest.raises(InputError, match=f"assets/{IMAGE_SHA}.*sha256"):
        item.asset_data(IMAGE_SHA)


def test_an_asset_listed_as_included_but_absent_is_refused(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    rewrite(good, bad, {f"assets/{SNAPSHOT_SHA}": None})
    with pytest.raises(InputError, match=f"line 1: asset {SNAPSHOT_SHA} is missing"):
        list(read_bundle(bad))


def test_duplicate_entries_are_refused(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with pytest.warns(UserWarning):
        rewrite(good, bad, {}, {"articles/1.md": b"second"})
    with pytest.raises(InputError, match=re.escape("'articles/1.md' appears twice")):
        list(read_bundle(bad))


def test_oversized_entries_are_refused(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_reader, "MAX_ASSET_BYTES", 100)
    with pytest.raises(InputError, match=f"assets/{SNAPSHOT_SHA}.*more than the 100 allowed"):
        list(read_bundle(good))


def test_compression_bombs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zeros = bytes(200_000)
    store = {hashlib.sha256(zeros).hexdigest(): zeros}
    out = tmp_path / "bomb.zip"
    detail = make(1, assets=(AssetRecord(next(iter(store)), "text/plain", len(zeros), "x"),))
    write_bundle([detail], out, read_asset=store.get)
    monkeypatch.setattr(bundle_reader, "RATIO_FLOOR_BYTES", 1000)
    with pytest.raises(InputError, match="zip bomb"):
        list(read_bundle(out))


def test_overlong_manifest_lines_are_refused(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_reader, "MAX_MANIFEST_LINE_BYTES", 50)
    with pytest.raises(InputError, match=re.escape("manifest.jsonl line 1 is too long")):
        list(read_bundle(good))


def test_newer_versions_and_other_formats_are_refused(good: Path, tmp_path: Path) -> None:
    header = json.loads(zipfile.ZipFile(good).read("bundle.json"))
    newer = tmp_path / "newer.zip"
    rewrite(good, newer, {"bundle.json": json.dumps({**header, "version": 2}).encode()})
    with pytest.raises(InputError, match="version 2 is newer"):
        list(read_bundle(newer))
    other = tmp_path / "other.zip"
    rewrite(good, other, {"bundle.json": json.dumps({**header, "format": "x"}).encode()})
    with pytest.raises(InputError, match="format is not 'broadsheet-bundle'"):
        read_bundle_info(other)
    headless = tmp_path / "headless.zip"
    rewrite(good, headless, {"bundle.json": None})
    with pytest.raises(InputError, match=re.escape("bundle.json is missing")):
        list(read_bundle(headless))


def test_not_a_zip_or_no_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="not a readable zip"):
        list(read_bundle(junk))
    with pytest.raises(InputError, match="no such file"):
        list(read_bundle(tmp_path / "absent.zip"))


def _manifest_with(good: Path, tmp_path: Path, change: dict[str, object] | str) -> Path:
    lines = zipfile.ZipFile(good).read("manifest.jsonl").splitlines()
    if isinstance(change, str):
        lines[1] = change.encode()
    else:
        lines[1] = json.dumps({**json.loads(lines[1]), **change}).encode()
    bad = tmp_path / "bad.zip"
    rewrite(good, bad, {"manifest.jsonl": b"\n".join(lines) + b"\n"})
    return bad


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object"),
        ({"read": 1}, "line 2: 'read' must be true or false"),
        ({"word_count": True}, "line 2: 'word_count' must be an integer"),
        ({"saved": "yesterday"}, "line 2: 'saved' must be an ISO 8601"),
        ({"tags": ["a", 3]}, "line 2: 'tags' must be a list of strings"),
        ({"title": None}, "line 2: 'title' must be a string"),
        ({"id": 1}, "line 2: article id 1 appears twice"),
        ({"id": 99}, "'articles/99.md' is missing"),
        ({"highlights": [{"quote": "q"}]}, r"line 2: highlights\[0\]: 'id' is missing"),
        (
            {
                "assets": [
                    {
                        **dict.fromkeys(["mime", "role"], "x"),
                        "sha256": "../x",
                        "bytes": 1,
                        "source_url": None,
                        "included": True,
                    }
                ]
            },
            "'sha256' must be 64 lower-case hex",
        ),
    ],
)
def test_bad_manifest_entries_are_named(
    good: Path, tmp_path: Path, change: dict[str, object] | str, message: str
) -> None:
    bad = _manifest_with(good, tmp_path, change)
    items = read_bundle(bad)
    assert next(items).detail.id == 1  # line 1 is fine and comes through first
    with pytest.raises(InputError, match=message):
        next(items)


def test_a_manifest_shorter_than_its_header_is_refused(good: Path, tmp_path: Path) -> None:
    lines = zipfile.ZipFile(good).read("manifest.jsonl").splitlines()
    bad = tmp_path / "bad.zip"
    rewrite(good, bad, {"manifest.jsonl": lines[0] + b"\n"})
    with pytest.raises(InputError, match="holds 1 articles, the header says 2"):
        list(read_bundle(bad))


def test_bodies_must_be_utf8(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    rewrite(good, bad, {"articles/1.md": b"\xff\xfe bad"})
    with pytest.raises(InputError, match=re.escape("'articles/1.md' is not UTF-8")):
        list(read_bundle(bad))


def test_asset_data_after_the_iteration_ends_is_a_clear_error(good: Path) -> None:
    items = list(read_bundle(good))
    with pytest.raises(InputError, match="cannot read"):
        items[0].asset_data(IMAGE_SHA)
