"""UI test setup: headless Qt, Chromium's sandbox off under root, the reader scheme registered."""

from __future__ import annotations

import os

# Both must be set before Qt (and Chromium) start, so at import time, not in a fixture.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    # Chromium refuses to start its sandbox as root (CI containers run as root).
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from app.ui.reader import register_reader_scheme  # after the environment is set

# QtWebEngine only honours schemes registered before the QApplication exists.
register_reader_scheme()
