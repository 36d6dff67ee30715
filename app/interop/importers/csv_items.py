"""CSV exports with a `url` column: rows streamed as items, rows without a usable URL skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from app.interop.importers.common import Report, clean_url, url_problem
from app.interop.importers.textio import CsvRow, iter_csv
from app.interop.records import ImportedItem

ItemFromRow = Callable[[CsvRow, str], ImportedItem]
"""Builds the item of one row, given the row and its cleaned URL."""


def read_csv_items(
    path: Path,
    report: Report,
    required: Sequence[str],
    format_name: str,
    item_from_row: ItemFromRow,
) -> Iterator[ImportedItem]:
    """Items of a CSV file, streamed; a row without a usable URL is reported and skipped.

    Args:
        path: The CSV file.
        report: Collects skipped rows and names the file in errors.
        required: Lower-case column names that must be in the header.
        format_name: The format expected, named when the header does not fit.
        item_from_row: Builds one item from a row that has a usable URL.
    """
    with path.open("rb") as stream:
        for row in iter_csv(stream, report, required, format_name):
            url = row_url(row, report)
            if url is not None:
                yield item_from_row(row, url)


def row_url(row: CsvRow, report: Report, location: str | None = None) -> str | None:
    """The row's cleaned `url` field; None, reported as a skip at `location`, when unusable."""
    url = clean_url(row.get("url"))
    if url is None:
        report.skip(row.where if location is None else location, url_problem(row.get("url")))
    return url
