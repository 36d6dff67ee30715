"""Page metadata: title, author, site, dates, language, description, lead image, canonical URL."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)

logger = logging.getLogger(__name__)

_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_SPACES = re.compile(r"\s+")
# Byline markup, checked in one pass. trafilatura's own author search copies and prunes the
# whole page first, which costs more than the rest of the metadata together.
_BYLINE = XPath(
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author') or @id='author']"
)
_NOT_BYLINE_AREAS = frozenset({"footer", "aside", "nav", "script", "style"})
_BY_PREFIX = re.compile(r"^(by|von|par|por|door|di)\s+", re.I)
_MAX_BYLINE = 80
_MAX_BYLINE_CHILDREN = 6


@dataclass(frozen=True)
class PageMetadata:
    """What the page says about itself (every field optional)."""

    title: str | None = None
    author: str | None = None
    site_name: str | None = None
    published: datetime | None = None
    language: str | None = None
    description: str | None = None
    lead_image: str | None = None
    canonical_url: str | None = None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip()
    return text or None


def normalise_language(value: str | None) -> str | None:
    """`en-US`, `EN_gb`, `de` -> `en`, `en`, `de`; None for anything that is not a language tag."""
    if not value:
        return None
    match = _LANG.match(value.strip().lower().replace("_", "-"))
    return match.group(1) if match else None


def declared_language(tree: HtmlElement) -> str | None:
    """The language the page declares: `<html lang>`, content-language or og:locale."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for candidate in candidates:
        language = normalise_language(candidate)
        if language:
            return language
    return None


def byline_author(tree: HtmlElement) -> str | None:
    """The first plausible byline in the page markup (`rel=author`, `.byline`, `.author`)."""
    for element in _BYLINE(tree):
        # a byline is a few words; a big "author" box is a bio or a whole article
        if len(element) > _MAX_BYLINE_CHILDREN:
            continue
        if any(a.tag in _NOT_BYLINE_AREAS for a in element.iterancestors()):
            continue
        text = _SPACES.sub(" ", element.text_content()).strip()
        text = _BY_PREFIX.sub("", text)
        if 3 <= len(text) <= _MAX_BYLINE and any(c.isalpha() for c in text):
            return normalize_authors(None, text)
    return None


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        logger.debug("unparseable date %r", value)
        return None


def _absolute(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    if base:
        return urljoin(base, value)
    return "https:" + value if value.startswith("//") else value


def page_metadata(tree: HtmlElement, url: str | None, base: str | None) -> PageMetadata:
    """Read the metadata of a parsed page (the tree is not changed).

    Args:
        tree: The parsed page.
        url: The address the page came from, if known.
        base: The address relative references resolve against (see `base_url`).

    Returns:
        The metadata found; fields the page does not give are None.
    """
    meta = examine_meta(tree)
    # a one-word "author" meta is usually a site handle, not a person (trafilatura's rule too)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as err:  # JSON-LD in the wild is broken in endless ways; keep the rest
        logger.debug("JSON-LD metadata skipped: %s", err)
    title = _clean(meta.title) or _clean(extract_title(tree))
    author = _clean(meta.author) or _clean(byline_author(tree))
    canonical = _clean(extract_url(tree, None))
    if canonical and base:
        canonical = urljoin(base, canonical)
    site = _clean(meta.sitename) or _clean(extract_sitename(tree))
    if site:
        site = site.lstrip("@")
    published: datetime | None = None
    try:
        found = find_date(
            tree,
            url=canonical or url,
            original_date=True,
            extensive_search=False,
            outputformat="%Y-%m-%d",
        )
        published = _parse_date(found)
    except Exception as err:  # htmldate must never sink a save over a date
        logger.debug("date search failed: %s", err)
    return PageMetadata(
        title=title,
        author=author,
        site_name=site,
        published=published,
        language=declared_language(tree) or normalise_language(_clean(meta.language)),
        description=_clean(meta.description),
        lead_image=_absolute(_clean(meta.image), base),
        canonical_url=canonical,
    )
