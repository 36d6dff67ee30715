"""The child process the crash tests kill: a large import, file saves, bulk edits.

Run as `python -m tests.e2e.crash_driver DATA WORK`; WORK holds the import file and the
HTML files (made by crash_harness.make_workload). Every line it prints on stdout is an
acknowledgement printed only after the change committed: the parent kills it with SIGKILL
at a random moment, then checks that everything acknowledged is there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.services import importing
from app.services.library import Library

# Small batches: many commits, so kills land between and inside them.
importing.BATCH = 50


def edit_batch(round_: int, total: int) -> list[int]:
    """The article ids bulk edit `round_` touches (deterministic, overlapping rounds)."""
    return [1 + (round_ * 7 + k * 13) % total for k in range(25)]


def main(data: Path, work: Path) -> None:
    with Library.open(data) as lib:
        print("READY", flush=True)
        lib.import_file(
            work / "pocket.csv",
            "pocket-csv",
            on_progress=lambda seen: print(f"IMPORT {seen}", flush=True),
        )
        for page in sorted(work.glob("page-*.html")):
            result = lib.add_file(page, ["files"])
            print(f"FILE {page.stem} {result.article_id}", flush=True)
        total = lib.count()
        rounds = int((work / "rounds").read_text())
        for round_ in range(rounds):
            ids = edit_batch(round_, total)
            lib.add_tags(ids, [f"round/{round_}"])
            lib.mark(ids, "read" if round_ % 2 else "favorite")
            print(f"EDIT {round_} {total}", flush=True)
        print("DONE", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
