"""Plain sqlite3 connections, one per thread, for hot read-only queries (search pages).

A read here skips the SQLAlchemy pool checkout, events and wrappers (a fixed ~0.1-0.3 ms,
as much as a rare word's whole FTS query). It still runs inside BEGIN … COMMIT: the same
FTS5 statement ran ~10 % slower in autocommit mode, side by side (31 vs 28 ms for a word
in a quarter of the articles). The connections are query-only: nothing can write through
them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.storage.engine import BUSY_TIMEOUT_MS


class Readers:
    """Hands each thread its own query-only connection to the library file."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[sqlite3.Connection] = []
        self._generation = 0

    def get(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use, reopened after close())."""
        local = self._local
        if getattr(local, "generation", -1) != self._generation:
            conn = sqlite3.connect(
                self._path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # transactions are begun by read() itself
                check_same_thread=False,  # close() may run on another thread
            )
            # Same cache and temp settings as the engine's connections (engine._on_connect).
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -32000")
            conn.execute("PRAGMA query_only = ON")
            with self._lock:
                self._open.append(conn)
                local.conn, local.generation = conn, self._generation
        connection: sqlite3.Connection = local.conn
        return connection

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside a read transaction (one consistent snapshot)."""
        conn = self.get()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def close(self) -> None:
        """Close every thread's connection; a later get() opens a new one."""
        with self._lock:
            self._generation += 1
            conns, self._open = self._open, []
        for conn in conns:
            conn.close()
