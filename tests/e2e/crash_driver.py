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


def main(data: Path, work: Path, first_phase: int = 0) -> None:
    with Library.open(data) as lib:
        print("READY", flush=True)

        def run_import() -> None:
            lib.import_file(
                work / "pocket.csv",
                "pocket-csv",
                on_progress=lambda seen: print(f"IMPORT {seen}", flush=True),
            )

        def save_files() -> None:
            for page in sorted(work.glob("page-*.html")):
                result = lib.add_file(page, ["files"])
                print(f"FILE {page.stem} {result.article_id}", flush=True)

        def bulk_edits() -> None:
            total = lib.count()
            if not total:
                return
            for round_ in range(int((work / "rounds").read_text())):
                ids = edit_batch(round_, total)
                # The tag names the batch exactly, so "all or none" can be checked.
                lib.add_tags(ids, [f"round/{round_}/{total}"])
                lib.mark(ids, "read" if round_ % 2 else "favorite")
                print(f"EDIT {round_} {total}", flush=True)

        # Each run starts at a different phase so kills land in all of them; every run
        # still does all three, so the final run completes the whole work.
        phases = [run_import, save_files, bulk_edits]
        for n in range(len(phases)):
            phases[(first_phase + n) % len(phases)]()
        print("DONE", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
