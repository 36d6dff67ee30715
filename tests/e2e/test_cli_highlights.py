"""`broadsheet highlights` and highlights in `show --json`, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import run_cli
from tests.unit.test_highlights_service import WALLABAG


def test_highlights_command_lists_searches_and_refuses_bad_input(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    source = tmp_path / "wallabag.json"
    source.write_text(json.dumps(WALLABAG), encoding="utf-8")
    assert run_cli(data, "import", str(source), "--format", "wallabag").code == 0

    listed = run_cli(data, "highlights", "--json")
    assert listed.code == 0, listed.err
    rows = listed.json()
    assert {r["quote"]: r["placed"] for r in rows} == {
        "farmers moved their cattle to the hills": True,
        "a sentence that is not in the article": False,
    }
    assert all(r["article_title"] == "Flood diary" for r in rows)
    article = rows[0]["article_id"]

    found = run_cli(data, "highlights", str(article), "--query", "note", "--json").json()
    assert [r["quote"] for r in found] == ["farmers moved their cattle to the hills"]
    text = run_cli(data, "highlights", "--tag", "floods", "--unplaced")
    assert "(unplaced)" in text.out and "> a sentence that is not in the article" in text.out
    assert "farmers" not in text.out

    shown = run_cli(data, "show", str(article), "--json").json()
    assert {h["quote"]: (h["note"], h["placed"]) for h in shown["highlights"]} == {
        "farmers moved their cattle to the hills": ("note one", True),
        "a sentence that is not in the article": (None, False),
    }

    missing = run_cli(data, "highlights", "999")
    assert (
        missing.code == 2 and missing.err.startswith("broadsheet: error:") and "999" in missing.err
    )
