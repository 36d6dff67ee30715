"""The seeded article factory behind generated libraries: text, sites, tags, dates, markers.

Every article draws from its own random stream, seeded by (seed, index), so a library is the
same whether its articles are made in one process or several, in batches of any size.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.urls import normalize_url, site_of
from app.services.saving import make_excerpt
from app.storage.dates import to_db
from tests.benchmarks.vocab import (
    LANGUAGES,
    MARKERS,
    PHRASE,
    PHRASE_SHARE,
    Vocabulary,
    make_vocabularies,
)

START = datetime(2015, 6, 1, tzinfo=UTC)
SPAN = timedelta(days=3652)  # ten years of saving
SCIENCE = "science"  # the root tag the tag-filter search uses

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


@dataclass
class Batch:
    """Articles [start, stop) ready to insert: rows by id, links by tag index, and tallies."""

    start: int
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # (article id, tag index)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class ArticleFactory:
    """Makes articles from a seeded setup (vocabularies, sentence pools, sites, tags)."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)  # the setup's stream; batches get their own
        self.vocab = make_vocabularies(seed)
        self.lang_codes = [code for code, _, _ in LANGUAGES]
        self.lang_cum = list(itertools.accumulate(share for _, share, _ in LANGUAGES))
        english = self.vocab["en"].words
        self.tags = make_tags(self.rng, tag_count(size), english)
        self.tag_cum = _zipf_cum(len(self.tags), 0.9)
        self.tag_indexes = range(len(self.tags))
        self.in_science = [p == SCIENCE or p.startswith(SCIENCE + "/") for p in self.tags]
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
        # Full pools from 32,768 articles up; a small library (a unit test's) gets a
        # proportionally smaller one, so its setup takes a fraction of a second.
        scale = min(1.0, max(self.size, 2_048) / 32_768)
        count = int((65_536 if vocab.code == "en" else 16_384) * scale)
        pool = []
        for _ in range(count):
            n = self.rng.randint(6, 28)
            words = vocab.draw(self.rng, n)
            text = " ".join(words)
            pool.append((text[0].upper() + text[1:] + ".", n))
        return pool

    def batch(self, start: int, stop: int) -> Batch:
        """Articles start..stop-1 (ids start+1..stop), each from its own random stream."""
        out = Batch(start)
        for index in range(start, stop):
            rng = random.Random(f"article-{self.seed}-{index}")  # ~5 µs; an article is ~300
            values, tags, markers = self.article(index, rng)
            article_id = index + 1
            out.rows.append((article_id, values))
            out.links.extend((article_id, t) for t in tags)
            self._count(out.counts, values, tags, markers)
        return out

    def article(
        self, index: int, rng: random.Random
    ) -> tuple[dict[str, Any], list[int], list[str]]:
        """(article columns, indexes into self.tags, planted marker words) for article `index`."""
        lang = rng.choices(self.lang_codes, cum_weights=self.lang_cum)[0]
        sites, site_cum = self.sites.get(lang) or self.sites["en"]
        site = rng.choices(sites, cum_weights=site_cum)[0]
        target = min(5_000, max(200, int(rng.lognormvariate(math.log(550), 0.75))))
        picked = rng.choices(self.pools[lang], k=target // 17 + 1)
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
        body_markdown, body_text = self._paragraphs(rng, sentences, title_words)
        saved = START + SPAN * ((index + rng.random()) / self.size)
        slug = "-".join(w for w in title_words[:5] if w.isascii()) or "article"
        url = (
            f"https://{'www.' if site.www else ''}{site.host}/{saved.year}/{saved.month:02d}/"
            f"{slug}-{index}"
        )
        read = rng.random() < 0.55
        published = saved - timedelta(days=rng.random() * 60) if rng.random() < 0.8 else None
        trashed = saved + timedelta(days=30) if rng.random() < 0.015 else None
        # Dates go out as stored text (what insert_articles would make of them), so a batch
        # made in a helper process crosses to the writer as plain strings.
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
            "published": to_db(published),
            "saved": to_db(saved),
            "excerpt": make_excerpt(None, body_text[:400]),
            "word_count": words,
            "reading_minutes": max(1, round(words / 230)),
            "read": read,
            "favorite": rng.random() < 0.05,
            "archived": read and rng.random() < 0.55,
            "trashed_at": to_db(trashed),
            "reading_progress": 1.0 if read else 0.0,
            "body_markdown": body_markdown,
            "body_text": body_text,
            "content_hash": hashlib.sha256(body_markdown.encode()).hexdigest(),
            "source": "web",
            "fetch_status": "done",
        }
        k = rng.choices(self.tag_choices, weights=self.tag_weights)[0]
        tags = sorted(set(rng.choices(self.tag_indexes, cum_weights=self.tag_cum, k=k)))
        return values, tags, markers

    @staticmethod
    def _paragraphs(
        rng: random.Random, sentences: list[str], title_words: list[str]
    ) -> tuple[str, str]:
        """(Markdown, plain text): paragraphs of 3-7 sentences, a heading every sixth."""
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
        return "\n\n".join(md_parts), "\n\n".join(text_parts)

    def _count(
        self, counts: dict[str, int], values: dict[str, Any], tags: list[int], markers: list[str]
    ) -> None:
        """Tally what the search benchmarks need to know (hits per marker, live or not)."""
        live = values["trashed_at"] is None
        counts["trashed"] += not live
        counts["words"] += values["word_count"]
        for marker in markers:
            counts[f"marker:{marker}"] += 1
            if live:
                counts[f"live:{marker}"] += 1
        if live and any(self.in_science[t] for t in tags):
            counts["live:tag:science"] += 1
            if "brightcommon" in markers:
                counts["live:brightcommon+tag:science"] += 1
