"""Readable article text and metadata from a page, a Markdown file or plain text."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document

from app.domain.errors import InputError
from app.ingest.extract_fallback import readability_article
from app.ingest.extract_language import guess_language
from app.ingest.extract_plain import markdown_title, markdown_to_text, text_title, text_to_markdown
from app.ingest.frontmatter import split_front_matter
from app.ingest.html_markdown import RenderedBody, render_body
from app.ingest.html_metadata import PageMetadata, normalise_language, page_metadata
from app.ingest.html_prepare import (
    base_url,
    drop_inert,
    fold_captions,
    parse_html,
    resolve_images,
)

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 230
# Below this many characters trafilatura's answer is "far too short": ask readability too.
FALLBACK_BELOW_CHARS = 500
# The fallback must beat trafilatura by this factor to replace it (its noise costs precision).
FALLBACK_GAIN = 1.5
# An article needs at least this many words to be worth saving as one.
MIN_WORDS = 3

_WORD = re.compile(r"\w+")
# Han, kana and Hangul scripts write words without spaces: count each character as a word.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass(frozen=True)
class Extraction:
    """An article's readable body and metadata, however it came in."""

    title: str | None
    author: str | None
    site_name: str | None
    published: datetime | None
    language: str | None
    description: str | None
    lead_image: str | None
    canonical_url: str | None
    body_markdown: str
    body_text: str
    word_count: int
    reading_minutes: int
    image_urls: tuple[str, ...]


def count_words(text: str) -> int:
    """Words in a text: runs of letters or digits, plus one per CJK character.

    Args:
        text: Plain text.

    Returns:
        The number of words.
    """
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return cjk + len(_WORD.findall(_CJK.sub(" ", text)))


def reading_minutes(words: int) -> int:
    """Minutes to read so many words at 230 a minute, rounded up; at least 1 for any text."""
    if words <= 0:
        return 0
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _trafilatura_body(source: HtmlElement | str, url: str | None, recall: bool) -> Any:
    try:
        document = bare_extraction(
            source,
            url=url,
            favor_precision=not recall,
            favor_recall=recall,
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_formatting=True,
            include_links=False,
            output_format="xml",
        )
    except Exception:  # hostile pages find bugs in any parser; fall back instead of crashing
        logger.warning("trafilatura failed on %s", url or "a page", exc_info=True)
        return None
    return document.body if isinstance(document, Document) else None


def _drop_repeated_title(body: Any, title: str | None) -> None:
    """Remove a leading heading that only repeats the title (the reader shows the title)."""
    if body is None or not title or len(body) == 0:
        return
    first = body[0]
    if first.tag == "head" and " ".join(first.itertext()).split() == title.split():
        tail = first.tail
        body.remove(first)
        if tail and tail.strip():
            body.text = (body.text or "") + tail


def _best_body(tree: HtmlElement, url: str | None, meta: PageMetadata) -> RenderedBody | None:
    title, own = meta.title, (url, meta.canonical_url)
    body = _trafilatura_body(tree, url, recall=False)
    _drop_repeated_title(body, title)
    rendered = render_body(body, own) if body is not None else None
    if rendered is not None and len(rendered.text) >= FALLBACK_BELOW_CHARS:
        return rendered
    article = readability_article(tree, url)
    if article is None:
        return rendered
    second_body = _trafilatura_body(article, url, recall=True)
    _drop_repeated_title(second_body, title)
    if second_body is None:
        return rendered
    second = render_body(second_body, own)
    if rendered is None or len(second.text) > FALLBACK_GAIN * len(rendered.text):
        logger.debug("readability fallback used for %s", url)
        return second
    return rendered


def _record(meta: PageMetadata, rendered: RenderedBody) -> Extraction:
    words = count_words(rendered.text)
    return Extraction(
        title=meta.title,
        author=meta.author,
        site_name=meta.site_name,
        published=meta.published,
        language=meta.language or guess_language(rendered.text),
        description=meta.description,
        # no og:image: the article's first picture is the next best thing
        lead_image=meta.lead_image or (rendered.images[0] if rendered.images else None),
        canonical_url=meta.canonical_url,
        body_markdown=rendered.markdown,
        body_text=rendered.text,
        word_count=words,
        reading_minutes=reading_minutes(words),
        image_urls=rendered.images,
    )


def extract_html(html: str | bytes, url: str | None = None) -> Extraction:
    """Extract the article of a web page.

    Args:
        html: The page, as text or as the raw bytes (their encoding is sniffed).
        url: Where the page came from; relative image and link addresses resolve against it.

    Returns:
        The article's Markdown, plain text and metadata.

    Raises:
        InputError: The page is empty, unparseable or has no readable article text.
    """
    if not html.strip():
        raise InputError("empty page: no readable article text")
    tree = parse_html(html)
    if tree is None:
        raise InputError("unparseable page: no readable article text")
    base = base_url(tree, url)
    try:
        meta = page_metadata(tree, url, base)
    except Exception:  # metadata is a bonus: a bug reading it must not lose the article
        logger.warning("metadata extraction failed on %s", url or "a page", exc_info=True)
        meta = PageMetadata()
    drop_inert(tree)
    resolve_images(tree, base)
    fold_captions(tree)
    rendered = _best_body(tree, base, meta)
    if rendered is None or count_words(rendered.text) < MIN_WORDS:
        raise InputError("page has no readable article text")
    return _record(meta, rendered)


def extract_markdown(text: str) -> Extraction:
    """Read a Markdown document (optional YAML front matter gives title, date and language).

    Args:
        text: The Markdown source.

    Returns:
        The record, with the Markdown body kept as written and plain text derived from it.

    Raises:
        InputError: There is no text in it.
    """
    front, body = split_front_matter(text)
    body = body.strip()
    plain, images = markdown_to_text(body)
    if not plain.strip():
        raise InputError("no readable text in the Markdown")
    words = count_words(plain)
    title = front.get("title")
    # front matter "date" is when the note was saved (see files.py); "published" is the article's
    published = front.get("published")
    return Extraction(
        title=title if isinstance(title, str) and title.strip() else markdown_title(body),
        author=_text_field(front.get("author")),
        site_name=_text_field(front.get("site") or front.get("site_name")),
        published=published if isinstance(published, datetime) else None,
        language=normalise_language(_text_field(front.get("lang") or front.get("language")))
        or guess_language(plain),
        description=_text_field(front.get("description")),
        lead_image=_text_field(front.get("image")),
        canonical_url=_text_field(front.get("url")),
        body_markdown=body,
        body_text=plain,
        word_count=words,
        reading_minutes=reading_minutes(words),
        image_urls=images,
    )


def _text_field(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def extract_text(text: str) -> Extraction:
    """Read plain text: paragraphs split by blank lines, the first short line as the title.

    Args:
        text: The text.

    Returns:
        The record, with the text escaped into Markdown paragraphs.

    Raises:
        InputError: There are no words in it.
    """
    plain = "\n\n".join(
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
        if block.strip()
    )
    words = count_words(plain)
    if not words:
        raise InputError("no readable text")
    return Extraction(
        title=text_title(text),
        author=None,
        site_name=None,
        published=None,
        language=guess_language(plain),
        description=None,
        lead_image=None,
        canonical_url=None,
        body_markdown=text_to_markdown(text),
        body_text=plain,
        word_count=words,
        reading_minutes=reading_minutes(words),
        image_urls=(),
    )


def with_images_rebased(extraction: Extraction, mapping: dict[str, str]) -> Extraction:
    """The same record with some image addresses replaced (e.g. relative -> absolute).

    Args:
        extraction: The record.
        mapping: Old address -> new address, for addresses exactly as they appear in the body.

    Returns:
        A new record; the Markdown, image list and lead image use the new addresses.
    """
    if not mapping:
        return extraction
    markdown = extraction.body_markdown
    for old, new in mapping.items():
        markdown = markdown.replace(f"]({old})", f"]({new})").replace(f"]({old} ", f"]({new} ")
        markdown = markdown.replace(f"](<{old}>", f"](<{new}>")
    lead = extraction.lead_image
    return replace(
        extraction,
        body_markdown=markdown,
        image_urls=tuple(dict.fromkeys(mapping.get(u, u) for u in extraction.image_urls)),
        lead_image=mapping.get(lead, lead) if lead else lead,
    )


def extraction_to_json(file: str, e: Extraction) -> dict[str, Any]:
    """The `broadsheet extract --json/--jsonl` shape of one record.

    Args:
        file: The file (or URL) the record came from, echoed back.
        e: The record.

    Returns:
        A JSON-ready dict.
    """
    return {
        "file": file,
        "title": e.title,
        "author": e.author,
        "site": e.site_name,
        "published": e.published.isoformat() if e.published else None,
        "language": e.language,
        "description": e.description,
        "lead_image": e.lead_image,
        "canonical_url": e.canonical_url,
        "body_markdown": e.body_markdown,
        "body_text": e.body_text,
        "word_count": e.word_count,
        "reading_minutes": e.reading_minutes,
        "image_urls": list(e.image_urls),
    }


__all__ = [
    "Extraction",
    "count_words",
    "extract_html",
    "extract_markdown",
    "extract_text",
    "extraction_to_json",
    "reading_minutes",
    "with_images_rebased",
]
