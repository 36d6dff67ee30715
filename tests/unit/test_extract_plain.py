"""Tests for Markdown and plain-text extraction and the front matter reader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.domain.errors import InputError
from app.ingest.extract import extract_markdown, extract_text
from app.ingest.extract_language import guess_language
from app.ingest.frontmatter import parse_front_matter, split_front_matter, tags_of

ENGLISH = (
    "The committee met on Tuesday to discuss the new harbour plan, which would move the ferry "
    "terminal further east and open the old quay to walkers and cyclists for the first time. "
    "It was a long meeting and the residents who spoke were broadly in favour of the change."
)


def test_markdown_text_drops_syntax_and_keeps_blocks() -> None:
    source = (
        "# Title\n\nIntro with **bold**, `code` and [a link](https://x.example/a).\n\n"
        "> quoted words\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        '```\nprint("hi")\n```\n\n![Alt text](pics/p.png "Caption")\n'
    )
    extraction = extract_markdown(source)
    blocks = extraction.body_text.split("\n\n")
    assert blocks[0] == "Title"
    assert "Intro with bold, code and a link." in blocks
    assert "quoted words" in blocks
    assert "one" in blocks and "two" in blocks
    assert 'print("hi")' in blocks
    assert "https://" not in extraction.body_text
    assert extraction.image_urls == ("pics/p.png",)
    assert extraction.title == "Title"
    assert extraction.body_markdown == source.strip()


def test_markdown_front_matter_fields() -> None:
    source = (
        "---\ntitle: Notes\nauthor: Ann Author\nlang: fr-FR\npublished: 2024-01-02T03:04:05Z\n"
        "description: 'A note'\n---\nBody text here.\n"
    )
    extraction = extract_markdown(source)
    assert extraction.title == "Notes"
    assert extraction.author == "Ann Author"
    assert extraction.language == "fr"
    assert extraction.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert extraction.description == "A note"
    assert extraction.body_markdown == "Body text here."
    assert extraction.word_count == 3


def test_markdown_setext_title() -> None:
    assert extract_markdown("Big Title\n=========\n\nSome words.").title == "Big Title"


def test_empty_markdown_is_rejected() -> None:
    with pytest.raises(InputError, match="no readable text"):
        extract_markdown("---\ntitle: only front matter\n---\n\n")


def test_plain_text_paragraphs_and_escaping() -> None:
    extraction = extract_text("A title\n\nfirst line\nsecond line\n\n\n# not a heading *nor bold*")
    assert extraction.title == "A title"
    assert extraction.body_text == "A title\n\nfirst line second line\n\n# not a heading *nor bold*"
    assert "\\# not a heading \\*nor bold\\*" in extraction.body_markdown
    assert "first line\\\nsecond line" in extraction.body_markdown
    assert extraction.word_count == 11
    assert extraction.reading_minutes == 1


def test_plain_text_with_no_words_is_rejected() -> None:
    with pytest.raises(InputError, match="no readable text"):
        extract_text(" \n --- \n ... ")


def test_long_first_line_is_not_a_title() -> None:
    assert extract_text("word " * 60).title is None


def test_front_matter_subset() -> None:
    front = parse_front_matter(
        "title: \"Quoted: with colon\"\nTags:\n  - one\n  - 'two words'\n"
        "date: 2024-05-06 07:08\nurl: https://x.example/a#frag # a comment\n"
        'empty:\nlist: [a, "b, c", d]\n# comment line\nweird line without colon\n'
    )
    assert front["title"] == "Quoted: with colon"
    assert front["tags"] == ["one", "two words"]
    assert front["date"] == datetime(2024, 5, 6, 7, 8)
    assert front["url"] == "https://x.example/a#frag"
    assert front["empty"] is None
    assert front["list"] == ["a", "b, c", "d"]


def test_front_matter_never_builds_objects() -> None:
    front = parse_front_matter("title: !!python/object/apply:os.system ['echo hacked']\n")
    assert front["title"] == "!!python/object/apply:os.system ['echo hacked']"


def test_front_matter_dates_with_offsets() -> None:
    front = parse_front_matter("date: 2024-05-06T07:08:09+02:00\n")
    assert front["date"] == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))


def test_split_front_matter_needs_both_fences() -> None:
    assert split_front_matter("---\ntitle: x\nno closing fence") == (
        {},
        "---\ntitle: x\nno closing fence",
    )
    assert split_front_matter("\ufeff---\ntitle: x\n...\nbody") == ({"title": "x"}, "body")


@pytest.mark.parametrize(
    ("front", "tags"),
    [
        ({"tags": ["a", "#b", "a"]}, ("a", "b")),
        ({"tags": "x, y z"}, ("x", "y", "z")),
        ({"tag": "solo"}, ("solo",)),
        ({}, ()),
    ],
)
def test_tags_of(front: dict[str, object], tags: tuple[str, ...]) -> None:
    assert tags_of(front) == tags


def test_language_guess() -> None:
    assert guess_language(ENGLISH) == "en"
    assert guess_language("too short") is None
