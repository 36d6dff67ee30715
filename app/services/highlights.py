"""Highlights: make, recolour, annotate, delete, list and search them; re-place them when an
article's body changes (re-extraction, refetch, import), keeping the ones that no longer fit
as "unplaced" rather than losing them.

Offsets count characters of the body's rendered text (`anchor_text`), the same text the
reader shows and the renderer marks, so a position found here is a position there.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from app.domain.anchoring import Anchor, make_anchor, place_all
from app.domain.errors import InputError, NotFoundError
from app.domain.highlight_marks import COLORS, DEFAULT_COLOR, anchor_of, html_text
from app.domain.records import HighlightRecord, LibraryHighlight
from app.domain.render import render_markdown
from app.storage import content as content_sql
from app.storage import highlights as highlight_sql
from app.storage.database import Database
from app.storage.details import load_highlights
from app.storage.highlights import HighlightFilter

MAX_QUOTE_CHARS = 20_000
MAX_NOTE_CHARS = 20_000
MAX_LIST = 100_000
_WORD = re.compile(r"\w+")


# A selection, as the reader reports it, is an anchor: quote, text either side, offset.
Selection = Anchor


def anchor_text(body_markdown: str) -> str:
    """The text highlight offsets count in: the rendered, sanitised body's text."""
    return html_text(render_markdown(body_markdown)) if body_markdown.strip() else ""


def check_color(color: str) -> str:
    """A palette colour, or InputError naming the palette."""
    value = color.strip().lower()
    if value not in COLORS:
        raise InputError(f"unknown highlight colour {color!r}; use one of {', '.join(COLORS)}")
    return value


def match_expression(query: str) -> str | None:
    """Words typed in the highlight search box as an FTS5 MATCH (each word, as a prefix)."""
    words = _WORD.findall(query)[:32]
    return " AND ".join(f'"{w}"*' for w in words) or None


def reanchor(conn: Connection, article_id: int) -> tuple[int, int]:
    """Place an article's highlights again in its current body (inside the caller's write).

    Placed ones get their new position and context; ones that cannot be found keep their
    old anchor and are flagged unplaced. Returns (placed, unplaced).
    """
    highlights = load_highlights(conn, article_id)
    if not highlights:
        return 0, 0
    text = anchor_text(highlight_sql.article_body(conn, article_id) or "")
    found = place_all(text, [anchor_of(h) for h in highlights])
    rows = []
    for highlight, placement in zip(highlights, found, strict=True):
        if placement is None:
            rows.append(_row(highlight, placed=False))
            continue
        fresh = make_anchor(text, placement.start, placement.end)
        rows.append(
            {"id": highlight.id, "position": fresh.position, "prefix": fresh.prefix,
             "suffix": fresh.suffix, "placed": True}
        )  # fmt: skip
    highlight_sql.set_placements(conn, rows)
    placed = sum(1 for p in found if p is not None)
    return placed, len(found) - placed


def _row(highlight: HighlightRecord, *, placed: bool) -> dict[str, object]:
    return {
        "id": highlight.id,
        "position": highlight.position,
        "prefix": highlight.prefix,
        "suffix": highlight.suffix,
        "placed": placed,
    }


def _clean_note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    if len(note) > MAX_NOTE_CHARS:
        raise InputError(f"the note is too long ({len(note)} characters; at most {MAX_NOTE_CHARS})")
    return note.strip()


class Highlights:
    """The highlight use cases of one library (`Library.highlights`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        article_id: int,
        selection: Selection,
        *,
        color: str = DEFAULT_COLOR,
        note: str | None = None,
    ) -> HighlightRecord:
        """Highlight a passage of an article; it is placed in the current body when found,
        else stored unplaced (a reader's highlight is never refused for not fitting)."""
        quote = selection.quote.strip()
        if not quote:
            raise InputError("nothing to highlight: the selection is empty")
        if len(quote) > MAX_QUOTE_CHARS:
            raise InputError(f"the selection is too long to highlight ({len(quote)} characters)")
        color = check_color(color)
        with self._db.write() as conn:
            body = highlight_sql.article_body(conn, article_id)
            if body is None:
                raise NotFoundError(f"no article with id {article_id}")
            text = anchor_text(body)
            wanted = Anchor(quote, selection.prefix, selection.suffix, selection.position)
            placed = place_all(text, [wanted])[0]
            anchor = make_anchor(text, placed.start, placed.end) if placed else wanted
            highlight_id = content_sql.add_highlight(
                conn, article_id, anchor.quote if placed else quote, note=_clean_note(note),
                color=color, prefix=anchor.prefix, suffix=anchor.suffix,
                position=anchor.position, placed=placed is not None,
            )  # fmt: skip
            record = highlight_sql.get_highlight(conn, highlight_id)
        assert record is not None  # just inserted in this transaction
        return record

    def recolor(self, highlight_id: int, color: str) -> HighlightRecord:
        """Give a highlight another palette colour."""
        return self._change(highlight_id, {"color": check_color(color)})

    def annotate(self, highlight_id: int, note: str | None) -> HighlightRecord:
        """Set (or, with a blank note, clear) a highlight's note."""
        return self._change(highlight_id, {"note": _clean_note(note)})

    def delete(self, highlight_id: int) -> None:
        """Remove a highlight for good."""
        with self._db.write() as conn:
            if not highlight_sql.delete_highlight(conn, highlight_id):
                raise NotFoundError(f"no highlight with id {highlight_id}")

    def get(self, highlight_id: int) -> HighlightRecord:
        """One highlight."""
        with self._db.read() as conn:
            record = highlight_sql.get_highlight(conn, highlight_id)
        if record is None:
            raise NotFoundError(f"no highlight with id {highlight_id}")
        return record

    def for_article(self, article_id: int) -> list[HighlightRecord]:
        """An article's highlights in reading order, unplaced ones last."""
        with self._db.read() as conn:
            if highlight_sql.article_body(conn, article_id) is None:
                raise NotFoundError(f"no article with id {article_id}")
            return load_highlights(conn, article_id)

    def search(
        self,
        query: str | None = None,
        *,
        tag: str | None = None,
        color: str | None = None,
        article_id: int | None = None,
        placed: bool | None = None,
        limit: int = 500,
    ) -> list[LibraryHighlight]:
        """Highlights across the library: words match quote or note (as prefixes); tag (with
        its children), colour, article and placement narrow them. Best match first, else
        newest first; trashed articles' highlights are left out."""
        if limit < 1 or limit > MAX_LIST:
            raise InputError(f"limit must be between 1 and {MAX_LIST}")
        where = HighlightFilter(
            match=match_expression(query or ""),
            tag=tag.strip() if tag and tag.strip() else None,
            color=check_color(color) if color else None,
            article_id=article_id,
            placed=placed,
        )
        with self._db.read() as conn:
            return highlight_sql.list_highlights(conn, where, limit=limit)

    def reanchor(self, article_id: int) -> tuple[int, int]:
        """Place an article's highlights again; returns (placed, unplaced)."""
        with self._db.write() as conn:
            return reanchor(conn, article_id)

    def _change(self, highlight_id: int, values: dict[str, object]) -> HighlightRecord:
        with self._db.write() as conn:
            if not highlight_sql.update_highlight(conn, highlight_id, values):
                raise NotFoundError(f"no highlight with id {highlight_id}")
            record = highlight_sql.get_highlight(conn, highlight_id)
        assert record is not None
        return record
