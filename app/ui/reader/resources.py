"""Where the reader's own files (CSS, welcome page) live."""

from __future__ import annotations

import importlib
from pathlib import Path


def reader_resource(name: str) -> Path:
    """The path of a file in resources/reader/.

    Uses `app.paths.resource_path` once it exists (it knows frozen builds); until then the
    repository's top-level resources/ folder.
    """
    try:
        resource_path = importlib.import_module("app.paths").resource_path
    except (ImportError, AttributeError):
        # app/ui/reader/resources.py -> parents[3] is the repository root.
        return Path(__file__).resolve().parents[3] / "resources" / "reader" / name
    path: Path = resource_path("reader", name)
    return path
