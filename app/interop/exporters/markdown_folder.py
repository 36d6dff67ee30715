"""Markdown folder export: one `.md` per article with YAML front matter, images beside them.

Layout::

    OUT/<slug>.md            front matter, the body, then a "## Highlights" section
    OUT/assets/<sha>.<ext>   every image (or other stored file) a body points at, once

Obsidian and Joplin ("Markdown + Front Matter") both read this: links are plain relative
Markdown links, front matter is YAML whose strings are written double-quoted with only escapes
that YAML and JSON share, so any YAML 1.1/1.2 parser reads them back exactly.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from app.domain.errors import InputError
from app.domain.records import ArticleDetail
from app.interop.exporters._common import (
    Progress,
    ReadAsset,
    clean_text,
    mime_extension,
    report,
    rewrite_asset_refs,
    sniff_image_mime,
)
from app.interop.exporters.markdown_html import escape_tags, sanitize_markdown_html

log = logging.getLogger(__name__)

ASSETS_DIR = "assets"
MAX_SLUG_CHARS = 80
# Filesystems cap names at 255 bytes; leave room for "-123456.md" and multibyte scripts.
MAX_SLUG_BYTES = 180

_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{i}" for i in range(10)]
    + [f"LPT{i}" for i in range(10)]
    + ["COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"]
)
_NOT_WORD = re.compile(r"[\W_]+")


def export_markdown(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes each article as a Markdown file with front matter into the folder `out`.

    Args:
        articles: The articles, consumed once.
        out: A folder that does not exist yet (or is empty); its parent must exist.
        read_asset: Returns a stored file's bytes by sha256, or None when missing.
        title: Unused; every exporter takes it.
        progress: Called with the number of articles written so far.

    Returns:
        The number of articles written.

    Raises:
        InputError: When `out` is a file, a non-empty folder, or its parent does not exist.
    """
    del title
    prepare_folder(out)
    names = UniqueNames()
    # sha256 -> relative link, or None when the store could not give the bytes.
    written: dict[str, str | None] = {}
    count = 0
    for detail in articles:
        mimes = {a.sha256.lower(): a.mime for a in detail.assets}
        sources = {a.sha256.lower(): a.source_url for a in detail.assets}

        def link(sha: str, mimes: dict[str, str] = mimes) -> str | None:
            if sha not in written:
                written[sha] = _write_asset(out, sha, mimes.get(sha), read_asset)
            return written[sha]

        def replace(sha: str, sources: dict[str, str | None] = sources) -> str | None:
            # A missing file falls back to where it came from, which beats a broken link.
            return link(sha) or sources.get(sha)

        body = rewrite_asset_refs(sanitize_markdown_html(clean_text(detail.body_markdown)), replace)
        name = names.claim(slugify(detail.record.title, fallback=f"article-{detail.id}"))
        with (out / name).open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(render_document(detail, body))
        count += 1
        report(progress, count)
    log.info("markdown: wrote %d articles to %s", count, out)
    return count


def prepare_folder(out: Path) -> None:
    """Creates `out`, or accepts it when it is an empty folder; raises InputError otherwise."""
    if out.exists():
        if not out.is_dir():
            raise InputError(f"{out}: exists and is not a folder; give a new folder name")
        if any(out.iterdir()):
            raise InputError(f"{out}: folder is not empty; give a new or empty folder")
        return
    if not out.parent.is_dir():
        raise InputError(f"{out}: folder {out.parent} does not exist")
    try:
        out.mkdir()
    except OSError as exc:
        raise InputError(f"{out}: cannot create the folder ({exc.strerror})")


def _write_asset(out: Path, sha: str, mime: str | None, read_asset: ReadAsset) -> str | None:
    data = read_asset(sha)
    if data is None:
        log.warning("markdown: asset %s is missing from the store", sha)
        return None
    ext = mime_extension(mime or sniff_image_mime(data))
    folder = out / ASSETS_DIR
    folder.mkdir(exist_ok=True)
    relative = f"{ASSETS_DIR}/{sha}.{ext}"
    (out / relative).write_bytes(data)
    return relative


def render_document(detail: ArticleDetail, body: str) -> str:
    """Front matter, body and highlights of one article as one Markdown document."""
    parts = [front_matter(detail), body.strip("\n") + "\n"]
    if detail.highlights:
        parts.append("\n## Highlights\n")
        for highlight in detail.highlights:
            quote = escape_tags(clean_text(highlight.quote)).strip("\n") or " "
            lines = [f"> {line}".rstrip() for line in quote.splitlines()]
            parts.append("\n" + "\n".join(lines) + "\n")
            note = escape_tags(clean_text(highlight.note or "")).strip()
            if note:
                parts.append("\n" + note + "\n")
    return "".join(parts)


def front_matter(detail: ArticleDetail) -> str:
    """The YAML front matter block, `---` lines included."""
    rec = detail.record
    lines = ["---", f"title: {yaml_string(rec.title)}", f"url: {yaml_string(rec.url)}"]
    if rec.author:
        lines.append(f"author: {yaml_string(rec.author)}")
    if rec.site:
        lines.append(f"site: {yaml_string(rec.site)}")
    if rec.published is not None:
        lines.append(f"published: {yaml_datetime(rec.published)}")
    lines.append(f"saved: {yaml_datetime(rec.saved)}")
    if rec.tags:
        lines.append("tags:")
        lines.extend(f"  - {yaml_string(tag)}" for tag in rec.tags)
    else:
        lines.append("tags: []")
    for key, value in (("read", rec.read), ("favorite", rec.favorite), ("archived", rec.archived)):
        lines.append(f"{key}: {'true' if value else 'false'}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def yaml_datetime(value: datetime) -> str:
    """An unquoted ISO 8601 timestamp, which YAML (and Obsidian) read as a date."""
    return value.replace(microsecond=0).isoformat()


def yaml_string(value: str) -> str:
    """A double-quoted scalar of `value` with control characters dropped.

    See `yaml_quote` for the quoting.
    """
    return yaml_quote(clean_text(value))


def yaml_quote(value: str) -> str:
    """A double-quoted scalar that is valid both as YAML and as a JSON string.

    Only `\\"`, `\\\\`, `\\t`, `\\n`, `\\r` and `\\uXXXX` escapes are used (YAML and JSON share
    them). Characters YAML does not allow raw (controls, C1, BOM, non-characters) and those it
    treats as line breaks (U+0085, U+2028, U+2029) are escaped; lone surrogates are dropped.
    """
    out = ['"']
    for char in value:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif 0xD800 <= code <= 0xDFFF:
            continue
        elif (
            code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def slugify(title: str, *, fallback: str) -> str:
    """A file-name-safe slug of a title: lower case, words joined by `-`, length capped.

    Letters of every script are kept (Obsidian shows the file name as the note's name); the
    characters Windows reserves, controls and punctuation become `-`.
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    slug = _NOT_WORD.sub("-", text).strip("-")
    slug = slug[:MAX_SLUG_CHARS]
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    slug = slug.strip("-")
    return slug or fallback


class UniqueNames:
    """Hands out distinct, Windows-safe `.md` file names (case-insensitively distinct)."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def claim(self, slug: str) -> str:
        """A file name for `slug` not handed out before: `slug.md`, then `slug-2.md`, ..."""
        if slug.upper() in _WINDOWS_RESERVED:
            slug += "-"
        base = slug
        name = f"{base}.md"
        number = self._next.get(base, 1)
        while name.casefold() in self._used:
            number += 1
            name = f"{base}-{number}.md"
        self._next[base] = number
        self._used.add(name.casefold())
        return name
