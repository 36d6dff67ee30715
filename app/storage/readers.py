"""Plain sqlite3 connections, one per thread, for hot read-only single statements.

A search page is one statement; SQLite runs it in its own implicit read transaction, so it
sees one consistent snapshot without the pool checkout, BEGIN, COMMIT and event hooks a
SQLAlchemy transaction costs (a fixed ~0.2 ms, as much as a rare word's whole FTS query).
The connections are query-only: nothing can write through them.
"""

from __future__ import annotations

import sqlite3
import threading
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
                isolation_level=None,  # each statement is its own read transaction
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

    def close(self) -> None:
        """Close every thread's connection; a later get() opens a new one."""
        with self._lock:
            self._generation += 1
            conns, self._open = self._open, []
        for conn in conns:
            conn.close()
