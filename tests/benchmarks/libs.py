"""Library folders for benchmarks: fresh empty ones, private copies, raw sqlite3 connections."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.storage.database import DB_FILENAME, Database

# The PRAGMAs our engine sets on every connection (app/storage/engine.py), given to the raw
# reference connections too so both sides run with the same cache, sync and temp settings.
ENGINE_PRAGMAS = (
    "busy_timeout = 10000",
    "journal_mode = WAL",
    "synchronous = NORMAL",
    "foreign_keys = ON",
    "temp_store = MEMORY",
    "cache_size = -32000",
)


def fresh(dest: Path) -> Path:
    """An empty library folder with the current schema (made by the project's Database)."""
    if dest.exists():
        shutil.rmtree(dest)
    Database(dest).close()
    return dest


def copy_library(source: Path, dest: Path) -> Path:
    """A private copy of a (closed) library folder's database."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in (DB_FILENAME, DB_FILENAME + "-wal"):
        if (source / name).exists():
            shutil.copyfile(source / name, dest / name)
    return dest


def without_daily_backup(data_dir: Path) -> Path:
    """Mark today's automatic backup of a benchmark library as done (an empty placeholder).

    The window makes one copy a day of the library it opens, on its database lane: 18 GB at a
    million articles, minutes of disk traffic under every window figure of the run, and as
    much disk space again. The figures are of the window at work, not of that copy.
    """
    folder = data_dir / "backups"
    folder.mkdir(exist_ok=True)
    (folder / "bench-placeholder-daily.sqlite3").touch()
    return data_dir


def raw_writer(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection (autocommit; BEGIN is ours) set up as our engine does."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ENGINE_PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    return conn


def raw_reader(path: Path) -> sqlite3.Connection:
    """A read-only plain sqlite3 connection with our engine's cache and temp settings."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn
