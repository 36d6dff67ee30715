"""Turn trafilatura's extracted XML body into Markdown, plain text and an image list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from trafilatura.xml import xmltotxt

# Stand-ins for images while trafilatura writes the Markdown: plain word characters survive its
# escaping untouched, and are swapped for our own image syntax (with the caption) afterwards.
_TOKEN_ALT = "BSIMG{}X"
_TOKEN_SRC = "bsimg{}.png"
_TOKEN = re.compile(r"!\[BSIMG(\d+)X\]\(bsimg\d+\.png\)")
_CODE_TOKEN = "BSCODE{}X"
_CODE = re.compile(r"^BSCODE(\d+)X$", re.M)
_QUOTE_OPEN, _QUOTE_CLOSE = "BSQOPENX", "BSQCLOSEX"
_QUOTE = re.compile(r"BSQOPENX(.*?)BSQCLOSEX", re.S)
# Where a code element stands as a block of its own rather than inside a sentence.
_BLOCK_PARENTS = frozenset({"body", "quote", "item", "div", "cell"})
_BLANK_RUNS = re.compile(r"\n{3,}")
_TABLE_RULE = re.compile(r"^\|?[\s|:-]*-[\s|:-]*$")
_SPACES = re.compile(r"[ \t\u00a0]+")
# A line that is nothing but an address (print views write the page's own address on top).
_BARE_URL = re.compile(r"^\s*(?:[-*]\s+)?<?(https?://\S+?)>?\s*$")


@dataclass(frozen=True)
class RenderedBody:
    """One article body in the three shapes the record needs."""

    markdown: str
    text: str
    images: tuple[str, ...]


def _escape_alt(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", " ".join(text.split()))


def _escape_title(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def image_markdown(src: str, alt: str = "", caption: str = "") -> str:
    """Markdown for one image: `![alt](src "caption")`, with the address bracketed if needed.

    Args:
        src: The image address as it should appear in the body.
        alt: Alternative text.
        caption: Optional caption, written as the Markdown image title.

    Returns:
        The Markdown image.
    """
    target = src
    if re.search(r"[\s()<>]", src):
        target = "<" + src.replace("<", "%3C").replace(">", "%3E") + ">"
    title = f' "{_escape_title(caption)}"' if caption.strip() else ""
    return f"![{_escape_alt(alt)}]({target}{title})"


def _unwrap(element: etree._Element) -> None:
    """Remove an element, keeping the text that follows it in its parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _address_key(url: str) -> str:
    """An address without scheme, `www.` and trailing slash, for loose equality."""
    return re.sub(r"^https?://(www\.)?", "", url.strip().lower()).rstrip("/")


def _is_own_address(line: str, own: frozenset[str]) -> bool:
    match = _BARE_URL.match(line)
    return bool(match and own and _address_key(match.group(1)) in own)


def _plain_line(line: str) -> str:
    """A line of trafilatura's plain text without table rulers and outer pipes."""
    line = _SPACES.sub(" ", line).strip()
    if _TABLE_RULE.match(line):
        return ""
    if line.startswith("|") and line.endswith("|"):
        line = line[1:-1].strip()
    return line


def _tidy_text(text: str, own: frozenset[str]) -> str:
    """One paragraph per block, separated by blank lines, whitespace collapsed."""
    lines = (_plain_line(line) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line and not _is_own_address(line, own))


def _tidy_markdown(markdown: str, own: frozenset[str]) -> str:
    lines = [line for line in markdown.splitlines() if not _is_own_address(line, own)]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _mark_code_blocks(body: etree._Element) -> list[str]:
    """Swap block-level code for placeholder paragraphs; return the code texts in order.

    trafilatura writes one-line code blocks as inline code glued to the next paragraph;
    fencing them ourselves keeps every block a block.
    """
    codes: list[str] = []
    for code in list(body.iter("code")):
        parent = code.getparent()
        if parent is None or parent.tag not in _BLOCK_PARENTS:
            continue
        for lb in code.iter("lb"):
            lb.tail = "\n" + (lb.tail or "")
        text = "".join(code.itertext()).strip("\n")
        if not text.strip():
            _unwrap(code)
            continue
        placeholder = etree.Element("p")
        placeholder.text = _CODE_TOKEN.format(len(codes))
        placeholder.tail = code.tail
        parent.replace(code, placeholder)
        codes.append(text)
    return codes


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{code}\n{fence}"


def _mark_quotes(body: etree._Element) -> None:
    """Bracket each outermost quote with tokens; trafilatura's Markdown drops the `>`."""
    for quote in list(body.iter("quote")):
        if any(a.tag == "quote" for a in quote.iterancestors()):
            continue
        quote.text = _QUOTE_OPEN + (quote.text or "")
        if len(quote):
            quote[-1].tail = (quote[-1].tail or "") + _QUOTE_CLOSE
        else:
            quote.text += _QUOTE_CLOSE


def _quote_lines(match: re.Match[str]) -> str:
    lines = match.group(1).strip().splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines)


def render_body(body: etree._Element, own_urls: Iterable[str | None] = ()) -> RenderedBody:
    """Render an extracted body (trafilatura XML: p, head, list, quote, table, graphic, ...).

    Args:
        body: The `<body>` element from `trafilatura.bare_extraction`; changed in place.
        own_urls: The page's own addresses; a line holding only one of them is dropped.

    Returns:
        Markdown with images as `![alt](src "caption")`, plain text without image or link
        addresses, and the image addresses in body order.
    """
    own = frozenset(_address_key(u) for u in own_urls if u)
    images: list[tuple[str, str, str]] = []
    for graphic in list(body.iter("graphic")):
        src = (graphic.get("src") or "").strip()
        if not src:
            _unwrap(graphic)
            continue
        images.append((src, graphic.get("alt") or "", graphic.get("title") or ""))
        number = len(images) - 1
        graphic.attrib.clear()
        graphic.set("alt", _TOKEN_ALT.format(number))
        graphic.set("src", _TOKEN_SRC.format(number))
    codes = _mark_code_blocks(body)
    _mark_quotes(body)
    # plain text first: trafilatura's plain mode reads the tree without changing it
    text = _TOKEN.sub(" ", xmltotxt(body, include_formatting=False))
    text = _CODE.sub(lambda m: codes[int(m.group(1))], text)
    text = text.replace(_QUOTE_OPEN, "").replace(_QUOTE_CLOSE, "")

    def swap(match: re.Match[str]) -> str:
        src, alt, caption = images[int(match.group(1))]
        return image_markdown(src, alt, caption)

    markdown = _TOKEN.sub(swap, xmltotxt(body, include_formatting=True))
    markdown = _QUOTE.sub(_quote_lines, markdown)
    markdown = _CODE.sub(lambda m: _fence(codes[int(m.group(1))]), markdown)
    return RenderedBody(
        markdown=_tidy_markdown(markdown, own),
        text=_tidy_text(text, own),
        images=tuple(dict.fromkeys(src for src, _, _ in images)),
    )
