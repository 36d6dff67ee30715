"""The PySide6 6.12 / Python 3.11 reference leak on None and True is kept harmless."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from app.ui import refcount_guard


class _Emitter(QObject):
    changed = Signal(bool)


def test_many_emits_and_void_calls_keep_the_singletons_alive() -> None:
    refcount_guard.install()  # done by importing app.ui; harmless again
    emitter = _Emitter()
    emitter.changed.connect(lambda _value: None)
    for _ in range(20_000):
        emitter.changed.emit(False)  # each emit may drop a reference to True
        emitter.setObjectName("x")  # each void call may drop one to None
    refcount_guard.top_up()  # what the guard's thread does every half minute
    for singleton in (None, True, False):
        assert sys.getrefcount(singleton) >= refcount_guard.FLOOR or sys.version_info >= (3, 12)
