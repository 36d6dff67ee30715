"""`broadsheet compact`: the file shrinks after a purge, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

from app.services.library import Library
from app.storage.engine import space_in_use
from tests.e2e.cli import run_cli

WORDS = ["harbour", "lantern", "orchard", "glacier", "meadow", "windmill"]


def test_compact_gives_purged_space_back_and_keeps_everything_else(
    data_dir: Path, tmp_path: Path
) -> None:
    with Library.open(data_dir) as library:
        ids = []
        for n in range(60):
            page = tmp_path / f"a{n}.md"
            body = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(6_000))
            page.write_text(f"# Article {n} about the {WORDS[n % 6]}\n\n{body}\n", "utf-8")
            ids.append(library.add_file(page).article_id)
        library.add_tags(ids[:5], ["kept"])
        library.mark(ids[5:], "trash")
        assert library.purge(ids[5:]) == 55
        db_file = library.db.path
    size_before, free_before = space_in_use(db_file)
    assert free_before > size_before // 2  # the purged bodies' pages are free, not returned

    run = run_cli(data_dir, "compact", "--json")
    assert run.code == 0, run.err
    report = run.json()
    assert report["before_bytes"] == size_before
    assert report["after_bytes"] < size_before // 2 and report["freed_bytes"] > 0
    assert space_in_use(db_file)[1] == 0

    assert run_cli(data_dir, "doctor").code == 0
    listed = run_cli(data_dir, "list", "--query", "tag:kept", "--json").json()
    assert sorted(item["id"] for item in listed) == ids[:5]
    found = run_cli(data_dir, "search", "glacier", "--json").json()
    assert found and {item["id"] for item in found} <= set(ids[:5])
    text = run_cli(data_dir, "compact")
    assert text.code == 0 and "MB given back" in text.out


def test_compact_of_a_file_that_is_not_a_library_fails_with_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "broadsheet.sqlite3").write_bytes(b"\x00garbage" * 500)
    run = run_cli(folder, "compact")
    assert run.code != 0
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("broadsheet: error:")
