"""Where the reader's own files (CSS, welcome page) live."""

from __future__ import annotations

from pathlib import Path

from app.paths import resource_path


def reader_resource(name: str) -> Path:
    """The path of a file in resources/reader/ (source tree, wheel or frozen build)."""
    return resource_path("reader", name)
