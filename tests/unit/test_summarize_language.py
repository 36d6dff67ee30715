"""Tests for language detection from script and stop words."""

from __future__ import annotations

import pytest

from app.domain.summarize import detect_language
from app.domain.summarize.languages import stop_words

SAMPLES = {
    "en": "The government said on Monday that it would spend more than three million pounds "
    "on the repair of schools, which teachers have asked for since the winter.",
    "de": "Die Regierung hat am Montag angekündigt, dass sie mehr als drei Millionen Euro in "
    "die Sanierung der Schulen investieren wird, was die Lehrer seit dem Winter fordern.",
    "fr": "Le gouvernement a annoncé lundi qu'il allait investir plus de trois millions "
    "d'euros dans la rénovation des écoles, ce que les enseignants demandent depuis l'hiver.",
    "es": "El gobierno anunció el lunes que invertirá más de tres millones de euros en la "
    "rehabilitación de las escuelas, algo que los profesores piden desde el invierno.",
    "it": "Il governo ha annunciato lunedì che investirà più di tre milioni di euro nella "
    "ristrutturazione delle scuole, cosa che gli insegnanti chiedono dall'inverno.",
    "pt": "O governo anunciou na segunda-feira que vai investir mais de três milhões de euros "
    "na reabilitação das escolas, o que os professores pedem desde o inverno.",
    "nl": "De regering heeft maandag aangekondigd dat zij meer dan drie miljoen euro zal "
    "investeren in de renovatie van de scholen, waar de leraren al sinds de winter om vragen.",
    "pl": "Rząd ogłosił w poniedziałek, że zainwestuje ponad trzy miliony złotych w remont "
    "szkół, o co nauczyciele proszą od zimy, ale związki mówią, że to za mało.",
    "ru": "Правительство объявило в понедельник, что вложит более трёх миллионов рублей в "
    "ремонт школ, о чём учителя просят с зимы, но профсоюзы говорят, что этого мало.",
    "uk": "Уряд оголосив у понеділок, що вкладе понад три мільйони гривень у ремонт шкіл, "
    "про що вчителі просять із зими, але профспілки кажуть, що цього замало.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_detects_each_supported_language(language: str) -> None:
    assert detect_language(SAMPLES[language]) == language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天天气很好。我们去公园散步吧！", "zh"),
        ("今日はいい天気です。公園に行きましょう。", "ja"),
        ("Η κυβέρνηση ανακοίνωσε χθες ότι θα επενδύσει.", "el"),
    ],
)
def test_other_scripts_name_their_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "12345 678",
        "Hello",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
        "Serikali imetangaza jana kwamba itawekeza zaidi ya shilingi milioni tatu.",
    ],
)
def test_unsure_or_unknown_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_stop_words_come_from_justext_and_unknown_is_empty() -> None:
    assert {"the", "and", "of"} <= stop_words("en")
    assert {"і", "що"} <= stop_words("uk")
    assert stop_words("xx") == frozenset()
    assert stop_words(None) == frozenset()
