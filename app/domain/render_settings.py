"""The reader's URL scheme, themes, fonts and typography: the light half of `render`.

Kept apart from `app.domain.render` (Python-Markdown, nh3, the summarizer) so the window can
register the scheme and read its preferences before its first paint without loading those.
"""

from __future__ import annotations

from dataclasses import dataclass

READER_SCHEME = "bsasset"
ASSET_URL_PREFIX = f"{READER_SCHEME}://asset/"
STYLE_URL_PREFIX = f"{READER_SCHEME}://style/"
PAGE_URL_PREFIX = f"{READER_SCHEME}://page/"
TOGGLE_SUMMARY_URL = f"{READER_SCHEME}://action/toggle-summary"
TOGGLE_ORIGINAL_URL = f"{READER_SCHEME}://action/toggle-original"
THEMES = ("light", "sepia", "dark")
FONTS = ("serif", "sans")


@dataclass(frozen=True)
class Typography:
    """How the reader sets type: face, size, leading and measure."""

    font: str = "serif"
    size_px: int = 19
    line_height: float = 1.6
    width_em: int = 36

    def clamped(self) -> Typography:
        """The same settings pulled into ranges that stay readable."""
        return Typography(
            font=self.font if self.font in FONTS else "serif",
            size_px=min(max(int(self.size_px), 10), 48),
            line_height=round(min(max(float(self.line_height), 1.0), 2.5), 2),
            width_em=min(max(int(self.width_em), 20), 80),
        )
