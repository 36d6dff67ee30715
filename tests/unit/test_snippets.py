"""Result snippets: the window around the first term, with the terms marked."""

import random
import re

from app.storage.snippets import CLOSE, OPEN, WINDOW_CHARS, make_snippet, snippet_from_utf8


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


def _reference_snippet(body: str, terms: tuple[str, ...]) -> str | None:
    """The snippet as specified: whole body lower-cased, terms marked by a callback."""
    if not body:
        return None
    words = sorted({w.lower() for t in terms for w in re.findall(r"\w+", t)}, key=len)[::-1]
    if not words:
        return None
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    low = body.lower()
    if len(low) != len(body):
        found = pattern.search(body)
        hit_start, hit_end = (found.start(), found.end()) if found else (-1, -1)
    else:
        hit_start = hit_end = -1
        for word in words:
            start = 0
            while (at := low.find(word, start)) >= 0 and (hit_start < 0 or at < hit_start):
                before = low[at - 1] if at else " "
                if not (before.isalnum() or before == "_"):
                    hit_start, hit_end = at, at + len(word)
                    break
                start = at + 1
    if hit_start < 0:
        return None
    start = max(0, hit_start - WINDOW_CHARS // 3)
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < hit_start else start
    end = min(len(body), start + WINDOW_CHARS)
    if end < len(body):
        space = body.rfind(" ", hit_end, end)
        end = space if space > hit_end else end
    window = " ".join(body[start:end].split())
    marked = pattern.sub(lambda m: OPEN + m.group(0) + CLOSE, window)
    return ("…" if start else "") + marked + ("…" if end < len(body) else "")


def _compare_on_random_bodies(
    seed: int, pieces: list[str], term_sets: list[tuple[str, ...]], longest: int
) -> None:
    rng = random.Random(seed)
    for _ in range(2000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, longest)))
        for terms in term_sets:
            expected = _reference_snippet(body, terms)
            assert make_snippet(body, terms) == expected, (body, terms)
            # What search reads: the stored UTF-8 bytes, decoded only around the hit.
            assert snippet_from_utf8(body.encode(), terms) == expected, (body, terms)


def test_snippets_text_and_utf8_match_a_plain_reference_on_random_multilingual_text() -> None:
    pieces = ["border", "Border", "BORDER", "BoRdEr", "bordering", "_border", "xborder",
              "ΟΔΟΣ", "οδος", "İ", "ß", "STRASSE", "straße", "é", "É", " ", " ", ". ", "\n",
              "\u2160", "word", "Σ", "ς", "\u212a", "kelvin", "KELVIN", "日本", "😀",
              "2024"]  # fmt: skip
    term_sets = [("border",), ("border*", "bordering"), ("οδος",), ("straße",), ("é",),
                 ('"border word"',), ("kelvin",), ("2024",), ("日本",)]  # fmt: skip
    _compare_on_random_bodies(20261129, pieces, term_sets, 300)


def test_ascii_windows_are_marked_like_the_regex_marks_them() -> None:
    pieces = ["border", "Border", "BORDER", "bordering", "_border", "xborder", "border_",
              "2024", "word", "WORDS", " ", " ", ". ", "-", "\n", "b", "or", "der"]  # fmt: skip
    term_sets = [("border",), ("border*", "bordering"), ('"border word"',), ("2024",),
                 ("or", "b"), ("der", "border")]  # fmt: skip
    _compare_on_random_bodies(11, pieces, term_sets, 200)
