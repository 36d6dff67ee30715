"""The real command line against a local server: several URLs at once, the fetch queue,
imports that queue their URLs, summaries as key points and the LLM settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.cli import run_cli
from tests.unit.webserver import LocalServer, article_page, closed_port_url, serve


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from serve()


def test_add_several_urls_prints_ids_in_order_and_fetches_them(
    server: LocalServer, tmp_path: Path
) -> None:
    urls = [server.page(f"/{t}", article_page(t)) for t in ("rivers", "bridges", "forests")]
    urls.append(server.url("/bridges", "localhost"))  # another host, same path
    data = tmp_path / "lib"
    result = run_cli(data, "add", *urls, "--tag", "batch")
    assert result.code == 0, result.err
    ids = [int(line) for line in result.out.split()]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert result.err == ""  # no progress line when stderr is not a terminal
    listed = run_cli(data, "list", "--json").json()
    by_id = {item["id"]: item for item in listed}
    for article_id, topic in zip(ids, ("rivers", "bridges", "forests", "bridges"), strict=True):
        assert by_id[article_id]["title"] == f"All about {topic}"
        assert by_id[article_id]["tags"] == ["batch"]
    # The same URLs again: the same ids, nothing fetched twice.
    hits = len(server.hits)
    again = run_cli(data, "add", *urls)
    assert [int(line) for line in again.out.split()] == ids and len(server.hits) == hits


def test_offline_add_and_import_queue_and_fetch_resumes(
    server: LocalServer, tmp_path: Path
) -> None:
    data = tmp_path / "lib"
    first = server.page("/one", article_page("rivers"))
    missing = server.url("/gone")
    stored = run_cli(data, "--offline", "add", first, missing)
    assert stored.code == 0 and server.hits == []
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(server.page("/two", article_page("forests")) + "\n", encoding="utf-8")
    imported = run_cli(data, "import", str(urls_file), "--offline")
    assert imported.code == 0 and "broadsheet fetch" in imported.out and server.hits == []

    fetched = run_cli(data, "fetch", "--limit", "2")
    assert fetched.code == 1  # /gone failed: reported, kept for a retry
    assert "fetched 1, failed 1, still waiting 1" in fetched.out
    assert "404" in fetched.err
    rest = run_cli(data, "fetch")
    assert rest.code == 0 and "fetched 1, failed 0, still waiting 0" in rest.out
    titles = sorted(item["title"] for item in run_cli(data, "list", "--json").json())
    assert titles == ["127.0.0.1/gone", "All about forests", "All about rivers"]
    assert run_cli(data, "fetch", "--limit", "0").code == 2


def test_import_without_offline_fetches_what_it_queued(server: LocalServer, tmp_path: Path) -> None:
    data = tmp_path / "lib"
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(server.page("/a", article_page("lakes")) + "\n", encoding="utf-8")
    result = run_cli(data, "import", str(urls_file), "--json")
    assert result.code == 0, result.err
    report = result.json()  # stdout stays one JSON document
    assert (report["added"], report["queued"], report["fetched"], report["fetch_failed"]) == (
        1,
        1,
        1,
        0,
    )
    [item] = run_cli(data, "list", "--json").json()
    assert item["title"] == "All about lakes" and item["fetch_status"] == "done"


def test_summarize_points_and_llm_settings(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    page = tmp_path / "rivers.md"
    page.write_text(
        "# Rivers\n\n"
        + " ".join(f"The river number {n} floods the towns every spring." for n in range(9)),
        encoding="utf-8",
    )
    article_id = run_cli(data, "add", str(page)).out.strip()
    plain = run_cli(data, "summarize", article_id).out.splitlines()
    points = run_cli(data, "summarize", article_id, "--points").out.splitlines()
    assert points == [f"- {line}" for line in plain] and plain
    refused = run_cli(data, "summarize", article_id, "--method", "llm")
    assert refused.code == 2 and "no LLM endpoint" in refused.err
    ok = run_cli(
        data, "llm", "--url", closed_port_url("/v1"), "--model", "tiny", "--default", "llm"
    )
    assert ok.code == 0 and "model: tiny" in ok.out and "default method: llm" in ok.out
    # Nothing listens there: the summary falls back to key sentences with a warning.
    fallback = run_cli(data, "summarize", article_id)
    assert fallback.code == 0 and fallback.out.splitlines() == plain
    assert "broadsheet: warning: the model failed" in fallback.err
    assert "LLM summaries off" in run_cli(data, "llm", "--off").out
