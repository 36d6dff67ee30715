"""Where things live: the library folder (platformdirs, overridable) and bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_config_path, user_data_path

from app import APP_NAME

DATA_DIR_ENV = "BROADSHEET_DATA_DIR"
CHOSEN_LIBRARY_FILE = "library-location"


def default_data_dir() -> Path:
    """The library folder: $BROADSHEET_DATA_DIR, else the one last chosen in Preferences,
    else the platform's user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return chosen_library() or user_data_path(APP_NAME, appauthor=False)


def _chosen_library_file() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / CHOSEN_LIBRARY_FILE


def chosen_library() -> Path | None:
    """The library folder picked in Preferences (None: never picked, or unreadable)."""
    try:
        text = _chosen_library_file().read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text and Path(text).is_absolute() else None


def remember_library(folder: Path) -> None:
    """Open `folder` by default from now on (the window and every command without
    --data-dir); written to a temporary file and renamed, so a crash never leaves half a path."""
    target = _chosen_library_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(str(folder.resolve()) + "\n", "utf-8")
    os.replace(temporary, target)


def resources_dir() -> Path:
    """The bundled resources folder (source tree, installed wheel or frozen build)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    here = Path(__file__).resolve().parent
    packaged = here / "resources"
    if packaged.is_dir():
        return packaged
    return here.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file under the resources folder."""
    return resources_dir().joinpath(*parts)
