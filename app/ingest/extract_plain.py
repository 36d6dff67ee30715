"""Markdown and plain text in both directions: text for search, Markdown for the reader."""

from __future__ import annotations

import re

import markdown as markdown_lib
from lxml import html as lxml_html

_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "td",
        "th",
        "dt",
        "dd",
        "figcaption",
        "caption",
        "tr",
    ]
)
_CONTAINERS = frozenset(["ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "blockquote", "div"])
_ATX = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}=+\s*$")
# Characters that would turn plain text into Markdown syntax.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
_SPACES = re.compile(r"\s+")
_MAX_TITLE = 150


def _block_texts(element: lxml_html.HtmlElement, out: list[str]) -> None:
    """Collect one string per text block, in document order."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _BLOCKS and not any(
            isinstance(d.tag, str) and d.tag in _BLOCKS for d in child.iterdescendants()
        ):
            text = _SPACES.sub(" ", child.text_content()).strip()
            if text:
                out.append(text)
        elif child.tag in _CONTAINERS or child.tag in _BLOCKS:
            # a block holding blocks (a list item with paragraphs, a nested quote): go inside,
            # but keep its own loose text too
            if child.text and child.text.strip():
                out.append(_SPACES.sub(" ", child.text).strip())
            _block_texts(child, out)
        else:
            text = _SPACES.sub(" ", child.text_content()).strip()
            if text:
                out.append(text)


def markdown_to_text(source: str) -> tuple[str, tuple[str, ...]]:
    """Plain text and image addresses of a Markdown document.

    Args:
        source: Markdown (no front matter).

    Returns:
        The text (one block per paragraph, separated by blank lines) and every image
        address in order.
    """
    if not source.strip():
        return "", ()
    rendered = markdown_lib.markdown(source, extensions=["tables", "fenced_code"])
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    images = tuple(
        dict.fromkeys(src for img in root.iter("img") if (src := (img.get("src") or "").strip()))
    )
    blocks: list[str] = []
    _block_texts(root, blocks)
    return "\n\n".join(blocks), images


def markdown_title(source: str) -> str | None:
    """The first level-one heading (`# Title` or `Title` over `===`), if any."""
    lines = source.splitlines()
    for number, line in enumerate(lines):
        match = _ATX.match(line)
        if match:
            return match.group(1).strip() or None
        if _SETEXT.match(line) and number > 0 and lines[number - 1].strip():
            return lines[number - 1].strip()
    return None


def text_title(text: str) -> str | None:
    """The first line of a text when it is short enough to be a title."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped if len(stripped) <= _MAX_TITLE else None
    return None


def _escape_line(line: str) -> str:
    escaped = _INLINE_SPECIAL.sub(r"\\\1", line)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def text_to_markdown(text: str) -> str:
    """Plain text as Markdown: paragraphs kept, line breaks kept, syntax characters escaped."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for block in blocks:
        lines = [_escape_line(line.strip()) for line in block.splitlines() if line.strip()]
        if lines:
            # a trailing backslash is CommonMark's hard line break: the text's own lines stay
            paragraphs.append("\\\n".join(lines))
    return "\n\n".join(paragraphs)
