"""The reader's summary section: a paragraph or key points, its method, and a busy note."""

from __future__ import annotations

import html

from app.domain.records import SummaryRecord

READER_ACTION_PREFIX = "bsasset://action/"
SUMMARY_PARAGRAPH_URL = f"{READER_ACTION_PREFIX}summary-paragraph"
SUMMARY_POINTS_URL = f"{READER_ACTION_PREFIX}summary-points"


def _form_switch(points: bool) -> str:
    """Paragraph / Key points: the current form is plain text, the other one a link."""
    choices = (
        ("Paragraph", SUMMARY_PARAGRAPH_URL, not points),
        ("Key points", SUMMARY_POINTS_URL, points),
    )
    items = [
        f'<strong class="form-current" aria-current="true">{label}</strong>'
        if current
        else f'<a class="toggle form-choice" href="{url}">{label}</a>'
        for label, url, current in choices
    ]
    return f'<div class="summary-form" aria-label="Summary form">{" · ".join(items)}</div>'


def summary_section(summary: SummaryRecord, label: str, *, points: bool) -> str:
    """The summary as one paragraph or as a bulleted list of the same sentences.

    Args:
        summary: The summary (every field treated as hostile text).
        label: The method's reader-facing name ("key sentences", a model's name).
        points: Show the key points form (a list) instead of one paragraph.
    """
    sentences = summary.points
    if points:
        items = "\n".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        body = f'<ul class="key-points">\n{items}\n</ul>'
    else:
        body = f'<p class="summary-text">{html.escape(" ".join(sentences))}</p>'
    note = ""
    if summary.note:
        note = f'<p class="notice summary-note">{html.escape(summary.note)}</p>\n'
    heading = html.escape(f"Summary · {label}")
    return (
        '<section class="summary" aria-label="Summary">\n'
        f'<h2 class="summary-label">{heading}</h2>\n{_form_switch(points)}\n{note}{body}\n'
        "</section>"
    )


def busy_section(message: str) -> str:
    """The summary area while a slow summarizer (a local model) is working."""
    return (
        '<section class="summary" aria-label="Summary" aria-busy="true">\n'
        f'<p class="notice summary-busy">{html.escape(message)}</p>\n</section>'
    )
