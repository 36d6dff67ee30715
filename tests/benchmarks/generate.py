"""Seeded generator of realistic libraries (and Pocket CSVs), cached under build/bench/.

A library is written through the project's own storage code (Database, insert_article,
ensure_tags, link) in write transactions of BATCH articles, so the FTS triggers build the index
exactly as they do in the app. It streams: memory stays flat however many articles are made.

    python -m tests.benchmarks.generate --size 5000 [--seed 1] [--out build/bench]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import math
import random
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from app.domain.urls import normalize_url, site_of
from app.services.saving import make_excerpt
from app.storage.articles import insert_article
from app.storage.database import Database
from app.storage.fts import integrity_check
from app.storage.tags import ensure_tags, link
from tests.benchmarks.common import DEFAULT_OUT
from tests.benchmarks.vocab import (
    LANGUAGES,
    MARKERS,
    PHRASE,
    PHRASE_SHARE,
    Vocabulary,
    make_vocabularies,
)

GEN_VERSION = 1  # bump when the generated content changes, so stale caches are rebuilt
BATCH = 2_000
START = datetime(2015, 6, 1, tzinfo=UTC)
SPAN = timedelta(days=3652)  # ten years of saving
MANIFEST = "manifest.json"
SCIENCE = "science"  # the root tag the tag-filter search uses
BATCHED_TRIGGERS = ("article_fts_ai", "article_fts_au", "article_tag_ai")
SELF_CHECK_MAX = 20_000  # run FTS5's integrity check after generating up to this many

ROOT_TAGS = [
    "science", "politics", "technology", "health", "economy", "culture", "history", "climate",
    "education", "law", "sport", "travel", "food", "design", "philosophy", "media", "security",
    "energy", "cities", "books", "music", "film", "research", "work", "family", "space", "ai",
    "biology", "physics", "mathematics", "psychology", "language", "art", "finance", "startups",
    "privacy", "programming", "gardening", "migration", "transport",
]  # fmt: skip
TAGS_PER_ARTICLE = ((0, 25), (1, 30), (2, 25), (3, 12), (4, 5), (5, 3))  # (count, weight)
TLDS = {"en": ("com", "org", "net", "co.uk"), "de": ("de", "at"), "fr": ("fr",), "es": ("es",),
        "it": ("it",)}  # fmt: skip


def tag_count(size: int) -> int:
    """2,000 distinct tags at 100k articles, 20,000 at 1M (one per 50 articles)."""
    return max(len(ROOT_TAGS), size // 50)


def site_count(size: int) -> int:
    return max(30, size // 100)


def _zipf_cum(n: int, exponent: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(n)))


def make_tags(rng: random.Random, count: int, words: list[str]) -> list[str]:
    """A tag forest up to three levels deep; earlier (more popular) tags get more children."""
    paths = ROOT_TAGS[:count]
    depth = {p: 1 for p in paths}
    seen = set(paths)
    names = [w for w in words[200:20_000] if w.isascii()]
    while len(paths) < count:
        parent = paths[min(int(rng.paretovariate(0.9)) - 1, len(paths) - 1)]
        if depth[parent] >= 3:
            continue
        name = rng.choice(names)
        if rng.random() < 0.3:
            name += "-" + rng.choice(names)
        path = f"{parent}/{name}"
        if path not in seen:
            seen.add(path)
            depth[path] = depth[parent] + 1
            paths.append(path)
    return paths


@dataclass
class Site:
    host: str
    name: str
    www: bool
    language: str


class ArticleFactory:
    """Makes article column dicts one at a time from a single seeded random stream."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.vocab = make_vocabularies(seed)
        self.lang_codes = [code for code, _, _ in LANGUAGES]
        self.lang_cum = list(itertools.accumulate(share for _, share, _ in LANGUAGES))
        english = self.vocab["en"].words
        self.tags = make_tags(self.rng, tag_count(size), english)
        self.tag_cum = _zipf_cum(len(self.tags), 0.9)
        self.tag_choices = [n for n, _ in TAGS_PER_ARTICLE]
        self.tag_weights = [w for _, w in TAGS_PER_ARTICLE]
        self.sites = self._make_sites(site_count(size))
        self.authors = [
            f"{self.rng.choice(english[300:3000])} {self.rng.choice(english[500:9000])}".title()
            for _ in range(3_000)
        ]
        # Pre-drawn sentence pools make text fast; a per-article sprinkle of tail words keeps
        # the vocabulary's rare end rare (a pool sentence recurs in many articles).
        self.pools = {code: self._sentences(v) for code, v in self.vocab.items()}
        self.tails = {
            code: Vocabulary(code, v.words[3000:], _zipf_cum(len(v.words) - 3000))
            for code, v in self.vocab.items()
        }

    def _make_sites(self, count: int) -> dict[str, tuple[list[Site], list[float]]]:
        rng = self.rng
        by_lang: dict[str, list[Site]] = defaultdict(list)
        seen: set[str] = set()
        ascii_words = {
            code: [w for w in v.words[100:6000] if w.isascii()] for code, v in self.vocab.items()
        }
        while len(seen) < count:
            lang = rng.choices(self.lang_codes, cum_weights=self.lang_cum)[0]
            words = ascii_words[lang]
            first, second = rng.choice(words), rng.choice(words)
            host = f"{first}{second}.{rng.choice(TLDS[lang])}"
            if host in seen:
                continue
            seen.add(host)
            name = f"{first.title()} {second.title()}"
            by_lang[lang].append(Site(host, name, rng.random() < 0.5, lang))
        return {lang: (sites, _zipf_cum(len(sites), 0.8)) for lang, sites in by_lang.items()}

    def _sentences(self, vocab: Vocabulary) -> list[tuple[str, int]]:
        count = 65_536 if vocab.code == "en" else 16_384
        pool = []
        for _ in range(count):
            n = self.rng.randint(6, 28)
            words = vocab.draw(self.rng, n)
            text = " ".join(words)
            pool.append((text[0].upper() + text[1:] + ".", n))
        return pool

    def article(self, index: int) -> tuple[dict[str, Any], list[int], list[str]]:
        """(article columns, indexes into self.tags, planted marker words) for article `index`."""
        rng = self.rng
        lang = rng.choices(self.lang_codes, cum_weights=self.lang_cum)[0]
        sites, site_cum = self.sites.get(lang) or self.sites["en"]
        site = rng.choices(sites, cum_weights=site_cum)[0]
        target = min(5_000, max(200, int(rng.lognormvariate(math.log(550), 0.75))))
        pool = self.pools[lang]
        picked = rng.choices(pool, k=target // 17 + 1)
        sentences = [s for s, _ in picked]
        words = sum(n for _, n in picked)
        tail = self.tails[lang].draw(rng, max(4, words // 50))
        for start in range(0, len(tail), 12):
            chunk = " ".join(tail[start : start + 12])
            sentences.insert(rng.randrange(len(sentences) + 1), chunk.capitalize() + ".")
        words += len(tail)
        markers = [m for m, share in MARKERS.items() if rng.random() < share]
        extra = list(markers)
        if rng.random() < PHRASE_SHARE:
            extra.append(" ".join(PHRASE))
            markers.extend(w for w in PHRASE if w not in markers)
        if extra:
            filler = self.vocab[lang].draw(rng, 6)
            sentence = " ".join(filler[:3] + extra + filler[3:])
            sentences.insert(rng.randrange(len(sentences) + 1), sentence.capitalize() + ".")
            words += 6 + sum(len(e.split()) for e in extra)
        words_of = self.vocab[lang].words
        title_words = [words_of[rng.randrange(30, 8000)] for _ in range(rng.randint(3, 10))]
        title = " ".join(title_words)
        title = title[0].upper() + title[1:]
        md_parts: list[str] = []
        text_parts: list[str] = []
        i = 0
        paragraph = 0
        while i < len(sentences):
            take = rng.randint(3, 7)
            para = " ".join(sentences[i : i + take])
            i += take
            paragraph += 1
            if paragraph % 6 == 0:
                heading = " ".join(rng.choices(title_words, k=3)).capitalize()
                md_parts.append("## " + heading)
                text_parts.append(heading)
            md_parts.append(para)
            text_parts.append(para)
        body_markdown = "\n\n".join(md_parts)
        body_text = "\n\n".join(text_parts)
        saved = START + SPAN * ((index + rng.random()) / self.size)
        slug = "-".join(w for w in title_words[:5] if w.isascii()) or "article"
        url = (
            f"https://{'www.' if site.www else ''}{site.host}/{saved.year}/{saved.month:02d}/"
            f"{slug}-{index}"
        )
        read = rng.random() < 0.55
        values: dict[str, Any] = {
            "given_url": url,
            "url_key": normalize_url(url),
            "canonical_url": url if rng.random() < 0.6 else None,
            "title": title,
            "title_key": title.casefold(),
            "author": rng.choice(self.authors) if rng.random() < 0.75 else None,
            "site": site.name,
            "host": site_of(url),
            "language": lang,
            "published": saved - timedelta(days=rng.random() * 60) if rng.random() < 0.8 else None,
            "saved": saved,
            "excerpt": make_excerpt(None, body_text[:400]),
            "word_count": words,
            "reading_minutes": max(1, round(words / 230)),
            "read": read,
            "favorite": rng.random() < 0.05,
            "archived": read and rng.random() < 0.55,
            "trashed_at": saved + timedelta(days=30) if rng.random() < 0.015 else None,
            "reading_progress": 1.0 if read else 0.0,
            "body_markdown": body_markdown,
            "body_text": body_text,
            "content_hash": hashlib.sha256(body_markdown.encode()).hexdigest(),
            "source": "web",
            "fetch_status": "done",
        }
        k = rng.choices(self.tag_choices, weights=self.tag_weights)[0]
        tags = sorted(set(rng.choices(range(len(self.tags)), cum_weights=self.tag_cum, k=k)))
        return values, tags, markers


def library_dir(out: Path, size: int, seed: int) -> Path:
    return out / f"lib-{size}-{seed}"


def load_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest of a finished, current generation (None when absent or stale)."""
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("version") == GEN_VERSION else None


def ensure_library(
    out: Path, size: int, seed: int, say: Callable[[str], None] = print
) -> tuple[Path, dict[str, Any]]:
    """The cached library for (size, seed), generated first when missing or stale."""
    final = library_dir(out, size, seed)
    manifest = load_manifest(final)
    if manifest is not None:
        say(f"reusing {final} ({manifest['articles']:,} articles)")
        return final, manifest
    partial = final.with_name(final.name + ".partial")
    for stale in (partial, final):
        if stale.exists():
            shutil.rmtree(stale)
    manifest = generate(partial, size, seed, say)
    partial.rename(final)
    return final, manifest


def generate(
    dest: Path, size: int, seed: int, say: Callable[[str], None] = print
) -> dict[str, Any]:
    """Write `size` articles into a new library at dest; returns (and writes) its manifest."""
    began = time.perf_counter()
    factory = ArticleFactory(size, seed)
    setup = time.perf_counter() - began
    db = Database(dest)
    try:
        with db.write() as conn:
            tag_ids = ensure_tags(conn, factory.tags)
        # ensure_tags keys its answer by tag_key; our paths are already lower-case keys
        ids_by_index = [tag_ids[path] for path in factory.tags]
        counts: dict[str, int] = defaultdict(int)
        written = 0
        last_report = time.perf_counter()
        for start in range(0, size, BATCH):
            rows = [factory.article(i) for i in range(start, min(size, start + BATCH))]
            by_tag: dict[int, list[int]] = defaultdict(list)
            with db.write() as conn, _indexed_per_batch(conn):
                for values, tags, markers in rows:
                    article_id = insert_article(conn, values)
                    for t in tags:
                        by_tag[ids_by_index[t]].append(article_id)
                    _count(counts, values, tags, markers, factory.tags)
                for tag_id, article_ids in by_tag.items():
                    link(conn, article_ids, [tag_id])
            written += len(rows)
            if time.perf_counter() - last_report > 15 or written == size:
                last_report = time.perf_counter()
                rate = written / (last_report - began)
                say(f"generated {written:,}/{size:,} articles ({rate:,.0f}/s)")
        if size <= SELF_CHECK_MAX:
            with db.read() as conn:
                problem = integrity_check(conn)
            if problem:
                raise RuntimeError(f"generated FTS index is inconsistent: {problem}")
    finally:
        db.close()
    seconds = time.perf_counter() - began
    manifest = {
        "version": GEN_VERSION,
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


def _count(
    counts: dict[str, int],
    values: dict[str, Any],
    tags: list[int],
    markers: list[str],
    paths: list[str],
) -> None:
    """Tally what the search benchmarks need to know (hits per marker, live or not)."""
    live = values["trashed_at"] is None
    counts["trashed"] += not live
    counts["words"] += values["word_count"]
    science = any(paths[t] == SCIENCE or paths[t].startswith(SCIENCE + "/") for t in tags)
    for marker in markers:
        counts[f"marker:{marker}"] += 1
        if live:
            counts[f"live:{marker}"] += 1
    if science and live:
        counts["live:tag:science"] += 1
        if "brightcommon" in markers:
            counts["live:brightcommon+tag:science"] += 1


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
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    path, manifest = ensure_library(args.out, args.size, args.seed)
    print(json.dumps({"path": str(path), **manifest}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
