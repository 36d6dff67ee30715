"""The key points form in the real reader: a list of the same sentences, switched in-page."""

from __future__ import annotations

import json

from app.domain.records import SummaryRecord
from tests.ui.test_reader import LOAD_TIMEOUT_MS, Harness, harness, make_detail

__all__ = ["harness"]  # the fixture, found by name

SENTENCES = ["Key sentence one.", "Key sentence two, with a comma.", "And a third <b>one</b>."]


def summary_dom(harness: Harness) -> dict[str, object]:
    return json.loads(
        harness.js(
            "JSON.stringify({label: document.querySelector('.summary-label').textContent,"
            " items: [...document.querySelectorAll('.summary ul.key-points li')]"
            ".map(li => li.textContent),"
            " paragraph: document.querySelector('.summary .summary-text')?.textContent ?? null,"
            " current: document.querySelector('.summary-form .form-current').textContent,"
            " toggle: document.querySelector('.summary-toggle a').textContent})"
        )
    )


def test_key_points_link_shows_the_same_sentences_as_a_list(harness: Harness) -> None:
    summary = SummaryRecord(text="\n".join(SENTENCES), method="extractive", version="1")
    forms: list[bool] = []
    harness.view.summary_form_changed.connect(forms.append)
    harness.show(make_detail("The full body text is here."), summary)
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_show_summary(True)

    paragraph = summary_dom(harness)
    assert paragraph["items"] == [] and paragraph["paragraph"] == " ".join(SENTENCES)
    assert paragraph["current"] == "Paragraph"
    assert paragraph["label"] == "Summary · key sentences"
    assert paragraph["toggle"] == "Read the full article"  # the big toggle is unchanged

    rendered = harness.rendered
    harness.click_until(".summary-form a", lambda: bool(forms))
    harness.qtbot.waitUntil(lambda: harness.rendered > rendered, timeout=LOAD_TIMEOUT_MS)
    points = summary_dom(harness)
    assert forms == [True]
    assert points["items"] == SENTENCES  # the same sentences, escaped text, one item each
    assert points["paragraph"] is None and points["current"] == "Key points"
    assert points["label"] == "Summary · key sentences"


def test_busy_message_and_fallback_note_show_in_the_summary_area(harness: Harness) -> None:
    harness.show(make_detail("The full body text is here."))
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_summary_form(False, "Summarizing with tiny-model…")
        harness.view.set_show_summary(True)
    assert harness.js("document.querySelector('.summary-busy').textContent") == (
        "Summarizing with tiny-model…"
    )
    assert harness.js("document.querySelectorAll('.summary-label').length") == 0

    noted = SummaryRecord(
        text="One.\nTwo.", method="extractive", version="1", note="the model failed (timeout)"
    )
    with harness.qtbot.waitSignal(harness.view.page_rendered, timeout=LOAD_TIMEOUT_MS):
        harness.view.set_summary_form(True, None)
        harness.view.show_article(make_detail("The full body text is here."), noted)
    assert harness.js("document.querySelector('.summary-note').textContent") == (
        "the model failed (timeout)"
    )
    assert harness.js("document.querySelectorAll('.key-points li').length") == 2
