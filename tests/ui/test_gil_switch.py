"""The GUI process hands the GIL back to the GUI thread quickly while workers run Python."""

from __future__ import annotations

import os
import subprocess
import sys

from app.ui.application import GUI_SWITCH_INTERVAL_S


def test_the_application_shortens_the_interpreter_switch_interval() -> None:
    code = (
        "import sys\n"
        "from app.ui.application import BroadsheetApplication\n"
        "before = sys.getswitchinterval()\n"
        "app = BroadsheetApplication(['broadsheet'])\n"
        "print(before, sys.getswitchinterval())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    before, after = (float(x) for x in done.stdout.split())
    assert before == 0.005  # Python's default: up to 5 ms per GIL hand-over
    assert after == GUI_SWITCH_INTERVAL_S < before
