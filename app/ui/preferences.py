"""The person's preferences for reading and the window, kept in the library's window.ini."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.render import Typography
from app.ui.settings import WindowSettings
from app.ui.theme import THEMES

SORTS = ("relevance", "saved", "published", "title", "site", "minutes")
_DEFAULT_TYPE = Typography()


@dataclass(frozen=True)
class Preferences:
    """Everything the Preferences dialog sets.

    Attributes:
        theme: system (light or dark, following the system), light, sepia or dark.
        font: "serif" or "sans" for the article text.
        font_size: Text size in CSS pixels.
        line_height: Line height as a multiple of the size.
        column_width: The text column's width in em.
        summaries_first: Open articles on their summary.
        mark_read_at_end: Mark an article read when its end is scrolled to.
        default_sort: How the list is sorted when the window opens (relevance: newest first,
            ranked while searching).
        summary_points: Show summaries as key points (a list) rather than a paragraph.
        offline: Never fetch pages: saved URLs wait until this is turned off.
    """

    theme: str = "system"
    font: str = _DEFAULT_TYPE.font
    font_size: int = _DEFAULT_TYPE.size_px
    line_height: float = _DEFAULT_TYPE.line_height
    column_width: int = _DEFAULT_TYPE.width_em
    summaries_first: bool = False
    mark_read_at_end: bool = True
    default_sort: str = "relevance"
    summary_points: bool = False
    offline: bool = False

    def typography(self) -> Typography:
        """The reader's typography for these preferences (pulled into readable ranges)."""
        return Typography(self.font, self.font_size, self.line_height, self.column_width).clamped()

    def cleaned(self) -> Preferences:
        """The same preferences with every value made valid (bad ones back to defaults)."""
        t = self.typography()
        return replace(
            self,
            theme=self.theme if self.theme in THEMES else "system",
            font=t.font,
            font_size=t.size_px,
            line_height=t.line_height,
            column_width=t.width_em,
            default_sort=self.default_sort if self.default_sort in SORTS else "relevance",
        )


def _number(text: str, default: float) -> float:
    try:
        return float(text)
    except ValueError:
        return default


def _flag(text: str, default: bool) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    return default


def load_preferences(settings: WindowSettings) -> Preferences:
    """The saved preferences (defaults for anything missing or unreadable)."""
    d = Preferences()
    return Preferences(
        theme=settings.theme,
        font=settings.text("reader/font", d.font),
        font_size=int(_number(settings.text("reader/font_size"), d.font_size)),
        line_height=_number(settings.text("reader/line_height"), d.line_height),
        column_width=int(_number(settings.text("reader/column_width"), d.column_width)),
        summaries_first=_flag(settings.text("reader/summaries_first"), d.summaries_first),
        summary_points=_flag(settings.text("reader/summary_points"), d.summary_points),
        mark_read_at_end=_flag(settings.text("reader/mark_read_at_end"), d.mark_read_at_end),
        default_sort=settings.text("list/default_sort", d.default_sort),
        offline=_flag(settings.text("library/offline"), d.offline),
    ).cleaned()


def save_preferences(settings: WindowSettings, preferences: Preferences) -> None:
    """Remember preferences (written to disk at once: a crash must not lose them)."""
    p = preferences.cleaned()
    settings.theme = p.theme
    settings.set_text("reader/font", p.font)
    settings.set_text("reader/font_size", str(p.font_size))
    settings.set_text("reader/line_height", str(p.line_height))
    settings.set_text("reader/column_width", str(p.column_width))
    settings.set_text("reader/summaries_first", str(p.summaries_first).lower())
    settings.set_text("reader/summary_points", str(p.summary_points).lower())
    settings.set_text("reader/mark_read_at_end", str(p.mark_read_at_end).lower())
    settings.set_text("list/default_sort", p.default_sort)
    settings.set_text("library/offline", str(p.offline).lower())
    settings.sync()
