"""Markdown -> safe HTML: every attack is stripped, every honest structure survives."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from app.domain import render
from app.domain.records import ArticleDetail, ArticleRecord, SummaryRecord
from app.domain.render import (
    Typography,
    render_article_page,
    render_markdown,
    render_welcome_page,
    split_sentences,
)

SHA = "0123456789abcdef" * 4
EVIL = "https://evil.test"


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", ["<script", "alert"]),
        (f'<script src="{EVIL}/x.js"></script>', ["<script", "evil.test"]),
        ("<img src=x onerror=alert(1)>", ["onerror", "<img", "alert"]),
        ("<div onclick='alert(1)' onmouseover=alert(2)>t</div>", ["onclick", "onmouseover"]),
        ("<details open ontoggle=alert(1)><summary>s</summary></details>", ["ontoggle"]),
        ("<svg onload=alert(1)><circle r=1 /></svg>", ["<svg", "onload", "circle"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript", "alert"]),
        ("[x](javascript:alert(1))", ["javascript"]),
        ('<a href="  JaVaScRiPt:alert(1)">x</a>', ["javascript"]),
        ('<a href="&#106;avascript:alert(1)">x</a>', ["avascript"]),
        ('<a href="java&#x09;script:alert(1)">x</a>', ["script:"]),
        ('<a href="vbscript:msgbox(1)">x</a>', ["vbscript"]),
        ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', ["data:"]),
        ('<a href="file:///etc/passwd">x</a>', ["file:", "passwd"]),
        (f'<a href="{EVIL}/" ping="{EVIL}/ping" target="_blank">x</a>', ["ping", "target"]),
        (f'<iframe src="{EVIL}/frame"></iframe>', ["<iframe", "evil.test"]),
        ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', ["iframe", "srcdoc", "alert"]),
        (f'<object data="{EVIL}/x.swf"></object><embed src="{EVIL}/y">', ["<object", "<embed"]),
        ("<style>body { background: red }</style>", ["<style", "background"]),
        ('<p style="background:url(https://evil.test/bg.png)">t</p>', ["style=", "evil.test"]),
        (f'<link rel="stylesheet" href="{EVIL}/x.css">', ["<link", "evil.test"]),
        (f'<meta http-equiv="refresh" content="0;url={EVIL}">', ["<meta", "refresh"]),
        (f'<base href="{EVIL}/">', ["<base", "evil.test"]),
        (f'<form action="{EVIL}/f"><input name=q><button>Go</button></form>', ["<form", "<input"]),
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
            ["onerror", "<img", "alert"],
        ),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            ["<math", "onerror", "alert"],
        ),
        (f"![tracker]({EVIL}/pixel.gif)", ["evil.test", "<img"]),
        ("![inline](data:image/png;base64,iVBORw0KGgo=)", ["data:", "<img"]),
        (f'<img srcset="{EVIL}/a.png 2x" alt="s">', ["srcset", "evil.test", "<img"]),
        (f'<video poster="{EVIL}/p.png" src="{EVIL}/v.mp4"></video>', ["<video", "evil.test"]),
        (f"<img src='bsasset://asset/{SHA}'>", ["<img"]),  # only asset: references count
        (f'<a href="asset:{SHA}">x</a>', ["href"]),
        # attr_list is off: the braces stay text instead of becoming attributes.
        ('[a](https://a.example){: title="injected" }', ['<a href="https://a.example" title=']),
    ],
)
def test_sanitiser_strips_attack(source: str, forbidden: list[str]) -> None:
    out = render_markdown(source).lower()
    for needle in forbidden:
        assert needle.lower() not in out, out


def test_links_keep_web_and_mail_targets_with_rel() -> None:
    out = render_markdown("[w](https://a.example/x?y=1) [m](mailto:me@example.org) [r](/rel)")
    assert '<a href="https://a.example/x?y=1" rel="noopener noreferrer">w</a>' in out
    assert '<a href="mailto:me@example.org" rel="noopener noreferrer">m</a>' in out
    assert '<a rel="noopener noreferrer">r</a>' in out  # relative: text kept, target dropped


def test_asset_images_are_rewritten_to_the_reader_scheme_and_captioned() -> None:
    out = render_markdown(f'![A chart](asset:{SHA.upper()} "Crossings by month")')
    assert f'src="bsasset://asset/{SHA}"' in out
    assert '<figure><img alt="A chart"' in out
    assert "<figcaption>Crossings by month</figcaption></figure>" in out


def test_missing_image_placeholder_keeps_escaped_alt_text() -> None:
    out = render_markdown(
        '<img src="https://cdn.example/p.jpg" alt="Kids &lt;b&gt; &quot;here&quot;">'
    )
    assert re.search(
        r'<span class="missing-image"[^>]*>Kids &lt;b&gt; &quot;here&quot;</span>', out
    )
    assert "Image not saved</span>" in render_markdown("![](https://cdn.example/p.jpg)")


def test_honest_structure_survives() -> None:
    source = """\
# Title

## Section

> quoted *words*

3. three
4. four

- a
- b

| Left | Right |
|:-----|------:|
| 1    | 2     |

```html
<b>not bold</b>
```

Term
:   Definition

Text with a note.[^1] And `inline <code>`.

[^1]: The note itself.
"""
    out = render_markdown(source)
    for fragment in (
        "<h1>Title</h1>",
        "<h2>Section</h2>",
        "<blockquote>\n<p>quoted <em>words</em></p>\n</blockquote>",
        '<ol start="3">',
        "<li>a</li>",
        '<th align="left">Left</th>',
        '<td align="right">2</td>',
        "<pre><code>&lt;b&gt;not bold&lt;/b&gt;",
        "<dt>Term</dt>",
        "<code>inline &lt;code&gt;</code>",
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"',
        '<li id="fn:1">',
        '<div class="footnote">',
    ):
        assert fragment in out, fragment


def _detail(**changes: object) -> ArticleDetail:
    record = ArticleRecord(
        id=7,
        url="https://news.example/a",
        title="Borders <script>alert(1)</script>",
        site="news & views",
        author='A. "Quoted" Writer',
        published=datetime(2024, 12, 1),
        saved=datetime(2025, 1, 2),
        read=False,
        favorite=False,
        archived=False,
        trashed=False,
        tags=("research/<b>border</b>", "later"),
        word_count=900,
        reading_minutes=4,
        language="en",
    )
    detail = ArticleDetail(
        record=record,
        given_url=record.url,
        final_url=None,
        canonical_url=None,
        body_markdown="The body paragraph.",
        body_text="One is first. Two comes next! Three ends it? Four is too many.",
        updated=None,
        reading_progress=0.0,
        fetch_error=None,
        summary=None,
    )
    return replace(detail, **changes)  # type: ignore[arg-type]


def test_page_escapes_every_header_field_and_sets_a_strict_csp() -> None:
    page = render_article_page(_detail(), theme="sepia")
    assert "<script" not in page
    assert "Borders &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "news &amp; views" in page and "A. &quot;Quoted&quot; Writer" in page
    assert '<li class="tag">research/&lt;b&gt;border&lt;/b&gt;</li>' in page
    assert "Published 1 December 2024" in page and "Saved 2 January 2025" in page
    assert "4 min read" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    assert "default-src 'none'" in csp[1] and "script-src" not in csp[1]
    assert "'unsafe-inline'" not in csp[1]
    nonce = re.search(r"'nonce-([^']+)'", csp[1])
    assert nonce is not None and f'<style nonce="{nonce[1]}">' in page
    assert 'href="bsasset://style/sepia.css"' in page
    assert 'href="bsasset://action/toggle-summary">No time to read? Get a summary</a>' in page
    assert '<article class="body">\n<p>The body paragraph.</p>' in page
    assert 'href="https://news.example/a">Open the original page</a>' in page


def test_page_refuses_unknown_theme_and_clamps_typography() -> None:
    with pytest.raises(ValueError, match="theme"):
        render_article_page(_detail(), theme="neon")
    page = render_article_page(_detail(), typography=Typography("sans", 500, 9.0, 5))
    assert "--reader-size:48px" in page and "--reader-line-height:2.5" in page
    assert "--reader-width:20em" in page and "var(--font-sans)" in page


def test_summary_replaces_the_body_and_names_its_method() -> None:
    summary = SummaryRecord(text="Key one.\nKey two.", method="textrank", version="1")
    page = render_article_page(_detail(), show_summary=True, summary=summary)
    assert "Summary · key sentences" in page
    assert '<p class="summary-text">Key one. Key two.</p>' in page  # the paragraph form
    assert "The body paragraph." not in page
    assert ">Read the full article</a>" in page
    points = render_article_page(_detail(), show_summary=True, summary=summary, summary_points=True)
    assert '<ul class="key-points">\n<li>Key one.</li>\n<li>Key two.</li>\n</ul>' in points
    assert "Summary · key sentences" in points and "summary-text" not in points


def test_stored_summary_is_used_when_none_is_passed() -> None:
    stored = SummaryRecord(text="Stored & sound.", method="lexrank", version="2")
    page = render_article_page(_detail(summary=stored), show_summary=True)
    assert ">Stored &amp; sound.</p>" in page


def test_missing_summary_is_computed_offline() -> None:
    body = (
        "The border agency counted more crossings this spring than in any year before. "
        "Officials blamed the weather. Researchers pointed to new routes through the hills. "
        "The agency will publish its full figures in June."
    )
    page = render_article_page(_detail(body_text=body), show_summary=True)
    assert "Summary · key sentences" in page
    assert "border agency counted more crossings" in page


def test_summary_falls_back_to_first_sentences_never_blank(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("summarizer broke")

    monkeypatch.setattr(render, "summarize", broken)
    page = render_article_page(_detail(), show_summary=True)
    assert "Summary · first sentences" in page
    assert ">One is first. Two comes next! Three ends it?</p>" in page
    assert "Four" not in page
    empty = render_article_page(_detail(body_text=""), show_summary=True)
    assert "no text to summarise yet" in empty


def test_page_without_body_explains_and_drops_unsafe_original_link() -> None:
    page = render_article_page(
        _detail(body_markdown="  ", fetch_error="timed out <x>", canonical_url="javascript:x()")
    )
    assert "no saved text yet" in page and "timed out &lt;x&gt;" in page
    assert "Open the original page" not in page


def test_split_sentences_keeps_abbreviation_free_text_whole() -> None:
    assert split_sentences("First one. Second one!\n\nThird “quoted.” Fourth") == [
        "First one.",
        "Second one!",
        "Third “quoted.”",
        "Fourth",
    ]


def test_welcome_page_renders_its_keys_table() -> None:
    path = Path(__file__).resolve().parents[2] / "resources" / "reader" / "welcome.md"
    page = render_welcome_page(path.read_text(encoding="utf-8"), theme="dark")
    assert "<h1>Welcome to Broadsheet</h1>" in page
    assert page.count("<kbd>") >= 10 and "<table>" in page
    assert 'href="bsasset://style/dark.css"' in page


def test_an_llm_summary_is_labelled_with_its_model() -> None:
    from app.domain.render import method_label

    assert method_label("llm:llama3.2") == "llama3.2 (local language model)"
    assert method_label("key sentences") == "key sentences"


def _strip_nonce(page: str) -> str:
    return re.sub(r"nonce[^>;]*", "nonce", page)


def test_a_page_prepared_on_a_worker_thread_is_reused_and_the_same() -> None:
    import threading

    from app.domain.render import _body_html, prepare_article_page

    detail = _detail(body_markdown="A *prepared* body.\n\n" + "More. " * 200)
    _body_html.cache_clear()
    expected = render_article_page(detail)
    _body_html.cache_clear()
    worker = threading.Thread(target=prepare_article_page, args=(detail,))
    worker.start()
    worker.join()
    assert _body_html.cache_info().currsize == 1
    page = render_article_page(detail)
    assert _body_html.cache_info().hits == 1
    assert "<em>prepared</em>" in page
    assert _strip_nonce(page) == _strip_nonce(expected)
