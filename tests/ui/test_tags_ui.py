"""The researcher tools in the window: tag bar with autocomplete, tag manager with undo,
sidebar multi-select (all/any), saved searches with counts."""

# The window fixtures come from test_window; pytest passes them in by name (F811).
# ruff: noqa: F811

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.services.library import Library
from app.ui.main_window import MainWindow
from tests.ui.test_window import (  # noqa: F401
    WAIT,
    filled,
    make_window,
    settle,
    shown_ids,
    states,
    window,
)


def tag_paths(window: MainWindow) -> set[str]:
    return set(window.sidebar.tag_model.tag_paths())


def colors(data_dir: Path) -> dict[str, str]:
    with Library.open(data_dir) as library:
        return {t.path: t.color for t in library.tags() if t.color}


def tag_all(data_dir: Path, ids: list[int], tags: list[str]) -> None:
    with Library.open(data_dir) as library:
        library.add_tags(ids, tags)


def test_tag_field_completes_and_adds_with_comma_and_enter(
    qtbot: QtBot, window: MainWindow, data_dir: Path, filled: dict[str, int]
) -> None:
    window.commands.tag([filled["zebra"]], ["places/coast"], [])
    qtbot.waitUntil(lambda: "places/coast" in tag_paths(window), timeout=WAIT)
    target = filled["harbour"]
    window.article_list.select_ids([target])
    window.registry["tag"].trigger()  # the `t` key
    field = window.tag_bar.field
    assert field.hasFocus() and window.tag_bar.ids == [target]
    QTest.keyClicks(field, "pla")
    completer = field.tag_completer
    assert completer.completionCount() == 1 and completer.currentCompletion() == "places/coast"
    # Choosing the completion with Enter adds it at once.
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: states(data_dir, [target])[target][2] == ("places/coast",), timeout=WAIT
    )
    assert field.text() == ""
    QTest.keyClicks(field, "todo,")  # a comma adds what was typed
    qtbot.waitUntil(
        lambda: states(data_dir, [target])[target][2] == ("places/coast", "todo"), timeout=WAIT
    )
    QTest.keyClicks(field, "-places/coast")
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: states(data_dir, [target])[target][2] == ("todo",), timeout=WAIT)
    qtbot.waitUntil(lambda: window.tag_bar.chip_paths() == ["todo"], timeout=WAIT)
    # Several selected: what is typed applies to all of them.
    both = [filled["orchard"], filled["glacier"]]
    window.article_list.select_ids(both)
    window.tag_wiring.focus_tag_field()
    assert sorted(window.tag_bar.ids) == sorted(both)
    QTest.keyClicks(field, "fruit")
    QTest.keyClick(field, Qt.Key.Key_Enter)
    qtbot.waitUntil(
        lambda: all(s[2] == ("fruit",) for s in states(data_dir, both).values()), timeout=WAIT
    )


def offered_stories(
    qtbot: QtBot, make_window: object, data_dir: Path, filled: dict[str, int]
) -> tuple[MainWindow, int]:
    """Articles about the same subject carry a tag; a fresh one on that subject, selected,
    is offered it. Returns the window and that article."""
    tag_all(data_dir, [filled["harbour"], filled["orchard"]], ["stories"])
    window: MainWindow = make_window(data_dir)  # type: ignore[operator]
    target = filled["zebra"]
    window.article_list.select_ids([target])
    qtbot.waitUntil(lambda: window.tag_bar.suggestion_paths() == ["stories"], timeout=WAIT)
    settle(qtbot, window)
    return window, target


def test_suggestion_chips_are_offered_and_applied_only_on_click(
    qtbot: QtBot, make_window: object, data_dir: Path, filled: dict[str, int]
) -> None:
    window, target = offered_stories(qtbot, make_window, data_dir, filled)
    assert states(data_dir, [target])[target][2] == ()  # never applied on its own
    window.tag_bar._suggest_buttons[0].click()
    qtbot.waitUntil(lambda: states(data_dir, [target])[target][2] == ("stories",), timeout=WAIT)
    qtbot.waitUntil(lambda: window.tag_bar.chip_paths() == ["stories"], timeout=WAIT)
    assert window.tag_bar.suggestion_paths() == []


def test_following_the_same_article_again_does_not_score_it_again(
    qtbot: QtBot,
    make_window: object,
    data_dir: Path,
    filled: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A re-sort or refresh reselects the article shown; its suggestions still hold until a
    # change touches it (each asking checks the model against every tag link, then scores).
    from app.services import suggestions

    scored: list[int] = []
    real = suggestions.suggest_tags

    def counting(db: object, article_id: int, *args: object, **kwargs: object) -> object:
        scored.append(article_id)
        return real(db, article_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(suggestions, "suggest_tags", counting)
    window, target = offered_stories(qtbot, make_window, data_dir, filled)
    before = scored.count(target)
    window.tag_wiring.follow_selection()
    qtbot.waitUntil(lambda: not window.tag_bar.is_loading(), timeout=WAIT)
    settle(qtbot, window)
    assert scored.count(target) == before
    assert window.tag_bar.suggestion_paths() == ["stories"]
    window.tag_bar.refresh([target])  # a change touched it: scored again
    qtbot.waitUntil(lambda: scored.count(target) == before + 1, timeout=WAIT)


def test_tag_manager_rename_merge_delete_colour_and_undo(
    qtbot: QtBot, make_window: object, data_dir: Path, filled: dict[str, int]
) -> None:
    h, o, g, z = (filled[t] for t in ("harbour", "orchard", "glacier", "zebra"))
    tag_all(data_dir, [h], ["research/eu"])
    tag_all(data_dir, [o], ["research/eu/borders"])
    tag_all(data_dir, [g], ["Policy"])
    tag_all(data_dir, [z], ["policies"])
    tag_all(data_dir, [z], ["unused-soon"])
    window: MainWindow = make_window(data_dir)  # type: ignore[operator]
    manager = window.tag_wiring.open_manager()
    qtbot.waitUntil(lambda: manager.loaded, timeout=WAIT)
    assert set(manager.visible_paths()) == {
        "research/eu", "research/eu/borders", "Policy", "policies", "unused-soon"
    }  # fmt: skip

    manager.set_usage("dupes")
    assert manager.visible_paths() == ["policies", "Policy"]  # a tie keeps the plain spelling
    manager.select_paths(["Policy"])
    manager.merge_suggested()
    qtbot.waitUntil(lambda: "Policy" not in tag_paths(window), timeout=WAIT)
    assert states(data_dir, [g])[g][2] == ("policies",)
    qtbot.waitUntil(lambda: manager.visible_paths() == [], timeout=WAIT)

    manager.set_usage("all")
    manager.select_paths(["research/eu"])
    manager.rename_selected("topics/europe")
    qtbot.waitUntil(lambda: "topics/europe/borders" in tag_paths(window), timeout=WAIT)
    assert states(data_dir, [o])[o][2] == ("topics/europe/borders",)

    manager.select_paths(["unused-soon"])
    manager.color_selected("teal")
    qtbot.waitUntil(lambda: any(t.color == "teal" for t, _ in manager.model.rows), timeout=WAIT)
    manager.select_paths(["unused-soon", "policies"])
    manager.delete_selected()
    qtbot.waitUntil(lambda: "policies" not in tag_paths(window), timeout=WAIT)
    assert states(data_dir, [g, z])[z][2] == ()

    # Undo, newest first: the delete, the colour, the rename, the merge.
    manager.undo_button.click()
    qtbot.waitUntil(lambda: {"policies", "unused-soon"} <= tag_paths(window), timeout=WAIT)
    assert states(data_dir, [z])[z][2] == ("policies", "unused-soon")
    assert colors(data_dir) == {"unused-soon": "teal"}
    manager.undo_button.click()
    qtbot.waitUntil(lambda: colors(data_dir) == {}, timeout=WAIT)
    manager.undo_button.click()
    qtbot.waitUntil(lambda: "research/eu/borders" in tag_paths(window), timeout=WAIT)
    assert "topics/europe" not in tag_paths(window)
    manager.undo_button.click()
    qtbot.waitUntil(lambda: "Policy" in tag_paths(window), timeout=WAIT)
    assert states(data_dir, [g, z]) == {
        g: (False, False, ("Policy",)),
        z: (False, False, ("policies", "unused-soon")),
    }
    manager.close()


def _select_tags(window: MainWindow, paths: list[str]) -> None:
    view = window.sidebar.tags
    selection = view.selectionModel()
    for number, path in enumerate(paths):
        index = window.sidebar.tag_model.index_of(path)
        flag = QItemSelectionModel.SelectionFlag
        mode = flag.ClearAndSelect if number == 0 else flag.Select
        selection.select(index, mode | flag.Rows)


def test_sidebar_multi_select_all_or_any(
    qtbot: QtBot, make_window: object, data_dir: Path, filled: dict[str, int]
) -> None:
    h, o, g = filled["harbour"], filled["orchard"], filled["glacier"]
    tag_all(data_dir, [h, o], ["water"])
    tag_all(data_dir, [o, g], ["cold"])
    window: MainWindow = make_window(data_dir)  # type: ignore[operator]
    qtbot.waitUntil(lambda: {"water", "cold"} <= tag_paths(window), timeout=WAIT)
    _select_tags(window, ["water"])
    qtbot.waitUntil(lambda: sorted(shown_ids(window)) == sorted([h, o]), timeout=WAIT)
    _select_tags(window, ["water", "cold"])  # Ctrl-click a second tag: both (AND)
    qtbot.waitUntil(lambda: shown_ids(window) == [o], timeout=WAIT)
    assert window.sidebar.current_key().startswith("tags:all:")
    window.sidebar.match_any.click()  # either (OR)
    assert window.sidebar.match_any.text() == "Any"
    qtbot.waitUntil(lambda: sorted(shown_ids(window)) == sorted([h, o, g]), timeout=WAIT)
    # The tag filter narrows the tree off the GUI thread.
    window.sidebar.tag_filter.setText("col")
    window.sidebar.tag_filter_changed.emit("col")
    qtbot.waitUntil(lambda: window.sidebar.tag_model.rowCount() == 1, timeout=WAIT)
    assert window.sidebar.tag_model.index(0, 0).data() == "cold"
    window.sidebar.tag_filter.clear()
    qtbot.waitUntil(lambda: window.sidebar.tag_model.rowCount() == 2, timeout=WAIT)


def test_saved_searches_with_live_counts(
    qtbot: QtBot, window: MainWindow, data_dir: Path, filled: dict[str, int]
) -> None:
    window.search_field.setText("harbour OR glacier")
    window.search_field.settle_now()
    settle(qtbot, window)
    window.tag_wiring.save_search("Cold water", window.article_list.query())
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: [s.count for s in sidebar.saved_searches()] == [2], timeout=WAIT)
    assert sidebar.saved.item(0).text() == "Cold water  (2)"
    window.search_field.setText("")
    window.search_field.settle_now()
    sidebar.saved.setCurrentRow(0)
    qtbot.waitUntil(
        lambda: sorted(shown_ids(window)) == sorted([filled["harbour"], filled["glacier"]]),
        timeout=WAIT,
    )
    # A change elsewhere updates the count (counted on the database lane).
    window.commands.mark([filled["glacier"]], "trash")
    qtbot.waitUntil(lambda: [s.count for s in sidebar.saved_searches()] == [1], timeout=WAIT)
    window.tag_wiring.edit_search("Cold water", "Fruit", "orchard")
    qtbot.waitUntil(lambda: [s.name for s in sidebar.saved_searches()] == ["Fruit"], timeout=WAIT)
    window.tag_wiring.save_search("Broken", "(orchard")
    qtbot.waitUntil(lambda: "Could not save" in window.status_bar.currentMessage(), timeout=WAIT)
    window.tag_wiring.delete_search("Fruit")
    qtbot.waitUntil(lambda: sidebar.saved_searches() == [], timeout=WAIT)
    assert not sidebar.saved.isVisible()


def test_sidebar_tag_menu_colours_and_deletes_undoably(
    qtbot: QtBot, make_window: object, data_dir: Path, filled: dict[str, int]
) -> None:
    h = filled["harbour"]
    tag_all(data_dir, [h], ["water"])
    window: MainWindow = make_window(data_dir)  # type: ignore[operator]
    qtbot.waitUntil(lambda: "water" in tag_paths(window), timeout=WAIT)
    wiring = window.tag_wiring
    wiring.on_sidebar_tag_action("color:green", "water")
    qtbot.waitUntil(lambda: colors(data_dir) == {"water": "green"}, timeout=WAIT)
    index = window.sidebar.tag_model.index_of("water")
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.DecorationRole) is not None, timeout=WAIT)
    wiring.on_sidebar_tag_action("delete", "water")
    qtbot.waitUntil(lambda: "water" not in tag_paths(window), timeout=WAIT)
    assert states(data_dir, [h])[h][2] == ()
    window.registry["undo"].trigger()
    qtbot.waitUntil(lambda: "water" in tag_paths(window), timeout=WAIT)
    assert states(data_dir, [h])[h][2] == ("water",)
    assert colors(data_dir) == {"water": "green"}
    assert wiring.manager is None
    wiring.on_sidebar_tag_action("manage", "")
    assert wiring.manager is not None and wiring.manager.isVisible()
    wiring.manager.close()
