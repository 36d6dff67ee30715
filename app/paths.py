"""Where things live: the library folder (platformdirs, overridable) and bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

from app import APP_NAME

DATA_DIR_ENV = "BROADSHEET_DATA_DIR"


def default_data_dir() -> Path:
    """The library folder: $BROADSHEET_DATA_DIR, else the platform's user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


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
