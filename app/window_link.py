"""How a library's running window is found: its local socket name, and a Qt-free "changed" note.

The window (app/ui/single_instance.py) listens on this name; a second start asks it to come
forward, and the command line tells it when `add` changed the library, so it refreshes.
On Unix the name is a full path in the temporary folder, so plain Python can reach it too.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
CHANGED = b"changed\n"
NOTE_TIMEOUT_S = 0.5


def server_name(data_dir: Path) -> str:
    """The socket name for a library folder: one per resolved path (a pipe name on Windows)."""
    try:
        resolved = data_dir.expanduser().resolve()
    except OSError:
        resolved = data_dir.absolute()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    name = f"broadsheet-{digest}"
    if sys.platform == "win32":
        return name
    # Unix socket paths are limited to about 100 bytes; the hash keeps the name short.
    return os.path.join(tempfile.gettempdir(), name)


def notify_window(data_dir: Path, message: bytes = CHANGED) -> bool:
    """Send a one-line note to the library's window, if one runs; never raises, never waits
    long. Returns whether a window took it."""
    family = getattr(socket, "AF_UNIX", None)
    if family is None or sys.platform == "win32":
        return False  # Qt uses named pipes there; the window refreshes on its next change
    try:
        with socket.socket(family, socket.SOCK_STREAM) as conn:
            conn.settimeout(NOTE_TIMEOUT_S)
            conn.connect(server_name(data_dir))
            conn.sendall(message)
    except OSError as exc:
        log.debug("no window took the note: %s", exc)
        return False
    return True
