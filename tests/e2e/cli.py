"""Running the real `broadsheet` command line in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Run:
    """A finished command: exit code and output."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(data_dir: Path, *args: str, stdin: str | None = None, timeout: float = 120) -> Run:
    """`python -m app --data-dir DATA ARGS…` with a clean, offscreen environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)
