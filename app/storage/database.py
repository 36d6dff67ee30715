"""A library on disk: the SQLite file, its engine, its asset store and transactions."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from app.domain.errors import LibraryError
from app.storage import migrate
from app.storage.assets import AssetStore
from app.storage.engine import check_library_file, check_writable, make_engine
from app.storage.readers import Readers

log = logging.getLogger(__name__)

DB_FILENAME = "broadsheet.sqlite3"
# How long a write waits in all for another process's write lock (each try waits for the
# busy timeout) before it gives up with a clear message.
WRITE_PATIENCE_S = 60


class Database:
    """The open library: checked, migrated, ready for transactions.

    Open it once per process; connections come from a small pool and are used by one
    thread at a time (each `read()`/`write()` block takes its own).
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_FILENAME
        self.backups_dir = data_dir / "backups"
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"{data_dir}: cannot create the library folder ({exc.strerror or exc})"
            ) from exc
        # Every check is read-only: a damaged, foreign, newer or read-only file is refused
        # before the first connection switches it to WAL (which would write to it).
        check_library_file(self.path)
        migrate.check_schema(self.path)
        check_writable(self.path)
        self.engine = make_engine(self.path)
        try:
            self.last_migration_backup = self._upgrade_patiently()
        except OperationalError as exc:
            self.engine.dispose()
            raise LibraryError(f"{self.path}: cannot open the library ({exc.orig})") from exc
        except BaseException:
            self.engine.dispose()
            raise
        self.assets = AssetStore(data_dir / "assets")
        # Plain per-thread connections for hot single-statement reads (search pages).
        self.readers = Readers(self.path)
        # Called before this process's first write transaction (the daily backup); it
        # returns False to be called again before the next write (nothing worth saving yet).
        self.before_first_write: Callable[[], bool] | None = None
        self._first_write_lock = threading.Lock()
        self._first_write_done = False

    def _upgrade_patiently(self) -> Path | None:
        """Check (and upgrade) the schema, waiting as long as a write would for another
        program's write lock: a window creating or migrating the library on a disk busy with
        other work can hold it past the busy timeout."""
        deadline = time.monotonic() + WRITE_PATIENCE_S
        while True:
            try:
                return migrate.upgrade(self.engine, self.path, self.backups_dir)
            except OperationalError as exc:
                if "locked" not in str(exc.orig) or time.monotonic() >= deadline:
                    raise
                log.info("%s: another program is setting up the library; waiting", self.path)

    def _run_first_write_hook(self) -> None:
        with self._first_write_lock:
            if self._first_write_done:
                return
            self._first_write_done = True
        hook = self.before_first_write
        if hook is None:
            return
        try:
            if not hook():
                with self._first_write_lock:
                    self._first_write_done = False
        except Exception:
            # A failed automatic backup must not stop the user's work; it is logged.
            log.warning("the automatic backup before the first write failed", exc_info=True)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (a consistent snapshot; never blocks writers under WAL)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: takes the write lock at BEGIN, commits at the end."""
        if not self._first_write_done:
            self._run_first_write_hook()
        deadline = time.monotonic() + WRITE_PATIENCE_S
        while True:
            with self.engine.connect() as raw:
                conn = raw.execution_options(immediate=True)
                try:
                    transaction = conn.begin()
                except OperationalError as exc:
                    # Another process has held the write lock past the busy timeout (a big
                    # import batch on a slow, loaded machine): nothing was done yet, so wait
                    # again rather than fail with "database is locked".
                    if "locked" in str(exc.orig) and time.monotonic() < deadline:
                        log.info("%s: another program is writing; still waiting", self.path)
                        continue
                    if "locked" in str(exc.orig):
                        raise LibraryError(
                            f"{self.path}: another program has been writing to the library "
                            f"for over {WRITE_PATIENCE_S} seconds; try again when it is done"
                        ) from exc
                    raise LibraryError(f"{self.path}: write failed ({exc.orig})") from exc
                try:
                    with transaction:
                        yield conn
                except OperationalError as exc:
                    raise LibraryError(f"{self.path}: write failed ({exc.orig})") from exc
                return

    def close(self) -> None:
        """Release every connection (the WAL is checkpointed by the last one)."""
        self.readers.close()
        self.engine.dispose()
