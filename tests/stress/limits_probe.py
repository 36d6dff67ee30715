"""Runs one limit case in a fresh process and prints its time, peak memory and outcome (JSON)."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from app.domain.errors import BroadsheetError
from app.services.library import Library
from tests.limits import deep_page, huge_image_page, long_line_page, sparse_file, zip_bomb


def main(case: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    makers = {
        "page-100MB": lambda: sparse_file(folder / "big.html", 100 * 1024 * 1024),
        "nested-100000": lambda: deep_page(folder / "deep.html", 100_000),
        "image-50MP": lambda: huge_image_page(folder, 7072, 7072),
        "line-1MB": lambda: long_line_page(folder / "line.md", 1024 * 1024),
        "zip-bomb-2GB": lambda: zip_bomb(folder / "pocket.zip", 2 << 30),
        "zip-bomb-400MB": lambda: zip_bomb(folder / "pocket.zip", 400 << 20),
    }
    path = makers[case]()
    with Library.open(folder / "lib") as lib:
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        try:
            if path.suffix == ".zip":
                report = lib.import_file(path)
                outcome = f"imported {report.added}"
            else:
                outcome = f"saved as {lib.add_file(path).article_id}"
        except BroadsheetError as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"case": case, "seconds": round(seconds, 2),
                      "extra_memory_mb": round((peak - base) / 1024, 1),
                      "peak_memory_mb": round(peak / 1024, 1),
                      "outcome": outcome[:160]}))  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
