"""A local HTTP server for network tests: paths map to small handler functions."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

Handler = Callable[["RequestHandler"], None]


@dataclass
class Hit:
    """One request the server received, with when its handler started and ended."""

    path: str
    headers: dict[str, str]
    started: float
    ended: float = field(default=0.0)


class RequestHandler(BaseHTTPRequestHandler):
    """Dispatches GET requests to the routes of the owning LocalServer."""

    server: _Server

    def do_GET(self) -> None:
        """Runs the handler registered for the path, or answers 404."""
        owner = self.server.owner
        hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        with owner.lock:
            owner.hits.append(hit)
        handler = owner.routes.get(self.path.split("?", 1)[0])
        try:
            if handler is None:
                self.send_body(b"<h1>Not here</h1>", status=404)
            else:
                handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # The client stopped reading, which is what several tests want.
        finally:
            hit.ended = time.monotonic()

    def send_body(
        self,
        body: bytes,
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Sends a complete response with a Content-Length."""
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keeps the test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer


class LocalServer:
    """A ThreadingHTTPServer on a free local port, run in a thread for one test."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        #: Set when the server stops, so handlers that wait forever can end.
        self.stopping = threading.Event()
        self._server = _Server((host, 0), RequestHandler)
        self._server.owner = self
        # A short poll interval keeps shutdown (and so each test's teardown) quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self._server.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """Returns the full URL of a path on this server, optionally under another name."""
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        """Registers a handler for a path and returns the path's URL."""
        self.routes[path] = handler
        return self.url(path)

    def page(
        self,
        path: str,
        body: bytes,
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Registers a fixed response for a path and returns the path's URL."""

        def handler(request: RequestHandler) -> None:
            request.send_body(body, status=status, content_type=content_type, headers=headers)

        return self.route(path, handler)

    def hits_for(self, path: str) -> list[Hit]:
        """Returns the requests received for a path (query ignored)."""
        with self.lock:
            return [hit for hit in self.hits if hit.path.split("?", 1)[0] == path]

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def serve() -> Iterator[LocalServer]:
    """Runs a LocalServer for the length of a pytest fixture (use with yield from)."""
    with LocalServer() as server:
        yield server


def closed_port_url(path: str = "/") -> str:
    """Returns a URL on a local port that nothing listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def stream_bytes(total: int, *, chunk: int = 64 * 1024, content_length: bool = False) -> Handler:
    """Returns a handler that streams `total` bytes of HTML-looking filler."""

    def handler(request: RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        if content_length:
            request.send_header("Content-Length", str(total))
        request.end_headers()
        block = b"<p>" + b"x" * (chunk - 3)
        sent = 0
        while sent < total and not request.server.owner.stopping.is_set():
            piece = block[: total - sent]
            request.wfile.write(piece)
            sent += len(piece)

    return handler


def never_answer(request: RequestHandler) -> None:
    """Accepts the request and never sends a byte (until the server stops)."""
    request.server.owner.stopping.wait(timeout=30)


def redirect_to(location: str, status: int = 302) -> Handler:
    """Returns a handler that redirects to a location."""

    def handler(request: RequestHandler) -> None:
        request.send_body(b"", status=status, content_type=None, headers={"Location": location})

    return handler


def article_page(topic: str, paragraphs: int = 6) -> bytes:
    """A small article page about `topic` that extraction keeps whole (title "All about …")."""
    body = "".join(
        f"<p>The {topic} report number {n} explains how the {topic} works in daily life, "
        f"with measurements taken by the team over many seasons and careful notes.</p>"
        for n in range(paragraphs)
    )
    return (
        f"<html><head><title>All about {topic}</title></head><body><article>"
        f"<h1>All about {topic}</h1>{body}</article></body></html>"
    ).encode()


def serve_handler(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A server of one handler class on 127.0.0.1 (a free port), from a daemon thread; for
    fakes that answer POSTs themselves (the local-model tests). Stop it with stop_server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def server_url(server: ThreadingHTTPServer, path: str) -> str:
    """The address of `path` on a server from serve_handler."""
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def stop_server(server: ThreadingHTTPServer) -> None:
    """Stop a server from serve_handler and close its socket."""
    server.shutdown()
    server.server_close()
