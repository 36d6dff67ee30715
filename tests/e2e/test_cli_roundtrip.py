"""The command line end to end: add → search → tag → list by tag → mark → show --json."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli import run_cli

ARTICLE = """<!doctype html><html lang="en"><head><title>Border policy in the Alps</title>
<meta name="author" content="Ada Reporter"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Border policy in the Alps</h1>
<p>Mountain villages along the border have watched the new checkpoints with unease since
the spring, when the regional government announced stricter controls on the old passes.</p>
<p>Farmers who cross daily with their herds say the queues cost them hours each week, and
local mayors have asked for a dedicated lane for residents and seasonal workers.</p>
<p>Officials insist the measures are temporary and will be reviewed before the winter.</p>
</article><footer>Copyright 2026</footer></body></html>"""


def test_round_trip(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    page = tmp_path / "alps.html"
    page.write_text(ARTICLE, encoding="utf-8")

    added = run_cli(data, "add", str(page), "--json")
    assert added.code == 0, added.err
    (article,) = added.json()
    article_id = article["id"]
    assert article["title"] == "Border policy in the Alps"

    again = run_cli(data, "add", str(page))
    assert again.code == 0 and again.out.split() == [str(article_id)]

    found = run_cli(data, "search", "checkpoints", "--json")
    assert found.code == 0, found.err
    assert [r["id"] for r in found.json()] == [article_id]
    assert "snippet" in found.json()[0]

    tagged = run_cli(data, "tag", str(article_id), "--add", "research/border-security")
    assert tagged.code == 0, tagged.err

    by_parent = run_cli(data, "list", "--query", "tag:research", "--json")
    assert [r["id"] for r in by_parent.json()] == [article_id]
    assert by_parent.json()[0]["tags"] == ["research/border-security"]
    assert run_cli(data, "list", "--query", "-tag:research", "--json").json() == []

    assert run_cli(data, "mark", str(article_id), "read").code == 0
    assert run_cli(data, "mark", str(article_id), "favorite").code == 0

    shown = run_cli(data, "show", str(article_id), "--json")
    assert shown.code == 0, shown.err
    detail = shown.json()
    for key in ("id", "url", "title", "site", "author", "published", "saved", "read", "favorite",
                "archived", "trashed", "tags", "word_count", "reading_minutes", "body_markdown",
                "summary", "highlights", "assets"):  # fmt: skip
        assert key in detail, key
    assert detail["read"] is True and detail["favorite"] is True
    assert "checkpoints" in detail["body_markdown"]
    assert "Copyright" not in detail["body_markdown"]
    assert detail["summary"]["text"]
    assert any(a["role"] == "snapshot" for a in detail["assets"])

    tags = run_cli(data, "tags", "--json").json()
    assert {"path": "research/border-security", "count": 1, "color": None} in tags

    doctor = run_cli(data, "doctor", "--json")
    assert doctor.code == 0, doctor.out + doctor.err
    assert doctor.json()["ok"] is True


def test_empty_library_lists_nothing(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "lib", "list", "--json")
    assert result.code == 0, result.err
    assert result.json() == []


def test_version_reports_components(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "lib", "--version")
    assert result.code == 0
    for part in ("Broadsheet", "Python", "Qt", "SQLite", "FTS5 available"):
        assert part in result.out
