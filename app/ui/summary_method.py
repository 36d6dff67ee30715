"""Which summarizer the reader uses: key sentences, or the local model set up in Preferences."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from app.domain.records import SummaryRecord

if TYPE_CHECKING:
    from app.services.library import Library

log = logging.getLogger(__name__)

LLM_PREFIX = "llm:"


def chosen_model(library: Library) -> str | None:
    """The local model's name when it is the chosen method and set up; None: key sentences."""
    config = library.llm_config()
    if config is None or library.default_summary_method() != "llm":
        return None
    return config.model


def fits(summary: SummaryRecord | None, model: str | None) -> bool:
    """Whether a cached summary was written by the chosen method."""
    if summary is None or not summary.text.strip():
        return False
    if model is None:
        return not summary.method.startswith(LLM_PREFIX)
    return summary.method == LLM_PREFIX + model


def llm_summary(
    library: Library, article_id: int, cancel: threading.Event | None = None
) -> SummaryRecord:
    """The model's summary (slow, over the network); the key sentences with a note on error.

    Setting `cancel` stops the request; the cancellation error is raised, not covered up.
    """
    try:
        return library.summary(article_id, "llm", cancel=cancel)
    except Exception as exc:  # the service already falls back on network errors; this is the rest
        if cancel is not None and cancel.is_set():
            raise
        log.warning("article %s: local model summary failed: %s", article_id, exc)
        fallback = library.summary(article_id, "extractive")
        return replace(fallback, note=f"The local model failed ({exc}); key sentences instead.")
