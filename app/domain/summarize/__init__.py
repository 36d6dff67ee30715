"""Extractive summaries: the article's own key sentences, picked offline in many languages."""

from app.domain.summarize.languages import detect_language
from app.domain.summarize.sentences import split_sentences
from app.domain.summarize.summarizer import METHOD, VERSION, SummaryResult, summarize

__all__ = ["METHOD", "VERSION", "SummaryResult", "detect_language", "split_sentences", "summarize"]
