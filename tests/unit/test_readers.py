"""The per-thread plain reader connections search runs on."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from app.storage.database import Database
from tests.unit.test_storage import _insert


def test_each_thread_gets_its_own_query_only_connection(data_dir: Path) -> None:
    db = Database(data_dir)
    try:
        mine = db.readers.get()
        assert db.readers.get() is mine
        theirs: list[sqlite3.Connection] = []
        worker = threading.Thread(target=lambda: theirs.append(db.readers.get()))
        worker.start()
        worker.join()
        assert theirs and theirs[0] is not mine
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
            mine.execute("DELETE FROM article")
    finally:
        db.close()


def test_a_read_sees_what_was_committed_before_it(data_dir: Path) -> None:
    db = Database(data_dir)
    try:
        with db.readers.read() as conn:
            assert conn.execute("SELECT count(*) FROM article").fetchone()[0] == 0
        _insert(db, "first", "first body")
        with db.readers.read() as conn:
            assert conn.execute("SELECT title FROM article").fetchall() == [("first",)]
            assert conn.in_transaction  # one snapshot for the whole read
        assert not db.readers.get().in_transaction
    finally:
        db.close()


def test_close_closes_every_reader_and_a_later_get_reopens(data_dir: Path) -> None:
    db = Database(data_dir)
    first = db.readers.get()
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")
    reopened = db.readers.get()
    try:
        assert reopened is not first
        assert reopened.execute("SELECT 1").fetchone() == (1,)
    finally:
        db.readers.close()
