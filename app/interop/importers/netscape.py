"""Netscape bookmark HTML (browsers, Pinboard, Shaarli, linkding): folders become tag paths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_text,
    clean_title,
    clean_url,
    parse_timestamp,
    path_tag,
    split_tags,
    unique_tags,
    url_problem,
)
from app.interop.importers.textio import iter_parsed_items
from app.interop.records import ImportedItem

LINKDING_ARCHIVED = "linkding:bookmarks.archived"
_NOTES = re.compile(r"\[linkding-notes\](.*?)\[/linkding-notes\]", re.DOTALL)
# Browser root folders say where a bookmark sat, not what it is about.
_ROOT_MARKERS = ("personal_toolbar_folder", "unfiled_bookmarks_folder")


class _BookmarkParser(HTMLParser):
    """Walks <DL> nesting with a folder stack; a <DD> after a link is its description."""

    def __init__(self, report: Report) -> None:
        super().__init__(convert_charrefs=True)
        self.report = report
        self.items: list[ImportedItem] = []
        self._folders: list[str | None] = []
        self._pending_folder: str | None = None
        self._heading: list[str] | None = None
        self._heading_is_root = False
        self._link: dict[str, str | None] | None = None
        self._link_line = 0
        self._title: list[str] = []
        self._done_link: tuple[dict[str, str | None], str | None, int] | None = None
        self._description: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("dt", "dl", "h3", "a"):
            self._flush()
        if tag == "dt":
            # A folder heading with no list of its own must not name the next list.
            self._pending_folder = None
        if tag == "h3":
            self._heading = []
            names = {name.lower() for name, _ in attrs}
            self._heading_is_root = any(marker in names for marker in _ROOT_MARKERS)
        elif tag == "dl":
            self._folders.append(self._pending_folder)
            self._pending_folder = None
        elif tag == "a":
            self._link = {name.lower(): value for name, value in attrs}
            self._link_line = self.getpos()[0]
            self._title = []
        elif tag == "dd" and self._done_link is not None:
            self._description = []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        elif self._link is not None:
            self._title.append(data)
        elif self._description is not None:
            self._description.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._heading is not None:
            name = clean_text("".join(self._heading))
            self._pending_folder = None if self._heading_is_root else name
            self._heading = None
        elif tag == "a" and self._link is not None:
            self._done_link = (self._link, clean_text("".join(self._title)), self._link_line)
            self._link = None
        elif tag == "dl":
            self._flush()
            if self._folders:
                self._folders.pop()

    def close(self) -> None:
        super().close()
        if self._link is not None:
            self.handle_endtag("a")
        self._flush()

    def _flush(self) -> None:
        """Emit the last link once its description (if any) has ended."""
        if self._done_link is None:
            return
        attrs, title, line = self._done_link
        description = "".join(self._description) if self._description is not None else None
        self._done_link = None
        self._description = None
        item = self._item(attrs, title, description, f"line {line}")
        if item is not None:
            self.items.append(item)

    def _item(
        self,
        attrs: dict[str, str | None],
        title: str | None,
        description: str | None,
        where: str,
    ) -> ImportedItem | None:
        url = clean_url(attrs.get("href"))
        if url is None:
            self.report.skip(where, url_problem(attrs.get("href")))
            return None
        note = None
        if description:
            notes = _NOTES.search(description)
            if notes:
                note = clean_text(notes[1])
                description = _NOTES.sub("", description)
        tags = split_tags(attrs.get("tags"), ",")
        archived = any(t.lower() == LINKDING_ARCHIVED for t in tags)
        tags = [t for t in tags if t.lower() != LINKDING_ARCHIVED]
        folder = path_tag(f for f in self._folders if f)
        to_read = attrs.get("toread")
        return ImportedItem(
            url=url,
            title=clean_title(title, url),
            tags=unique_tags([folder, *tags]),
            saved=parse_timestamp(attrs.get("add_date")),
            updated=parse_timestamp(attrs.get("last_modified")),
            # TOREAD="0" from linkding or Pinboard means the owner has read it; absent means
            # a browser bookmark, which lands in Unread like any new save.
            read=to_read is not None and to_read.strip().lower() in ("0", "no", "false"),
            archived=archived,
            description=clean_text(description),
            note=note,
            source_line=where,
        )


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a bookmark file, streamed line by line (ICON data URIs can be large)."""
    return iter_parsed_items(path, report, _BookmarkParser(report))
