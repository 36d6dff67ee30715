"""Raw HTML inside Markdown bodies is made safe on export; code and Markdown stay as written."""

from __future__ import annotations

from pathlib import Path

from app.interop.exporters.markdown_html import sanitize_markdown_html
from tests.unit.test_exporters import hostile, run


def test_scripts_embeds_handlers_and_bad_urls_go() -> None:
    body = (
        'Text with <b onclick="x()">bold</b> and <a href="javascript:alert(1)">bad</a> '
        '<a href="https://ok.org" style="color:red">ok</a>.\n\n'
        "> A quote <script>alert(1)</script> here.\n\n"
        '<iframe src="https://evil">inside</iframe><object data=x></object>\n'
        '<img src="asset:abc" onerror="steal()" alt="pic"><img src="data:text/html,x">\n'
        "<!-- hidden <script>x</script> --><link rel=stylesheet href=x><meta http-equiv=refresh>\n"
        "<details><summary>More</summary>Shown text</details>\n"
    )
    clean = sanitize_markdown_html(body)
    for gone in ("onclick", "javascript:", "style=", "<script", "alert(1)", "<iframe", "inside",
                 "<object", "onerror", "data:text", "<!--", "<link", "<meta"):  # fmt: skip
        assert gone not in clean, gone
    for kept in ("<b>bold</b>", "<a>bad</a>", '<a href="https://ok.org">ok</a>',
                 '<img src="asset:abc" alt="pic">', "> A quote", "Shown text",
                 "<details><summary>More</summary>"):  # fmt: skip
        assert kept in clean, kept


def test_code_plain_markdown_and_comparisons_are_untouched() -> None:
    body = (
        "a < b and c > d, [link](https://x.org) and ![img](asset:abc)\n\n"
        "```html\n<script>keep()</script>\n```\n\n"
        "Inline `<b onclick=x>` stays.\n\n"
        "~~~\n<iframe src=x></iframe>\n~~~\n"
    )
    assert sanitize_markdown_html(body) == body
    assert sanitize_markdown_html("no html at all > here") == "no html at all > here"


def test_markdown_export_writes_no_active_html(tmp_path: Path) -> None:
    out = tmp_path / "md"
    run("markdown", out, [hostile()])
    (document,) = out.glob("*.md")
    text = document.read_text(encoding="utf-8")
    for gone in ("<script", "onerror", "<iframe"):
        assert gone not in text, gone
    assert "Intro with" in text and "Ünïcödé" in text
