"""Works around a PySide6 6.12 bug on Python 3.11: every void Qt call drops a reference to None.

With these wheels, `QObject().setObjectName("x")` returns None to Python without taking the
reference it hands over, so None's reference count falls by one per void call (setText, show,
select, …). After a few minutes of use it reaches zero and CPython aborts with "Fatal Python
error: none_dealloc". None is a static singleton that is never freed, so holding extra
references to it is harmless: the guard measures the leak once and, when it is present, keeps
None's count far above zero from a small daemon thread. Python 3.12+ has an immortal None and
needs nothing.

The same wheels drop a reference to True on every `Signal.emit()` (which returns True): about
600 emits (a batch of fetches, an export's progress, the task runner's results) were enough to
abort with "bool_dealloc", so True and False are guarded the same way.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time

log = logging.getLogger(__name__)

FLOOR = 1_000_000_000  # about a week of non-stop clicking per top-up
CHECK_SECONDS = 30.0
_installed = False


def void_calls_drop_none() -> bool:
    """Whether a void PySide6 call lowers None's reference count (the bug is present)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 5


def emit_drops_true() -> bool:
    """Whether emitting a PySide6 signal lowers True's reference count (the bug is present)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        fired = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10):
        probe.fired.emit()
    return sys.getrefcount(True) < before - 5


_guarded: list[object] = []


def top_up() -> None:
    """Raise each guarded singleton's reference count back to FLOOR (the caller holds the
    GIL)."""
    for singleton in _guarded or [None]:
        missing = FLOOR - sys.getrefcount(singleton)
        if missing > 0:
            # ob_refcnt is the first field of every CPython object, and id() is its address.
            ctypes.c_ssize_t.from_address(id(singleton)).value += missing


def _keep_topped_up() -> None:
    while True:
        time.sleep(CHECK_SECONDS)
        top_up()


def install() -> None:
    """Check for the bug once and, when present, keep None alive for the process's life."""
    global _installed
    if _installed:
        return
    _installed = True
    if void_calls_drop_none():
        log.debug("PySide6 drops references to None on void calls; guarding None's count")
        _guarded.append(None)
    if emit_drops_true():
        log.debug("PySide6 drops references to True on emit; guarding True and False")
        _guarded.extend((True, False))
    if not _guarded:
        return
    top_up()
    threading.Thread(target=_keep_topped_up, name="none-refcount-guard", daemon=True).start()
