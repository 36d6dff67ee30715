"""A whole mixed library through the services: export a bundle, import it into an empty
library, compare every field; importing again adds nothing."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.domain.records import ArticleDetail
from app.services.library import Library
from app.storage import articles as article_sql
from tests.unit.test_saving_web import _png

SAMPLES = Path(__file__).parent / "samples" / "import"


def build_mixed_library(lib: Library, files: Path) -> None:
    """Imported content with highlights, notes and nested lists; local saves with an image;
    a URL still waiting; hierarchical tags; every state; a reading position."""
    lib.import_file(SAMPLES / "wallabag.json", "wallabag")
    lib.import_file(SAMPLES / "karakeep.json", "karakeep")
    files.mkdir()
    note = files / "note.md"
    note.write_text(
        "---\ntitle: Field notes\nurl: https://example.org/field-notes\ntags: [outdoors/birds]\n"
        "date: 2024-05-01\n---\n\n# Field notes\n\n"
        + " ".join(f"Sentence {n} about the herons by the lake at dawn." for n in range(10)),
        encoding="utf-8",
    )
    (files / "heron.png").write_bytes(_png(40, 30))
    page = files / "page.html"
    page.write_text(
        "<html><head><title>Local page</title></head><body><article><h1>Local page</h1>"
        + "".join(
            f"<p>Paragraph {n} of a page saved from disk, long enough to keep as an article.</p>"
            for n in range(6)
        )
        + '<figure><img src="heron.png" alt="A heron"><figcaption>A heron</figcaption></figure>'
        "</article></body></html>",
        encoding="utf-8",
    )
    pdf_free_ids = [lib.add_file(note).article_id, lib.add_file(page, ["local"]).article_id]
    pending = lib.store_urls(["https://example.net/later?utm_source=x"], ["queue"])
    lib.add_tags(pdf_free_ids, ["research/ai/llm", "research/ai"])
    ids = lib.ids("")
    assert len(ids) >= 6
    lib.mark(ids[:2], "read")
    lib.mark(ids[1:3], "favorite")
    lib.mark(ids[2:4], "archive")
    lib.mark([ids[4]], "trash")
    with lib.db.write() as conn:
        article_sql.update_article(conn, pdf_free_ids[1], {"reading_progress": 0.42})
    assert pending[0].created


def _comparable(detail: ArticleDetail) -> dict[str, Any]:
    data = asdict(detail)
    # The snippet is a search-time field; the summary's creation time is when it was cached.
    data["record"].pop("snippet", None)
    if data["summary"] is not None:
        data["summary"].pop("created")
    for h in data["highlights"]:
        h.pop("id")
        h.pop("article_id")
    data["assets"] = sorted(data["assets"], key=lambda a: (a["role"], a["sha256"]))
    return data


def _library_state(lib: Library) -> dict[str, dict[str, Any]]:
    ids = lib.ids("") + lib.ids("is:trashed")
    return {lib.get(i).given_url: _comparable(lib.get(i)) for i in ids}


def test_bundle_round_trip_reproduces_the_library(tmp_path: Path) -> None:
    bundle = tmp_path / "library.zip"
    with Library.open(tmp_path / "source") as source:
        build_mixed_library(source, tmp_path / "files")
        before = _library_state(source)
        exported = source.export("bundle", bundle)
        tags_before = [(t.path, t.count) for t in source.tags()]
        blobs = {
            a["sha256"]: source.read_asset(a["sha256"])
            for state in before.values()
            for a in state["assets"]
        }
    assert exported == len(before)
    # The library really is mixed: every state, notes, highlights, images, a pending URL.
    records = [state["record"] for state in before.values()]
    for flag in ("read", "favorite", "archived", "trashed"):
        assert any(r[flag] for r in records), flag
    assert any(state["note"] for state in before.values())
    assert any(state["highlights"] for state in before.values())
    assert any(a["role"] == "image" for state in before.values() for a in state["assets"])
    assert any(r["fetch_status"] == "pending" for r in records)
    assert any(state["summary"] for state in before.values())
    assert any(state["reading_progress"] == 0.42 for state in before.values())
    assert any("/" in tag for r in records for tag in r["tags"])

    with Library.open(tmp_path / "copy") as copy:
        report = copy.import_file(bundle)
        assert report.added == len(before) and report.merged == 0
        after = _library_state(copy)
        assert sorted(after) == sorted(before)
        for url, state in before.items():
            assert after[url] == state, url
        assert [(t.path, t.count) for t in copy.tags()] == tags_before
        for digest, data in blobs.items():
            assert copy.read_asset(digest) == data
        waiting = [
            s["record"]["id"]
            for s in after.values()
            if s["record"]["fetch_status"] == "pending" and not s["record"]["trashed"]
        ]
        assert sorted(copy.queued_ids()) == sorted(waiting) and waiting

        again = copy.import_file(bundle)
        assert again.added == 0 and again.merged == len(before)
        assert _library_state(copy) == after
        assert copy.doctor().ok
