"""PySide6 6.12 on Python 3.11 drops a reference to True per Signal.emit(): the guard keeps
a process that emits thousands of signals (fetch batches, export progress) alive."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import app.ui
from PySide6.QtCore import QObject, Signal

class Source(QObject):
    fired = Signal(int)

source = Source()
seen = []
source.fired.connect(seen.append)
for number in range(5000):
    source.fired.emit(number)
assert len(seen) == 5000
print("alive")
"""


def test_thousands_of_emits_do_not_abort_the_process() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "alive"
