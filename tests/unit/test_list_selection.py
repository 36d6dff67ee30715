"""The selection carried across a reload: found on the lane, only new picks looked up here."""

from __future__ import annotations

from app.ui.models.id_list import IdList
from app.ui.widgets.list_selection import GUI_LOOKUPS, Found, Selection


def test_the_kept_selection_is_found_in_the_new_order_without_lookups() -> None:
    new_ids = IdList.of([50, 40, 30, 20, 10])
    kept = Selection(selected=[10, 30, 99], current=30)
    found = Found.search(new_ids, kept)
    looked_up: list[int] = []

    def row_of(article_id: int) -> int | None:
        looked_up.append(article_id)
        return new_ids.index_of(article_id)

    rows, current = found.rows_for(kept, row_of)
    assert (rows, current) == ([4, 2], 2)  # 99 left the list
    assert looked_up == []  # everything was found on the lane


def test_articles_picked_while_the_query_ran_are_looked_up_a_few_at_most() -> None:
    new_ids = IdList.of(range(1_000, 0, -1))
    found = Found.search(new_ids, Selection(selected=[5], current=5))
    looked_up: list[int] = []

    def row_of(article_id: int) -> int | None:
        looked_up.append(article_id)
        return new_ids.index_of(article_id)

    picked = list(range(100, 100 + GUI_LOOKUPS + 10))
    rows, current = found.rows_for(Selection(selected=picked, current=7), row_of)
    assert current == 1_000 - 7  # the new current article is found first
    assert len(looked_up) == GUI_LOOKUPS  # past that, not kept selected
    assert rows == [1_000 - i for i in picked[: GUI_LOOKUPS - 1]]
    assert Selection(selected=[1], current=None).wanted() == [1]
