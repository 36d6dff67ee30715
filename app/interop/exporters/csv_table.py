"""CSV export: one row per article, for spreadsheets and scripts.

Columns: id, url, title, site, author, published, saved, tags, read, favorite, archived,
trashed, word_count, reading_minutes, excerpt. Tags are joined with "; "; states are
`true`/`false`; dates ISO 8601. The file is UTF-8 with a byte-order mark (so Excel picks the
encoding) and CRLF line ends (RFC 4180). Text cells that a spreadsheet would run as a formula
(starting with = + - @ tab or CR) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable
from pathlib import Path

from app.domain.records import ArticleDetail
from app.interop.exporters._common import Progress, ReadAsset, clean_text, write_text_export

log = logging.getLogger(__name__)

COLUMNS = (
    "id",
    "url",
    "title",
    "site",
    "author",
    "published",
    "saved",
    "tags",
    "read",
    "favorite",
    "archived",
    "trashed",
    "word_count",
    "reading_minutes",
    "excerpt",
)
TAG_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_csv(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes one CSV row per article (after a header row) at `out`.

    Args:
        articles: The articles, consumed once.
        out: The `.csv` file to write (replaced atomically when it exists).
        read_asset: Unused; every exporter takes it.
        title: Unused; every exporter takes it.
        progress: Called with the number of articles written so far.

    Returns:
        The number of articles written.

    Raises:
        InputError: When `out` cannot be written to.
    """
    del read_asset, title
    # utf-8-sig: the byte order mark tells spreadsheet programs the file is UTF-8.
    count = write_text_export(
        out,
        articles,
        lambda detail: csv_line(row(detail)),
        progress=progress,
        head=csv_line(COLUMNS),
        encoding="utf-8-sig",
    )
    log.info("csv: wrote %d rows to %s", count, out)
    return count


def csv_line(cells: Iterable[str]) -> str:
    """One CSV record, quoted as needed, ending in CRLF as RFC 4180 asks."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def safe_cell(text: str | None) -> str:
    """A text cell with control characters dropped and formula injection defused."""
    if text is None:
        return ""
    cleaned = clean_text(text)
    if cleaned.startswith(_FORMULA_STARTS):
        return "'" + cleaned
    return cleaned


def _flag(value: bool) -> str:
    return "true" if value else "false"


def row(detail: ArticleDetail) -> list[str]:
    """The cells of one article, in COLUMNS order."""
    rec = detail.record
    return [
        str(rec.id),
        safe_cell(rec.url),
        safe_cell(rec.title),
        safe_cell(rec.site),
        safe_cell(rec.author),
        rec.published.isoformat() if rec.published is not None else "",
        rec.saved.isoformat(),
        safe_cell(TAG_SEPARATOR.join(rec.tags)),
        _flag(rec.read),
        _flag(rec.favorite),
        _flag(rec.archived),
        _flag(rec.trashed),
        str(rec.word_count),
        str(rec.reading_minutes),
        safe_cell(rec.excerpt),
    ]
