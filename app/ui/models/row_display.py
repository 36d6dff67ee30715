"""What one article row shows, worked out once per record and reused by every repaint.

The list's delegate used to ask the model for about thirty values per painted row (each a
call from Qt into Python, and each a wait for the interpreter lock while a worker thread runs
Python). A RowDisplay holds every string a row shows, built the first time the row is painted
after its record arrived; a new record (a refresh after a change) is a new object, so the
display built from the old one is never reused for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from app.domain.display import one_line
from app.domain.records import ArticleRecord

MAX_ROW_CHIPS = 4
# The services wrap search hits in snippets in these brackets.
HIT_OPEN, HIT_CLOSE = "\u27e6", "\u27e7"


@lru_cache(maxsize=4096)
def short_date(value: datetime | None) -> str:
    """A date as YYYY-MM-DD in local time (stored times are UTC).

    Cached: astimezone + strftime cost about as much as the rest of the row's data together.
    """
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().strftime("%Y-%m-%d")


def _shelf(record: ArticleRecord) -> str:
    """Where the article sits, when not in the plain list: "trashed", "archived" or ""."""
    return "trashed" if record.trashed else "archived" if record.archived else ""


def _fetch_state(record: ArticleRecord) -> str:
    """The fetch state when it is worth showing (pending, failed), else ""."""
    return "" if record.fetch_status in ("done", "") else record.fetch_status


def state_text(record: ArticleRecord) -> str:
    """Compact state marks: ● unread, ★ favourite, then archived/trashed/fetch state words."""
    marks = (
        "" if record.read else "●",
        "★" if record.favorite else "",
        _shelf(record).capitalize(),
        _fetch_state(record).capitalize(),
    )
    return " ".join(m for m in marks if m)


def site_text(record: ArticleRecord) -> str:
    """The site name, else the URL's host."""
    if record.site:
        return record.site
    host = record.url.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def title_marks(record: ArticleRecord) -> str:
    """State marks drawn at the end of the title line."""
    marks = (_fetch_state(record), _shelf(record), "★" if record.favorite else "")
    return "  ".join(m for m in marks if m)


def snippet_parts(text: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_hit) runs at the ⟦hit⟧ markers."""
    parts: list[tuple[str, bool]] = []
    rest = " ".join(text.split())
    while rest:
        start = rest.find(HIT_OPEN)
        if start < 0:
            parts.append((rest, False))
            break
        end = rest.find(HIT_CLOSE, start)
        if end < 0:
            parts.append((rest.replace(HIT_OPEN, ""), False))
            break
        if start:
            parts.append((rest[:start], False))
        parts.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(t, hit) for t, hit in parts if t]


@dataclass(eq=False, slots=True)
class RowDisplay:
    """Every string one row shows, and room for the delegate's per-width layout.

    Attributes:
        record: The record this was built from (a refreshed record builds a new display).
        cells: The display text of each list column, in COLUMNS order.
        second_line: The excerpt or search snippet (hits still in ⟦ ⟧).
        runs: The second line split into (text, is_hit) runs.
        marks: State words drawn at the right of the title line.
        chips: The tags drawn as chips (at most MAX_ROW_CHIPS).
        bold: The title is bold (unread).
        layout: The delegate's cache, keyed by what the layout depends on (width, font).
    """

    record: ArticleRecord
    cells: tuple[str, ...]
    second_line: str
    runs: list[tuple[str, bool]]
    marks: str
    chips: tuple[str, ...]
    bold: bool
    layout: dict[object, object] = field(default_factory=dict)

    @classmethod
    def build(cls, record: ArticleRecord) -> RowDisplay:
        """Work out a row's strings (once per record)."""
        second = one_line(record.snippet or record.excerpt or "")
        minutes = f"{record.reading_minutes} min" if record.reading_minutes > 0 else ""
        cells = (
            one_line(record.title or record.url),
            one_line(site_text(record)),
            short_date(record.saved),
            minutes,
            one_line(", ".join(record.tags)),
            state_text(record),
        )
        return cls(
            record=record,
            cells=cells,
            second_line=second,
            runs=snippet_parts(second),
            marks=title_marks(record),
            chips=tuple(record.tags[:MAX_ROW_CHIPS]),
            bold=not record.read,
        )
