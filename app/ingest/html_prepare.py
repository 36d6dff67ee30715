"""Parse a page and tidy its images before extraction: lazy sources, absolute URLs, captions."""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin

from lxml.html import HtmlElement
from trafilatura.utils import load_html

logger = logging.getLogger(__name__)

# Attributes lazy-loading scripts use to hold the real image address, most specific first.
_LAZY_SRC_ATTRS = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
)
_LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
# A src that is only a stand-in until a script swaps the real image in.
_PLACEHOLDER = re.compile(r"^data:|blank\.|spacer\.|placeholder|pixel\.|lazy[-_.]?load|1x1", re.I)
_CAPTION_CLASS = re.compile(r"caption|credit|attribution", re.I)
_SPACES = re.compile(r"\s+")
# Longer "captions" are article text in a figure-like box; leave those alone.
_MAX_CAPTION = 600
# How far up a caption may look for its image, and how much other text that box may hold.
_HOST_LEVELS = 4
_HOST_SLACK = 80


def parse_html(html: str | bytes) -> HtmlElement | None:
    """Parse a page with trafilatura's loader (which also sniffs the byte encoding).

    Args:
        html: The page as text or raw bytes.

    Returns:
        The root element, or None when nothing parseable was given.
    """
    tree = load_html(html)
    if tree is None and _looks_like_fragment(html):
        # trafilatura's loader refuses bare fragments ("<p>…</p>"): give them a document
        tree = load_html(
            b"<html><body>" + html + b"</body></html>"
            if isinstance(html, bytes)
            else f"<html><body>{html}</body></html>"
        )
    return tree if isinstance(tree, HtmlElement) else None


def _looks_like_fragment(html: str | bytes) -> bool:
    if isinstance(html, bytes):
        return html[:2048].lstrip().startswith(b"<")
    return html[:2048].lstrip().startswith("<")


def drop_inert(tree: HtmlElement) -> None:
    """Remove what never holds article text (head, scripts, styles, vector art).

    trafilatura deletes these itself, but only after copying the whole tree; dropping them
    first makes that copy and every later pass cheaper. Call it after reading the metadata.
    JSON-LD in the body stays: its articleBody is one of trafilatura's fallbacks.
    """
    for head in list(tree.iter("head")):
        remove_keep_tail(head)
    doomed = [
        el
        for el in tree.iter("script", "style", "svg", "template", "iframe")
        if not (el.tag == "script" and "ld+json" in (el.get("type") or ""))
    ]
    for element in doomed:
        remove_keep_tail(element)


def base_url(tree: HtmlElement, url: str | None) -> str | None:
    """The URL relative references resolve against: `<base href>` joined onto the page URL."""
    for base in tree.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            joined = urljoin(url, href) if url else href
            return joined if re.match(r"^https?://", joined, re.I) else url
    return url


def _best_from_srcset(srcset: str) -> str | None:
    """The widest candidate of a srcset (`a.jpg 320w, b.jpg 1024w` or `a.jpg 1x, b.jpg 2x`)."""
    best: tuple[float, str] | None = None
    for candidate in srcset.split(","):
        parts = candidate.strip().split()
        if not parts or parts[0].startswith("data:"):
            continue
        size = 1.0
        if len(parts) > 1:
            try:
                size = float(parts[1][:-1])
            except ValueError:
                size = 1.0
        if best is None or size > best[0]:
            best = (size, parts[0])
    return best[1] if best else None


def _usable(value: str | None) -> str | None:
    """An address worth loading: not empty, not inline data, not a script's JSON blob."""
    value = (value or "").strip()
    if not value or value.startswith(("data:", "{", "[")):
        return None
    return value


def _real_source(img: HtmlElement) -> str | None:
    """Where the image really lives, looking past lazy-loading stand-ins.

    A lazy attribute wins over `src`: lazy loaders keep the real address there and put a
    placeholder (often a tiny GIF with an innocent name) in `src` until a script runs.
    """
    for attr in _LAZY_SRC_ATTRS:
        found = _usable(img.get(attr))
        if found:
            return found
    src = _usable(img.get("src"))
    if src and not _PLACEHOLDER.search(src):
        return src
    for attr in _LAZY_SRCSET_ATTRS:
        found = _best_from_srcset(img.get(attr) or "")
        if found:
            return found
    # HTML parsers often nest the <img> inside the void <source>, so look two levels up
    picture = next((a for a in img.iterancestors() if a.tag == "picture"), None)
    if picture is not None and picture in (img.getparent(), img.getparent().getparent()):
        for source in picture.iter("source"):
            found = _best_from_srcset(source.get("srcset") or source.get("data-srcset") or "")
            if found:
                return found
    return src


def resolve_images(tree: HtmlElement, base: str | None) -> None:
    """Point every `<img src>` at the real image, made absolute when a base URL is known.

    The lazy attributes are dropped afterwards so that the extractor cannot pick a stale one.
    """
    for img in list(tree.iter("img")):
        src = _real_source(img)
        for attr in (*_LAZY_SRC_ATTRS, *_LAZY_SRCSET_ATTRS):
            img.attrib.pop(attr, None)
        if not src:
            img.attrib.pop("src", None)
            continue
        if base and not src.startswith(("https://", "http://")):
            src = urljoin(base, src)
        elif src.startswith("//"):
            src = "https:" + src
        img.set("src", src)


def _text_of(element: HtmlElement) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def fold_captions(tree: HtmlElement) -> None:
    """Move image captions and credits into the image's title, so they travel with the image.

    The extractor otherwise spills captions and photo credits into the running text; as the
    image title they still reach the Markdown (`![alt](src "caption")`) but not the prose.
    """
    boxes = [
        el
        for el in tree.iter("figure", "div", "span", "p")
        if el.tag == "figure" or _CAPTION_CLASS.search(el.get("class") or "")
    ]
    for container in boxes:
        if container.getparent() is None:
            continue  # already removed with an enclosing container
        images = list(container.iter("img"))
        if images:
            _collapse_to_images(container, images)
        else:
            _fold_into_host(container)


def _collapse_to_images(container: HtmlElement, images: list[HtmlElement]) -> None:
    """A figure (or caption box) holding images: keep the images, its text becomes the title."""
    caption = _text_of(container)
    if len(caption) > _MAX_CAPTION or container.find(".//table") is not None:
        return
    if caption and not images[0].get("title"):
        images[0].set("title", caption)
    tail = container.tail
    container.clear()
    container.extend(images)
    for img in images:
        img.tail = None
    container.tail = tail


def _fold_into_host(caption_el: HtmlElement) -> None:
    """A caption next to an image in a small box: it becomes that image's title."""
    caption = _text_of(caption_el)
    host = caption_el.getparent()
    for _ in range(_HOST_LEVELS):
        if host is None or host.tag in ("body", "html", "article", "main"):
            return
        images = list(host.iter("img"))
        if images:
            # the box must be image plus caption, not a section of the article
            if len(images) > 3 or len(_text_of(host)) > len(caption) + _HOST_SLACK:
                return
            if caption and not images[0].get("title"):
                images[0].set("title", caption)
            remove_keep_tail(caption_el)
            return
        host = host.getparent()


def remove_keep_tail(element: HtmlElement) -> None:
    """Remove an element but keep the text that follows it in its parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
