"""The window's services and the CLI write the same library at once: no "database is locked",
nothing lost (10 s here; a full minute in `make stress`)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.two_writers import run_two_writers


def test_window_and_cli_write_at_once_without_locking_errors(tmp_path: Path) -> None:
    stats = run_two_writers(tmp_path / "lib", tmp_path / "work", seconds=10)
    assert stats.cli_commands >= 2
    assert stats.window_writes >= 30
