"""A plain text list of URLs: one per line, blank lines and '#' comments ignored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.interop.importers.common import Report, clean_text, clean_url, url_problem
from app.interop.importers.textio import iter_lines
from app.interop.records import ImportedItem


def read(path: Path, report: Report) -> Iterator[ImportedItem]:
    """Items from a URL list, streamed; a line may carry a title after the URL.

    Lines that are not http(s) URLs are skipped and reported.

    Raises:
        InputError: The file holds no valid URL at all.
    """
    found = False
    with path.open("rb") as stream:
        for number, line in enumerate(iter_lines(stream, report), start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            first, _, rest = text.partition(" ")
            url = clean_url(first)
            if url is None:
                report.skip(f"line {number}", url_problem(text))
                continue
            found = True
            yield ImportedItem(url=url, title=clean_text(rest), source_line=f"line {number}")
    if not found:
        raise report.error("no http(s) URL found in this list")
