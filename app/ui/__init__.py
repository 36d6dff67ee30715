"""The PySide6 desktop interface (the only package that imports Qt)."""

from app.ui import refcount_guard

# Before anything else makes Qt calls: see refcount_guard (a PySide6 6.12 bug on Python 3.11).
refcount_guard.install()
