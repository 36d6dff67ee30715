"""The limits at full size, each in its own process: bounded time and memory, a clear outcome."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = ["page-100MB", "nested-100000", "image-50MP", "line-1MB", "zip-bomb-2GB", "zip-bomb-400MB"]
# Generous bounds: the point is "bounded", not fast (a shared, slow machine must pass).
MAX_SECONDS = 120
MAX_EXTRA_MEMORY_MB = 600
MAX_PEAK_MEMORY_MB = 1000


@pytest.mark.parametrize("case", CASES)
def test_limit_is_bounded_and_clear(case: str, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tests.stress.limits_probe", case, str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"\nFIGURES limit {json.dumps(result)}")
    assert result["seconds"] < MAX_SECONDS
    assert result["extra_memory_mb"] < MAX_EXTRA_MEMORY_MB
    assert result["peak_memory_mb"] < MAX_PEAK_MEMORY_MB
    assert "Traceback" not in run.stderr
    if case.startswith(("page-", "zip-bomb-")):
        assert result["outcome"].startswith("InputError"), result
