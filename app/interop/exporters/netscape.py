"""Netscape bookmark file export: the HTML every browser and bookmark service imports.

Each article is a `<DT><A HREF ADD_DATE LAST_MODIFIED TAGS TOREAD>` line with its excerpt as
`<DD>`. Tags are comma-separated in TAGS, so a comma inside a tag becomes `_`. Every value is
HTML-escaped and folded onto one line, because several importers read the file line by line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from html import escape
from pathlib import Path

from app.domain.records import ArticleDetail
from app.interop.exporters._common import (
    Progress,
    ReadAsset,
    one_line,
    unix_seconds,
    write_text_export,
)

log = logging.getLogger(__name__)

_HEADER = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>{title}</TITLE>
<H1>{title}</H1>
<DL><p>
"""
_FOOTER = "</DL><p>\n"


def export_netscape(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes the articles as a flat Netscape bookmark file at `out`.

    Args:
        articles: The articles, consumed once.
        out: The `.html` file to write (replaced atomically when it exists).
        read_asset: Unused; every exporter takes it.
        title: The file's title and heading.
        progress: Called with the number of articles written so far.

    Returns:
        The number of articles written.

    Raises:
        InputError: When `out` cannot be written to.
    """
    del read_asset
    count = write_text_export(
        out,
        articles,
        bookmark,
        progress=progress,
        head=_HEADER.format(title=escape(one_line(title) or "Bookmarks")),
        tail=_FOOTER,
    )
    log.info("netscape: wrote %d bookmarks to %s", count, out)
    return count


def tags_attribute(tags: Iterable[str]) -> str:
    """The TAGS value: tags joined by commas, commas inside a tag replaced by `_`."""
    cleaned = (one_line(tag).replace(",", "_") for tag in tags)
    return ",".join(tag for tag in cleaned if tag)


def bookmark(detail: ArticleDetail) -> str:
    """One `<DT><A …>` line (plus a `<DD>` line when there is an excerpt)."""
    rec = detail.record
    added = unix_seconds(rec.saved)
    modified = unix_seconds(detail.updated) if detail.updated is not None else added
    attrs = [
        f'HREF="{escape(one_line(rec.url), quote=True)}"',
        f'ADD_DATE="{added}"',
        f'LAST_MODIFIED="{modified}"',
    ]
    tags = tags_attribute(rec.tags)
    if tags:
        attrs.append(f'TAGS="{escape(tags, quote=True)}"')
    # linkding's convention for unread items; other importers ignore attributes they lack.
    attrs.append(f'TOREAD="{0 if rec.read else 1}"')
    label = escape(one_line(rec.title) or one_line(rec.url), quote=False)
    line = f"    <DT><A {' '.join(attrs)}>{label}</A>\n"
    note = one_line(detail.description or rec.excerpt or "")
    if note:
        line += f"    <DD>{escape(note, quote=False)}\n"
    return line
