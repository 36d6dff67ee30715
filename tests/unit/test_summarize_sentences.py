"""Tests for the sentence splitter on tricky text in each supported language."""

from __future__ import annotations

import pytest

from app.domain.summarize import split_sentences
from app.domain.summarize.sentences import Kind, split_units

CASES: dict[str, tuple[str, list[str]]] = {
    "en": (
        "Mr. J. R. R. Tolkien wrote it in 1937. It sold 3.5 million copies, e.g. in the U.S. "
        'The book... well, it worked. "Is it good?" she asked. "Yes!" Then he left... '
        "And that was all. Dr. Smith arrived at 5 p.m. on Jan. 5.",
        [
            "Mr. J. R. R. Tolkien wrote it in 1937.",
            "It sold 3.5 million copies, e.g. in the U.S.",
            "The book... well, it worked.",
            '"Is it good?" she asked.',
            '"Yes!"',
            "Then he left...",
            "And that was all.",
            "Dr. Smith arrived at 5 p.m. on Jan. 5.",
        ],
    ),
    "de": (
        "Am 3. Oktober 1990 wurde Deutschland vereinigt. Die Feier war groß, z. B. in Berlin. "
        "Prof. Dr. Müller sagte: „Das ist gut.“ Danach ging er. Es kostet ca. 3,50 Euro usw. "
        "Das ist alles.",
        [
            "Am 3. Oktober 1990 wurde Deutschland vereinigt.",
            "Die Feier war groß, z. B. in Berlin.",
            "Prof. Dr. Müller sagte: „Das ist gut.“",
            "Danach ging er.",
            "Es kostet ca. 3,50 Euro usw.",
            "Das ist alles.",
        ],
    ),
    "fr": (
        "M. Dupont est arrivé à 8 h. Il a dit : « Bonjour. » Puis il est parti… "
        "Mme Curie, etc. Elle a vu le Dr. Martin. Vraiment ? Oui, vraiment !",
        [
            "M. Dupont est arrivé à 8 h.",
            "Il a dit : « Bonjour. »",
            "Puis il est parti…",
            "Mme Curie, etc.",
            "Elle a vu le Dr. Martin.",
            "Vraiment ?",
            "Oui, vraiment !",
        ],
    ),
    "es": (
        "El Sr. García llegó a las 3 p. m. con la Dra. López. ¿Qué pasó? ¡Nada! "
        "Costó 2,5 millones de euros, aprox. el doble. EE.UU. no respondió. Fin del asunto.",
        [
            "El Sr. García llegó a las 3 p. m. con la Dra. López.",
            "¿Qué pasó?",
            "¡Nada!",
            "Costó 2,5 millones de euros, aprox. el doble.",
            "EE.UU. no respondió.",
            "Fin del asunto.",
        ],
    ),
    "it": (
        "Il Sig. Rossi è arrivato. Il Dott. Bianchi, ecc. lo aspettava. «Ciao.» "
        "Poi sono andati via... Era il 3.5% in più. La sera è finita.",
        [
            "Il Sig. Rossi è arrivato.",
            "Il Dott. Bianchi, ecc. lo aspettava.",
            "«Ciao.»",
            "Poi sono andati via...",
            "Era il 3.5% in più.",
            "La sera è finita.",
        ],
    ),
    "pt": (
        "O Sr. Silva chegou às 10h. A Dra. Costa, p. ex. a diretora, falou. «Olá.» "
        "Depois saíram... O custo foi de aprox. 3,5 milhões. Tudo bem.",
        [
            "O Sr. Silva chegou às 10h.",
            "A Dra. Costa, p. ex. a diretora, falou.",
            "«Olá.»",
            "Depois saíram...",
            "O custo foi de aprox. 3,5 milhões.",
            "Tudo bem.",
        ],
    ),
    "nl": (
        "Dhr. Jansen kwam om 8 uur. Hij zei o.a. dat het goed ging. "
        "Prof. De Vries was er ook, bijv. in Utrecht. Het kostte 3,5 miljoen. Dat is alles.",
        [
            "Dhr. Jansen kwam om 8 uur.",
            "Hij zei o.a. dat het goed ging.",
            "Prof. De Vries was er ook, bijv. in Utrecht.",
            "Het kostte 3,5 miljoen.",
            "Dat is alles.",
        ],
    ),
    "pl": (
        "Prof. Kowalski przyszedł o godz. 8. W 2020 r. wydano książkę, m.in. w Polsce. "
        "Dr hab. Nowak powiedział: „Dobrze.” Potem wyszli... To wszystko itd. Koniec.",
        [
            "Prof. Kowalski przyszedł o godz. 8.",
            "W 2020 r. wydano książkę, m.in. w Polsce.",
            "Dr hab. Nowak powiedział: „Dobrze.”",
            "Potem wyszli...",
            "To wszystko itd.",
            "Koniec.",
        ],
    ),
    "ru": (
        "В 1799 г. родился А. С. Пушкин… нет, это не шутка. Проф. Иванов сказал: «Хорошо.» "
        "Потом ушёл. Цена 3,5 млн руб. и т. д. Это всё.",
        [
            "В 1799 г. родился А. С. Пушкин… нет, это не шутка.",
            "Проф. Иванов сказал: «Хорошо.»",
            "Потом ушёл.",
            "Цена 3,5 млн руб. и т. д.",
            "Это всё.",
        ],
    ),
    "uk": (
        "У 2020 р. проф. Шевченко сказав: «Добре.» Потім пішов... "
        "Ціна 3,5 млн грн., т. зв. знижка. Т. Г. Шевченко народився в Моринцях. Це все.",
        [
            "У 2020 р. проф. Шевченко сказав: «Добре.»",
            "Потім пішов...",
            "Ціна 3,5 млн грн., т. зв. знижка.",
            "Т. Г. Шевченко народився в Моринцях.",
            "Це все.",
        ],
    ),
}


@pytest.mark.parametrize("language", sorted(CASES))
def test_tricky_text_splits_right_in_each_language(language: str) -> None:
    text, expected = CASES[language]
    assert split_sentences(text, language) == expected


@pytest.mark.parametrize("language", sorted(CASES))
def test_language_is_detected_when_not_given(language: str) -> None:
    text, expected = CASES[language]
    # Detection on these short samples may be unsure; the splitter must still not break
    # sentences at abbreviations it knows for every language.
    assert len(split_sentences(text)) == len(expected)


def test_empty_and_blank_text_give_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


def test_one_sentence_without_a_full_stop() -> None:
    assert split_sentences("just a fragment of text") == ["just a fragment of text"]


def test_tokenised_text_splits_at_spaced_full_stops() -> None:
    text = "Police say they have no objections . ' We have not objected , ' he said . It ended ."
    assert split_sentences(text, "en") == [
        "Police say they have no objections .",
        "' We have not objected , ' he said .",
        "It ended .",
    ]


def test_paragraphs_never_share_a_sentence() -> None:
    assert split_sentences("First line without stop\nstill first.\n\nSecond one") == [
        "First line without stop still first.",
        "Second one",
    ]


def test_list_items_and_headings_are_units_of_their_own() -> None:
    text = "# Setup\n\nInstall it like this:\n- Download the file\n* Run the installer. Done."
    units = split_units(text, "en")
    assert [(u.text, u.kind) for u in units] == [
        ("Setup", Kind.HEADING),
        ("Install it like this:", Kind.SENTENCE),
        ("Download the file", Kind.ITEM),
        ("Run the installer.", Kind.ITEM),
        ("Done.", Kind.ITEM),
    ]


def test_numbered_list_items_lose_their_numbers() -> None:
    assert split_sentences("1. Open the app\n2) Save a page") == ["Open the app", "Save a page"]


def test_chinese_splits_without_spaces() -> None:
    assert split_sentences("今天天气很好。我们去公园吧！你来吗？") == [
        "今天天气很好。",
        "我们去公园吧！",
        "你来吗？",
    ]


def test_decimals_and_urls_do_not_split() -> None:
    text = "Version 2.5.1 is out at example.com today. It costs $3.50 now."
    assert split_sentences(text, "en") == [
        "Version 2.5.1 is out at example.com today.",
        "It costs $3.50 now.",
    ]


def test_every_sentence_is_a_piece_of_the_input() -> None:
    text = "A  first\tsentence.\r\n\r\nA second one!  And a third?\n- an item"
    flat = " ".join(text.split())
    for sentence in split_sentences(text):
        assert sentence in flat


def test_abbreviation_that_can_end_a_sentence_splits_before_a_stop_word() -> None:
    text = "He lives on Main St. The house is old. St. Louis is far."
    assert split_sentences(text, "en") == [
        "He lives on Main St.",
        "The house is old.",
        "St. Louis is far.",
    ]


def test_product_name_id_does_not_end_a_sentence() -> None:
    text = "Volkswagen showed the ID. Buzz at the fair. Bring your ID. Then go in."
    assert split_sentences(text, "en") == [
        "Volkswagen showed the ID. Buzz at the fair.",
        "Bring your ID.",
        "Then go in.",
    ]
