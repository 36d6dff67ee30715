"""BibTeX (biblatex) export: one `@online` entry per article, for reference managers.

Fields: title, url, urldate (the day it was saved), author, organization (the site), date
(published), keywords (tags), langid, abstract. Text is UTF-8 with the BibTeX specials escaped;
braces become `\\textbraceleft{}`/`\\textbraceright{}` because BibTeX counts braces even after a
backslash, so `\\{` alone would unbalance the entry. The url field is verbatim in biblatex, so
it is not escaped; characters that would break the entry there are percent-encoded instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from app.domain.records import ArticleDetail
from app.interop.exporters._citation import CitationKeys, Name, split_authors
from app.interop.exporters._common import Progress, ReadAsset, one_line, write_text_export

log = logging.getLogger(__name__)

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_URL_UNSAFE = re.compile(r"[\s{}\\\"<>]")

# biblatex's langid takes babel/polyglossia language names, not ISO codes.
LANGIDS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "ngerman",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "he": "hebrew",
    "hu": "magyar",
    "it": "italian",
    "ja": "japanese",
    "nl": "dutch",
    "no": "norsk",
    "nb": "norsk",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
    "uk": "ukrainian",
    "zh": "chinese",
}


def export_bibtex(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes one `@online` entry per article into a `.bib` file at `out`.

    Args:
        articles: The articles, consumed once.
        out: The `.bib` file to write (replaced atomically when it exists).
        read_asset: Unused; every exporter takes it.
        title: Unused; every exporter takes it.
        progress: Called with the number of articles written so far.

    Returns:
        The number of entries written.

    Raises:
        InputError: When `out` cannot be written to.
    """
    del read_asset, title
    keys = CitationKeys()
    count = write_text_export(
        out, articles, lambda detail: entry(detail, keys.key(detail)), progress=progress
    )
    log.info("bibtex: wrote %d entries to %s", count, out)
    return count


def escape(text: str) -> str:
    """Text on one line with every BibTeX/LaTeX special character escaped."""
    return _SPECIAL.sub(lambda m: _SPECIALS[m.group(0)], one_line(text))


def escape_url(url: str) -> str:
    """A URL safe inside a verbatim biblatex field: braces, backslashes, spaces encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), url)


def format_names(names: list[Name]) -> str:
    """Names as BibTeX wants them: `Family, Given and {Literal Group}`."""
    parts = []
    for name in names:
        if name.literal:
            parts.append("{" + escape(name.literal) + "}")
        else:
            parts.append(f"{escape(name.family)}, {escape(name.given)}")
    return " and ".join(parts)


def entry(detail: ArticleDetail, key: str) -> str:
    """One `@online{key, …}` entry, ending with a blank line."""
    rec = detail.record
    fields: list[tuple[str, str]] = [
        ("title", escape(rec.title) or escape(rec.url)),
        ("url", escape_url(one_line(rec.url))),
        ("urldate", rec.saved.strftime("%Y-%m-%d")),
    ]
    names = split_authors(rec.author)
    if names:
        fields.append(("author", format_names(names)))
    if rec.site and one_line(rec.site):
        fields.append(("organization", escape(rec.site)))
    if rec.published is not None:
        fields.append(("date", rec.published.strftime("%Y-%m-%d")))
    tags = [escape(tag.replace(",", " ")) for tag in rec.tags]
    if any(tags):
        fields.append(("keywords", ", ".join(tag for tag in tags if tag)))
    if rec.language:
        langid = LANGIDS.get(rec.language.strip().lower().replace("_", "-").split("-")[0])
        if langid:
            fields.append(("langid", langid))
    abstract = escape(detail.description or rec.excerpt or "")
    if abstract:
        fields.append(("abstract", abstract))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{key},\n{body}\n}}\n\n"
