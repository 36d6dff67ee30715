"""CSL-JSON export: a JSON array of `webpage` items, read by Zotero, pandoc and citeproc.

Each item has id (the same authorYEARword key BibTeX gets), type, title, URL, author,
container-title (the site), issued (published), accessed (saved), keyword (tags, comma
separated), language and abstract. Keys whose value is unknown are left out.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.records import ArticleDetail
from app.interop.exporters._citation import CitationKeys, split_authors
from app.interop.exporters._common import (
    Progress,
    ReadAsset,
    clean_text,
    one_line,
    write_text_export,
)

log = logging.getLogger(__name__)


def export_csl_json(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes the articles as a CSL-JSON array at `out`, one item at a time.

    Args:
        articles: The articles, consumed once.
        out: The `.json` file to write (replaced atomically when it exists).
        read_asset: Unused; every exporter takes it.
        title: Unused; every exporter takes it.
        progress: Called with the number of articles written so far.

    Returns:
        The number of items written.

    Raises:
        InputError: When `out` cannot be written to.
    """
    del read_asset, title
    keys = CitationKeys()

    def render(detail: ArticleDetail) -> str:
        # Each item starts on a new line; the separator puts the comma after the one before.
        return "\n" + json.dumps(item(detail, keys.key(detail)), ensure_ascii=False, indent=2)

    count = write_text_export(
        out,
        articles,
        render,
        progress=progress,
        head="[",
        separator=",",
        tail="\n]\n",
    )
    log.info("csl-json: wrote %d items to %s", count, out)
    return count


def _date(value: datetime) -> dict[str, Any]:
    return {"date-parts": [[value.year, value.month, value.day]]}


def item(detail: ArticleDetail, key: str) -> dict[str, Any]:
    """One CSL-JSON item."""
    rec = detail.record
    data: dict[str, Any] = {
        "id": key,
        "type": "webpage",
        "title": one_line(rec.title) or one_line(rec.url),
        "URL": one_line(rec.url),
    }
    authors = [
        {"literal": name.literal} if name.literal else {"family": name.family, "given": name.given}
        for name in split_authors(rec.author)
    ]
    if authors:
        data["author"] = authors
    if rec.site and one_line(rec.site):
        data["container-title"] = one_line(rec.site)
    if rec.published is not None:
        data["issued"] = _date(rec.published)
    data["accessed"] = _date(rec.saved)
    tags = [one_line(tag) for tag in rec.tags]
    if any(tags):
        data["keyword"] = ", ".join(tag for tag in tags if tag)
    if rec.language and one_line(rec.language):
        data["language"] = one_line(rec.language)
    abstract = clean_text(detail.description or rec.excerpt or "").strip()
    if abstract:
        data["abstract"] = abstract
    return data
