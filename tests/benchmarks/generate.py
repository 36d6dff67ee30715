"""Seeded generator of realistic libraries (and Pocket CSVs), cached per size, seed and schema.

A library is written through the project's own storage code (Database, insert_articles,
ensure_tags, link_pairs) in write transactions of BATCH articles; the FTS rows and tag text are
built per batch with the triggers' own statements. Articles are made in a helper process (see
factory.py) while this one writes, and it streams: memory stays flat however many are made.

    python -m tests.benchmarks.generate --size 5000 [--seed 1] [--out $BENCH_CACHE]
"""

from __future__ import annotations

import argparse
import csv
import fcntl
import json
import multiprocessing
import os
import queue
import random
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event, text

from app.storage.articles import insert_articles
from app.storage.database import DB_FILENAME, Database
from app.storage.fts import integrity_check
from app.storage.migrate import HEAD_REVISION
from app.storage.tags import ensure_tags, link_pairs
from tests.benchmarks.common import cache_dir
from tests.benchmarks.factory import SPAN, START, ArticleFactory, Batch, make_tags
from tests.benchmarks.vocab import make_vocabularies

__all__ = ["ensure_library", "load_manifest", "make_tags", "write_pocket_csv"]

GEN_VERSION = 2  # bump when the generated content changes, so stale caches are rebuilt
BATCH = 5_000
MANIFEST = "manifest.json"
BATCHED_TRIGGERS = ("article_fts_ai", "article_fts_au", "article_tag_ai")
SELF_CHECK_MAX = 20_000  # run FTS5's integrity check after generating up to this many
# FTS5 flushes its in-memory terms to a new segment whenever they pass `hashsize` (1 MB by
# default): every ~200 articles, each flush then merged again and again. A batch-sized buffer
# writes one segment per batch (2-3x faster here); the default is put back at the end.
FTS_HASHSIZE = 256 * 2**20
FTS_DEFAULT_HASHSIZE = 2**20
GENERATION_PRAGMAS = ("synchronous = OFF", "cache_size = -262144")  # restored when reopened
PRODUCER_TIMEOUT_S = 600


def cache_key(size: int, seed: int) -> str:
    """The folder name of a generated library: what it holds and the code that made it.

    The schema's Alembic head is part of it, so a library made before a migration is
    generated again, never migrated (at 1M that would copy ~18 GB).
    """
    return f"lib-{size}-{seed}-g{GEN_VERSION}-s{HEAD_REVISION}"


def library_dir(out: Path, size: int, seed: int) -> Path:
    return out / cache_key(size, seed)


def load_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest of a finished, current generation (None when absent or stale)."""
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    current = manifest.get("version") == GEN_VERSION and manifest.get("schema") == HEAD_REVISION
    return manifest if current else None


def ensure_library(
    out: Path | None, size: int, seed: int, say: Callable[[str], None] = print
) -> tuple[Path, dict[str, Any]]:
    """The cached library for (size, seed), generated first when missing or stale.

    `out` defaults to $BENCH_CACHE (build/bench). A lock file lets several runs share one
    cache folder: a second one waits for the first one's generation and then reuses it.
    """
    out = out or cache_dir()
    final = library_dir(out, size, seed)
    out.mkdir(parents=True, exist_ok=True)
    with _locked(final.with_name(final.name + ".lock"), say):
        manifest = load_manifest(final)
        if manifest is not None:
            say(f"reusing {final} ({manifest['articles']:,} articles)")
            return final, manifest
        _mention_stale(out, size, seed, final, say)
        partial = final.with_name(final.name + ".partial")
        for stale in (partial, final):
            if stale.exists():
                shutil.rmtree(stale)
        manifest = generate(partial, size, seed, say)
        partial.rename(final)
    return final, manifest


@contextmanager
def _locked(path: Path, say: Callable[[str], None]) -> Iterator[None]:
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting for another run generating {path.with_suffix('')}…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _mention_stale(
    out: Path, size: int, seed: int, final: Path, say: Callable[[str], None]
) -> None:
    """Name older generations of the same size (other schemas may still use them: kept)."""
    for other in sorted(out.glob(f"lib-{size}-{seed}*")):
        if other != final and other.is_dir() and not other.name.endswith(".partial"):
            mb = sum(f.stat().st_size for f in other.iterdir() if f.is_file()) / 2**20
            say(f"note: {other} ({mb:,.0f} MB) is another generation; delete it if unused")


def generate(
    dest: Path, size: int, seed: int, say: Callable[[str], None] = print, workers: int = 1
) -> dict[str, Any]:
    """Write `size` articles into a new library at dest; returns (and writes) its manifest.

    `workers` helper processes make the articles (0: this process makes them too).
    """
    began = time.perf_counter()
    factory = ArticleFactory(size, seed)
    setup = time.perf_counter() - began
    db = Database(dest)
    try:
        _use_generation_pragmas(db)
        with db.write() as conn:
            tag_ids = ensure_tags(conn, factory.tags)
            _set_fts(conn, "hashsize", FTS_HASHSIZE)
        # ensure_tags keys its answer by tag_key; our paths are already lower-case keys
        ids_by_index = [tag_ids[path] for path in factory.tags]
        counts: dict[str, int] = defaultdict(int)
        written = 0
        last_report = time.perf_counter()
        for batch in _batches(factory, size, workers):
            with db.write() as conn, _indexed_per_batch(conn):
                insert_articles(conn, batch.rows)
                link_pairs(conn, ((a, ids_by_index[t]) for a, t in batch.links))
            for key, value in batch.counts.items():
                counts[key] += value
            written += len(batch.rows)
            if time.perf_counter() - last_report > 15 or written == size:
                last_report = time.perf_counter()
                rate = written / (last_report - began)
                say(f"generated {written:,}/{size:,} articles ({rate:,.0f}/s)")
        with db.write() as conn:
            _set_fts(conn, "hashsize", FTS_DEFAULT_HASHSIZE)
        if size <= SELF_CHECK_MAX:
            with db.read() as conn:
                problem = integrity_check(conn)
            if problem:
                raise RuntimeError(f"generated FTS index is inconsistent: {problem}")
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    _fsync(dest / DB_FILENAME)
    seconds = time.perf_counter() - began
    manifest = {
        "version": GEN_VERSION,
        "schema": HEAD_REVISION,
        "size": size,
        "seed": seed,
        "articles": size,
        "tags": len(factory.tags),
        "sites": sum(len(s) for s, _ in factory.sites.values()),
        "counts": dict(counts),
        "seconds": round(seconds, 1),
        "setup_seconds": round(setup, 1),
        "rate_per_second": round(size / seconds, 1),
        "bytes": sum(f.stat().st_size for f in dest.iterdir() if f.is_file()),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest


def _use_generation_pragmas(db: Database) -> None:
    """No fsync per commit and a big page cache, for this process's connections only.

    A crash mid-generation leaves a `.partial` folder that the next run deletes; the finished
    file is checkpointed and fsynced, and every later connection uses the engine's own PRAGMAs.
    """

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        for pragma in GENERATION_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    event.listen(db.engine, "connect", on_connect)  # after the engine's own listener
    db.engine.dispose()  # connections opened so far (the migration's) had the old PRAGMAs


def _set_fts(conn: Connection, option: str, value: int) -> None:
    conn.execute(
        text("INSERT INTO article_fts(article_fts, rank) VALUES (:o, :v)"),
        {"o": option, "v": value},
    )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _batches(factory: ArticleFactory, size: int, workers: int) -> Iterator[Batch]:
    """The batches in order, made here or by `workers` forked helpers (batch i by i % workers)."""
    starts = list(range(0, size, BATCH))
    if workers <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        for start in starts:
            yield factory.batch(start, min(size, start + BATCH))
        return
    mp = multiprocessing.get_context("fork")  # the helpers inherit the factory's setup
    queues: list[Any] = [mp.Queue(maxsize=2) for _ in range(workers)]
    procs = [
        mp.Process(
            target=_produce, args=(factory, size, starts[k::workers], queues[k]), daemon=True
        )
        for k in range(workers)
    ]
    for proc in procs:
        proc.start()
    try:
        for i in range(len(starts)):
            yield _next_batch(queues[i % workers], procs[i % workers])
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()


def _produce(factory: ArticleFactory, size: int, starts: list[int], out: Any) -> None:
    try:
        for start in starts:
            out.put(factory.batch(start, min(size, start + BATCH)))
    except BaseException as exc:  # reported to the writer, which raises it
        out.put(RuntimeError(f"article factory failed: {type(exc).__name__}: {exc}"))


def _next_batch(source: Any, proc: Any) -> Batch:
    waited = 0.0
    while True:
        try:
            item = source.get(timeout=5)
        except queue.Empty:
            waited += 5
            if not proc.is_alive() or waited > PRODUCER_TIMEOUT_S:
                raise RuntimeError("the article factory process stopped") from None
            continue
        if isinstance(item, Exception):
            raise item
        return item  # type: ignore[no-any-return]


@contextmanager
def _indexed_per_batch(conn: Connection) -> Iterator[None]:
    """Index a batch of new articles with set-based statements instead of row triggers.

    The row triggers re-index an article's whole text once on insert and again for every tag
    linked; doing the same work once per batch keeps 1M articles within reach here. The FTS
    rows, tag text and schema end up exactly as the triggers leave them: the statements below
    are the triggers' own, and the triggers are restored verbatim from sqlite_master in the
    same transaction (SQLite DDL is transactional, so a crash never leaves them dropped).
    """
    saved = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join(repr(n) for n in BATCHED_TRIGGERS)})"
        )
    ).all()
    if len(saved) != len(BATCHED_TRIGGERS):
        raise RuntimeError(f"the schema changed: expected triggers {BATCHED_TRIGGERS}")
    first = conn.execute(text("SELECT coalesce(max(id), 0) FROM article")).scalar_one()
    for name, _ in saved:
        conn.execute(text(f"DROP TRIGGER {name}"))
    yield
    conn.execute(
        text(
            "UPDATE article SET tags_text = ("
            " SELECT coalesce(group_concat(t.path, char(10)), '') FROM article_tag x"
            " JOIN tag t ON t.id = x.tag_id WHERE x.article_id = article.id)"
            " WHERE id IN (SELECT DISTINCT article_id FROM article_tag WHERE article_id > :f)"
        ),
        {"f": first},
    )
    conn.execute(
        text(
            "INSERT INTO article_fts(rowid, title, author, site, body, tags) "
            "SELECT id, title, author, site, body_text, tags_text FROM article WHERE id > :f"
        ),
        {"f": first},
    )
    for _, sql in saved:
        conn.execute(text(sql))


def pocket_rows(count: int, seed: int) -> Iterator[list[str]]:
    """Rows of a Pocket CSV export (title,url,time_added,cursor,tags,status), streamed."""
    rng = random.Random(f"pocket-{seed}")
    words = make_vocabularies(seed)["en"].words
    names = [w for w in words[100:5000] if w.isascii()]
    tags = make_tags(rng, 300, words)
    hosts = [f"{rng.choice(names)}{rng.choice(names)}.com" for _ in range(max(20, count // 50))]
    epoch = int(START.timestamp())
    for i in range(count):
        title = " ".join(rng.choice(names) for _ in range(rng.randint(3, 10))).capitalize()
        host = rng.choice(hosts)
        url = f"https://{host}/{2015 + i * 10 // count}/{'-'.join(title.split()[:4])}-{i}"
        n = rng.choices((0, 1, 2, 3), weights=(40, 35, 18, 7))[0]
        row_tags = "|".join(rng.sample(tags, n))
        added = epoch + int(SPAN.total_seconds() * (i + rng.random()) / count)
        status = "archive" if rng.random() < 0.4 else "unread"
        title = title if rng.random() > 0.03 else ""  # Pocket leaves some titles empty
        yield [title, url, str(added), str(i * 7919), row_tags, status]


def write_pocket_csv(path: Path, count: int, seed: int) -> Path:
    """A Pocket CSV of `count` rows at path (reused when already there)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "url", "time_added", "cursor", "tags", "status"])
        writer.writerows(pocket_rows(count, seed))
    tmp.rename(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="default: $BENCH_CACHE")
    args = parser.parse_args()
    path, manifest = ensure_library(args.out, args.size, args.seed)
    print(json.dumps({"path": str(path), **manifest}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
