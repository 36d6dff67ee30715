"""The filter tree a parsed search query hands to storage, which compiles it to SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeAlias

State = Literal["unread", "read", "favorite", "archived", "trashed"]
STATES: tuple[State, ...] = ("unread", "read", "favorite", "archived", "trashed")


@dataclass(frozen=True)
class TextMatch:
    """Articles whose full text matches `fts`, a safe FTS5 MATCH expression.

    Storage compiles it as `id IN (SELECT rowid FROM fts WHERE fts MATCH :fts)`. It is used
    for text that cannot join the top-level ranking expression: text under OR or NOT mixed
    with filters, and purely negative text (FTS5 has no unary NOT).
    """

    fts: str


@dataclass(frozen=True)
class TagFilter:
    """Articles carrying a tag.

    When `prefix` is False: the tag at `path` or any tag below it ("a" matches "a" and
    "a/b", not "ab"). When True: any tag whose path starts with `path` as a plain string
    ("res" matches "research" and "resume/cv"; "a/" matches only tags strictly below "a";
    "" matches any tag, so `tag:*` means "has a tag" and `-tag:*` means "untagged").
    `path` is normalised with `tags.normalize_tag` and keeps its case: compare it with
    `tags.tag_key` on both sides.
    """

    path: str
    prefix: bool = False


@dataclass(frozen=True)
class SiteFilter:
    """Articles whose host equals `host` or is a subdomain of it.

    `host` is lowercase, without scheme, port, path or a leading "www.", so
    `site:www.example.com` matches example.com, www.example.com and news.example.com.
    Internationalised names are kept as typed (not converted to punycode).
    """

    host: str


@dataclass(frozen=True)
class StateFilter:
    """Articles in a reading state; `favorite` also answers to is:favourite."""

    state: State


@dataclass(frozen=True)
class DateFilter:
    """Articles saved strictly before or strictly after a calendar day (local time).

    `before` matches saved_at < the start of `day`. `after` matches saved_at >= the start
    of `day + 1`. A partial date covers its whole period: before:2025-03 has day
    2025-03-01, after:2025-03 has day 2025-03-31 (the last day, so "after March" means
    from April on). `day + 1` and `day - 1` never overflow: years are 1000..9998.
    """

    op: Literal["before", "after"]
    day: date


@dataclass(frozen=True)
class LangFilter:
    """Articles in a language: `lang` is a lowercase BCP 47 tag such as "de" or "pt-br".

    Storage should match the article's language equal to `lang` or starting with
    `lang + "-"`, so lang:de also finds de-at.
    """

    lang: str


@dataclass(frozen=True)
class NotFilter:
    """Articles that do not match `child`."""

    child: Filter


@dataclass(frozen=True)
class AndFilter:
    """Articles matching every child (always two or more)."""

    children: tuple[Filter, ...]


@dataclass(frozen=True)
class OrFilter:
    """Articles matching at least one child (always two or more)."""

    children: tuple[Filter, ...]


Filter: TypeAlias = (
    TextMatch
    | TagFilter
    | SiteFilter
    | StateFilter
    | DateFilter
    | LangFilter
    | NotFilter
    | AndFilter
    | OrFilter
)
