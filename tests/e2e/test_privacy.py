"""Privacy: starting the app, listing, searching and reading open no network connection.

Each command runs in a subprocess with a Python audit hook that records every socket
connect and name lookup (local Unix sockets, which Qt uses for D-Bus, are allowed). Pages
saved from files that point at remote images and scripts must stay offline when read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.library import Library

GUARD = r"""
import socket, sys
def hook(event, args):
    if event == "socket.getaddrinfo" or (
        event == "socket.connect" and args[0].family != getattr(socket, "AF_UNIX", None)
    ):
        sys.stderr.write(f"NETWORK {event} {args[1:]!r}\n")
sys.addaudithook(hook)
import json
from app.cli import main
# Several commands in one process (each is what a separate run would do), to stay quick.
for argv in json.loads(sys.argv[1]):
    code = main(argv)
    if code:
        sys.exit(code)
"""

PAGE = (
    "<html><head><title>Offline reading</title>"
    '<script src="http://127.0.0.1:9/track.js"></script>'
    '<link rel="stylesheet" href="http://127.0.0.1:9/style.css"></head><body><article>'
    "<h1>Offline reading</h1><p>Private words that stay on this machine, always.</p>"
    '<p><img src="http://127.0.0.1:9/pixel.png" alt="remote"></p>'
    '<p>A <a href="http://127.0.0.1:9/link">link</a> is only followed when clicked.</p>'
    "</article></body></html>"
)


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    data = tmp_path / "lib"
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    with Library.open(data) as lib:
        lib.add_file(page)
    return data


def _guarded(data: Path, *commands: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    argvs = [["--data-dir", str(data), *argv] for argv in commands]
    return subprocess.run(
        [sys.executable, "-c", GUARD, json.dumps(argvs)],
        capture_output=True, text=True, env=env, timeout=180, check=False,
    )  # fmt: skip


def test_listing_searching_and_reading_make_no_connection(
    library_dir: Path, tmp_path: Path
) -> None:
    shot = tmp_path / "view.png"
    run = _guarded(
        library_dir, ["list"], ["search", "private"], ["show", "1"], ["doctor"],
        ["view", "1", "--screenshot", str(shot)],
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "NETWORK" not in run.stderr, run.stderr
    assert shot.stat().st_size > 0


def test_starting_the_window_makes_no_connection(library_dir: Path, tmp_path: Path) -> None:
    run = _guarded(library_dir, ["--screenshot", str(tmp_path / "window.png")])
    assert run.returncode == 0, run.stderr
    assert "NETWORK" not in run.stderr, run.stderr


def test_the_guard_does_see_a_connection(library_dir: Path) -> None:
    # Saving a URL (offline off) must try the network: proves the hook records it.
    run = _guarded(library_dir, ["add", "http://127.0.0.1:9/page"])
    assert "NETWORK socket.connect" in run.stderr or "NETWORK socket.getaddrinfo" in run.stderr
