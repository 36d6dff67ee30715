"""Every bad input: one clear error line, the right exit code, the library unchanged."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.e2e.cli import run_cli


def _snapshot(data: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data.rglob("*")):
        if path.is_file() and not path.name.endswith(("-wal", "-shm")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    data = tmp_path / "lib"
    page = tmp_path / "seed.md"
    page.write_text("# Seed\n\nA first article so the library is not empty.\n", encoding="utf-8")
    assert run_cli(data, "add", str(page)).code == 0
    return data


def _assert_one_line_error(result: object, code: int, *needles: str) -> None:
    assert result.code == code, (result.code, result.out, result.err)  # type: ignore[attr-defined]
    lines = result.err.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.err  # type: ignore[attr-defined]
    assert lines[0].startswith("broadsheet: error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {}
    files["missing"] = tmp / "nope.html"
    files["directory"] = tmp / "a-folder"
    files["directory"].mkdir()
    files["random"] = tmp / "random.bin"
    files["random"].write_bytes(os.urandom(4096))
    files["empty"] = tmp / "empty.html"
    files["empty"].write_bytes(b"")
    files["bad-utf8"] = tmp / "notes.txt"
    files["bad-utf8"].write_bytes(b"Caf\xe9 au lait and \xff\xfe more text here.\n")
    files["huge"] = tmp / "huge.html"
    with files["huge"].open("wb") as handle:
        handle.write(b"<html><body>")
        chunk = b"<p>" + b"word " * 2000 + b"</p>\n"
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
        handle.write(b"</body></html>")
    return files


def test_bad_files_are_refused(lib: Path, tmp_path: Path) -> None:
    before = _snapshot(lib)
    for name, path in _bad_files(tmp_path).items():
        result = run_cli(lib, "add", str(path))
        _assert_one_line_error(result, 2, path.name)
        assert _snapshot(lib) == before, name


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "999"], "999"),
        (["mark", "999", "read"], "999"),
        (["tag", "1", "--remove", "no-such-tag"], "no-such-tag"),
        (["tags", "rename", "no-such-tag", "x"], "no-such-tag"),
        (["search", '"unbalanced'], "quote"),
        (["search", "alpha OR"], "OR"),
        (["list", "--query", "is:nonsense"], "nonsense"),
        (["list", "--sort", "colour"], "colour"),
        (["mark", "1", "explode"], "action"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_arguments(lib: Path, args: list[str], needle: str) -> None:
    before = _snapshot(lib)
    _assert_one_line_error(run_cli(lib, *args), 2, needle)
    assert _snapshot(lib) == before


@pytest.mark.parametrize("content", [b"not a database, just text", b"SQLite format 3\x00garbage"])
def test_broken_library_file(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "lib"
    data.mkdir()
    db = data / "broadsheet.sqlite3"
    db.write_bytes(content)
    result = run_cli(data, "list")
    _assert_one_line_error(result, 1, "broadsheet.sqlite3")
    assert db.read_bytes() == content
