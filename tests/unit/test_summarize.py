"""Tests for the extractive summarizer: length, order, duplicates, odd inputs and its contract."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.summarize import (
    METHOD,
    VERSION,
    SummaryResult,
    split_sentences,
    summarize,
)
from app.domain.summarize.selection import summary_length

TOPIC = [
    "The city council approved a new budget for public libraries on Tuesday evening.",
    "The library budget adds money for longer opening hours in every district library.",
    "Council members said the libraries had lost readers during years of short hours.",
    "Librarians welcomed the budget and promised new reading programmes for children.",
    "The mayor said public libraries are the most used service the city runs.",
    "Critics of the budget said the council should have fixed the roads first.",
    "The new library hours start in March, after the council signs the contracts.",
    "Readers can check the opening hours of each library on the council website.",
]
FILLER = [
    "Rain fell on the harbour while gulls circled above the fishing boats.",
    "A cyclist stopped at the bakery near the station to buy warm bread.",
    "The old clock tower struck nine as the market stalls opened slowly.",
    "Somewhere a dog barked at a delivery van parked across the lane.",
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_method_and_version_are_named() -> None:
    assert METHOD == "key sentences"
    assert isinstance(VERSION, str) and VERSION


def test_empty_text_gives_an_empty_summary() -> None:
    result = summarize("")
    assert result == SummaryResult((), METHOD, VERSION, None)
    assert result.text == ""
    assert result.key_points_markdown() == ""
    assert summarize("   \n\n  ").sentences == ()


def test_one_sentence_article_is_its_own_summary() -> None:
    result = summarize("Broadsheet keeps the articles you save for good.")
    assert result.sentences == ("Broadsheet keeps the articles you save for good.",)
    assert result.key_points_markdown() == "- Broadsheet keeps the articles you save for good."


def test_short_news_gets_three_sentences_in_article_order() -> None:
    text = " ".join(TOPIC)
    result = summarize(text, "en")
    assert len(result.sentences) == 3
    positions = [TOPIC.index(s) for s in result.sentences]
    assert positions == sorted(positions)
    assert TOPIC[0] in result.sentences  # news: the opening sentence carries the story
    assert result.text == "\n".join(result.sentences)
    assert result.key_points_markdown() == "\n".join(f"- {s}" for s in result.sentences)


def test_essay_with_a_weak_opening_reaches_its_topic() -> None:
    opening = " ".join(FILLER)
    text = opening + "\n\n" + " ".join(TOPIC[:4]) + "\n\n" + " ".join(TOPIC[4:])
    result = summarize(text, "en")
    assert sum(s in TOPIC for s in result.sentences) >= 2
    assert not all(s in FILLER for s in result.sentences)


def test_length_grows_with_the_article_up_to_seven() -> None:
    assert summary_length(300, 20) == 3
    assert summary_length(800, 40) == 3
    assert 3 < summary_length(2000, 100) < 7
    assert summary_length(5000, 250) == 7
    assert summary_length(50_000, 2500) == 7
    assert summary_length(300, 4) == 2  # never more than half of a tiny article
    assert summary_length(300, 0) == 0


def test_long_article_gets_seven_distinct_sentences() -> None:
    def word(number: int) -> str:
        # Distinct in the first letters, which is what the summarizer compares.
        return "".join(chr(97 + (number // 26**i) % 26) for i in range(3)) + "ment"

    paragraphs = []
    for n in range(120):
        words = " ".join(word(n * 12 + k) for k in range(12))
        paragraphs.append(
            f"Paragraph {n} talks about libraries and budgets with {words}. "
            f"It adds a second remark on council plans number {n} and {words}."
        )
    text = "\n\n".join(paragraphs)
    assert len(text.split()) > 5000
    result = summarize(text, "en")
    assert len(result.sentences) == 7
    assert len(set(result.sentences)) == 7


def test_near_duplicates_are_not_both_chosen() -> None:
    lead = "Police say they have no objections to the late kick-off for the derby on Sunday."
    caption = "Police say they have no objections to the derby on Sunday taking place late."
    text = " ".join([lead, caption, *TOPIC])
    result = summarize(text, "en")
    assert not (lead in result.sentences and caption in result.sentences)


def test_list_only_article_summarizes_its_items() -> None:
    items = [
        "Save any web page for reading offline later",
        "Tag articles in nested hierarchies of topics",
        "Search the whole library with a fast full text index",
        "Export everything to Markdown, EPUB or BibTeX files",
        "Import saved links from Pocket, Instapaper and Wallabag",
        "Read summaries made on your own computer",
    ]
    text = "\n".join(f"- {item}" for item in items)
    result = summarize(text, "en")
    assert 1 <= len(result.sentences) <= 3
    assert all(s in items for s in result.sentences)
    assert result.key_points_markdown().startswith("- ")


def test_list_of_short_items_still_gives_something() -> None:
    result = summarize("* apples\n* pears\n* plums\n* figs")
    assert result.sentences and all(
        s in {"apples", "pears", "plums", "figs"} for s in result.sentences
    )


def test_unknown_language_still_summarizes() -> None:
    sentences = [
        "Serikali imetangaza jana kwamba itawekeza zaidi ya shilingi milioni tatu shuleni.",
        "Walimu wamesema fedha hizo zitasaidia ukarabati wa madarasa mengi ya shule.",
        "Wazazi wengi wamefurahia habari hizo kuhusu shule za watoto wao mjini.",
        "Hata hivyo vyama vya walimu vinasema fedha za shule hazitoshi kabisa.",
        "Mradi wa shule utaanza mwezi ujao katika wilaya zote za mkoa huu.",
        "Wakaguzi watatembelea kila shule kuhakikisha kazi inafanyika vizuri.",
        "Ripoti ya kwanza kuhusu shule itatolewa mwishoni mwa mwaka huu.",
    ]
    text = " ".join(sentences)
    result = summarize(text)
    assert result.language is None
    assert len(result.sentences) == 3
    assert all(s in sentences for s in result.sentences)


def test_headings_and_lead_ins_are_not_chosen() -> None:
    text = "Library budget\n\n" + " ".join(TOPIC) + "\n\nWhat happens next:\n\n- Contracts"
    result = summarize(text, "en")
    assert "Library budget" not in result.sentences
    assert "What happens next:" not in result.sentences


def test_title_pulls_its_sentence_in() -> None:
    text = " ".join(TOPIC)
    without = summarize(text, "en").sentences
    assert TOPIC[7] not in without
    with_title = summarize(text, "en", title="Check library opening hours on the website")
    assert TOPIC[7] in with_title.sentences


def test_max_sentences_caps_the_count() -> None:
    text = " ".join(TOPIC)
    assert len(summarize(text, "en", max_sentences=1).sentences) == 1
    assert summarize(text, "en", max_sentences=0).sentences == ()
    assert len(summarize(text, "en", max_sentences=50).sentences) == 3


def test_language_is_reported_and_normalised() -> None:
    text = " ".join(TOPIC)
    assert summarize(text).language == "en"
    assert summarize(text, "EN-gb").language == "en"


def test_german_article_in_german() -> None:
    text = (
        "Die Stadt hat am 3. Oktober ein neues Budget für Bibliotheken beschlossen. "
        "Das Budget bringt längere Öffnungszeiten in jeder Bibliothek der Stadt. "
        "Der Bürgermeister, Dr. Weber, nannte die Bibliotheken einen wichtigen Ort. "
        "Kritiker sagten, die Stadt hätte zuerst die Straßen reparieren sollen. "
        "Die neuen Öffnungszeiten der Bibliotheken gelten ab März."
    )
    result = summarize(text)
    assert result.language == "de"
    assert all(s in split_sentences(text, "de") for s in result.sentences)
    assert "Die Stadt hat am 3. Oktober ein neues Budget für Bibliotheken beschlossen." in (
        result.sentences
    )


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_never_raises_and_never_invents_words(text: str) -> None:
    result = summarize(text)
    flat = _flat(text)
    assert len(result.sentences) <= 7
    for sentence in result.sentences:
        assert sentence and sentence in flat


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Dr.",
                "U.S.",
                "e.g.",
                "3.5",
                "...",
                "«Oui.»",
                "- ",
                "\n\n",
                "# ",
                "Word",
                "the",
                "A.",
                "!",
                "?",
                "„Ja.“",
                "z. B.",
                "т. д.",
                " ",
                "\n",
                "1.",
            ]
        ),
        max_size=60,
    )
)
def test_abbreviation_soup_stays_verbatim(parts: list[str]) -> None:
    text = " ".join(parts)
    flat = _flat(text)
    for sentence in summarize(text).sentences:
        assert sentence in flat


def test_code_lines_lose_to_prose() -> None:
    code = "Run app/cli.py --data-dir ~/lib --json with library budget libraries council hours."
    text = " ".join([*TOPIC[:4], code, *TOPIC[4:]])
    assert code not in summarize(text, "en").sentences
