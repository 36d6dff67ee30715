"""The researcher commands end to end: tags unused/once/duplicates/color/suggest, searches,
export --saved."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.e2e.cli import run_cli

PAGE = (
    "<html><head><title>{title}</title></head><body><article><p>{body}</p></article></body></html>"
)
SPACE = "The rocket launch put a satellite into orbit and the spacecraft flew on to the moon."
SPORT = "The striker scored a late goal and the goalkeeper could not stop the football."


def _add(tmp_path: Path, data: Path, name: str, body: str, *tags: str) -> int:
    page = tmp_path / f"{name}.html"
    page.write_text(PAGE.format(title=name, body=body * 3), encoding="utf-8")
    args = [a for t in tags for a in ("--tag", t)]
    result = run_cli(data, "add", str(page), *args)
    assert result.code == 0, result.err
    return int(result.out.split()[0])


def test_tag_manager_commands(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    a = _add(tmp_path, data, "Launch", SPACE, "Space", "spaces")
    _add(tmp_path, data, "Goal", SPORT, "sport")
    b = _add(tmp_path, data, "Orbit", SPACE + " Second mission.", "sport")

    dupes = run_cli(data, "tags", "duplicates", "--json")
    assert dupes.code == 0, dupes.err
    # A tie in use goes to the spelling without capitals.
    assert dupes.json() == [{"keep": "spaces", "merge": ["Space"], "reasons": ["case", "plural"]}]

    once = run_cli(data, "tags", "once", "--json")
    assert [t["path"] for t in once.json()] == ["Space", "spaces"]
    assert run_cli(data, "mark", str(a), "trash").code == 0
    unused = run_cli(data, "tags", "unused")
    assert unused.out.split() == ["Space", "(0)", "spaces", "(0)"]
    assert run_cli(data, "mark", str(a), "restore").code == 0

    assert run_cli(data, "tags", "color", "Space", "teal").code == 0
    listed = {t["path"]: t["color"] for t in run_cli(data, "tags", "--json").json()}
    assert listed["Space"] == "teal"
    bad = run_cli(data, "tags", "color", "Space", "chartreuse")
    assert bad.code == 2 and bad.err.startswith("broadsheet: error: unknown colour 'chartreuse'")

    suggested = run_cli(data, "tags", "suggest", str(b), "--json")
    assert suggested.code == 0, suggested.err
    assert suggested.json()[0]["path"] in ("Space", "spaces")
    missing = run_cli(data, "tags", "suggest", "999")
    assert missing.code == 2 and "999" in missing.err


def test_saved_searches_and_export(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    _add(tmp_path, data, "Launch", SPACE, "science/space")
    _add(tmp_path, data, "Goal", SPORT, "sport")
    saved = run_cli(data, "searches", "save", "Space only", "tag:science -tag:sport")
    assert saved.code == 0, saved.err
    again = run_cli(data, "searches", "save", "space ONLY", "tag:sport")
    assert again.code == 2 and "exists already" in again.err
    bad = run_cli(data, "searches", "save", "broken", "(tag:x")
    assert bad.code == 2 and bad.err.startswith("broadsheet: error: unclosed '('")
    assert run_cli(data, "searches", "save", "Either", "tag:sport OR tag:science").code == 0
    listed = run_cli(data, "searches", "--json").json()
    assert listed == [
        {"name": "Either", "query": "tag:sport OR tag:science", "count": 2},
        {"name": "Space only", "query": "tag:science -tag:sport", "count": 1},
    ]
    out = tmp_path / "out.csv"
    exported = run_cli(data, "export", "--format", "csv", str(out), "--saved", "space only")
    assert exported.code == 0, exported.err
    with out.open(encoding="utf-8") as fh:
        assert [row["title"] for row in csv.DictReader(fh)] == ["Launch"]
    nope = run_cli(data, "export", "--format", "csv", str(out), "--saved", "nope")
    assert nope.code == 2 and "no saved search 'nope'" in nope.err
    assert run_cli(data, "searches", "rename", "Either", "Both").code == 0
    assert run_cli(data, "searches", "delete", "space only").code == 0
    assert [s["name"] for s in run_cli(data, "searches", "--json").json()] == ["Both"]
