"""Test-wide setup: headless Qt, every path under tmp_path, never the user's real library."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    # Chromium (QtWebEngine) refuses to run its sandbox as root, which is how CI runs.
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every platform folder into tmp_path so no test touches real user data."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("BROADSHEET_DATA_DIR", str(tmp_path / "library"))


_real_getaddrinfo = socket.getaddrinfo


def _loopback_only_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    """Name lookups for this machine only: no test reaches the internet, even by mistake."""
    name = host.decode() if isinstance(host, bytes) else host
    if name not in (None, "", "localhost"):
        try:
            local = ipaddress.ip_address(str(name).strip("[]")).is_loopback
        except ValueError:
            local = False
        if not local:
            raise socket.gaierror(socket.EAI_NONAME, f"tests never leave this machine: {name}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test in this process is refused names that are not loopback (CLI subprocesses
    are started with --offline or against 127.0.0.1 servers)."""
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only_getaddrinfo)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh library folder."""
    return tmp_path / "library"


@pytest.fixture
def library(data_dir: Path) -> Iterator[object]:
    """An open, empty library."""
    from app.services.library import Library

    lib = Library.open(data_dir)
    try:
        yield lib
    finally:
        lib.close()
