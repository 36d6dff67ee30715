"""Exporters: write articles out as a bundle, Markdown, EPUB, bookmarks, CSV or citations.

`export(fmt, articles, out, read_asset=...)` is the one entry point; `EXPORT_FORMATS` names the
formats for the command line and the export dialog. Every exporter consumes its articles once,
one at a time, so a 100,000-article export never holds the library in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from app.domain.errors import InputError
from app.domain.records import ArticleDetail
from app.interop.exporters._common import Progress, ReadAsset
from app.interop.exporters.bibtex import export_bibtex
from app.interop.exporters.csl_json import export_csl_json
from app.interop.exporters.csv_table import export_csv
from app.interop.exporters.epub import export_epub
from app.interop.exporters.markdown_folder import export_markdown
from app.interop.exporters.netscape import export_netscape

__all__ = ["EXPORT_FORMATS", "Exporter", "Progress", "ReadAsset", "export"]


class Exporter(Protocol):
    """The shape every exporter shares."""

    def __call__(
        self,
        articles: Iterable[ArticleDetail],
        out: Path,
        *,
        read_asset: ReadAsset,
        title: str = ...,
        progress: Progress = ...,
    ) -> int: ...


EXPORT_FORMATS: dict[str, str] = {
    "bundle": "Broadsheet bundle (.zip): everything, for backup or moving to another library",
    "markdown": "Markdown folder: one .md per article with front matter (Obsidian, Joplin)",
    "epub": "EPUB 3 book (.epub): the articles as chapters, for e-readers",
    "netscape": "Bookmarks HTML: for browsers and bookmark services",
    "csv": "CSV table (.csv): one row per article, for spreadsheets",
    "bibtex": "BibTeX (.bib): @online entries for LaTeX and reference managers",
    "csl-json": "CSL-JSON (.json): for Zotero, pandoc and citation processors",
}


def _export_bundle(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """The bundle writer, imported late: app.interop.bundle itself imports this package."""
    from app.interop.bundle import write_bundle

    return write_bundle(articles, out, read_asset=read_asset, title=title, progress=progress)


_EXPORTERS: dict[str, Exporter] = {
    "bundle": _export_bundle,
    "markdown": export_markdown,
    "epub": export_epub,
    "netscape": export_netscape,
    "csv": export_csv,
    "bibtex": export_bibtex,
    "csl-json": export_csl_json,
}


def export(
    fmt: str,
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes articles to `out` in the format named `fmt`.

    Args:
        fmt: A key of EXPORT_FORMATS.
        articles: The articles, consumed once (a generator is fine).
        out: The file to write, or for `markdown` a new or empty folder.
        read_asset: Returns a stored file's bytes by sha256, or None when missing.
        title: A name for the export (the EPUB's title, the bookmark file's heading).
        progress: Called with the number of articles written so far; an exception it raises
            stops the export and leaves no partial file behind (except a Markdown folder).

    Returns:
        The number of articles written.

    Raises:
        InputError: For an unknown format or an unusable `out`.
    """
    exporter = _EXPORTERS.get(fmt)
    if exporter is None:
        known = ", ".join(EXPORT_FORMATS)
        raise InputError(f"unknown export format {fmt!r} (choose one of: {known})")
    return exporter(articles, Path(out), read_asset=read_asset, title=title, progress=progress)
