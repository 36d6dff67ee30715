"""Plain-text and JSON output of the command line (the stable contract of PRODUCT.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from app.domain.records import ArticleDetail, ArticleRecord, TagRecord


def _clean(text: str | None) -> str:
    """One line of text with control characters removed (titles are hostile input)."""
    if not text:
        return ""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


clean_line = _clean  # public name for sibling output modules


def print_json(data: Any) -> None:
    """JSON to stdout, UTF-8, one document."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_records(records: Iterable[ArticleRecord]) -> None:
    """One line per article: id, state marks, title, site, tags (and a snippet)."""
    for r in records:
        marks = ("*" if r.favorite else " ") + ("R" if r.read else "U")
        marks += "A" if r.archived else " "
        marks += "T" if r.trashed else " "
        site = f"  ({_clean(r.site)})" if r.site else ""
        tags = ("  [" + ", ".join(_clean(t) for t in r.tags) + "]") if r.tags else ""
        print(f"{r.id:>7}  {marks}  {_clean(r.title)}{site}{tags}")
        if r.snippet:
            snippet = _clean(r.snippet).replace("\u27e6", "").replace("\u27e7", "")
            print(f"{'':>7}  {'':4}  {snippet}")


def print_detail(detail: ArticleDetail, summary_text: str | None) -> None:
    """An article as readable text: header, then the summary or the Markdown body."""
    r = detail.record
    print(_clean(r.title))
    meta = [x for x in (_clean(r.site), _clean(r.author)) if x]
    if r.published:
        meta.append(r.published.date().isoformat())
    meta.append(f"{r.reading_minutes} min")
    print(" · ".join(meta))
    print(r.url)
    if r.tags:
        print("tags: " + ", ".join(_clean(t) for t in r.tags))
    if detail.fetch_error:
        print(f"fetch error: {_clean(detail.fetch_error)}")
    print()
    print(summary_text if summary_text is not None else detail.body_markdown)


def print_tags(tags: Iterable[TagRecord]) -> None:
    """Tags as an indented tree with counts."""
    for tag in tags:
        depth = tag.path.count("/")
        leaf = tag.path.rsplit("/", 1)[-1]
        print(f"{'  ' * depth}{_clean(leaf)}  ({tag.count})")
