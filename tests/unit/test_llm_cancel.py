"""Cancelling a local model's summary stops the request itself, and a slow answer is cut at the
configured timeout: against a slow fake model on 127.0.0.1 that notes when the client hangs up."""

from __future__ import annotations

import json
import select
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import FetchError
from app.ingest.llm import LlmCancelled, LlmConfig, llm_summarize
from app.services import summaries
from app.services.library import Library
from app.storage.details import load_summary
from tests.unit.test_summaries_llm import ARTICLE
from tests.unit.webserver import serve_handler, server_url, stop_server

WAIT_S = 30.0  # generous: only a hang fails


def _peer_closed(conn: socket.socket) -> bool:
    """Whether the client has closed its side (the request body was read, so any byte
    readable now is the end of the stream)."""
    readable, _, _ = select.select([conn], [], [], 0)
    if not readable:
        return False
    try:
        return conn.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class SlowModel:
    """Reads a request, then takes its time: "silent" sends nothing until released, "trickle"
    sends headers and then a space every 50 ms, an answer that never ends. Notes whether the
    client closed the connection meanwhile, and whether it ever answered in full."""

    def __init__(self, mode: str = "silent") -> None:
        self.mode = mode
        self.received = threading.Event()
        self.release = threading.Event()
        self.closed = threading.Event()
        self.answered = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                owner.received.set()
                if owner.mode == "trickle":
                    self.trickle()
                else:
                    self.wait_then_answer()

            def wait_then_answer(self) -> None:
                while not owner.release.wait(0.02):
                    if _peer_closed(self.connection):
                        owner.closed.set()
                        return
                body = json.dumps({"response": "Rivers flood the valley."}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                owner.answered.set()

            def trickle(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "10000000")
                self.end_headers()
                while not owner.release.wait(0.05):
                    try:
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    except OSError:
                        owner.closed.set()
                        return
                    if _peer_closed(self.connection):
                        owner.closed.set()
                        return

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = serve_handler(Handler)

    def url(self, path: str = "/api/generate") -> str:
        return server_url(self.server, path)

    def close(self) -> None:
        self.release.set()
        stop_server(self.server)


@pytest.fixture
def slow() -> Iterator[SlowModel]:
    model = SlowModel()
    yield model
    model.close()


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Run `work` on a thread; the box gets its "result" or its "error"."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def test_cancel_closes_the_connection_before_the_model_answers(slow: SlowModel) -> None:
    cancel = threading.Event()
    config = LlmConfig(url=slow.url(), model="m", timeout=300)
    thread, box = in_thread(lambda: llm_summarize(config, "Some text.", cancel=cancel))
    assert slow.received.wait(WAIT_S)
    cancel.set()
    thread.join(WAIT_S)
    assert not thread.is_alive()  # returned, though the model is still "thinking"
    assert isinstance(box.get("error"), LlmCancelled)
    assert slow.closed.wait(WAIT_S)  # the server saw the connection go
    assert not slow.answered.is_set()


def test_cancelled_before_it_starts_sends_nothing(slow: SlowModel) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(LlmCancelled):
        llm_summarize(LlmConfig(url=slow.url(), model="m"), "Some text.", cancel=cancel)
    assert not slow.received.is_set()


def test_an_answer_still_coming_at_the_timeout_is_cut_with_one_line() -> None:
    # Bytes keep coming, so no single read times out: the timeout is for the whole answer.
    model = SlowModel("trickle")
    try:
        config = LlmConfig(url=model.url(), model="m", timeout=1.0)
        with pytest.raises(FetchError) as raised:
            llm_summarize(config, "Some text.")
        message = str(raised.value)
        assert message == f"{model.url()}: the model did not answer within 1 s"
        assert model.closed.wait(WAIT_S)
    finally:
        model.close()


def test_an_unreachable_model_is_one_line_naming_the_endpoint() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/api/generate"
    with pytest.raises(FetchError) as raised:
        llm_summarize(LlmConfig(url=url, model="m", timeout=5), "Some text.")
    message = str(raised.value)
    assert message.startswith(f"{url}: ") and "\n" not in message and len(message) > len(url) + 2


@pytest.fixture
def saved(tmp_path: Path) -> Iterator[tuple[Library, int]]:
    page = tmp_path / "rivers.md"
    page.write_text(ARTICLE, encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        yield lib, lib.add_file(page).article_id


def stored_method(lib: Library, article_id: int) -> str | None:
    with lib.db.read() as conn:
        found = load_summary(conn, article_id)
    return found.method if found is not None else None


def test_a_cancelled_library_summary_stops_the_request_and_stores_nothing(
    saved: tuple[Library, int], slow: SlowModel
) -> None:
    lib, article_id = saved
    lib.configure_llm(slow.url(), "slow-model", timeout=300)
    cancel = threading.Event()
    thread, box = in_thread(lambda: lib.summary(article_id, "llm", cancel=cancel))
    assert slow.received.wait(WAIT_S)
    cancel.set()
    thread.join(WAIT_S)
    assert not thread.is_alive()
    assert isinstance(box.get("error"), LlmCancelled)  # not the fallback: nobody waits for it
    assert slow.closed.wait(WAIT_S)
    assert stored_method(lib, article_id) == "key sentences"  # the model's summary is not kept


def test_an_answer_that_arrives_as_it_is_cancelled_is_not_stored(
    saved: tuple[Library, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, article_id = saved
    lib.configure_llm("http://127.0.0.1:9/api/generate", "m")  # never reached: replaced below
    cancel = threading.Event()

    def answers_as_cancelled(*_args: object, **_kwargs: object) -> str:
        cancel.set()  # the person pressed Cancel just as the answer came in
        return "Rivers flood the valley."

    monkeypatch.setattr(summaries, "llm_summarize", answers_as_cancelled)
    with pytest.raises(LlmCancelled):
        lib.summary(article_id, "llm", cancel=cancel)
    assert stored_method(lib, article_id) == "key sentences"
