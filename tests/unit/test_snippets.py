"""Result snippets: the window around the first term, with the terms marked."""

from app.storage.snippets import make_snippet


def test_marks_terms_case_insensitively_around_the_first_hit() -> None:
    body = (
        "Intro words. " * 30 + "The Glacier retreats while the glacier guides watch. " + "x " * 200
    )
    snippet = make_snippet(body, ("glacier",))
    assert snippet is not None
    assert "⟦Glacier⟧" in snippet and "⟦glacier⟧" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 220


def test_phrases_and_prefixes_use_their_words() -> None:
    assert "⟦border⟧" in (make_snippet("the border policy", ('"border policy"',)) or "")
    assert make_snippet("nothing here", ("absent",)) is None
    assert make_snippet("", ("x",)) is None
    assert make_snippet("regex (chars) [here]", ("(chars)",)) == "regex (⟦chars⟧) [here]"


def test_the_first_hit_is_at_a_word_start_and_survives_case_changing_characters() -> None:
    # "border" inside "Rebordered" does not count; the later standalone word does.
    assert make_snippet("Rebordered lands. The BORDER holds.", ("border",)) == (
        "Rebordered lands. The ⟦BORDER⟧ holds."
    )
    # İ lower-cases to two characters: positions still line up with the original text.
    snippet = make_snippet("İİİ İstanbul notes: the border again", ("border",))
    assert snippet == "İİİ İstanbul notes: the ⟦border⟧ again"
    # Prefix terms match word starts; a tie at one position keeps the longer word.
    assert make_snippet("under bordering skies", ("border*", "bordering")) == (
        "under ⟦bordering⟧ skies"
    )
