"""The sidebar's tag tree at 20,000 distinct tags and 100,000 articles: what blocks the GUI.

Builds its own library (raw SQL into a fresh schema: 100,000 small articles, 20,000 tags
three levels deep, about 3 links per article; the FTS triggers are dropped in this scratch
copy, since nothing here searches). Then measures, as the window runs them:

- on the database lane: `Library.tags()` (every tag with its live count);
- on a worker: `prepare_tree` (filter + build the tree, pure Python);
- on the GUI thread: `TagTreeModel.set_tree` + `expandToDepth(0)` + painting the view once.

Only the last blocks the window. Target: under 50 ms (three frames) to open and to filter.

    python -m tests.benchmarks.bench_tag_tree [--articles 100000 --tags 20000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.services.library import Library
from tests.benchmarks.common import Context, Figure

if TYPE_CHECKING:
    from app.ui.tag_wiring import PreparedTree
from tests.benchmarks.factory import make_tags
from tests.benchmarks.libs import fresh, raw_writer
from tests.benchmarks.vocab import make_vocabulary

ARTICLES = 100_000
TAGS = 20_000
MAX_GUI_MS = 50.0
RUNS = 5


def build(folder: Path, articles: int, tags: int) -> None:
    """A scratch library with `articles` articles and `tags` tags (raw SQL, triggers off)."""
    fresh(folder)
    rng = random.Random(11)
    words = make_vocabulary("en", 30_000, 11, set()).words
    paths = make_tags(rng, tags, words)
    conn = raw_writer(folder / "broadsheet.sqlite3")
    for trigger in ("article_fts_ai", "article_tag_ai", "article_tag_ad"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO article (id, given_url, url_key, title, title_key, saved, word_count, "
        "reading_minutes, read, favorite, archived, reading_progress, body_markdown, body_text, "
        "tags_text, source, fetch_status, fetch_attempts) VALUES "
        "(?, ?, ?, ?, ?, '2025-01-01 00:00:00', 100, 1, 0, 0, 0, 0, '', '', '', 'file', 'done', 0)",
        ((i, f"https://e.com/{i}", f"https://e.com/{i}", f"A {i}", f"a {i}")
         for i in range(1, articles + 1)),
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO tag (id, path, key, created) VALUES (?, ?, ?, '2025-01-01 00:00:00')",
        ((n, p, p.casefold()) for n, p in enumerate(paths, start=1)),
    )
    # Popular tags carry most links (Zipf-like), as in a real library.
    cum = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(paths))))
    tag_ids = range(1, len(paths) + 1)
    links = set()
    for article in range(1, articles + 1):
        for tag in rng.choices(tag_ids, cum_weights=cum, k=rng.randint(0, 5)):
            links.add((article, tag))
    conn.executemany("INSERT INTO article_tag (article_id, tag_id) VALUES (?, ?)", links)
    conn.execute("COMMIT")
    conn.close()


def _gui_ms(tree: PreparedTree, repeats: int = RUNS) -> float:
    """What the window's on_tree_ready does on the GUI thread: swap the tree in, open it as
    far as `depth` says, and paint once (the completer takes the paths when focused)."""
    from PySide6.QtWidgets import QApplication, QTreeView

    from app.ui.models.tag_model import TagTreeModel

    app = QApplication.instance() or QApplication([])
    model = TagTreeModel()
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setModel(model)
    view.resize(240, 700)
    view.show()
    app.processEvents()
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        model.set_tree(tree.records, tree.root, tree.colors)
        if tree.depth is None:
            view.expandAll()
        elif tree.depth >= 0:
            view.expandToDepth(tree.depth)
        view.grab()  # lays out and paints the visible rows, as the next frame would
        samples.append(time.perf_counter() - began)
    view.close()
    return statistics.median(samples) * 1000


def measure(articles: int, tags: int, say: Callable[[str], None] = print) -> dict[str, float]:
    """Every figure of the module docstring, in milliseconds (expansion_depth excluded from
    the GUI time: the window computes it on the worker with the tree)."""
    from app.ui.tag_wiring import prepare

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-tree-") as tmp:
        folder = Path(tmp) / "lib"
        began = time.perf_counter()
        build(folder, articles, tags)
        say(f"built {articles:,} articles, {tags:,} tags in {time.perf_counter() - began:.1f} s")
        with Library.open(folder) as lib:
            lane = []
            for _ in range(3):
                t = time.perf_counter()
                records = lib.tags()
                lane.append(time.perf_counter() - t)
        worker, filter_worker = [], []
        for _ in range(RUNS):
            t = time.perf_counter()
            whole = prepare(records, "")
            worker.append(time.perf_counter() - t)
            t = time.perf_counter()
            few = prepare(records, "ab")
            filter_worker.append(time.perf_counter() - t)
        open_gui = _gui_ms(whole)
        filter_gui = _gui_ms(few)
    return {
        "tags": float(len(records)),
        "filtered": float(sum(1 for r in records if "ab" in r.path.casefold())),
        "lane_ms": statistics.median(lane) * 1000,
        "build_ms": statistics.median(worker) * 1000,
        "filter_ms": statistics.median(filter_worker) * 1000,
        "open_gui_ms": open_gui,
        "filter_gui_ms": filter_gui,
    }


def run_tag_tree(
    ctx: Context, say: Callable[[str], None] = print
) -> tuple[list[Figure], list[str]]:
    """The figures for tests/benchmarks/run.py."""
    r = measure(ARTICLES, TAGS, say)
    details = {k: round(v, 1) for k, v in r.items()}
    figures = [
        Figure("tag tree: GUI thread to open 20k tags", round(r["open_gui_ms"], 1), None,
               max_value=MAX_GUI_MS, details=details),
        Figure("tag tree: GUI thread to show a filter", round(r["filter_gui_ms"], 1), None,
               max_value=MAX_GUI_MS),
    ]  # fmt: skip
    lines = [
        f"off the GUI thread: tags with counts {r['lane_ms']:.0f} ms (database lane), "
        f"tree build {r['build_ms']:.0f} ms, filter {r['filter_ms']:.0f} ms (worker)"
    ]
    return figures, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--tags", type=int, default=TAGS)
    args = parser.parse_args(argv)
    r = measure(args.articles, args.tags, lambda m: print(m, file=sys.stderr))
    print(f"{int(r['tags']):,} tags ({int(r['filtered']):,} match the filter 'ab')")
    print(f"database lane, tags with counts: {r['lane_ms']:8.1f} ms")
    print(f"worker, build the tree:          {r['build_ms']:8.1f} ms")
    print(f"worker, filter + build:          {r['filter_ms']:8.1f} ms")
    print(f"GUI thread, open (set + expand + paint):   {r['open_gui_ms']:6.1f} ms")
    print(f"GUI thread, show the filtered tree:        {r['filter_gui_ms']:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --- what the window does on the GUI thread (used by bench_window's tag tree figure) -------

REMEMBERED_OPEN = ("topic03", "topic03/sub05", "topic17")  # a person left a few tags open


def remembered_expansion(view: Any, model: Any, folder: Path) -> Any:
    """A TagExpansion for `view` whose window settings say `REMEMBERED_OPEN` were left open."""
    import json

    from app.ui.settings import WindowSettings
    from app.ui.tag_expansion import SETTINGS_KEY, TagExpansion

    settings = WindowSettings(folder)
    settings.set_text(SETTINGS_KEY, json.dumps(list(REMEMBERED_OPEN)))
    return TagExpansion(view, model, settings)


def show_as_window(model: Any, tree: PreparedTree, expansion: Any) -> None:
    """What `TagWiring.on_tree_ready` does on the GUI thread with a tree built on the pool:
    swap it in and open what the person left open (the caller paints)."""
    model.set_tree(tree.records, tree.root, tree.colors)
    expansion.apply(tree.depth)
