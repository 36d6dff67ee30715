"""The window's way to its first paint loads no heavy module (they load after it, or on the
database lane): a regression here costs every start of the app."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Modules that must not load before the first paint: the renderer (Python-Markdown, nh3, the
# summarizer), Chromium's widgets, SQL, extraction and the network.
HEAVY = (
    "markdown",
    "nh3",
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "trafilatura",
    "lxml",
    "httpx",
    "PySide6.QtWebEngineWidgets",
    "app.domain.render",
    "app.domain.summarize",
    "app.services.library",
)

CHILD = """
import json, sys
from app.ui.launch import application, prepare_qt
prepare_qt(offscreen=True)
app = application()
import app.ui.main_window
print(json.dumps(sorted(m for m in sys.modules)))
"""


def test_first_paint_path_imports_no_heavy_module() -> None:
    """What `broadsheet` imports up to building the window (not what the lane loads later)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "app.ui.main_window" in loaded  # the child really got that far
    assert "PySide6.QtWebEngineCore" in loaded  # the reader's scheme was registered
    assert sorted(loaded & set(HEAVY)) == []
