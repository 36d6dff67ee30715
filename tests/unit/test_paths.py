"""Which library opens by default: the environment, then the one chosen in Preferences."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.paths import chosen_library, default_data_dir, remember_library


def test_default_library_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROADSHEET_DATA_DIR")
    platform_default = default_data_dir()
    assert chosen_library() is None and platform_default.name.lower() == "broadsheet"

    picked = tmp_path / "picked"
    remember_library(picked)
    assert chosen_library() == picked.resolve()
    assert default_data_dir() == picked.resolve()

    monkeypatch.setenv("BROADSHEET_DATA_DIR", str(tmp_path / "env"))
    assert default_data_dir() == tmp_path / "env"  # the environment still wins


@pytest.mark.parametrize("content", [b"", b"relative/folder\n", b"\xff\xfe\x00garbage"])
def test_an_unusable_remembered_location_is_ignored(
    content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BROADSHEET_DATA_DIR")
    remember_library(tmp_path / "x")
    file = next((tmp_path / "home" / "config").rglob("library-location"))
    file.write_bytes(content)
    assert chosen_library() is None
    assert default_data_dir().name.lower() == "broadsheet"
