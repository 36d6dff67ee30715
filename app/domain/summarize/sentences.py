"""Split plain text into paragraphs, list items and sentences, in many languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from app.domain.summarize.abbreviations import (
    ORDINAL_DOT_LANGUAGES,
    is_abbreviation,
    is_title,
)
from app.domain.summarize.languages import detect_language, gate_words


class Kind(Enum):
    """What a unit of text is, which decides whether a summary may use it."""

    SENTENCE = "sentence"
    ITEM = "item"
    HEADING = "heading"


@dataclass(frozen=True)
class Unit:
    """One sentence, list item or heading, with where it stands in the text."""

    text: str
    kind: Kind
    paragraph: int  # index of the block (paragraph, list item or heading) it came from
    first_in_paragraph: bool


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_LIST_MARK = re.compile(r"^[^\S\n]*(?:[-*•+‣▪]|\d{1,3}[.)])[^\S\n]+(?=\S)")
_HEADING_MARK = re.compile(r"^[^\S\n]*#{1,6}[^\S\n]+")
_CLOSES_SENTENCE = re.compile(r"[.!?…:;\"'”’»)\]。！？]$")
_HEADING_MAX_WORDS = 12

# A candidate end: terminal punctuation, then closing quotes or brackets (a French closing
# guillemet may sit after a space), then a space. CJK full stops need no space after them.
_CANDIDATE = re.compile(
    r"(?P<punct>[.!?‽…]+)(?:[\"'”’“‘»›)\]]|\s»)*(?=\s)"
    r"|(?P<cjk>[。！？]+)[」』”’）]*"
)
_OPENERS = "\"'“‘„«‹([¿¡—–- "
_NEXT_WORD = re.compile(r"\w+")
_PREVIOUS_TOKEN = re.compile(r"(\S+)$")
_LOOKBACK = 40
_DOTTED = re.compile(r"^(?:\w\.)+\w$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_LEADING_OPENERS = re.compile(r"^[\"'“‘„«‹(\[¿¡]+")


@dataclass(frozen=True)
class _Block:
    text: str
    kind: Kind


def _blocks(text: str) -> list[_Block]:
    """Cut text into paragraphs, list items and headings, each with its whitespace normalised."""
    blocks: list[_Block] = []
    for paragraph in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        blocks.extend(_paragraph_blocks(paragraph))
    return blocks


def _paragraph_blocks(paragraph: str) -> list[_Block]:
    """Cut one paragraph into prose, list items and headings, line by line."""
    blocks: list[_Block] = []
    lines: list[str] = []  # the prose or list item being gathered
    kind = Kind.SENTENCE

    def flush() -> None:
        joined = " ".join(" ".join(lines).split())
        if joined:
            blocks.append(
                _Block(joined, _prose_kind(lines, joined) if kind is Kind.SENTENCE else kind)
            )
        lines.clear()

    for line in paragraph.split("\n"):
        if not line.strip():
            continue
        mark = _LIST_MARK.match(line)
        heading = _HEADING_MARK.match(line)
        if mark:
            flush()
            kind = Kind.ITEM
            lines.append(line[mark.end() :])
        elif heading:
            flush()
            kind = Kind.HEADING
            lines.append(line[heading.end() :])
            flush()
            kind = Kind.SENTENCE
        elif kind is Kind.ITEM and line[:1].isspace():
            lines.append(line)  # an indented line continues the list item above it
        else:
            if kind is not Kind.SENTENCE:
                flush()
                kind = Kind.SENTENCE
            lines.append(line)
    flush()
    return blocks


def _prose_kind(lines: list[str], joined: str) -> Kind:
    """Tell a heading (one short line without closing punctuation) from a paragraph."""
    if (
        len(lines) == 1
        and not _CLOSES_SENTENCE.search(joined)
        and len(joined.split()) <= _HEADING_MAX_WORDS
    ):
        return Kind.HEADING
    return Kind.SENTENCE


def _next_start(rest: str) -> tuple[str, str]:
    """Return the first character of the next sentence and its first word.

    The word is empty when it is an initial ("A. S. Pushkin"), which never opens a sentence.
    """
    stripped = rest.lstrip(_OPENERS)
    if not stripped:
        return "", ""
    word = _NEXT_WORD.match(stripped)
    if word is None or (len(word.group(0)) == 1 and stripped[word.end() : word.end() + 1] == "."):
        return stripped[0], ""
    return stripped[0], word.group(0)


def _is_boundary(text: str, match: re.Match[str], language: str | None) -> bool:
    """Decide whether a candidate end really ends a sentence."""
    if match.group("cjk"):
        return True
    first, word = _next_start(text[match.end() :])
    if not first:
        return True
    if first.islower():
        # Sentences start with a capital in every cased script; "etc. and", "Stop!" he said.
        return False
    if match.group("punct") != ".":
        return True  # "?", "!", "?!" and ellipses before a capital end the sentence
    # Only the last few characters matter; searching from 0 would make splitting quadratic.
    found = _PREVIOUS_TOKEN.search(text[max(0, match.start() - _LOOKBACK) : match.start()])
    if not found:
        return True  # a full stop after a space (tokenised text) cannot be an abbreviation
    previous = _LEADING_OPENERS.sub("", found.group(1))
    if not previous or not previous[-1].isalnum():
        return True
    if is_title(previous, language):
        return False  # "Dr. Smith", "Mme. Curie": a name follows
    if (
        is_abbreviation(previous, language)
        or previous in _CASED_ABBREVIATIONS
        or (len(previous) == 1 and previous.isalpha())
        or _DOTTED.match(previous)
        or (_ordinal_language(language) and (_is_small_number(previous) or _ROMAN.match(previous)))
    ):
        # Abbreviations, initials and ordinals usually continue the sentence; they end it when
        # a common sentence opener follows ("... in the U.S. The company ...").
        return word.lower() in gate_words(language)
    return True


# Abbreviations that count only in this exact case: "the ID. Buzz" (a product name) and
# "your ID. Then" continue and end a sentence like any abbreviation, while "id." stays a word.
_CASED_ABBREVIATIONS = frozenset({"ID"})


def _ordinal_language(language: str | None) -> bool:
    return language in ORDINAL_DOT_LANGUAGES


def _is_small_number(token: str) -> bool:
    return token.isdigit() and len(token) <= 3


def _split_block(text: str, language: str | None) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, match, language):
            piece = text[start : match.end()].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def split_units(text: str, language: str | None = None) -> list[Unit]:
    """Split text into sentences, list items and headings, in reading order.

    Args:
        text: Plain text; blank lines separate paragraphs, "- " or "* " starts a list item.
        language: ISO 639-1 code; detected from the text when None.

    Returns:
        Units whose text is a verbatim piece of the input with whitespace normalised.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    if language is None:
        language = detect_language(text)
    units: list[Unit] = []
    for index, block in enumerate(_blocks(text)):
        if block.kind is Kind.HEADING:
            units.append(Unit(block.text, Kind.HEADING, index, True))
            continue
        for position, sentence in enumerate(_split_block(block.text, language)):
            units.append(Unit(sentence, block.kind, index, position == 0))
    return units


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """Split plain text into sentences (list items and headings count as one each).

    Args:
        text: Plain text; blank lines separate paragraphs, "- " or "* " starts a list item.
        language: ISO 639-1 code such as "de"; detected from the text when None.

    Returns:
        The sentences in order, each a verbatim piece of the input with whitespace normalised.
    """
    return [unit.text for unit in split_units(text, language.lower() if language else None)]
