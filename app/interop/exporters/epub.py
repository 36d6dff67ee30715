"""EPUB 3 export: a selection of articles as one book, one chapter per article.

Layout::

    mimetype                      "application/epub+zip", first, stored uncompressed
    META-INF/container.xml        points at OEBPS/content.opf
    OEBPS/content.opf             package: metadata, manifest, spine
    OEBPS/nav.xhtml               the table of contents
    OEBPS/style.css
    OEBPS/chapter-<n>.xhtml       one per article: heading, details, body, highlights
    OEBPS/images/<sha>.<ext>      each image once, linked relatively from the chapters

Bodies go through the reader's own Markdown renderer and sanitiser
(`app.domain.render.render_markdown`), then lxml re-serialises them as XML so every chapter is
well-formed XHTML. Images must travel inside the book (EPUB forbids remote images), so only
stored images of the EPUB core media types are kept; any other image becomes its alt text.
"""

from __future__ import annotations

import html
import logging
import re
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
from lxml import etree

from app.domain.records import ArticleDetail
from app.domain.render import ASSET_URL_PREFIX, render_markdown
from app.interop.exporters._common import (
    Progress,
    ReadAsset,
    atomic_output,
    clean_text,
    mime_extension,
    one_line,
    report,
    sniff_image_mime,
    xml_text,
)

log = logging.getLogger(__name__)

# The image types every EPUB 3 reading system must support (EPUB 3.3 core media types).
CORE_IMAGE_TYPES = frozenset(
    {"image/gif", "image/jpeg", "image/png", "image/svg+xml", "image/webp"}
)

_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_HTML_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)

_CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

_STYLE = """body { font-family: serif; line-height: 1.5; margin: 0 0.5em; }
h1 { font-size: 1.5em; line-height: 1.25; margin: 0.5em 0; }
.meta { color: #555; font-size: 0.9em; }
.meta a { word-break: break-all; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; }
blockquote { margin: 1em 1.5em; font-style: italic; }
.highlights blockquote { border-left: 0.2em solid #c9a400; padding-left: 0.6em; }
.highlights .note { margin-left: 1.5em; }
pre { white-space: pre-wrap; }
"""


def export_epub(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes the articles as one EPUB 3 book at `out`.

    Chapters stream into the zip as they are rendered; only the small table of contents and
    manifest lists stay in memory until the end.

    Args:
        articles: The articles, consumed once, in reading order.
        out: The `.epub` file to write (replaced atomically when it exists).
        read_asset: Returns a stored file's bytes by sha256, or None when missing.
        title: The book's title.
        progress: Called with the number of articles written so far.

    Returns:
        The number of articles written.

    Raises:
        InputError: When `out` cannot be written to.
    """
    book = _Book(title=one_line(xml_text(title)) or "Broadsheet export", read_asset=read_asset)
    with atomic_output(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        # The OCF spec wants the mimetype first, uncompressed, without extra fields, so that
        # tools can identify the file from its first bytes.
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", _CONTAINER)
        zf.writestr("OEBPS/style.css", _STYLE)
        count = 0
        for detail in articles:
            book.add_chapter(zf, detail)
            count += 1
            report(progress, count)
        if count == 0:
            # A book needs at least one page in its spine.
            book.add_page(zf, "Empty", "<p>No articles matched this export.</p>", None)
        zf.writestr("OEBPS/nav.xhtml", book.nav())
        zf.writestr("OEBPS/content.opf", book.package())
    log.info("epub: wrote %d articles and %d images to %s", count, len(book.images), out)
    return count


class _Book:
    """What the package document and the table of contents need, collected chapter by chapter."""

    def __init__(self, *, title: str, read_asset: ReadAsset) -> None:
        self.title = title
        self.read_asset = read_asset
        self.chapters: list[tuple[str, str]] = []  # (href, title)
        self.images: dict[str, tuple[str, str]] = {}  # sha -> (href, media type)
        self.unusable: set[str] = set()
        self.languages: Counter[str] = Counter()

    def add_chapter(self, zf: zipfile.ZipFile, detail: ArticleDetail) -> None:
        rec = detail.record
        heading = one_line(xml_text(rec.title)) or one_line(xml_text(rec.url)) or "Untitled"
        mimes = {a.sha256.lower(): a.mime.lower() for a in detail.assets}
        body = self._body(zf, detail.body_markdown, mimes)
        parts = [f"<h1>{_esc(heading)}</h1>", _meta(detail), body, _highlights(detail)]
        lang = language_tag(rec.language)
        if lang:
            self.languages[lang] += 1
        self.add_page(zf, heading, "\n".join(p for p in parts if p), lang)

    def add_page(self, zf: zipfile.ZipFile, heading: str, content: str, lang: str | None) -> None:
        href = f"chapter-{len(self.chapters) + 1}.xhtml"
        zf.writestr(f"OEBPS/{href}", _xhtml(heading, content, lang))
        self.chapters.append((href, heading))

    def _body(self, zf: zipfile.ZipFile, markdown_text: str, mimes: dict[str, str]) -> str:
        rendered = xml_text(render_markdown(xml_text(markdown_text)))
        if not rendered.strip():
            return ""
        root = lxml.html.fragment_fromstring(rendered, create_parent="div", parser=_HTML_PARSER)
        root.set("class", "body")
        for img in list(root.iter("img")):
            src = img.get("src") or ""
            href = None
            if src.startswith(ASSET_URL_PREFIX):
                href = self._image(zf, src[len(ASSET_URL_PREFIX) :].lower(), mimes)
            if href is None:
                _replace_with_text(img, img.get("alt") or "")
            else:
                img.set("src", href)
                img.set("alt", img.get("alt") or "")
        return str(etree.tostring(root, method="xml", encoding="unicode"))

    def _image(self, zf: zipfile.ZipFile, sha: str, mimes: dict[str, str]) -> str | None:
        """The book-relative href of a stored image, adding it on first use."""
        if sha in self.images:
            return self.images[sha][0]
        if sha in self.unusable:
            return None
        data = self.read_asset(sha)
        media_type = mimes.get(sha) or (sniff_image_mime(data) if data else None)
        if data is None or media_type not in CORE_IMAGE_TYPES:
            log.info("epub: image %s left out (missing or type %s)", sha, media_type)
            self.unusable.add(sha)
            return None
        href = f"images/{sha}.{mime_extension(media_type)}"
        zf.writestr(f"OEBPS/{href}", data)
        self.images[sha] = (href, media_type)
        return href

    def nav(self) -> str:
        items = "\n".join(
            f'      <li><a href="{_esc(href)}">{_esc(heading)}</a></li>'
            for href, heading in self.chapters
        )
        content = (
            '<nav epub:type="toc" id="toc">\n'
            f"    <h1>{_esc(self.title)}</h1>\n    <ol>\n{items}\n    </ol>\n  </nav>"
        )
        return _xhtml(self.title, content, self.language)

    @property
    def language(self) -> str:
        return self.languages.most_common(1)[0][0] if self.languages else "und"

    def package(self) -> str:
        modified = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        items = [
            '    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml"'
            ' properties="nav"/>',
            '    <item id="css" href="style.css" media-type="text/css"/>',
        ]
        items += [
            f'    <item id="c{n}" href="{_esc(href)}" media-type="application/xhtml+xml"/>'
            for n, (href, _) in enumerate(self.chapters, start=1)
        ]
        items += [
            f'    <item id="img-{sha}" href="{_esc(href)}" media-type="{_esc(media_type)}"/>'
            for sha, (href, media_type) in self.images.items()
        ]
        spine = "\n".join(f'    <itemref idref="c{n}"/>' for n in range(1, len(self.chapters) + 1))
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" \
xml:lang="{self.language}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">urn:uuid:{uuid.uuid4()}</dc:identifier>
    <dc:title>{_esc(self.title)}</dc:title>
    <dc:language>{self.language}</dc:language>
    <dc:publisher>Broadsheet</dc:publisher>
    <meta property="dcterms:modified">{modified}</meta>
  </metadata>
  <manifest>
{chr(10).join(items)}
  </manifest>
  <spine>
{spine}
  </spine>
</package>
"""


def language_tag(language: str | None) -> str | None:
    """A BCP 47 tag from a stored language (`en_US` -> `en-US`), or None when unusable."""
    if not language:
        return None
    tag = language.strip().replace("_", "-")
    return tag if _LANG.fullmatch(tag) else None


def _esc(text: str) -> str:
    return html.escape(xml_text(text), quote=True)


def _replace_with_text(element: lxml.html.HtmlElement, text: str) -> None:
    """Removes an element, leaving `text` (and its tail) in its place."""
    parent = element.getparent()
    if parent is None:
        return
    replacement = (text + (element.tail or "")) if text else (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + replacement
    else:
        parent.text = (parent.text or "") + replacement
    parent.remove(element)


def _date(value: datetime) -> str:
    return value.strftime("%Y-%m-%d")


def _meta(detail: ArticleDetail) -> str:
    rec = detail.record
    bits = [_esc(one_line(part)) for part in (rec.site, rec.author) if part and one_line(part)]
    if rec.published is not None:
        bits.append(f"published {_date(rec.published)}")
    bits.append(f"saved {_date(rec.saved)}")
    lines = [f'<p class="meta">{" · ".join(bits)}</p>']
    if re.match(r"https?://", rec.url, re.IGNORECASE):
        url = _esc(one_line(rec.url))
        lines.append(f'<p class="meta"><a href="{url}">{url}</a></p>')
    if rec.tags:
        tags = ", ".join(_esc(one_line(tag)) for tag in rec.tags)
        lines.append(f'<p class="meta">Tags: {tags}</p>')
    return "\n".join(lines)


def _highlights(detail: ArticleDetail) -> str:
    if not detail.highlights:
        return ""
    parts = ['<section class="highlights">', "<h2>Highlights</h2>"]
    for highlight in detail.highlights:
        paragraphs = _paragraphs(highlight.quote)
        parts.append(f"<blockquote>{paragraphs or '<p></p>'}</blockquote>")
        if highlight.note and highlight.note.strip():
            parts.append(f'<div class="note">{_paragraphs(highlight.note)}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def _paragraphs(text: str) -> str:
    """Plain text as escaped paragraphs, single line breaks kept as <br/>."""
    blocks = re.split(r"\n\s*\n", clean_text(text).replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        "<p>" + "<br/>".join(_esc(line) for line in block.strip().split("\n")) + "</p>"
        for block in blocks
        if block.strip()
    )


def _xhtml(heading: str, content: str, lang: str | None) -> str:
    lang_attrs = f' lang="{lang}" xml:lang="{lang}"' if lang else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"{lang_attrs}>
<head>
  <meta charset="UTF-8"/>
  <title>{_esc(heading)}</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  {content}
</body>
</html>
"""
