"""The article list at N rows: Library.ids() plus the first records() batch, against raw SQL.

This is what the window's list model does on opening and on every sort change: hold every
matching id, then fetch the records of the first visible batch. PRODUCT.md sets no figure;
our own target is at most 2x the raw statements on the same file.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services.library import Library
from app.storage.rows import RECORD_COLUMNS
from tests.benchmarks.common import Context, Figure, interleaved, median_ms
from tests.benchmarks.libs import raw_reader

BATCH = 200  # the list model's batch (app/ui/models/article_model.py BATCH_SIZE)
MAX_RATIO = 2.0
SORTS = {
    # our sort name -> the raw ORDER BY it stands for
    "+title": "title_key ASC, id ASC",
    "-saved": "saved DESC, id DESC",
}


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """ids() + the first records() batch for each sort, ours vs raw, interleaved."""
    figures = []
    with Library.open(ctx.lib()) as lib:
        raw = raw_reader(lib.path)
        try:
            for sort, order in SORTS.items():
                counts: dict[str, int] = {}

                def ours(sort: str = sort, counts: dict[str, int] = counts) -> None:
                    ids = lib.ids(sort=sort)
                    counts["ours"] = len(lib.records(ids[:BATCH]))
                    counts["ids"] = len(ids)

                def reference(order: str = order, counts: dict[str, int] = counts) -> None:
                    ids = [
                        r[0]
                        for r in raw.execute(
                            f"SELECT id FROM article WHERE trashed_at IS NULL ORDER BY {order}"
                        )
                    ]
                    marks = ",".join("?" * len(ids[:BATCH]))
                    rows = raw.execute(
                        f"SELECT {RECORD_COLUMNS} FROM article a WHERE a.id IN ({marks})",
                        ids[:BATCH],
                    ).fetchall()
                    counts["raw"] = len(rows)

                ours_s, ref_s = interleaved(ours, reference, ctx.runs)
                fig = Figure(
                    f"list: all ids + first {BATCH} records, sort {sort}",
                    median_ms(ours_s),
                    median_ms(ref_s),
                    max_ratio=MAX_RATIO,
                    reference_name="raw SELECT id … ORDER BY + one batch",
                    details={"ids": counts.get("ids"), "records": counts.get("ours")},
                )
                say(f"  list {sort}: ours {fig.ours:.1f} ms, raw {fig.reference:.1f} ms")
                figures.append(fig)
        finally:
            raw.close()
    return figures
