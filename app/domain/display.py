"""Hostile text made safe to show: one line, no control or direction-override characters.

Titles, tags, URLs, notes and file names come from web pages and other tools' exports;
widgets show them through these helpers (and always as plain text, never rich text).
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the bidirectional overrides and isolates (which can make a
# name read backwards), zero-width joiners' dangerous cousins, and lone surrogates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
# Qt replaces "[*]" in a window title with the "modified" mark; it must not vanish.
_QT_TITLE_PLACEHOLDER = "[*]"


def one_line(text: str | None, limit: int = 500) -> str:
    """`text` on one line: controls become spaces, runs of space collapse, trimmed, cut at
    `limit` characters with an ellipsis."""
    if not text:
        return ""
    cleaned = _SPACES.sub(" ", _UNSAFE.sub(" ", text)).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def window_title(text: str | None, suffix: str) -> str:
    """A window title: `text — suffix`, one line, with Qt's "[*]" placeholder defused."""
    title = one_line(text, 200).replace(_QT_TITLE_PLACEHOLDER, "[\u2217]")
    return f"{title} — {suffix}" if title else suffix
