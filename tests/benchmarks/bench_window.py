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
MILLION = 1_000_000
SYNTHETIC_FIRST = 10**12  # synthetic ids for the million-row reset, far past real ones


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
    env["PYTHONFAULTHANDLER"] = "1"  # a crash leaves every thread's Python stack in the log
    _, status, _, err = run_child(argv, env=env, timeout=1800)
    if status != 0 or not out.exists():
        log_file = ctx.out / "window-probe-stderr.log"
        log_file.write_text(err, "utf-8")
        raise RuntimeError(f"window probe failed ({status}); its stderr is in {log_file}")
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    size = f"{ctx.size:,} rows"
    med = {k: statistics.median(v) for k, v in data.items() if isinstance(v, list)}
    figures = [
        Figure(
            f"list repaint, a screen of rows (records cached), {size}",
            med["repaint"],
            med["repaint_bare"],
            reference_name="bare QTableView of as many rows, same size",
        ),
        Figure(
            f"list repaint while a worker thread runs Python, {size}",
            med["repaint_busy"],
            med["repaint_bare_busy"],
            reference_name="the bare table, same worker",
            note="each call from Qt into Python waits for the interpreter lock",
        ),
        Figure(
            "list reset, 1,000,000 rows (synthetic ids, placeholders painted)",
            med["reset_1m"],
            med["reset_1m_bare"],
            max_ratio=MAX_RATIO,
            reference_name="bare model reset in a bare QTableView",
            details={"row_of_last_ms": data.get("row_of_1m")},
            note=f"finding the last row: {statistics.median(data['row_of_1m']):.1f} ms",
        ),
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
            max(data["idle_stall"]),
            max_value=MAX_STALL_MS,
            reference_name="idle event loop",
            details=_busy_details(data, "sort_stall"),
            note="1 ms timer, longest gap; " + _busy_note(data, "sort_stall"),
        ),
        _busy_figure(data, "sort_stall", f"while sorting, {size}"),
    ]
    for query in SEARCHES:
        key = f"stall:{query}"
        figures.append(
            Figure(
                f"longest GUI stall during search '{query}', {ctx.size:,} articles",
                max(data[key]),
                max(data["idle_stall"]),
                max_value=MAX_STALL_MS,
                reference_name="idle event loop",
                details={"results_ms": data[f"search:{query}"], **_busy_details(data, key)},
                note=f"results shown in {statistics.median(data[f'search:{query}']):.0f} ms; "
                + _busy_note(data, key),
            )
        )
        figures.append(_busy_figure(data, key, f"during search '{query}', {ctx.size:,} articles"))
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


def _busy_details(data: dict[str, Any], key: str) -> dict[str, Any]:
    names = ("in_worst", "queued_in_worst", "max", "total", "gc")
    return {f"busy_{k}": data.get(f"{key}:busy_{k}") for k in names}


def _busy_note(data: dict[str, Any], key: str) -> str:
    """The GUI thread's own CPU inside the longest gap (the rest was waiting)."""
    worst = max(range(len(data[key])), key=lambda n: data[key][n])
    cpu = data.get(f"{key}:busy_in_worst", [0.0] * len(data[key]))[worst]
    queued = data.get(f"{key}:busy_queued_in_worst", [0.0] * len(data[key]))[worst]
    return f"inside it: GUI-thread CPU {cpu:.0f} ms, waiting for a core {queued:.0f} ms"


def _busy_figure(data: dict[str, Any], key: str, what: str) -> Figure:
    """The longest stretch of the GUI thread's own CPU between two ticks: our work alone."""
    return Figure(
        f"longest GUI-thread busy stretch {what}",
        max(data[f"{key}:busy_max"]),
        max(data["idle_stall:busy_max"]),
        max_value=MAX_STALL_MS,
        reference_name="idle event loop",
        note="thread CPU time between two 1 ms ticks (load from other processes not counted)",
    )


# --- the child process ---------------------------------------------------------------------


class ThreadClock:
    """The calling thread's CPU time and run-queue wait (Linux schedstat), in seconds.

    Run-queue wait is time the thread was ready to run but every core was busy (other
    processes on a shared machine); time asleep (waiting for events, or for the interpreter
    lock held by a worker thread) is neither. Without schedstat, CPU comes from
    `time.thread_time` and the wait reads 0.
    """

    def __init__(self) -> None:
        try:
            self.fd: int | None = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        except OSError:
            self.fd = None

    def read(self) -> tuple[float, float]:
        if self.fd is None:
            return time.thread_time(), 0.0
        cpu, wait, _slices = os.pread(self.fd, 128, 0).split()
        return int(cpu) / 1e9, int(wait) / 1e9


class GcWatch:
    """The longest garbage collection (any thread) since the last reset."""

    def __init__(self) -> None:
        import gc

        self.began = 0.0
        self.longest = 0.0
        gc.callbacks.append(self.on_gc)

    def on_gc(self, phase: str, _info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self.began = now
        elif self.began:
            self.longest = max(self.longest, now - self.began)

    def take(self) -> float:
        longest, self.longest = self.longest, 0.0
        return longest * 1000


class StallMeter:
    """A 1 ms timer on the GUI thread; the longest gap between its ticks is the worst stall.

    A gap is wall-clock time, so on a shared machine it also counts time the GUI thread was
    ready but not running (other processes on the cores) and time it slept waiting for the
    interpreter lock. At every tick the meter also reads the GUI thread's own CPU time and
    run-queue wait (ThreadClock), so a stall splits into our own work (CPU), the machine's
    load (run-queue wait) and the rest (asleep: mostly the lock held by a worker thread).
    The longest CPU stretch between two ticks is the part that is our GUI-thread work alone.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.tick)
        self.clock = ThreadClock()
        self.gc = GcWatch()
        self.last = self.last_cpu = self.last_wait = 0.0
        self.first_cpu = self.cpu = 0.0
        self.worst = 0.0
        self.worst_busy = self.worst_queued = 0.0  # CPU and run-queue wait in the worst gap
        self.max_busy = 0.0  # the longest GUI-thread CPU stretch between two ticks

    def tick(self) -> None:
        now = time.perf_counter()
        cpu, wait = self.clock.read()
        gap, busy = now - self.last, cpu - self.last_cpu
        if gap > self.worst:
            self.worst, self.worst_busy, self.worst_queued = gap, busy, wait - self.last_wait
        self.max_busy = max(self.max_busy, busy)
        self.last, self.last_cpu, self.last_wait = now, cpu, wait

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.last_cpu, self.last_wait = self.clock.read()
        self.first_cpu = self.last_cpu
        self.worst_busy = self.worst_queued = self.max_busy = 0.0
        self.gc.take()
        self.timer.start()

    def stop(self) -> float:
        self.tick()
        self.timer.stop()
        self.cpu = self.last_cpu - self.first_cpu
        return self.worst * 1000

    def busy(self) -> dict[str, float]:
        """The CPU readings of the last phase, in milliseconds."""
        return {
            "in_worst": self.worst_busy * 1000,
            "queued_in_worst": self.worst_queued * 1000,
            "max": self.max_busy * 1000,
            "total": self.cpu * 1000,
            "gc": self.gc.take(),
        }


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

    def pack(ids: list[int]) -> Any:
        """Ids as the database lane hands them to the list (packed there, off the GUI thread)."""
        try:
            from app.ui.models.id_list import IdList
        except ImportError:  # an older tree, measured side by side: a plain list
            return ids
        return IdList.of(ids)

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

    def stop_meter(key: str) -> None:
        add(key, meter.stop())
        for name, value in meter.busy().items():
            add(f"{key}:busy_{name}", value)

    def top_row_shown() -> bool:
        """The row at the top of the list's viewport shows its record."""
        row = view.rowAt(0)
        return model.rowCount() == 0 or (row >= 0 and model.cached_record(row) is not None)

    def first_rows_shown() -> bool:
        # _query_pending: the ids of the newest query have not arrived yet (benchmark-only peek)
        if panel._query_pending and model.rowCount() == 0:
            return False
        return top_row_shown()

    _repaints(app, view, bare_view, bare_model, len(all_ids), runs, add)
    _million(app, model, view, bare_model, bare_view, pack, runs, add)
    model.set_ids(pack(all_ids))
    _wait(app, lambda: not model.is_loading())
    orders = [pack(all_ids[::-1]), pack(all_ids)]
    for i in range(runs):
        # list reset (every id, a different order so that it is a real reset)
        ids = orders[i % 2]
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
        stop_meter("sort_stall")
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
        # an idle loop, for the stall floor (settled first: the reader may be rendering the
        # article that became current, which is not idle)
        _wait(app, window.is_settled)
        meter.start()
        end = time.perf_counter() + 0.3
        _wait(app, lambda end=end: time.perf_counter() > end)
        stop_meter("idle_stall")
        # searches: type, settle, results shown; the longest stall on the way
        for query in SEARCHES:
            meter.start()
            start = time.perf_counter()
            window.search_field.setText(query)
            window.search_field.settle_now()
            _wait(app, lambda: not panel._query_pending and first_rows_shown())
            add(f"search:{query}", (time.perf_counter() - start) * 1000)
            _wait(app, lambda: not panel.is_busy())
            stop_meter(f"stall:{query}")
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
            stop_meter("tag_stall")
            window.sidebar.choose("all")
            _wait(app, lambda: not panel.is_busy())
    raw.close()
    out.write_text(json.dumps(results), "utf-8")
    window.close()
    os._exit(0)  # skip Chromium's slow teardown; the results are written


def _million(
    app: Any,
    model: Any,
    view: Any,
    bare_model: Any,
    bare_view: Any,
    pack: Callable[[list[int]], Any],
    runs: int,
    add: Callable[[str, float], None],
) -> None:
    """The live list reset to a million ids (synthetic, beyond the library's: rows stay
    placeholders) and the same reset of the bare table, A B B A; then finding the last row."""
    orders = [pack(list(range(SYNTHETIC_FIRST + MILLION, SYNTHETIC_FIRST, -1)))]
    orders.append(pack(list(range(SYNTHETIC_FIRST, SYNTHETIC_FIRST + MILLION))))

    def ours(n: int) -> float:
        start = time.perf_counter()
        model.set_ids(orders[n % 2])
        view.viewport().repaint()
        return (time.perf_counter() - start) * 1000

    def bare(_n: int) -> float:
        bare_model.beginResetModel()
        bare_model.rows = 0
        bare_model.endResetModel()
        start = time.perf_counter()
        bare_model.beginResetModel()
        bare_model.rows = MILLION
        bare_model.endResetModel()
        bare_view.viewport().repaint()
        return (time.perf_counter() - start) * 1000

    for n in range(max(runs, 3) * 2):
        pair = [(ours, "reset_1m"), (bare, "reset_1m_bare")]
        for measure, key in pair if n % 2 == 0 else pair[::-1]:
            add(key, measure(n))
        app.processEvents()
    last_id = orders[1][MILLION - 1]
    start = time.perf_counter()
    found = model.row_of(last_id)
    add("row_of_1m", (time.perf_counter() - start) * 1000)
    if found is None:
        raise RuntimeError("the last synthetic id was not found")
    bare_model.beginResetModel()
    bare_model.rows = 0
    bare_model.endResetModel()


def _repaints(
    app: Any,
    view: Any,
    bare_view: Any,
    bare_model: Any,
    rows: int,
    runs: int,
    add: Callable[[str, float], None],
) -> None:
    """Repaint a screen of the list (records cached) against the bare table of as many rows,
    idle and while a worker thread runs Python (as the database lane does while building
    records): each call from Qt into Python then waits for the interpreter lock."""
    import threading

    bare_model.beginResetModel()
    bare_model.rows = rows
    bare_model.endResetModel()
    bare_view.resize(view.viewport().size())
    view.scrollToTop()
    _wait(app, lambda: not view.model().is_loading())
    app.processEvents()

    def timed(widget: Any) -> float:
        start = time.perf_counter()
        widget.viewport().repaint()
        return (time.perf_counter() - start) * 1000

    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            sum(range(200))

    for busy in (False, True):
        worker = threading.Thread(target=spin, daemon=True) if busy else None
        if worker is not None:
            worker.start()
        suffix = "_busy" if busy else ""
        for n in range(max(runs, 3) * 2):
            pair = [(view, "repaint"), (bare_view, "repaint_bare")]
            for widget, key in pair if n % 2 == 0 else pair[::-1]:  # A B B A
                add(key + suffix, timed(widget))
        if worker is not None:
            stop.set()
            worker.join()
    bare_model.beginResetModel()
    bare_model.rows = 0
    bare_model.endResetModel()


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
