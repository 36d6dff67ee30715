"""Starting the window from the command line: screenshots, errors, the packaged smoke test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services.library import Library

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_app(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BROADSHEET_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_screenshot_writes_a_png(data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Screenshot subject</title></head><body><article>"
        "<p>Some words to read in the screenshot, enough of them to count.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    with Library.open(data_dir) as library:
        library.add_file(page)
    out = tmp_path / "out.png"
    result = run_app("--screenshot", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert (data_dir / "window.ini").is_file()


def test_screenshot_of_a_broken_library_is_one_error_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "broadsheet.sqlite3").write_bytes(b"this is not a database" * 10)
    out = tmp_path / "never.png"
    result = run_app("--screenshot", str(out), data_dir=broken)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("broadsheet:")]
    assert len(errors) == 1 and "broadsheet.sqlite3" in errors[0]
    assert not out.exists()


def test_view_screenshot_and_unknown_id(data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Viewer subject</title></head><body><article><p>One sentence "
        "here. Another sentence there. A third one to summarize.</p></article></body></html>",
        encoding="utf-8",
    )
    with Library.open(data_dir) as library:
        article_id = library.add_file(page).article_id
    out = tmp_path / "view.png"
    shot = run_app(
        "view",
        str(article_id),
        "--summary",
        "--theme",
        "sepia",
        "--screenshot",
        str(out),
        data_dir=data_dir,
    )
    assert shot.returncode == 0, shot.stderr
    assert out.read_bytes()[:8] == PNG_MAGIC
    missing = run_app("view", "999", "--screenshot", str(out), data_dir=data_dir)
    assert missing.returncode == 2
    assert "broadsheet: error: no article with id 999" in missing.stderr


def test_smoke_test_passes(tmp_path: Path) -> None:
    result = run_app("--smoke-test", data_dir=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout
    assert not (tmp_path / "unused").exists()  # the smoke test never touches the real library
