"""One window per library: a second start brings the first forward; stale sockets; CLI notes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.single_instance import InstanceServer, claim
from app.window_link import CHANGED, notify_window, server_name
from tests.e2e.cli import run_cli

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files")


@pytest.fixture
def first(data_dir: Path) -> Iterator[InstanceServer]:
    server = claim(data_dir)
    assert server is not None and server.is_listening()
    yield server
    server.close()


def test_a_second_start_activates_the_first_instead(
    qtbot: QtBot, data_dir: Path, first: InstanceServer
) -> None:
    with qtbot.waitSignal(first.activation_requested, timeout=5000):
        assert claim(data_dir) is None  # a window answered: do not open another


def test_another_library_gets_its_own_window(tmp_path: Path, first: InstanceServer) -> None:
    other = claim(tmp_path / "other-library")
    assert other is not None and other.is_listening()
    assert other.name != first.name
    other.close()


def test_the_same_folder_by_another_path_is_the_same_library(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    assert server_name(tmp_path / "lib") == server_name(tmp_path / "x" / ".." / "lib")


@unix_only
def test_a_stale_socket_from_a_crashed_window_is_taken_over(data_dir: Path) -> None:
    path = server_name(data_dir)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)  # bound, never listening, then closed: the file stays, nobody answers
    dead.close()
    assert os.path.exists(path)
    server = claim(data_dir)
    assert server is not None and server.is_listening()
    server.close()


@unix_only
def test_the_command_line_note_reaches_the_window(
    qtbot: QtBot, data_dir: Path, first: InstanceServer
) -> None:
    with qtbot.waitSignal(first.library_changed, timeout=5000):
        assert notify_window(data_dir, CHANGED)
    first.close()
    assert not notify_window(data_dir, CHANGED)  # no window: nothing happens, no error


def _wait_listening(data_dir: Path, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1]
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(server_name(data_dir))
                return
            except OSError:
                time.sleep(0.1)
    raise AssertionError("the first window never listened")


@unix_only
def test_two_windows_on_one_library_make_one(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    command = [sys.executable, "-m", "app", "--data-dir", str(data_dir)]
    window = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _wait_listening(data_dir, window)
        second = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stderr
        assert window.poll() is None  # the first window is still the one running
        # The command line is not blocked while the window is open.
        assert run_cli(data_dir, "list").code == 0
    finally:
        window.terminate()
        window.wait(timeout=30)
        # Terminated, the window leaves its socket file behind (as a crash would).
        Path(server_name(data_dir)).unlink(missing_ok=True)
