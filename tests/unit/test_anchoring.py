"""Anchoring highlights in text: exact, disambiguated, approximate, and never wrongly placed."""

from __future__ import annotations

from app.domain.anchoring import Anchor, make_anchor, normalise, place, place_all

TEXT = (
    "The river rose overnight. Farmers moved their cattle to the hills before dawn. "
    "By noon the bridge was closed, and the mayor said the water would fall by Friday. "
    "The river rose again on Thursday, and the bridge stayed closed for a week."
)


def quote_at(text: str, needle: str, nth: int = 0) -> Anchor:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return make_anchor(text, start, start + len(needle))


def test_make_anchor_keeps_quote_context_and_position() -> None:
    anchor = quote_at(TEXT, "the bridge was closed")
    assert anchor.quote == "the bridge was closed"
    assert anchor.prefix == TEXT[anchor.position - 32 : anchor.position]
    assert anchor.suffix.startswith(", and the mayor")
    assert len(anchor.suffix) == 32


def test_exact_match_in_unchanged_text() -> None:
    anchor = quote_at(TEXT, "Farmers moved their cattle")
    placed = place(TEXT, anchor)
    assert placed is not None and placed.exact
    assert TEXT[placed.start : placed.end] == "Farmers moved their cattle"


def test_repeated_quote_is_told_apart_by_context() -> None:
    second = quote_at(TEXT, "The river rose", nth=1)
    placed = place(TEXT, Anchor(second.quote, second.prefix, second.suffix, None))
    assert placed is not None
    assert placed.start == TEXT.index("The river rose again")


def test_repeated_quote_without_context_follows_the_position() -> None:
    later = TEXT.index("the bridge stayed")
    placed = place(TEXT, Anchor("the bridge", position=later))
    assert placed is not None and placed.start == later
    earlier = TEXT.index("the bridge was")
    placed = place(TEXT, Anchor("the bridge", position=earlier))
    assert placed is not None and placed.start == earlier


def test_context_wins_over_a_stale_position() -> None:
    second = quote_at(TEXT, "The river rose", nth=1)
    edited = "A new opening paragraph was added above everything else in this story.\n\n" + TEXT
    stale = Anchor(second.quote, second.prefix, second.suffix, position=0)
    placed = place(edited, stale)
    assert placed is not None
    assert placed.start == edited.index("The river rose again")


def test_whitespace_and_typography_changes_still_match_exactly() -> None:
    anchor = quote_at(TEXT, "the mayor said the water would fall")
    reflowed = TEXT.replace("the mayor said", "the mayor\n   said").replace(
        " the water", "\u00a0the water"
    )
    placed = place(reflowed, anchor)
    assert placed is not None and placed.exact
    assert " ".join(reflowed[placed.start : placed.end].split()) == anchor.quote
    curly = Anchor("the mayor said \u201cwait\u201d \u2014 and left")
    placed = place('so the mayor said "wait" - and left.', curly)
    assert placed is not None and placed.exact


def test_case_changes_match() -> None:
    placed = place("ALL CAPS HEADLINE HERE", Anchor("caps headline"))
    assert placed is not None and (placed.start, placed.end) == (4, 17)


def test_small_edits_inside_the_quote_match_approximately() -> None:
    anchor = quote_at(
        TEXT, "By noon the bridge was closed, and the mayor said the water would fall"
    )
    edited = TEXT.replace(
        "the bridge was closed, and the mayor said", "the old bridge was shut; the mayor said"
    )
    placed = place(edited, anchor)
    assert placed is not None and not placed.exact
    found = edited[placed.start : placed.end]
    assert found.startswith("By noon the old bridge")
    assert found.endswith("would fall")


def test_punctuation_changes_match_approximately() -> None:
    quote = "Farmers moved their cattle to the hills before dawn."
    edited = TEXT.replace(
        "Farmers moved their cattle to the hills", "Farmers -- moved their cattle, to the hills"
    )
    placed = place(edited, Anchor(quote))
    assert placed is not None
    assert (
        edited[placed.start : placed.end]
        == "Farmers -- moved their cattle, to the hills before dawn."
    )


def test_re_extraction_like_changes_keep_the_highlight() -> None:
    """Markdown markers gone, paragraphs rewrapped, a boilerplate line added at the top."""
    markdown_text = "Some **bold claim** in a\nwrapped line that *ends* here."
    anchor = Anchor("bold claim in a wrapped line that ends here", position=5)
    reextracted = "Share this article\n\nSome bold claim in a wrapped line that ends here."
    placed = place(reextracted, anchor)
    assert placed is not None
    assert reextracted[placed.start : placed.end] == "bold claim in a wrapped line that ends here"
    approx = place(markdown_text, Anchor("bold claim in a wrapped line that ends here."))
    assert approx is not None and markdown_text[approx.start :].startswith("bold claim")


def test_a_removed_passage_is_unplaced() -> None:
    anchor = quote_at(TEXT, "Farmers moved their cattle to the hills before dawn.")
    removed = TEXT.replace("Farmers moved their cattle to the hills before dawn. ", "")
    assert place(removed, anchor) is None


def test_short_quotes_are_never_placed_approximately() -> None:
    assert place(TEXT, Anchor("green cattle")) is None
    assert place(TEXT, Anchor("")) is None
    assert place("", Anchor("anything at all here")) is None


def test_a_mostly_rewritten_passage_is_unplaced() -> None:
    quote = "the mayor said the water would fall by Friday"
    rewritten = TEXT.replace(quote, "officials expected levels to drop later in the week")
    assert place(rewritten, Anchor(quote)) is None


def test_place_all_matches_place() -> None:
    anchors = [
        quote_at(TEXT, "river"),
        Anchor("missing passage entirely gone"),
        quote_at(TEXT, "week"),
    ]
    assert place_all(TEXT, anchors) == [place(TEXT, a) for a in anchors]
    assert place_all(TEXT, anchors)[1] is None


def test_normalise_collapses_and_folds() -> None:
    assert normalise("  a\n\n b\u2019s \u2014 c  ") == "a b's - c"
