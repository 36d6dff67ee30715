"""Works around a PySide6 6.12 bug on Python 3.11: every void Qt call drops a reference to None.

With these wheels, `QObject().setObjectName("x")` returns None to Python without taking the
reference it hands over, so None's reference count falls by one per void call (setText, show,
select, …). After a few minutes of use it reaches zero and CPython aborts with "Fatal Python
error: none_dealloc". None is a static singleton that is never freed, so holding extra
references to it is harmless: the guard measures the leak once and, when it is present, keeps
None's count far above zero from a small daemon thread. Emitting a Python-declared
Signal(bool) likewise drops a reference to True ("bool_dealloc" at exit after a long session),
so True and False are guarded the same way when that leak shows. Python 3.12+ has immortal
singletons and needs nothing.
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


def bool_signals_drop_true() -> bool:
    """Whether emitting a Python-declared Signal(bool) lowers True's reference count.

    The same wheels drop a reference to True on every such emit (True or False emitted), so a
    long session (or test run) ends in "Fatal Python error: bool_dealloc".
    """
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        fired = Signal(bool)

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10):
        probe.fired.emit(False)
    return sys.getrefcount(True) < before - 5


_GUARDED: list[object] = [None]


def top_up() -> None:
    """Raise the guarded singletons' reference counts back to FLOOR (the caller holds the GIL)."""
    for singleton in _GUARDED:
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
    _GUARDED.clear()
    if void_calls_drop_none():
        log.debug("PySide6 drops references to None on void calls; guarding None's count")
        _GUARDED.append(None)
    if bool_signals_drop_true():
        log.debug("PySide6 drops references to True on Signal(bool) emits; guarding booleans")
        _GUARDED.extend((True, False))
    if not _GUARDED:
        return
    top_up()
    threading.Thread(target=_keep_topped_up, name="none-refcount-guard", daemon=True).start()
