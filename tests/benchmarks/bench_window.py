"""The live window at N articles: list reset, scroll to the end, sort, search stalls, tag tree.

A child process opens the real MainWindow (offscreen) on the library, waits until it is
settled, and then drives it as a user would, measuring on the GUI thread:

- list reset: ArticleListModel.set_ids with every id, until the view has repainted; the floor
  is the same reset of a bare QAbstractTableModel of as many rows in a bare QTableView.
- scroll to the end: scrollToBottom until the last rows show their records (fetched on the
  database lane); the floor is the bare table's scrollToBottom and repaint.
- sort by title: the header click until the first rows of the new order are painted; the
  reference is the raw SQL of the same change (all ids in title order + one batch of rows).
- search: typing a query (rare, common, "the") until the results show; a 1 ms timer records
  the longest gap in the event loop (the longest stall of the GUI thread). Target ≤ 50 ms.
- tag tree: 20,000 tag records into the sidebar's lazy tree model, and the stall while a tag
  is chosen and its articles listed.

    python -m tests.benchmarks.bench_window --child DIR OUT.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.common import Context, Figure, child_env, python, run_child

MAX_STALL_MS = 50.0
MAX_RATIO = 2.0  # our own target for the list operations against their floors
RUNS = 5
SEARCHES = ("xylorare", "brightcommon", "the")
TAG_RECORDS = 20_000


def run(ctx: Context, say: Callable[[str], None] = print) -> list[Figure]:
    """One child process drives the window; its JSON becomes the figures."""
    out = ctx.work / "window.json"
    out.unlink(missing_ok=True)
    home = ctx.work / "window-home"
    env = child_env(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    argv = [
        python(),
        "-m",
        "tests.benchmarks.bench_window",
        "--child",
        str(ctx.lib()),
        str(out),
        "--runs",
        str(min(ctx.runs, RUNS)),
    ]
    _, status, _, err = run_child(argv, env=env, timeout=1800)
    if status != 0 or not out.exists():
        raise RuntimeError(f"window probe failed ({status}): {err.strip()[-400:]}")
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    size = f"{ctx.size:,} rows"
    med = {k: statistics.median(v) for k, v in data.items() if isinstance(v, list)}
    figures = [
        Figure(
            f"list reset, {size}",
            med["reset"],
            med["reset_bare"],
            max_ratio=MAX_RATIO,
            reference_name="bare model reset in a bare QTableView",
        ),
        Figure(
            f"list scroll to the end (records shown), {size}",
            med["scroll"],
            med["scroll_bare"],
            max_ratio=None,
            max_value=1000.0,
            reference_name="bare QTableView scrollToBottom",
            note="includes fetching the last rows' records on the database lane",
        ),
        Figure(
            f"list sort by title (first rows shown), {size}",
            med["sort"],
            med["sort_raw"],
            max_ratio=MAX_RATIO,
            reference_name="raw SELECT id ORDER BY + one batch",
            details={"stall_ms": data["sort_stall"]},
        ),
        Figure(
            f"longest GUI stall while sorting, {size}",
            max(data["sort_stall"]),
            None,
            max_value=MAX_STALL_MS,
            note="1 ms timer, longest gap",
        ),
    ]
    for query in SEARCHES:
        figures.append(
            Figure(
                f"longest GUI stall during search '{query}', {ctx.size:,} articles",
                max(data[f"stall:{query}"]),
                med["idle_stall"],
                max_value=MAX_STALL_MS,
                reference_name="idle event loop",
                details={"results_ms": data[f"search:{query}"]},
                note=f"results shown in {statistics.median(data[f'search:{query}']):.0f} ms",
            )
        )
    figures += [
        Figure(
            f"tag tree: {TAG_RECORDS:,} tags into the tree model, shown (built on the pool)",
            med["tags_set"],
            med["tags_bare"],
            max_value=MAX_STALL_MS,
            reference_name="bare flat QStandardItemModel of the top level",
        ),
        Figure(
            f"longest GUI stall choosing a tag, {ctx.size:,} articles",
            max(data["tag_stall"]),
            None,
            max_value=MAX_STALL_MS,
            note=f"articles shown in {statistics.median(data['tag_pick']):.0f} ms",
        ),
    ]
    for fig in figures:
        say(f"  {fig.name}: ours {fig.ours:.1f} ms, reference {fig.reference or 0:.1f} ms")
    return figures


# --- the child process ---------------------------------------------------------------------


class StallMeter:
    """A 1 ms timer on the GUI thread; the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.tick)
        self.last = 0.0
        self.worst = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.tick()
        self.timer.stop()
        return self.worst * 1000


def _wait(app: Any, ready: Callable[[], bool], timeout: float = 600.0) -> float:
    """Run the event loop until ready(); returns the milliseconds it took."""
    start = time.perf_counter()
    while not ready():
        app.processEvents()
        time.sleep(0.0005)
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the window did not get there in time")
    return (time.perf_counter() - start) * 1000


def child(data_dir: Path, out: Path, runs: int) -> None:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView, QTreeView

    from app.domain.records import TagRecord
    from app.ui.launch import application, prepare_qt
    from app.ui.main_window import MainWindow
    from app.ui.models.article_model import BATCH_SIZE
    from app.ui.models.tag_model import TagTreeModel
    from app.ui.tag_wiring import prepare
    from tests.benchmarks.bench_tag_tree import remembered_expansion, show_as_window
    from tests.benchmarks.libs import raw_reader

    prepare_qt(offscreen=True)
    app: Any = application()
    window = MainWindow(data_dir, theme="light")
    window.resize(1280, 800)
    window.show()
    _wait(app, window.is_settled)
    window.sidebar.choose("all")
    panel = window.article_list
    model, view = panel.model, panel.view
    _wait(app, lambda: not panel.is_busy() and model.rowCount() > 0)
    all_ids = list(model.ids())
    results: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        results.setdefault(key, []).append(value)

    class Bare(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows = 0

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else self.rows

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 4

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return f"row {index.row()}" if role == Qt.ItemDataRole.DisplayRole else None

    bare_model = Bare()
    bare_view = QTableView()
    bare_view.setModel(bare_model)
    bare_view.verticalHeader().hide()
    bare_view.resize(800, 700)
    bare_view.show()
    raw = raw_reader(window.data_dir / "broadsheet.sqlite3")
    meter = StallMeter()

    def top_row_shown() -> bool:
        """The row at the top of the list's viewport shows its record."""
        row = view.rowAt(0)
        return model.rowCount() == 0 or (row >= 0 and model.cached_record(row) is not None)

    def first_rows_shown() -> bool:
        # _query_pending: the ids of the newest query have not arrived yet (benchmark-only peek)
        if panel._query_pending and model.rowCount() == 0:
            return False
        return top_row_shown()

    for i in range(runs):
        # list reset (every id, a different order so that it is a real reset)
        ids = all_ids[::-1] if i % 2 == 0 else all_ids
        start = time.perf_counter()
        model.set_ids(ids)
        view.viewport().repaint()
        add("reset", (time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        bare_model.beginResetModel()
        bare_model.rows = len(ids)
        bare_model.endResetModel()
        bare_view.viewport().repaint()
        add("reset_bare", (time.perf_counter() - start) * 1000)
        bare_model.beginResetModel()
        bare_model.rows = 0
        bare_model.endResetModel()
        _wait(app, lambda: not model.is_loading())
        # scroll to the end until the last row shows its record
        view.scrollToTop()
        _wait(app, lambda: not model.is_loading())
        start = time.perf_counter()
        view.scrollToBottom()
        last = model.rowCount() - 1
        _wait(app, lambda last=last: model.cached_record(last) is not None)
        add("scroll", (time.perf_counter() - start) * 1000)
        bare_model.beginResetModel()
        bare_model.rows = len(ids)
        bare_model.endResetModel()
        bare_view.scrollToTop()
        app.processEvents()
        start = time.perf_counter()
        bare_view.scrollToBottom()
        bare_view.viewport().repaint()
        add("scroll_bare", (time.perf_counter() - start) * 1000)
        # sort by title (alternating direction), first rows of the new order shown
        view.scrollToTop()
        _wait(app, lambda: not panel.is_busy())
        descending = i % 2 == 1
        meter.start()
        start = time.perf_counter()
        panel.set_sort("title", descending)
        _wait(app, lambda: not panel._query_pending and top_row_shown())
        add("sort", (time.perf_counter() - start) * 1000)
        _wait(app, lambda: not panel.is_busy())
        add("sort_stall", meter.stop())
        order = "DESC" if descending else "ASC"
        start = time.perf_counter()
        raw_ids = [
            r[0]
            for r in raw.execute(
                "SELECT id FROM article WHERE trashed_at IS NULL "
                f"ORDER BY title_key {order}, id {order}"
            )
        ]
        marks = ",".join("?" * BATCH_SIZE)
        raw.execute(f"SELECT * FROM article WHERE id IN ({marks})", raw_ids[:BATCH_SIZE]).fetchall()
        add("sort_raw", (time.perf_counter() - start) * 1000)
        panel.set_sort(None)
        _wait(app, lambda: not panel.is_busy())
        # an idle loop, for the stall floor
        meter.start()
        end = time.perf_counter() + 0.3
        _wait(app, lambda end=end: time.perf_counter() > end)
        add("idle_stall", meter.stop())
        # searches: type, settle, results shown; the longest stall on the way
        for query in SEARCHES:
            meter.start()
            start = time.perf_counter()
            window.search_field.setText(query)
            window.search_field.settle_now()
            _wait(app, lambda: not panel._query_pending and first_rows_shown())
            add(f"search:{query}", (time.perf_counter() - start) * 1000)
            _wait(app, lambda: not panel.is_busy())
            add(f"stall:{query}", meter.stop())
            window.search_field.setText("")
            window.search_field.settle_now()
            _wait(app, lambda: not panel.is_busy())
        # the tag tree: 20,000 tags into the model and shown; then choosing a tag
        records = [
            TagRecord(f"topic{t % 40:02d}/sub{t // 40 % 25:02d}/tag{t:05d}", t % 97)
            for t in range(TAG_RECORDS)
        ]
        tree = QTreeView()
        tags = TagTreeModel()
        tree.setModel(tags)
        tree.resize(240, 700)
        tree.show()
        app.processEvents()
        # As the window does: the tree is built on the I/O pool (not timed), then swapped in
        # on the GUI thread with the tags the person left open (bench_tag_tree).
        prepared = prepare(records[i:], "")
        expansion = remembered_expansion(tree, tags, Path(tempfile.mkdtemp(prefix="bench-")))
        start = time.perf_counter()
        show_as_window(tags, prepared, expansion)
        tree.viewport().repaint()
        add("tags_set", (time.perf_counter() - start) * 1000)
        flat = QStandardItemModel()
        start = time.perf_counter()
        for t in range(40):
            flat.appendRow(QStandardItem(f"topic{t:02d}"))
        tree.setModel(flat)
        tree.viewport().repaint()
        add("tags_bare", (time.perf_counter() - start) * 1000)
        tree.close()
        shown_tags = window.sidebar.tag_model
        if shown_tags.rowCount() > 0:
            index = shown_tags.index(i % shown_tags.rowCount(), 0)
            meter.start()
            start = time.perf_counter()
            window.sidebar.tags.setCurrentIndex(index)
            _wait(app, lambda: not panel._query_pending and first_rows_shown())
            add("tag_pick", (time.perf_counter() - start) * 1000)
            _wait(app, lambda: not panel.is_busy())
            add("tag_stall", meter.stop())
            window.sidebar.choose("all")
            _wait(app, lambda: not panel.is_busy())
    raw.close()
    out.write_text(json.dumps(results), "utf-8")
    window.close()
    os._exit(0)  # skip Chromium's slow teardown; the results are written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, required=True)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    child(args.child, args.out, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
