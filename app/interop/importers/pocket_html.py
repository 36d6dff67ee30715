"""Pocket's legacy ril_export.html: links under "Unread" and "Read Archive" headings."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from app.interop.importers.common import (
    Report,
    clean_title,
    clean_url,
    parse_timestamp,
    split_tags,
    unique_tags,
    url_problem,
)
from app.interop.importers.textio import iter_parsed_items
from app.interop.records import ImportedItem


class _RilParser(HTMLParser):
    """Collects links; the state of each comes from the last <h1> before it."""

    def __init__(self, report: Report) -> None:
        super().__init__(convert_charrefs=True)
        self.report = report
        self.items: list[ImportedItem] = []
        self.archived = False
        self._heading: list[str] | None = None
        self._link: dict[str, str | None] | None = None
        self._line = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self._heading = []
        elif tag == "a":
            self._link = dict(attrs)
            self._line = self.getpos()[0]
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._link is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._heading is not None:
            heading = "".join(self._heading).strip().lower()
            self.archived = "archive" in heading or heading == "read"
            self._heading = None
        elif tag == "a" and self._link is not None:
            self._finish(self._link)
            self._link = None

    def _finish(self, attrs: dict[str, str | None]) -> None:
        where = f"line {self._line}"
        url = clean_url(attrs.get("href"))
        if url is None:
            self.report.skip(where, url_problem(attrs.get("href")))
            return
        title = clean_title("".join(self._text), url)
        self.items.append(
            ImportedItem(
                url=url,
                title=title,
                tags=unique_tags(split_tags(attrs.get("tags"), ",")),
                saved=parse_timestamp(attrs.get("time_added")),
                read=self.archived,
                archived=self.archived,
                source_line=where,
            )
        )


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items of a ril_export.html, streamed line by line."""
    return iter_parsed_items(path, report, _RilParser(report))
