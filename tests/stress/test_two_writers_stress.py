"""A full minute of the window's services and the CLI writing the same library at once."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.two_writers import run_two_writers


def test_a_minute_of_two_writers(tmp_path: Path) -> None:
    stats = run_two_writers(tmp_path / "lib", tmp_path / "work", seconds=60)
    assert stats.cli_commands >= 10
    print(
        f"\nFIGURES two writers (60 s): window-side writes {stats.window_writes}, CLI commands "
        f"{stats.cli_commands}, CLI-imported items {stats.cli_items}, errors 0"
    )
