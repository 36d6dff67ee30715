"""The optional LLM summarizer against a fake Ollama/OpenAI server on 127.0.0.1; summaries
computed at save time; the key points form."""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import InputError
from app.services.library import Library
from app.storage.details import load_summary
from tests.unit.webserver import serve_handler, server_url, stop_server

ARTICLE = "# Rivers\n\n" + " ".join(
    f"The river number {n} floods the valley towns every spring after snowmelt." for n in range(12)
)


class FakeModel:
    """Answers POSTs like Ollama (/api/generate, /api/chat) or OpenAI (/v1/chat/completions)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        self.status = 200
        self.delay = 0.0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append((self.path, payload, dict(self.headers.items())))
                time.sleep(owner.delay)
                answer = "Rivers flood the valley.\n- Towns prepare every spring."
                if self.path.endswith("/api/generate"):
                    body: dict[str, Any] = {"model": payload["model"], "response": answer}
                elif self.path.endswith("/api/chat"):
                    body = {"message": {"role": "assistant", "content": answer}}
                else:
                    body = {"choices": [{"message": {"role": "assistant", "content": answer}}]}
                data = json.dumps(body).encode()
                try:
                    self.send_response(owner.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = serve_handler(Handler)

    def url(self, path: str) -> str:
        return server_url(self.server, path)

    def close(self) -> None:
        stop_server(self.server)


@pytest.fixture
def model() -> Iterator[FakeModel]:
    fake = FakeModel()
    yield fake
    fake.close()


@pytest.fixture
def saved(tmp_path: Path) -> Iterator[tuple[Library, int]]:
    page = tmp_path / "rivers.md"
    page.write_text(ARTICLE, encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        yield lib, lib.add_file(page).article_id


def test_summary_is_stored_at_save_time(saved: tuple[Library, int]) -> None:
    lib, article_id = saved
    with lib.db.read() as conn:
        stored = load_summary(conn, article_id)
    assert stored is not None and stored.method == "key sentences" and "river" in stored.text
    assert lib.summary(article_id).created == stored.created  # the toggle reads the cache


def test_points_are_the_same_sentences(saved: tuple[Library, int]) -> None:
    lib, article_id = saved
    summary = lib.summary(article_id)
    assert summary.points == tuple(summary.text.splitlines())
    assert summary.to_json()["points"] == list(summary.points)


def test_nothing_is_sent_and_llm_refused_until_configured(
    saved: tuple[Library, int], model: FakeModel
) -> None:
    lib, article_id = saved
    assert lib.llm_config() is None and lib.default_summary_method() == "extractive"
    with pytest.raises(InputError, match="no LLM endpoint"):
        lib.summary(article_id, "llm")
    with pytest.raises(InputError, match="no LLM endpoint"):
        lib.set_default_summary_method("llm")
    lib.summary(article_id)
    assert model.requests == []


@pytest.mark.parametrize("path", ["/api/generate", "/api/chat", "/v1", "/v1/chat/completions"])
def test_llm_summary_comes_from_the_configured_model(
    saved: tuple[Library, int], model: FakeModel, path: str
) -> None:
    lib, article_id = saved
    lib.configure_llm(model.url(path), "tiny-model")
    summary = lib.summary(article_id, "llm")
    assert summary.method == "llm:tiny-model" and summary.note is None
    assert summary.text == "Rivers flood the valley.\nTowns prepare every spring."
    (sent_path, payload, _headers) = model.requests[0]
    expected = path if "api" in path or path.endswith("completions") else "/v1/chat/completions"
    assert sent_path == expected and payload["model"] == "tiny-model"
    assert "river number 3" in json.dumps(payload)
    # Cached: asked again, the model is not called again; the plain summary is still there.
    assert lib.summary(article_id, "llm").text == summary.text and len(model.requests) == 1
    assert lib.summary(article_id).method == "llm:tiny-model"
    assert lib.summary(article_id, "extractive").method == "key sentences"


def test_api_key_is_sent_and_kept_user_only(saved: tuple[Library, int], model: FakeModel) -> None:
    lib, article_id = saved
    lib.configure_llm(model.url("/v1"), "m", api_key="sk-secret")
    key_file = lib.data_dir / "llm-api-key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    lib.summary(article_id, "llm")
    assert model.requests[0][2]["Authorization"] == "Bearer sk-secret"
    lib.disable_llm()
    assert not key_file.exists() and lib.llm_config() is None


@pytest.mark.parametrize("failure", ["status", "timeout", "closed"])
def test_any_failure_falls_back_to_key_sentences_with_a_note(
    saved: tuple[Library, int], model: FakeModel, failure: str
) -> None:
    lib, article_id = saved
    url = model.url("/api/generate")
    if failure == "status":
        model.status = 500
    elif failure == "timeout":
        model.delay = 1.5
    else:
        model.close()
    lib.configure_llm(url, "m", timeout=0.5)
    summary = lib.summary(article_id, "llm")
    assert summary.method == "key sentences" and "river" in summary.text
    assert summary.note and "the model failed" in summary.note
    expected = {"status": "HTTP 500", "timeout": "did not answer", "closed": "127.0.0.1"}
    assert expected[failure] in summary.note


def test_bad_endpoint_settings_are_refused(saved: tuple[Library, int]) -> None:
    lib, _ = saved
    for url in ("ftp://127.0.0.1/x", "not a url", "file:///etc/passwd"):
        with pytest.raises(InputError, match="http"):
            lib.configure_llm(url, "m")
    with pytest.raises(InputError, match="model"):
        lib.configure_llm("http://127.0.0.1:1/v1", " ")
    assert lib.llm_config() is None


def test_an_old_version_or_method_is_recomputed(saved: tuple[Library, int]) -> None:
    from app.services.summaries import unsummarized_ids
    from app.storage import content as content_sql

    lib, article_id = saved
    assert unsummarized_ids(lib.db) == []  # summarized at save; the body never changes here
    for method, version in (("key sentences", "0"), ("textrank", "2")):
        with lib.db.write() as conn:
            body_hash = conn.exec_driver_sql(
                "SELECT content_hash FROM article WHERE id = ?", (article_id,)
            ).scalar()
            content_sql.store_summary(conn, article_id, "stale", method, version, body_hash)
        assert unsummarized_ids(lib.db) == [article_id]
        fresh = lib.summary(article_id)
        assert fresh.text != "stale" and fresh.method == "key sentences" and fresh.version != "0"
        assert unsummarized_ids(lib.db) == []


def test_imported_content_is_summarized_at_import(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>The canal report number {n} explains how the locks were rebuilt in stone.</p>"
        for n in range(8)
    )
    entry = {
        "id": 1,
        "title": "Canals",
        "url": "https://example.com/canals",
        "is_archived": 0,
        "is_starred": 0,
        "content": f"<article><h1>Canals</h1>{paragraphs}</article>",
        "created_at": "2024-01-02T10:00:00+0000",
        "tags": [],
        "annotations": [],
    }
    export = tmp_path / "wallabag.json"
    export.write_text(json.dumps([entry]), encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        lib.import_file(export, "wallabag")
        (article_id,) = lib.ids("")
        with lib.db.read() as conn:
            stored = load_summary(conn, article_id)
        assert stored is not None and "canal report" in stored.text
