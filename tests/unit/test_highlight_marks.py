"""Highlights drawn into sanitised HTML: marks, splitting across elements, escaping, safety."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from app.domain.highlight_marks import COLORS, color_or_default, html_text, mark_highlights
from app.domain.records import HighlightRecord
from app.domain.render import render_markdown


def hl(hid: int, quote: str, *, color: str = "yellow", note: str | None = None) -> HighlightRecord:
    return HighlightRecord(
        id=hid, article_id=1, quote=quote, note=note, color=color, prefix="", suffix="",
        position=None, created=datetime(2025, 1, 1),
    )  # fmt: skip


def test_a_highlight_becomes_one_mark_with_its_colour_and_id() -> None:
    fragment = render_markdown("Alpha beta gamma delta.")
    out, placed = mark_highlights(fragment, [hl(7, "beta gamma", color="green")])
    assert '<mark class="hl hl-green" id="hl-7" data-hl="7">beta gamma</mark>' in out
    assert placed[7] is not None
    assert html_text(out) == html_text(fragment)  # the text is unchanged


def test_a_range_across_elements_is_split_into_several_marks() -> None:
    fragment = render_markdown("One *two three* four.\n\nFive six.")
    out, _ = mark_highlights(fragment, [hl(3, "two three four. Five")])
    marks = re.findall(r"<mark[^>]*>([^<]*)</mark>", out)
    assert marks == ["two three", " four.", "Five"]
    assert out.count('id="hl-3"') == 1  # only the first piece carries the id
    assert "<em><mark" in out  # marks sit inside the elements, the structure is unchanged


def test_text_is_escaped_and_hostile_quotes_stay_text() -> None:
    fragment = render_markdown("Use a &lt;script&gt; tag & friends.")
    evil = hl(1, "<script> tag & friends", color='yellow" onclick="x')
    out, _ = mark_highlights(fragment, [evil])
    assert "<script>" not in out
    assert (
        '<mark class="hl hl-yellow" id="hl-1" data-hl="1">&lt;script&gt; tag &amp; friends</mark>'
        in out
    )
    assert "onclick" not in out


def test_unknown_colour_falls_back_and_palette_is_fixed() -> None:
    assert color_or_default("Blue ") == "blue"
    assert color_or_default("red") == "yellow"
    assert COLORS == ("yellow", "green", "blue", "pink", "purple")


def test_unplaced_highlight_leaves_the_html_alone() -> None:
    fragment = render_markdown("Nothing to see here today.")
    out, placed = mark_highlights(fragment, [hl(2, "a passage that is not in the text")])
    assert out == fragment
    assert placed == {2: None}


def test_overlapping_highlights_never_nest() -> None:
    fragment = render_markdown("aaa bbb ccc ddd eee")
    out, _ = mark_highlights(fragment, [hl(1, "bbb ccc"), hl(2, "ccc ddd", note="n")])
    assert "<mark" in out and not re.search(r"<mark[^>]*>[^<]*<mark", out)
    assert 'id="hl-1"' in out and 'id="hl-2"' in out
    assert 'data-note="1"' in out
    assert html_text(out) == html_text(fragment)


def test_no_marks_between_table_cells_or_list_items() -> None:
    fragment = render_markdown(
        "| a | b |\n|---|---|\n| cell one | cell two |\n\n- item one\n- item two\n"
    )
    out, _ = mark_highlights(fragment, [hl(1, "cell one cell two"), hl(2, "item one item two")])
    assert "<tr><mark" not in out and "</td><mark" not in out and "<ul><mark" not in out
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", out) == [
        "cell one",
        "cell two",
        "item one",
        "item two",
    ]


def test_attribute_holding_a_greater_than_sign_is_not_mistaken_for_text() -> None:
    fragment = render_markdown('[link](https://example.org "a > b") and words after')
    out, _ = mark_highlights(fragment, [hl(1, "link and words")])
    assert 'title="a &gt; b"' in out
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", out) == ["link", " and words"]


def test_highlights_flagged_unplaced_are_not_searched_again() -> None:
    fragment = render_markdown("The words are right here in the text.")
    flagged = replace(hl(4, "right here"), placed=False)
    out, placed = mark_highlights(fragment, [flagged, hl(5, "in the text")])
    assert placed[4] is None and placed[5] is not None
    assert 'data-hl="4"' not in out and 'id="hl-5"' in out
