"""Highlights drawn into already sanitised HTML: `<mark>` elements around placed ranges.

This runs after nh3, on its output, so nothing here passes through the sanitiser: every
attribute written is our own (a class from a fixed palette, a numeric id), and every piece of
text is escaped again as it is written back. A range that crosses element boundaries becomes
several marks, one per text node, so the document's structure never changes.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.anchoring import Anchor, Placement, place_all
from app.domain.records import HighlightRecord

COLORS = ("yellow", "green", "blue", "pink", "purple")
DEFAULT_COLOR = "yellow"
# nh3 (html5ever) writes every attribute in double quotes with quotes inside escaped, and
# escapes < > & in text, so a tag is exactly this and everything between tags is text.
_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')
# Text inside these is not the reader's prose (and a mark there would be invalid markup).
_NO_MARK_PARENTS = {"table", "thead", "tbody", "tfoot", "tr", "colgroup", "ul", "ol", "dl"}
_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")


def color_or_default(color: str | None) -> str:
    """A palette colour: the given one when known, else the default."""
    value = (color or "").strip().lower()
    return value if value in COLORS else DEFAULT_COLOR


@dataclass(frozen=True)
class _Piece:
    """A run of HTML: a tag (kept as is) or text (unescaped, with its offset in the text)."""

    raw: str
    text: str | None
    offset: int


def _pieces(fragment: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    offset = 0
    position = 0
    for match in _TAG.finditer(fragment):
        if match.start() > position:
            chunk = html.unescape(fragment[position : match.start()])
            pieces.append(_Piece(fragment[position : match.start()], chunk, offset))
            offset += len(chunk)
        pieces.append(_Piece(match.group(), None, offset))
        position = match.end()
    if position < len(fragment):
        chunk = html.unescape(fragment[position:])
        pieces.append(_Piece(fragment[position:], chunk, offset))
    return pieces


def html_text(fragment: str) -> str:
    """The text of a sanitised HTML fragment, as the highlights' offsets count it."""
    return "".join(p.text for p in _pieces(fragment) if p.text is not None)


def anchor_of(record: HighlightRecord) -> Anchor:
    """The anchor a stored highlight carries."""
    return Anchor(record.quote, record.prefix, record.suffix, record.position)


def place_highlights(
    text: str, highlights: Sequence[HighlightRecord]
) -> dict[int, Placement | None]:
    """Each highlight's place in a text (None: unplaced), by highlight id."""
    found = place_all(text, [anchor_of(h) for h in highlights])
    return {h.id: p for h, p in zip(highlights, found, strict=True)}


def mark_highlights(
    fragment: str, highlights: Sequence[HighlightRecord]
) -> tuple[str, dict[int, Placement | None]]:
    """Wrap each placed highlight's text in `<mark class="hl hl-<color>" id="hl-<id>">`.

    Args:
        fragment: Sanitised HTML (nh3's output).
        highlights: The article's highlights.

    Returns:
        The fragment with marks, and each highlight's placement (None: unplaced).
    """
    if not highlights:
        return fragment, {}
    pieces = _pieces(fragment)
    text = "".join(p.text for p in pieces if p.text is not None)
    # Ones re-anchoring already failed to place are not searched again on every render
    # (an approximate search of a long body is the slow part); they stay unplaced.
    placements: dict[int, Placement | None] = {h.id: None for h in highlights if not h.placed}
    placements.update(place_highlights(text, [h for h in highlights if h.placed]))
    by_id = {h.id: h for h in highlights}
    spans = sorted(
        (
            (p.start, p.end, hid)
            for hid, p in placements.items()
            if p is not None and p.end > p.start
        ),
        key=lambda s: (s[0], -s[1]),
    )
    if not spans:
        return fragment, placements
    out: list[str] = []
    opened: set[int] = set()
    stack: list[str] = []
    for piece in pieces:
        if piece.text is None:
            out.append(piece.raw)
            _track(stack, piece.raw)
            continue
        between_blocks = not piece.text.strip() and "\n" in piece.text
        if between_blocks or (stack and stack[-1] in _NO_MARK_PARENTS):
            out.append(piece.raw)
            continue
        out.append(_marked_text(piece, spans, by_id, opened))
    return "".join(out), placements


def _track(stack: list[str], tag: str) -> None:
    """Keep the names of the open elements (enough to know a text node's parent)."""
    name = _TAG_NAME.match(tag)
    if name is None:
        return
    lowered = name.group(1).lower()
    if tag.startswith("</"):
        if lowered in stack:
            while stack and stack.pop() != lowered:
                pass
    elif not tag.endswith("/>") and lowered not in {"br", "hr", "img", "wbr", "col"}:
        stack.append(lowered)


def _marked_text(
    piece: _Piece,
    spans: list[tuple[int, int, int]],
    by_id: dict[int, HighlightRecord],
    opened: set[int],
) -> str:
    text = piece.text or ""
    begin, finish = piece.offset, piece.offset + len(text)
    touching = [s for s in spans if s[0] < finish and s[1] > begin]
    if not touching:
        return html.escape(text, quote=False)
    cuts = sorted(
        {begin, finish}
        | {s[0] for s in touching if s[0] > begin}
        | {s[1] for s in touching if s[1] < finish}
    )
    out: list[str] = []
    for left, right in itertools.pairwise(cuts):
        chunk = html.escape(text[left - begin : right - begin], quote=False)
        covering = [s for s in touching if s[0] <= left and s[1] >= right]
        if not covering:
            out.append(chunk)
            continue
        # Overlaps show the most recent highlight (the highest id) on top.
        hid = max(s[2] for s in covering)
        out.append(_mark(by_id[hid], chunk, first=hid not in opened))
        opened.add(hid)
    return "".join(out)


def _mark(highlight: HighlightRecord, escaped: str, *, first: bool) -> str:
    color = color_or_default(highlight.color)
    ident = f' id="hl-{int(highlight.id)}"' if first else ""
    note = ' data-note="1"' if highlight.note and highlight.note.strip() else ""
    return (
        f'<mark class="hl hl-{color}"{ident} data-hl="{int(highlight.id)}"{note}>{escaped}</mark>'
    )
