"""The CLI on a library it cannot open: one line naming the file, the problem and the restore
command; `broadsheet restore` then brings the newest backup back."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.storage.database import DB_FILENAME
from tests.e2e.cli import run_cli


def test_damaged_library_is_one_line_with_the_restore_command(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    page = tmp_path / "a.md"
    page.write_text("# Alpha\n\nText.\n", encoding="utf-8")
    assert run_cli(data, "add", str(page)).code == 0
    backup = run_cli(data, "backup")
    assert backup.code == 0
    backup_path = backup.out.strip()
    db = data / DB_FILENAME
    db.write_bytes(db.read_bytes()[:1024] + b"\xa5" * 8192)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()

    run = run_cli(data, "list")
    assert run.code == 1
    lines = run.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"broadsheet: error: {db}: ")
    assert "damaged" in lines[0] or "not a SQLite" in lines[0]
    assert f"broadsheet restore {backup_path}" in lines[0]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest

    restored = run_cli(data, "restore", backup_path)
    assert restored.code == 0, restored.err
    listed = run_cli(data, "list", "--json")
    assert [a["title"] for a in listed.json()] == ["Alpha"]
