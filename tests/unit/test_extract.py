"""Tests for HTML extraction: body shapes, images, metadata, fallbacks and bad pages."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

import pytest

from app.domain.errors import InputError
from app.ingest import extract as extract_module
from app.ingest.extract import (
    Extraction,
    count_words,
    extract_html,
    extraction_to_json,
    reading_minutes,
    with_images_rebased,
)

PARAGRAPH = (
    "The committee met on Tuesday to discuss the new harbour plan, which would move the ferry "
    "terminal further east and open the old quay to walkers and cyclists for the first time "
    "in a century. Residents who spoke at the meeting were broadly in favour of the change."
)

ARTICLE = f"""<!doctype html>
<html lang="en-GB">
<head>
  <title>Harbour plan approved | The Coastal Times</title>
  <meta property="og:title" content="Harbour plan approved">
  <meta property="og:site_name" content="The Coastal Times">
  <meta property="og:description" content="The council backs the new harbour.">
  <meta property="og:image" content="/media/lead.jpg">
  <meta name="author" content="Jane Marlow">
  <meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
  <link rel="canonical" href="https://coastal.example/news/harbour-plan">
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
  <article>
    <h1>Harbour plan approved</h1>
    <p>{PARAGRAPH}</p>
    <figure>
      <img src="/img/blank.gif" data-src="/media/quay.jpg" alt="The old quay">
      <figcaption>The old quay at dawn. Photo: Sam Reed</figcaption>
    </figure>
    <h2>What changes</h2>
    <p>{PARAGRAPH}</p>
    <ul><li>The ferry terminal moves east by two hundred metres.</li>
        <li>The quay opens to walkers and cyclists every day.</li></ul>
    <blockquote><p>This is the best thing to happen to the harbour in living memory.</p>
    </blockquote>
    <p>{PARAGRAPH}</p>
    <table><tr><th>Year</th><th>Ferries</th></tr><tr><td>2023</td><td>412</td></tr>
    <tr><td>2024</td><td>530</td></tr></table>
    <pre><code>terminal.move(east=200)</code></pre>
    <picture><source srcset="/media/map-small.webp 480w, /media/map-large.webp 1200w">
      <img alt="Map of the harbour"></picture>
    <p>{PARAGRAPH}</p>
  </article>
  <footer><p>Copyright The Coastal Times. All rights reserved.</p></footer>
</body>
</html>"""

URL = "https://coastal.example/news/harbour-plan?utm_source=x"


@pytest.fixture(scope="module")
def article() -> Extraction:
    return extract_html(ARTICLE, URL)


def test_count_words_counts_latin_words_and_cjk_characters() -> None:
    assert count_words("Hello, world! It's 2024.") == 5
    assert count_words("東京は晴れ") == 5
    assert count_words("") == 0


@pytest.mark.parametrize(("words", "minutes"), [(0, 0), (1, 1), (230, 1), (231, 2), (2300, 10)])
def test_reading_minutes_rounds_up_at_230_words(words: int, minutes: int) -> None:
    assert reading_minutes(words) == minutes


def test_metadata_comes_from_the_page(article: Extraction) -> None:
    assert article.title == "Harbour plan approved"
    assert article.author == "Jane Marlow"
    assert article.site_name == "The Coastal Times"
    assert article.published is not None and article.published.date().isoformat() == "2024-03-05"
    assert article.language == "en"
    assert article.description == "The council backs the new harbour."
    assert article.lead_image == "https://coastal.example/media/lead.jpg"
    assert article.canonical_url == "https://coastal.example/news/harbour-plan"


def test_body_keeps_structure_as_markdown(article: Extraction) -> None:
    md = article.body_markdown
    assert "## What changes" in md
    assert "- The ferry terminal moves east" in md
    assert "> This is the best thing" in md
    assert "| Year | Ferries |" in md
    assert "terminal.move(east=200)" in md
    # the title is shown by the reader; the body does not repeat it as its first heading
    assert not md.startswith("# Harbour plan approved")
    assert "Home" not in md.split("\n")[0]
    assert "Copyright" not in md


def test_images_resolve_lazy_sources_and_keep_captions(article: Extraction) -> None:
    assert article.image_urls[0] == "https://coastal.example/media/quay.jpg"
    assert "https://coastal.example/media/map-large.webp" in article.image_urls
    assert (
        '![The old quay](https://coastal.example/media/quay.jpg "The old quay at dawn. Photo: '
        'Sam Reed")' in article.body_markdown
    )
    for url in article.image_urls:
        assert url in article.body_markdown


def test_plain_text_has_paragraphs_and_no_addresses_or_captions(article: Extraction) -> None:
    text = article.body_text
    assert "\n\n" in text
    assert "https://" not in text
    assert "Sam Reed" not in text
    assert "The ferry terminal moves east" in text
    assert "#" not in text and "**" not in text
    assert article.word_count == count_words(text)
    assert article.reading_minutes == reading_minutes(article.word_count)


def test_bytes_input_with_declared_charset_is_decoded() -> None:
    page = ARTICLE.replace("<head>", '<head><meta charset="iso-8859-1">').replace(
        "walkers and cyclists every day", "walkers and cyclists every día"
    )
    extraction = extract_html(page.encode("iso-8859-1"), URL)
    assert "every día" in extraction.body_text


def test_language_is_guessed_when_the_page_does_not_say() -> None:
    german = (
        "Der Gemeinderat hat am Dienstag den neuen Plan für den Hafen beschlossen. Die Fähre "
        "wird nach Osten verlegt, und der alte Kai ist für Fußgänger und Radfahrer offen. Das "
        "ist nicht nur für die Anwohner ein großer Tag, sondern auch für die Stadt und die Region."
    )
    page = f"<html><body><article><p>{german}</p><p>{german}</p></article></body></html>"
    assert extract_html(page).language == "de"


def test_relative_images_stay_relative_without_a_url() -> None:
    page = (
        f'<html><body><article><p>{PARAGRAPH}</p><img src="pics/a.png" alt="A">'
        f"<p>{PARAGRAPH}</p></article></body></html>"
    )
    extraction = extract_html(page)
    assert extraction.image_urls == ("pics/a.png",)
    rebased = with_images_rebased(extraction, {"pics/a.png": "https://x.example/pics/a.png"})
    assert rebased.image_urls == ("https://x.example/pics/a.png",)
    assert "](https://x.example/pics/a.png" in rebased.body_markdown
    assert "](pics/a.png" not in rebased.body_markdown


def test_readability_fallback_is_used_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = extract_module._trafilatura_body

    def precision_finds_nothing(source: Any, url: str | None, recall: bool) -> Any:
        return real(source, url, recall) if recall else None

    monkeypatch.setattr(extract_module, "_trafilatura_body", precision_finds_nothing)
    extraction = extract_html(ARTICLE, URL)
    assert "harbour plan" in extraction.body_text
    assert extraction.word_count > 100


@pytest.mark.parametrize("page", ["", "   \n ", b"", b"\n\n"])
def test_empty_input_is_rejected(page: str | bytes) -> None:
    with pytest.raises(InputError, match="no readable article text"):
        extract_html(page)


def test_empty_page_is_rejected() -> None:
    with pytest.raises(InputError, match="no readable article text"):
        extract_html("<html><head><title>Nothing</title></head><body></body></html>")


def test_page_of_only_navigation_is_rejected() -> None:
    links = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(40))
    page = (
        f"<html><body><header><nav><ul>{links}</ul></nav></header>"
        f"<footer><nav><ul>{links}</ul></nav></footer></body></html>"
    )
    with pytest.raises(InputError, match="no readable article text"):
        extract_html(page, "https://nav.example/")


def test_extraction_to_json_has_the_cli_fields(article: Extraction) -> None:
    data = extraction_to_json("page.html", article)
    for key in (
        "file",
        "title",
        "author",
        "site",
        "published",
        "language",
        "description",
        "lead_image",
        "canonical_url",
        "body_markdown",
        "body_text",
        "word_count",
        "reading_minutes",
    ):
        assert key in data
    assert data["file"] == "page.html"
    assert data["site"] == "The Coastal Times"
    assert isinstance(data["published"], str)
    assert datetime.fromisoformat(data["published"]) == article.published


def test_bare_fragment_is_read_as_a_page() -> None:
    extraction = extract_html(f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>")
    assert extraction.word_count == 2 * count_words(PARAGRAPH)


def test_first_body_image_is_the_lead_image_without_og_image() -> None:
    page = (
        f'<html><body><article><p>{PARAGRAPH}</p><img src="/a/first.jpg" alt="First">'
        f'<p>{PARAGRAPH}</p><img src="/a/second.jpg" alt="Second"><p>{PARAGRAPH}</p>'
        "</article></body></html>"
    )
    assert extract_html(page, "https://x.example/story").lead_image == (
        "https://x.example/a/first.jpg"
    )


def test_binary_garbage_is_an_input_error_not_a_crash() -> None:
    with pytest.raises(InputError, match="no readable article text"):
        extract_html(random.Random(3).randbytes(5000))
